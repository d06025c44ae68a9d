"""Closing the window while the candidate answers: the answer is kept, the session is stored as ended
early, and the window never waits for the session thread to do it (ui/main.py then leaves within 3 s:
benchmarks/close_mid_answer.py). Real buttons and the window's own close."""

from __future__ import annotations

import shutil
import threading
import time

import numpy as np
from PySide6.QtCore import QTimer

from interview_voice.app import LoadedModels
from interview_voice.engines.audio_file import FileAudioInput, FileAudioOutput
from interview_voice.runtime.cut_off_answers import transcribe_cut_off_answers
from interview_voice.storage.recovery import ANSWER_LEFT_NOTICE
from interview_voice.storage.repository import SessionStore
from tests.fakes.engines import FakeLanguageModel, FakeSpeechToText, FakeTextToSpeech, FakeVoiceActivity, answer_tone
from tests.gui.windows import ANSWERS, window_for

ANSWER_S = 60.0  # the first answer goes on far longer than the test: the window is closed in its middle


class Heartbeat:
    """A timer on the GUI thread: its count moves only while the window's event loop runs."""

    def __init__(self) -> None:
        self.count = 0
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        self.count += 1


class MicrophoneClosingAfterTheClose(FileAudioInput):
    """The first answer, in real time. Once the window is closed, stopping the microphone (the session
    thread does it first when an answer is ended) waits for the GUI thread to run a few heartbeats, at
    most FROZEN_S: a window that waits for the session thread is a frozen window. hold: it also waits
    for hold to be set (a slow machine, the answer not yet transcribed when the process leaves)."""

    FROZEN_S = 3.0

    def __init__(self, heartbeat: Heartbeat) -> None:
        super().__init__([np.concatenate([np.zeros(8000, np.float32), answer_tone(0, ANSWER_S)])], realtime=True)
        self.heartbeat = heartbeat
        self.closed = threading.Event()
        self.hold = threading.Event()
        self.hold.set()
        self.waiting = threading.Event()  # stopped after the close
        self.gui_frozen = False

    def stop(self) -> None:
        if self.closed.is_set():
            self.waiting.set()
            beat, deadline = self.heartbeat.count, time.monotonic() + self.FROZEN_S
            while self.heartbeat.count < beat + 3 and time.monotonic() < deadline:
                time.sleep(0.01)
            self.gui_frozen = self.gui_frozen or self.heartbeat.count < beat + 3
            self.hold.wait(30)
        super().stop()


def answering_window(qtbot, paths):
    heartbeat = Heartbeat()
    mic, stt = MicrophoneClosingAfterTheClose(heartbeat), FakeSpeechToText(ANSWERS)
    window = window_for(qtbot, paths)
    window.loader.models = LoadedModels(
        stt, FakeTextToSpeech(), FakeLanguageModel(["Why thirty days?"]), FakeVoiceActivity(), {}
    )
    window.context.open_audio = lambda: (mic, FileAudioOutput(None, 16_000))
    window.start_interview()
    # well into the first answer: the live transcript has heard it, 3 s of it are recorded
    qtbot.waitUntil(
        lambda: any(t.speaker == "candidate" for t in window.page.transcript.turns) and stt.calls >= 1, timeout=15000
    )
    qtbot.wait(3000)
    assert window.session is not None and window._thread.is_alive()
    return window, mic, heartbeat


def test_closing_mid_answer_keeps_the_answer_stores_the_session_as_ended_early_and_never_freezes(qtbot, paths):
    window, mic, heartbeat = answering_window(qtbot, paths)
    store, thread = window.store, window._thread
    mic.closed.set()
    window.close()
    assert not window.isVisible()
    qtbot.waitUntil(lambda: not thread.is_alive(), timeout=15000)
    heartbeat.timer.stop()
    assert mic.waiting.is_set(), "the session thread ended the answer after the close"
    assert not mic.gui_frozen, "the window waited for the session thread on the GUI thread"
    assert window.finish_closing(2.0)  # nothing left for the next start

    [summary] = store.list()
    assert summary.status == "ended_early" and summary.answers == 1
    session = store.get(summary.id)
    assert session.notice == "You ended this interview early."
    [answer] = [t for t in session.turns if t.speaker == "candidate"]
    assert answer.text == ANSWERS[0] and answer.end_reason == "cancelled" and answer.words
    candidate_track = next(t for t in session.tracks if t.kind == "candidate")
    assert candidate_track.seconds > 3.0  # the answer's audio up to the close


def test_an_answer_not_yet_transcribed_when_the_process_leaves_is_finished_by_the_next_start(qtbot, paths, tmp_path):
    window, mic, heartbeat = answering_window(qtbot, paths)
    thread = window._thread
    mic.hold.clear()  # the answer in progress is not transcribed within the wait
    mic.closed.set()
    window.close()
    assert mic.waiting.wait(10)
    try:
        assert not window.finish_closing(0.3)
        # the process leaves here (ui/main.py): what is on disk at this moment is all the next start gets
        left = tmp_path / "left"
        shutil.copytree(paths.data_dir, left)
    finally:
        mic.hold.set()
        qtbot.waitUntil(lambda: not thread.is_alive(), timeout=15000)
        heartbeat.timer.stop()

    store = SessionStore(left)
    recovered = store.recover_interrupted()
    assert [s.status for s in recovered] == ["ended_early"]  # not "interrupted": it was closed, not a crash
    session = store.get(recovered[0].id)
    assert session.notice == f"You ended this interview early. {ANSWER_LEFT_NOTICE}"
    [answer] = [t for t in session.turns if t.speaker == "candidate"]
    assert answer.text == "" and answer.end_reason == "closed"

    assert transcribe_cut_off_answers(store, FakeSpeechToText(ANSWERS)) == [session.id]
    answer = next(t for t in store.get(session.id).turns if t.speaker == "candidate")
    assert answer.text == ANSWERS[0] and answer.signals["from_audio"] == "transcribed"
    assert store.get(session.id).status == "ended_early"
    store.close()
