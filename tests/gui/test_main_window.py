"""The window on fake engines, offscreen: loading, a whole short interview, and clear errors."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from interview_voice.app import AppContext, LoadedModels, load_kit, open_store
from interview_voice.engines.audio_file import FileAudioInput, FileAudioOutput
from interview_voice.engines.base import AudioDeviceError, ModelLoadError
from interview_voice.paths import AppPaths
from interview_voice.settings import Settings
from interview_voice.ui.main_window import MainWindow
from tests.fakes.engines import FakeLanguageModel, FakeSpeechToText, FakeTextToSpeech, FakeVoiceActivity, answer_tone

ANSWERS = ["I would start from the business goal and define churn over thirty days.",
           "Because billing is monthly, thirty days matches the renewal cycle.",
           "Offline AUC looked great but a serving feature was computed differently.",
           "I compared logged serving features with the training features."]


def fake_models(progress) -> LoadedModels:
    for step, fraction in (("Loading the interviewer's voice", 0.1), ("Loading the interviewer model", 0.5)):
        progress(step, fraction)
    progress("Ready", 1.0)
    return LoadedModels(FakeSpeechToText(ANSWERS), FakeTextToSpeech(),
                        FakeLanguageModel(["What made thirty days the right window for you?"]),
                        FakeVoiceActivity(), {})


def file_audio():
    clips = [np.concatenate([np.zeros(8000, np.float32), answer_tone(i, 1.5), np.zeros(24000, np.float32)])
             for i in range(4)]
    return FileAudioInput(clips), FileAudioOutput(None, 16_000)


@pytest.fixture
def context(tmp_path) -> AppContext:
    paths = AppPaths(tmp_path / "data", tmp_path / "models", tmp_path / "config")
    paths.ensure()
    return AppContext(paths=paths, settings=Settings(), load_models=fake_models, open_audio=file_audio,
                      load_kit=lambda plan: load_kit(paths, plan))


def ready_window(qtbot, context) -> MainWindow:
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    window.load_models_in_background()
    qtbot.waitUntil(lambda: window.start_button.isEnabled(), timeout=5000)
    return window


def test_start_is_disabled_until_models_have_loaded(qtbot, context):
    window = MainWindow(context)
    qtbot.addWidget(window)
    assert not window.start_button.isEnabled()
    assert window.plan_box.currentText() == "First interview (short)"
    with qtbot.waitSignal(window.loader.loaded, timeout=5000):
        window.load_models_in_background()
    assert window.start_button.isEnabled()
    assert window.status_label.text() == "Ready"


def test_a_whole_short_interview_runs_in_the_window(qtbot, context):
    window = ready_window(qtbot, context)
    with qtbot.waitSignal(window.bridge.finished, timeout=15000) as finished:
        qtbot.mouseClick(window.start_button, Qt.LeftButton)
    turns = finished.args[0]
    assert [t.text for t in turns if t.speaker == "candidate"] == ANSWERS
    html = window.transcript.toPlainText()
    assert "You: I would start from the business goal" in html
    assert "Alex: Okay. What made thirty days the right window for you?" in html  # the acknowledgement too
    assert window.question_label.text().startswith("That's all from me")
    assert window.start_button.isEnabled() and not window.done_button.isEnabled()


def test_a_follow_up_left_out_for_time_is_said_under_its_answer(qtbot, context):
    """The first interview tells the candidate each question is followed up once; in its last two minutes
    none comes, and the transcript says why under the answer (it was dropped without a word)."""
    from dataclasses import replace

    from interview_voice.core.interview import NO_TIME_FOR_FOLLOW_UP

    context.load_kit = lambda plan: (lambda kit: replace(kit, plan=replace(kit.plan, minutes=2)))(
        load_kit(context.paths, plan))
    window = ready_window(qtbot, context)
    with qtbot.waitSignal(window.bridge.finished, timeout=15000):
        qtbot.mouseClick(window.start_button, Qt.LeftButton)
    lines = window.transcript.toPlainText().splitlines()
    notes = [n for n, line in enumerate(lines) if line == f"({NO_TIME_FOR_FOLLOW_UP})"]
    assert len(notes) == 2 and all(lines[n - 1].startswith("You: ") for n in notes)
    assert "follow_up" not in [t.kind for t in window.transcript.turns]


def test_no_microphone_gives_a_clear_message_in_the_window(qtbot, context):
    def no_mic():
        raise AudioDeviceError("No microphone was found. Plug one in and try again.")

    context.open_audio = no_mic
    window = ready_window(qtbot, context)
    window.start_interview()
    assert window.banner.isVisible()
    assert "No microphone was found" in window.banner.text()
    assert window.runner is None and window.start_button.isEnabled()


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
    assert window.banner.isVisible() and "models install --force" in window.banner.text()
    assert not window.start_button.isEnabled()


def test_ending_an_interview_early_stops_the_session(qtbot, context):
    window = ready_window(qtbot, context)
    assert window.plan_details.isVisible() and not window.speaker_label.isVisible()
    window.start_interview()
    qtbot.waitUntil(lambda: len(window.transcript.turns) >= 2, timeout=5000)
    # while it runs, the room goes to the interviewer's name and the transcript, not the plan's description
    assert not window.plan_details.isVisible() and window.speaker_label.text().startswith("Alex")
    assert window.speaker_label.isVisible()
    with qtbot.waitSignal(window.bridge.finished, timeout=5000):
        window.end_interview()
    assert window.runner is None
    assert window.plan_details.isVisible() and not window.speaker_label.isVisible()


def test_the_next_session_avoids_the_questions_just_asked(qtbot, context):
    window = ready_window(qtbot, context)
    index = window.plan_box.findData("technical-screen")
    window.plan_box.setCurrentIndex(index)
    asked = []
    for _ in range(2):
        with qtbot.waitSignal(window.bridge.finished, timeout=30000) as finished:
            window.start_interview()
        asked.append({t.question_id for t in finished.args[0] if t.speaker == "candidate"})
    assert asked[0] and asked[1] and not asked[0] & asked[1]


def test_a_panel_shows_who_is_speaking(qtbot, context):
    window = ready_window(qtbot, context)
    window.plan_box.setCurrentIndex(window.plan_box.findData("presentation-panel"))
    with qtbot.waitSignal(window.bridge.finished, timeout=30000) as finished:
        window.start_interview()
    speakers = {t.persona for t in finished.args[0] if t.speaker == "interviewer"}
    assert "Dana" in speakers and len(speakers) >= 2
    text = window.transcript.toPlainText()
    assert all(f"{name}:" in text for name in speakers)


def test_partial_words_show_while_the_candidate_speaks(qtbot, context):
    from interview_voice.records import TurnRecord

    window = ready_window(qtbot, context)
    turn = TurnRecord(3, "candidate", "answer", "", None, started_ms=100)
    window.transcript.upsert(turn)
    window.transcript.set_partial(turn, "I would start from the business")
    assert "You: I would start from the business…" in window.transcript.toPlainText()
    turn.text, turn.ended_ms = "I would start from the business goal.", 900
    window.transcript.upsert(turn)
    assert "You: I would start from the business goal." in window.transcript.toPlainText()
    assert "business…" not in window.transcript.toPlainText()


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
    clips = [np.concatenate([np.zeros(8000, np.float32), answer_tone(i, 2.5), np.zeros(24000, np.float32)])
             for i in range(4)]
    context.open_audio = lambda: (UnpluggedMidAnswer(clips), FileAudioOutput(None, 16_000))
    context.open_store = lambda: open_store(context.paths)
    window = ready_window(qtbot, context)
    window.start_interview()
    qtbot.waitUntil(lambda: window.runner is None, timeout=15000)
    assert window.banner.isVisible()
    assert window.banner.text().startswith("The microphone stopped delivering audio (was it unplugged?).")
    assert "answer up to that moment is saved" in window.banner.text()
    assert window.start_button.isEnabled() and not window.done_button.isEnabled()
    [summary] = window.store.list()
    session = window.store.get(summary.id)
    answers = sorted((t for t in session.turns if t.speaker == "candidate"), key=lambda t: t.index)
    assert [t.end_reason for t in answers] == ["silence", "device_lost"]
    assert answers[1].text == ANSWERS[1] and answers[1].ended_ms is not None  # heard before the microphone went
    assert session.status == "failed"
    assert "You: " + ANSWERS[1] in window.transcript.toPlainText()


def test_a_plan_that_cannot_be_read_is_explained_when_the_models_are_ready(qtbot, context):
    plans = context.paths.data_dir / "plans"
    plans.mkdir(parents=True, exist_ok=True)
    (plans / "broken.toml").write_text('title = "My broken plan"\nquestions = 3\n', encoding="utf-8")
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    window.plan_box.setCurrentIndex(window.plan_box.findData("broken"))
    assert window.plan_box.currentData() == "broken"
    with qtbot.waitSignal(window.loader.loaded, timeout=5000):
        window.load_models_in_background()
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=5000)
    assert "broken.toml: a plan needs at least one [[persona]]" in window.banner.text()
    window.banner.hide()
    qtbot.mouseClick(window.start_button, Qt.LeftButton)  # and again when Start is pressed
    assert window.runner is None and window.banner.isVisible() and "[[persona]]" in window.banner.text()


class SpeakersGone(FileAudioOutput):
    """Speakers whose sound server went away after the window opened."""

    def prove(self) -> None:
        from interview_voice.engines.audio_sd import plain_reason

        raise AudioDeviceError("cannot play sound: " + plain_reason(
            RuntimeError("Error opening OutputStream: Illegal combination of I/O devices [PaErrorCode -9993]")))


def test_speakers_that_fail_their_check_stop_the_start_before_anything_is_recorded(qtbot, tmp_path):
    from tests.gui.test_history import window_for

    paths = AppPaths(tmp_path / "data", tmp_path / "models", tmp_path / "config")
    paths.ensure()
    window = window_for(qtbot, paths)
    window.context.open_audio = lambda: (FileAudioInput([]), SpeakersGone(None, 16_000))
    with qtbot.waitSignal(window.bridge.not_started, timeout=5000):
        qtbot.mouseClick(window.start_button, Qt.LeftButton)
    assert window.session is None and window.start_button.isEnabled()
    assert "the sound system did not answer" in window.banner.text()
    assert window.status_label.text() == "The interview did not start: nothing was recorded"
    assert window.tabs.currentIndex() == 0 and window.store.list() == []
