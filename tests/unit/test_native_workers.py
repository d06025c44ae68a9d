"""The process leaves only when no engine worker is inside native code, and a failed session stops
its transcript refiner instead of leaving it in the speech model."""

import threading
import time

import numpy as np

from interview_voice.core.types import Segment
from interview_voice.records import TurnRecord
from interview_voice.runtime import native_workers
from interview_voice.runtime.refine import TranscriptRefiner
from interview_voice.threads import start_thread


def test_settle_waits_for_an_engine_worker_to_finish():
    worker = start_thread("refine-transcript", time.sleep, 0.3, native=True)
    started = time.monotonic()
    assert native_workers.settle(timeout_s=5)
    assert not worker.is_alive() and time.monotonic() - started >= 0.2


def test_settle_gives_up_on_a_worker_that_stays_busy():
    release = threading.Event()
    worker = start_thread("speak-ahead", release.wait, native=True)
    try:
        started = time.monotonic()
        assert not native_workers.settle(timeout_s=0.3)
        assert time.monotonic() - started < 2
    finally:
        release.set()
        worker.join()


def test_other_threads_are_not_waited_for():
    """Only threads registered as native hold the exit, whatever their name."""
    release = threading.Event()
    start_thread("refine-transcript", release.wait, native=False)
    threading.Thread(target=release.wait, name="qt-something", daemon=True).start()
    try:
        assert native_workers.settle(timeout_s=0.1)
    finally:
        release.set()


def test_a_name_alone_holds_nothing_registration_does():
    """The window's loader was once waited for by its name; now only registration counts, so a thread
    that calls native code must say so where it starts (threads.py)."""
    release = threading.Event()
    raw = threading.Thread(target=release.wait, name="model-loader", daemon=True)
    raw.start()
    registered = start_thread("model-loader", release.wait, native=True)
    try:
        busy = native_workers.busy_native_workers()
        assert registered in busy and raw not in busy
    finally:
        release.set()
        raw.join()
        registered.join()


class _SlowSpeechModel:
    """Transcribes in 0.3 s, counting what it was given."""

    def __init__(self) -> None:
        self.calls = 0
        self.started = threading.Event()

    def transcribe(self, audio, prompt="", quick=False, full_window=False):
        self.calls += 1
        self.started.set()
        time.sleep(0.3)
        yield Segment("words", 0.0, 1.0, ())


def _turn(index: int) -> TurnRecord:
    return TurnRecord(index=index, speaker="candidate", kind="answer", text="live words")


def test_stopping_the_refiner_finishes_the_answer_in_hand_and_drops_the_rest():
    model = _SlowSpeechModel()
    refiner = TranscriptRefiner(model)
    for i in range(3):
        refiner.add(_turn(i), np.zeros(16_000, np.float32))
    refiner.interviewer_speaking(True)
    assert model.started.wait(5)
    refiner.stop(timeout_s=5)
    assert not refiner._worker.is_alive()
    assert model.calls == 1  # the two answers not yet started were dropped


def test_an_interview_ended_early_lets_the_refiner_go_without_starting_the_answers_waiting():
    model = _SlowSpeechModel()
    refiner = TranscriptRefiner(model)
    for i in range(2):  # waiting for the interviewer to speak, which an ended interview never does
        refiner.add(_turn(i), np.zeros(16_000, np.float32))
    refiner.let_go()
    refiner._worker.join(5)
    assert not refiner._worker.is_alive()  # exit no longer waits for it
    assert model.calls == 0


class _HeldSpeechModel(_SlowSpeechModel):
    """Transcribes once released."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def transcribe(self, audio, prompt="", quick=False, full_window=False):
        self.calls += 1
        self.started.set()
        self.release.wait(5)
        yield Segment("words", 0.0, 1.0, ())


def test_letting_the_refiner_go_does_not_wait_for_the_answer_in_hand():
    model = _HeldSpeechModel()
    refiner = TranscriptRefiner(model)
    refiner.add(_turn(0), np.zeros(16_000, np.float32))
    refiner.add(_turn(1), np.zeros(16_000, np.float32))
    refiner.interviewer_speaking(True)
    assert model.started.wait(5)
    refiner.let_go()  # returns with the answer still in the model
    assert refiner._worker.is_alive()
    model.release.set()
    refiner._worker.join(5)
    assert not refiner._worker.is_alive() and model.calls == 1
