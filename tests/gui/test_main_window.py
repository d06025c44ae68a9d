"""The window on fake engines, offscreen: loading, a whole short interview, and clear errors."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt

from interview_voice.app import open_store
from interview_voice.engines.audio_file import FileAudioInput, FileAudioOutput
from interview_voice.engines.base import AudioDeviceError, ModelLoadError
from interview_voice.ui.feedback_actions import REPORT_WAITS
from interview_voice.ui.main_window import MainWindow
from tests.fakes.engines import answer_tone
from tests.gui.windows import ANSWERS, ready_window, slow_models, window_for


def test_start_is_disabled_until_models_have_loaded(qtbot, context):
    window = MainWindow(context)
    qtbot.addWidget(window)
    assert not window.page.start_button.isEnabled()
    assert window.page.plan_box.currentText() == "First interview (short)"
    with qtbot.waitSignal(window.loader.loaded, timeout=5000):
        window.load_models_in_background()
    assert window.page.start_button.isEnabled()
    assert window.status.label.text() == "Ready"


def test_a_whole_short_interview_runs_in_the_window(qtbot, context):
    context.load_models = slow_models  # still wording the follow-up as the answer ends: the lead-in first
    window = ready_window(qtbot, context)
    with qtbot.waitSignal(window.bridge.finished, timeout=15000) as finished:
        qtbot.mouseClick(window.page.start_button, Qt.LeftButton)
    turns = finished.args[0]
    assert [t.text for t in turns if t.speaker == "candidate"] == ANSWERS
    html = window.page.transcript.toPlainText()
    assert "You: I would start from the business goal" in html
    # the candidate's claim said back while the model worded the question, then the question
    assert "Alex: You mentioned thirty days. What made thirty days the right window for you?" in html
    assert window.page.question_label.text().startswith("That's all from me")
    assert window.page.start_button.isEnabled() and not window.page.done_button.isEnabled()


def test_a_follow_up_left_out_for_time_is_said_under_its_answer(qtbot, context):
    """The first interview tells the candidate each question is followed up once; in its last two minutes
    none comes, and the transcript says why under the answer (it was dropped without a word)."""
    from dataclasses import replace

    from interview_voice.app import load_kit
    from interview_voice.core.interview import NO_TIME_FOR_FOLLOW_UP

    context.load_kit = lambda plan: (lambda kit: replace(kit, plan=replace(kit.plan, minutes=2)))(
        load_kit(context.paths, plan)
    )
    window = ready_window(qtbot, context)
    with qtbot.waitSignal(window.bridge.finished, timeout=15000):
        qtbot.mouseClick(window.page.start_button, Qt.LeftButton)
    lines = window.page.transcript.toPlainText().splitlines()
    notes = [n for n, line in enumerate(lines) if line == f"({NO_TIME_FOR_FOLLOW_UP})"]
    assert len(notes) == 2 and all(lines[n - 1].startswith("You: ") for n in notes)
    assert "follow_up" not in [t.kind for t in window.page.transcript.turns]


def test_no_microphone_gives_a_clear_message_in_the_window(qtbot, context):
    def no_mic():
        raise AudioDeviceError("No microphone was found. Plug one in and try again.")

    context.open_audio = no_mic
    window = ready_window(qtbot, context)
    window.start_interview()
    assert window.page.banner.isVisible()
    assert "No microphone was found" in window.page.banner.text()
    assert window.runner is None and window.page.start_button.isEnabled()


def test_a_model_that_fails_to_load_is_explained_not_crashed(qtbot, context):
    def broken(progress):
        progress("Loading the interviewer model", 0.5)
        raise ModelLoadError("the llm model Qwen is corrupt. Run `interview-voice models install --force`.")

    context.load_models = broken
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.loader.failed, timeout=5000):
        window.load_models_in_background()
    assert window.page.banner.isVisible() and "models install --force" in window.page.banner.text()
    assert not window.page.start_button.isEnabled()


def test_ending_an_interview_early_stops_the_session(qtbot, context):
    window = ready_window(qtbot, context)
    assert window.page.plan_details.isVisible() and not window.page.speaker_label.isVisible()
    window.start_interview()
    qtbot.waitUntil(lambda: len(window.page.transcript.turns) >= 2, timeout=5000)
    # while it runs, the room goes to the interviewer's name and the transcript, not the plan's description
    assert not window.page.plan_details.isVisible() and window.page.speaker_label.text().startswith("Alex")
    assert window.page.speaker_label.isVisible()
    with qtbot.waitSignal(window.bridge.finished, timeout=5000):
        window.end_interview()
    assert window.runner is None
    assert window.page.plan_details.isVisible() and not window.page.speaker_label.isVisible()


def test_the_next_session_avoids_the_questions_just_asked(qtbot, context):
    window = ready_window(qtbot, context)
    index = window.page.plan_box.findData("technical-screen")
    window.page.plan_box.setCurrentIndex(index)
    asked = []
    for _ in range(2):
        with qtbot.waitSignal(window.bridge.finished, timeout=30000) as finished:
            window.start_interview()
        asked.append({t.question_id for t in finished.args[0] if t.speaker == "candidate"})
    assert asked[0] and asked[1] and not asked[0] & asked[1]


def test_a_panel_shows_who_is_speaking(qtbot, context):
    window = ready_window(qtbot, context)
    window.page.plan_box.setCurrentIndex(window.page.plan_box.findData("presentation-panel"))
    with qtbot.waitSignal(window.bridge.finished, timeout=30000) as finished:
        window.start_interview()
    speakers = {t.persona for t in finished.args[0] if t.speaker == "interviewer"}
    assert "Dana" in speakers and len(speakers) >= 2
    text = window.page.transcript.toPlainText()
    assert all(f"{name}:" in text for name in speakers)


def test_partial_words_show_while_the_candidate_speaks(qtbot, context):
    from interview_voice.records import TurnRecord

    window = ready_window(qtbot, context)
    turn = TurnRecord(3, "candidate", "answer", "", None, started_ms=100)
    window.page.transcript.upsert(turn)
    window.page.transcript.set_partial(turn, "I would start from the business")
    assert "You: I would start from the business…" in window.page.transcript.toPlainText()
    turn.text, turn.ended_ms = "I would start from the business goal.", 900
    window.page.transcript.upsert(turn)
    assert "You: I would start from the business goal." in window.page.transcript.toPlainText()
    assert "business…" not in window.page.transcript.toPlainText()


class UnpluggedMidAnswer(FileAudioInput):
    """A microphone that goes away 2 s into the second answer, as an unplugged USB headset does."""

    def __init__(self, clips):
        super().__init__(clips)
        self.blocks = 0

    def read(self, timeout):
        if self._turn == 1:
            self.blocks += 1
            if self.blocks * 512 > 2 * 16_000:
                raise AudioDeviceError("the microphone stopped delivering audio (was it unplugged?)")
        return super().read(timeout)


def test_a_microphone_unplugged_mid_answer_is_explained_and_the_answer_so_far_is_kept(qtbot, context):
    clips = [
        np.concatenate([np.zeros(8000, np.float32), answer_tone(i, 2.5), np.zeros(24000, np.float32)]) for i in range(4)
    ]
    context.open_audio = lambda: (UnpluggedMidAnswer(clips), FileAudioOutput(None, 16_000))
    context.open_store = lambda: open_store(context.paths)
    window = ready_window(qtbot, context)
    window.start_interview()
    qtbot.waitUntil(lambda: window.runner is None, timeout=15000)
    # the report of what was recorded does not pull the candidate away from why the interview stopped
    qtbot.waitUntil(lambda: REPORT_WAITS in window.page.banner.text(), timeout=15000)
    assert window.tabs.currentIndex() == 0 and window.page.banner.isVisible()
    assert window.page.banner.text().startswith("The microphone stopped delivering audio (was it unplugged?).")
    assert "answer up to that moment is saved" in window.page.banner.text()
    assert window.pages.report.wanted_id is not None
    assert window.page.start_button.isEnabled() and not window.page.done_button.isEnabled()
    [summary] = window.store.list()
    session = window.store.get(summary.id)
    answers = sorted((t for t in session.turns if t.speaker == "candidate"), key=lambda t: t.index)
    assert [t.end_reason for t in answers] == ["silence", "device_lost"]
    assert answers[1].text == ANSWERS[1] and answers[1].ended_ms is not None  # heard before the microphone went
    assert session.status == "failed"
    assert "You: " + ANSWERS[1] in window.page.transcript.toPlainText()


def test_a_plan_that_cannot_be_read_is_explained_when_the_models_are_ready(qtbot, context):
    plans = context.paths.data_dir / "plans"
    plans.mkdir(parents=True, exist_ok=True)
    (plans / "broken.toml").write_text('title = "My broken plan"\nquestions = 3\n', encoding="utf-8")
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    window.page.plan_box.setCurrentIndex(window.page.plan_box.findData("broken"))
    assert window.page.plan_box.currentData() == "broken"
    with qtbot.waitSignal(window.loader.loaded, timeout=5000):
        window.load_models_in_background()
    qtbot.waitUntil(lambda: window.page.banner.isVisible(), timeout=5000)
    assert "broken.toml: a plan needs at least one [[persona]]" in window.page.banner.text()
    window.page.banner.hide()
    qtbot.mouseClick(window.page.start_button, Qt.LeftButton)  # and again when Start is pressed
    assert window.runner is None and window.page.banner.isVisible() and "[[persona]]" in window.page.banner.text()


class SpeakersGone(FileAudioOutput):
    """Speakers whose sound server went away after the window opened."""

    def prove(self) -> None:
        from interview_voice.engines.audio_sd import plain_reason

        raise AudioDeviceError(
            "cannot play sound: "
            + plain_reason(
                RuntimeError("Error opening OutputStream: Illegal combination of I/O devices [PaErrorCode -9993]")
            )
        )


def test_speakers_that_fail_their_check_stop_the_start_before_anything_is_recorded(qtbot, paths):
    window = window_for(qtbot, paths)
    window.context.open_audio = lambda: (FileAudioInput([]), SpeakersGone(None, 16_000))
    with qtbot.waitSignal(window.bridge.not_started, timeout=5000):
        qtbot.mouseClick(window.page.start_button, Qt.LeftButton)
    assert window.session is None and window.page.start_button.isEnabled()
    assert "the sound system did not answer" in window.page.banner.text()
    assert window.status.label.text() == "The interview did not start: nothing was recorded"
    assert window.tabs.currentIndex() == 0 and window.store.list() == []
