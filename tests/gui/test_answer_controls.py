"""Typed answers, repeating the question, captions and the check-in on a silence, in the window,
pressing the real buttons and keys (offscreen, fake engines)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtCore import Qt

from interview_voice.app import AppContext, load_kit
from interview_voice.core.check_in import NUDGE_LINE
from interview_voice.engines.audio_file import FileAudioInput, FileAudioOutput
from interview_voice.paths import AppPaths
from interview_voice.settings import Settings
from interview_voice.ui.answer_controls import NUDGE_NOTICE, SKIPPED_NOTICE
from tests.fakes.engines import answer_tone
from tests.gui.windows import ANSWERS, fake_models, ready_window, slow_models, window_for

TYPED = "I would rather type this: a baseline first, then a time-based split."


def _clips() -> list[np.ndarray]:
    return [
        np.concatenate([np.zeros(8000, np.float32), answer_tone(i, 1.5), np.zeros(24000, np.float32)]) for i in range(4)
    ]


def _context(folders: AppPaths, open_audio) -> AppContext:
    return AppContext(
        paths=folders,
        settings=Settings(),
        load_models=fake_models,
        open_audio=open_audio,
        load_kit=lambda plan: load_kit(folders, plan),
    )


@pytest.fixture
def thinking_context(paths) -> AppContext:
    """The candidate thinks for 12 s (paced like a microphone) before each spoken answer."""

    def audio():
        return FileAudioInput(
            [np.concatenate([np.zeros(16_000 * 12, np.float32), c]) for c in _clips()], realtime=True
        ), FileAudioOutput(None, 16_000)

    return _context(paths, audio)


@pytest.fixture
def silent_context(paths) -> AppContext:
    """The first question gets 40 s of silence (read at once), the rest spoken answers."""

    def audio():
        return FileAudioInput([np.zeros(16_000 * 40, np.float32), *_clips()[1:]]), FileAudioOutput(None, 16_000)

    return _context(paths, audio)


def _listening(qtbot, window) -> None:
    qtbot.waitUntil(window.page.repeat_button.isEnabled, timeout=10_000)


def test_a_typed_answer_sent_with_ctrl_enter_is_the_answer(qtbot, thinking_context):
    window = ready_window(qtbot, thinking_context)
    qtbot.mouseClick(window.page.start_button, Qt.LeftButton)
    _listening(qtbot, window)
    edit = window.page.typed_box.edit
    edit.setFocus()
    qtbot.keyClicks(edit, TYPED)  # its spaces and its r are typed, not "I'm done" or "repeat"
    assert edit.toPlainText() == TYPED and window.page.repeat_button.isEnabled()
    # a pause in typing: the model reads what is written so far, as it does words spoken so far
    qtbot.waitUntil(lambda: any(TYPED in str(m) for _, m in window.models.llm.prefilled), timeout=3000)
    with qtbot.waitSignal(
        window.bridge.turn_finished, timeout=5000, check_params_cb=lambda t: t.speaker == "candidate"
    ) as finished:
        qtbot.keyClick(edit, Qt.Key_Return, Qt.ControlModifier)
    answer = finished.args[0]
    assert (answer.text, answer.end_reason) == (TYPED, "typed")
    assert edit.toPlainText() == "" and not edit.isReadOnly()  # free for the next answer
    qtbot.waitUntil(lambda: "You (typed): " + TYPED in window.page.transcript.toPlainText(), timeout=2000)
    # the interviewer follows up on it
    qtbot.waitUntil(
        lambda: any(t.kind == "follow_up" and t.index == answer.index + 1 for t in window.page.transcript.turns),
        timeout=5000,
    )
    with qtbot.waitSignal(window.bridge.finished, timeout=5000):
        qtbot.mouseClick(window.page.stop_button, Qt.LeftButton)


def test_the_send_button_sends_and_clearing_the_box_goes_back_to_listening(qtbot, thinking_context):
    window = ready_window(qtbot, thinking_context)
    window.start_interview()
    _listening(qtbot, window)
    edit = window.page.typed_box.edit
    assert not window.page.typed_box.send_button.isEnabled()
    assert window.page.transcript.toPlainText().endswith("You: (listening…)")
    qtbot.keyClicks(edit, "second thoughts")
    qtbot.waitUntil(lambda: window.runner is not None and window.runner.typed.active, timeout=2000)
    assert window.page.transcript.toPlainText().endswith("You: (typing…)")  # nobody listens while they type
    assert "Listening paused while you type" in window.status.label.text()
    edit.clear()  # they would rather speak after all
    qtbot.waitUntil(lambda: not window.runner.typed.active, timeout=2000)
    assert window.page.transcript.toPlainText().endswith("You: (listening…)")
    assert window.status.label.text().startswith("Listening again")
    with qtbot.waitSignal(
        window.bridge.turn_finished, timeout=20_000, check_params_cb=lambda t: t.speaker == "candidate"
    ) as spoken:
        pass
    assert (spoken.args[0].text, spoken.args[0].end_reason) == (ANSWERS[0], "silence")
    _listening(qtbot, window)
    qtbot.keyClicks(edit, TYPED)
    with qtbot.waitSignal(
        window.bridge.turn_finished, timeout=5000, check_params_cb=lambda t: t.speaker == "candidate"
    ) as typed:
        qtbot.mouseClick(window.page.typed_box.send_button, Qt.LeftButton)
    assert (typed.args[0].text, typed.args[0].end_reason) == (TYPED, "typed")
    with qtbot.waitSignal(window.bridge.finished, timeout=5000):
        window.end_interview()


def test_the_repeat_button_and_the_r_key_say_the_question_again(qtbot, thinking_context):
    window = ready_window(qtbot, thinking_context)
    window.start_interview()
    _listening(qtbot, window)
    question = window.page.question_label.text()
    with qtbot.waitSignal(window.bridge.turn_finished, timeout=5000, check_params_cb=lambda t: t.kind == "repeat"):
        qtbot.mouseClick(window.page.repeat_button, Qt.LeftButton)
    assert window.page.question_label.text() == question  # the question stays on screen
    said = window.page.caption_label.text()  # sentence by sentence, as it is said: the last one now
    assert said.startswith("Alex: ") and question.endswith(said.removeprefix("Alex: ")) and len(said) > 20
    _listening(qtbot, window)
    window.activateWindow()
    window.page.done_button.setFocus()
    with qtbot.waitSignal(window.bridge.turn_finished, timeout=5000, check_params_cb=lambda t: t.kind == "repeat"):
        qtbot.keyClick(window.page.done_button, Qt.Key_R)
    _listening(qtbot, window)
    with qtbot.waitSignal(window.bridge.finished, timeout=5000):
        window.end_interview()
    kinds = [(t.speaker, t.kind, t.end_reason) for t in window.page.transcript.turns]
    assert kinds[2:6] == [
        ("candidate", "answer", "repeat"),
        ("interviewer", "repeat", None),
        ("candidate", "answer", "repeat"),
        ("interviewer", "repeat", None),
    ]
    assert window.page.transcript.toPlainText().count("(asked to hear the question again)") == 2


def test_a_long_silence_is_checked_in_on_then_the_skip_is_said_on_screen(qtbot, silent_context):
    window = ready_window(qtbot, silent_context)
    notices = []
    window.bridge.turn_started.connect(
        lambda t: notices.append((t.kind, window.page.notice_label.text())) if t.kind == "nudge" else None
    )
    skipped = []
    window.bridge.turn_finished.connect(
        lambda t: skipped.append(window.page.notice_label.text()) if t.end_reason == "no_speech" else None
    )
    asked = []  # is the skip still said when the next question comes?
    window.bridge.turn_started.connect(
        lambda t: (
            asked.append((window.page.notice_label.isVisible(), window.page.notice_label.text()))
            if t.kind == "question"
            else None
        )
    )
    with qtbot.waitSignal(window.bridge.finished, timeout=15_000):
        window.start_interview()
    assert notices == [("nudge", NUDGE_NOTICE)]
    assert skipped == [SKIPPED_NOTICE]
    assert asked[1] == (True, SKIPPED_NOTICE)
    assert not window.page.notice_label.isVisible()  # gone once the next question was answered
    shown = window.page.transcript.toPlainText()
    assert f"Alex: {NUDGE_LINE}" in shown
    assert "(silence: the interviewer checked in)" in shown
    assert "(no answer: the question was skipped after a long silence)" in shown
    assert "That's fine, let's move on to the next one." in shown


def test_what_is_said_before_the_follow_up_is_captioned_and_kept_in_the_transcript(qtbot, paths):
    def audio():
        return FileAudioInput(_clips()), FileAudioOutput(None, 16_000)

    context = _context(paths, audio)
    window = ready_window(qtbot, replace(context, load_models=slow_models))
    captions = []
    window.bridge.caption.connect(lambda c: captions.append(window.page.caption_label.text()))
    with qtbot.waitSignal(window.bridge.finished, timeout=15_000):
        window.start_interview()
    assert "Alex: You mentioned thirty days." in captions  # said back while the follow-up was worded
    transcript = window.page.transcript.toPlainText()
    assert "Alex: You mentioned thirty days. What made thirty days the right window for you?" in transcript


def test_im_done_with_an_answer_typed_sends_it(qtbot, thinking_context):
    window = ready_window(qtbot, thinking_context)
    window.start_interview()
    _listening(qtbot, window)
    qtbot.keyClicks(window.page.typed_box.edit, TYPED)
    with qtbot.waitSignal(
        window.bridge.turn_finished, timeout=5000, check_params_cb=lambda t: t.speaker == "candidate"
    ) as finished:
        qtbot.mouseClick(window.page.done_button, Qt.LeftButton)
    assert (finished.args[0].text, finished.args[0].end_reason) == (TYPED, "typed")
    with qtbot.waitSignal(window.bridge.finished, timeout=5000):
        window.end_interview()


def _long_answer_audio():
    """The first answer is a long one, 20 s of speech paced like a microphone."""
    return FileAudioInput([answer_tone(0, 20.0), *_clips()[1:]], realtime=True), FileAudioOutput(None, 16_000)


def _thinking_audio():
    return FileAudioInput(
        [np.concatenate([np.zeros(16_000 * 12, np.float32), c]) for c in _clips()], realtime=True
    ), FileAudioOutput(None, 16_000)


def _stored_answers(window):
    [summary] = window.store.list()
    return summary, [t for t in window.store.get(summary.id).turns if t.speaker == "candidate"]


def test_ending_the_interview_in_the_middle_of_an_answer_keeps_what_was_said(qtbot, paths):
    window = window_for(qtbot, paths)
    window.context.open_audio = _long_answer_audio
    window.start_interview()
    _listening(qtbot, window)
    qtbot.wait(3000)  # three seconds into the answer
    with qtbot.waitSignal(window.bridge.saved, timeout=15000):
        qtbot.mouseClick(window.page.stop_button, Qt.LeftButton)
    summary, [answer] = _stored_answers(window)
    assert summary.status == "ended_early" and summary.answers == 1
    assert (answer.text, answer.end_reason) == (ANSWERS[0], "cancelled")


def test_an_answer_typed_and_not_sent_when_the_interview_is_ended_is_kept(qtbot, paths):
    window = window_for(qtbot, paths)
    window.context.open_audio = _thinking_audio
    window.start_interview()
    _listening(qtbot, window)
    qtbot.keyClicks(window.page.typed_box.edit, TYPED)
    with qtbot.waitSignal(window.bridge.saved, timeout=15000):
        qtbot.mouseClick(window.page.stop_button, Qt.LeftButton)
    summary, [answer] = _stored_answers(window)
    assert summary.answers == 1
    assert (answer.text, answer.end_reason) == (TYPED, "typed")
