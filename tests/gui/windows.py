"""The window on fake engines, for the GUI tests: its models, its audio, and ways to open and drive it.

The fixtures built on these (`paths`, `context`) are in tests/gui/conftest.py.
"""

from __future__ import annotations

import numpy as np

from interview_voice.app import AppContext, LoadedModels, load_kit, open_store
from interview_voice.engines.audio_file import FileAudioInput, FileAudioOutput
from interview_voice.paths import AppPaths
from interview_voice.settings import Settings
from interview_voice.ui.main_window import MainWindow
from tests.fakes.engines import FakeLanguageModel, FakeSpeechToText, FakeTextToSpeech, FakeVoiceActivity, answer_tone

ANSWERS = [
    "I would start from the business goal and define churn over thirty days.",
    "Because billing is monthly, thirty days matches the renewal cycle.",
    "Offline AUC looked great but a serving feature was computed differently.",
    "I compared logged serving features with the training features.",
]


def fake_models(progress) -> LoadedModels:
    for step, fraction in (("Loading the interviewer's voice", 0.1), ("Loading the interviewer model", 0.5)):
        progress(step, fraction)
    progress("Ready", 1.0)
    return LoadedModels(
        FakeSpeechToText(ANSWERS),
        FakeTextToSpeech(),
        FakeLanguageModel(["What made thirty days the right window for you?"]),
        FakeVoiceActivity(),
        {},
    )


def slow_models(progress) -> LoadedModels:
    """The fake models with an interviewer model still wording its follow-up when the answer ends
    (one worded at the pause and ready by then is asked without an "Okay."). Not much slower: the
    file-backed speaker plays a lead-in at once and the model has 0.4 s after it (runtime.speaking)."""
    models = fake_models(progress)
    models.llm = FakeLanguageModel(["What made thirty days the right window for you?"], first_word_s=0.25)
    return models


def file_audio(seconds: float = 1.5):
    """Four scripted answers, each a tone of this many seconds (1.5 s: too short for a pace of its own)."""
    clips = [
        np.concatenate([np.zeros(8000, np.float32), answer_tone(i, seconds), np.zeros(24000, np.float32)])
        for i in range(4)
    ]
    return FileAudioInput(clips), FileAudioOutput(None, 16_000)


def fake_context(tmp_path) -> AppContext:
    """Fake engines and recorded audio in a temporary data dir, no session store."""
    paths = AppPaths(tmp_path / "data", tmp_path / "models", tmp_path / "config")
    paths.ensure()
    return AppContext(
        paths=paths,
        settings=Settings(),
        load_models=fake_models,
        open_audio=file_audio,
        load_kit=lambda plan: load_kit(paths, plan),
    )


def ready_window(qtbot, context) -> MainWindow:
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    window.load_models_in_background()
    qtbot.waitUntil(lambda: window.page.start_button.isEnabled(), timeout=5000)
    return window


def window_for(qtbot, paths, load_models=fake_models, open_audio=file_audio) -> MainWindow:
    """The window on fake engines and a real session store in paths, ready to start."""
    context = AppContext(
        paths=paths,
        settings=Settings(),
        load_models=load_models,
        open_audio=open_audio,
        load_kit=lambda plan: load_kit(paths, plan),
        open_store=lambda: open_store(paths),
    )
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    window.load_models_in_background()
    qtbot.waitUntil(lambda: window.page.start_button.isEnabled() and window.store is not None, timeout=5000)
    return window


def run_interview(qtbot, window) -> None:
    with qtbot.waitSignal(window.bridge.saved, timeout=30000):
        window.start_interview()


class FeedbackJobs:
    """The sessions whose feedback job has finished (all answers worded), counted from when this is made.

    Make it before the interview: by the time a test would wait for the job's `finished` signal it may
    already have come (a fast machine), or not for a while (a loaded one), so a test waits on this record.
    """

    def __init__(self, window: MainWindow) -> None:
        self.finished: list[str] = []
        window.feedback.bridge.finished.connect(self.finished.append)

    def wait(self, qtbot, session_id: str, timeout: int = 30000) -> None:
        qtbot.waitUntil(lambda: session_id in self.finished, timeout=timeout)


def listed(qtbot, history, rows: int) -> None:
    """The history lists sessions off the GUI thread: wait for the table to show them."""
    qtbot.waitUntil(lambda: history.table.rowCount() == rows, timeout=5000)
