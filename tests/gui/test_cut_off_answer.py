"""At start the window finds the words of an answer a crash cut off, off the GUI thread, with the speech model."""

from __future__ import annotations

import threading

from interview_voice.app import AppContext, load_kit, load_stt, open_store
from interview_voice.settings import Settings
from interview_voice.ui.main_window import MainWindow
from tests.conftest import TEST_MODELS
from tests.gui.windows import fake_models, file_audio
from tests.storage.test_cut_off_answers import _killed_mid_answer


class ThreadNoting:
    """The real speech model, noting which thread asks it."""

    def __init__(self, stt) -> None:
        self.stt, self.name, self.threads = stt, stt.name, []

    def transcribe(self, pcm16k, prompt="", quick=False, full_window=False):
        self.threads.append(threading.current_thread().name)
        return self.stt.transcribe(pcm16k, prompt, quick, full_window)


def test_the_window_transcribes_the_cut_off_answer_after_loading_the_speech_model(qtbot, app_paths, speech_16k):
    paths = app_paths
    session_id = _killed_mid_answer(paths.data_dir, speech_16k[: 16_000 * 7])
    stt = ThreadNoting(load_stt(paths, TEST_MODELS["stt"]))

    def models(progress):
        loaded = fake_models(progress)
        loaded.stt = stt
        return loaded

    context = AppContext(
        paths=paths,
        settings=Settings(),
        load_models=models,
        open_audio=file_audio,
        load_kit=lambda plan: load_kit(paths, plan),
        open_store=lambda: open_store(paths),
    )
    window = MainWindow(context)
    qtbot.addWidget(window)
    said: list[str] = []
    window.loader.progress.connect(lambda message, fraction: said.append(message))
    window.show()
    with qtbot.waitSignal(window.loader.answers_recovered, timeout=30000):
        window.load_models_in_background()
    qtbot.waitUntil(lambda: window.page.start_button.isEnabled(), timeout=10000)

    assert stt.threads == ["model-loader"]
    assert "Transcribing the answer the app was cut off in" in said
    banner = window.page.banner.text()
    assert "has been recovered" in banner and "transcribed from the recording" in banner  # both said
    turn = window.store.get(session_id).turns[1]
    assert "business" in turn.text.lower() and turn.signals["from_audio"] == "transcribed"
    qtbot.waitUntil(lambda: window.history.table.rowCount() == 1, timeout=5000)
