"""The transcript that is kept: the accurate speech model, run while the interviewer talks.

The conversation itself runs on a fast model (the interviewer must answer
quickly), but feedback and replay deserve the most accurate words. Each answer
is transcribed again with the user's chosen model, on a worker that only works
while the interviewer is speaking, so it never slows the candidate's turn or
the interviewer's reply. Results are applied on the runner's thread.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from interview_voice.core.types import Transcript
from interview_voice.engines.base import SpeechToText
from interview_voice.records import TurnRecord
from interview_voice.runtime.priority import run_in_background
from interview_voice.threads import start_thread

log = logging.getLogger(__name__)


@dataclass
class Refined:
    turn: TurnRecord
    transcript: Transcript
    seconds: float


class TranscriptRefiner:
    def __init__(self, stt: SpeechToText) -> None:
        self.stt = stt
        self._jobs: queue.Queue[tuple[TurnRecord, np.ndarray | Callable[[], np.ndarray]] | None] = queue.Queue()
        self._done: queue.Queue[Refined] = queue.Queue()
        self._may_work = threading.Event()  # set while the interviewer speaks, or at the end
        self._let_go = threading.Event()  # the session ended early: no answer is started from now on
        self._worker = start_thread("refine-transcript", self._run, native=True)

    def add(self, turn: TurnRecord, audio: np.ndarray | Callable[[], np.ndarray]) -> None:
        """Transcribe this answer again (audio from the start of the turn, so times match): the
        samples, or how to read them from the recording when their turn comes."""
        self._jobs.put((turn, audio))

    def interviewer_speaking(self, speaking: bool) -> None:
        if speaking:
            self._may_work.set()
        else:
            self._may_work.clear()

    def _run(self) -> None:
        run_in_background()  # the conversation comes first; this only improves what is kept
        while True:
            job = self._jobs.get()
            if job is None:
                return
            self._may_work.wait()
            if self._let_go.is_set():
                return
            turn, audio = job
            started = time.monotonic()
            try:
                transcript = Transcript(list(self.stt.transcribe(audio() if callable(audio) else audio)))
            except Exception as exc:  # the live transcript stays: it is what the interviewer heard
                log.warning("could not refine the transcript of turn %d: %s", turn.index, exc)
            else:
                if transcript.text:
                    self._done.put(Refined(turn, transcript, time.monotonic() - started))

    def results(self) -> list[Refined]:
        """Refinements finished so far (call on the runner's thread)."""
        done = []
        while True:
            try:
                done.append(self._done.get_nowait())
            except queue.Empty:
                return done

    def stop(self, timeout_s: float = 30.0) -> None:
        """The session failed: drop the answers not yet started, and wait for the one in hand, so
        the speech model is idle before the process exits (a worker still in native code at exit
        aborts the process)."""
        self._end_worker()
        self._worker.join(timeout_s)
        if self._worker.is_alive():
            log.warning("the transcript refiner was still working after %.0f s", timeout_s)

    def let_go(self) -> None:
        """The session was ended early (End, the window closed): start no other answer and end the
        worker, without waiting for it. The answer in hand, if any, finishes on its own; its result is
        no longer applied. Left waiting, the worker held the answers' audio and kept the process from
        leaving (it is named among the engine workers that exit waits for)."""
        self._let_go.set()
        self._end_worker()

    def _end_worker(self) -> None:
        """Drop the answers not yet started and tell the worker to end after the one in hand."""
        while True:
            try:
                self._jobs.get_nowait()
            except queue.Empty:
                break
        self._jobs.put(None)
        self._may_work.set()

    def drain(self, timeout_s: float = 30.0) -> list[Refined]:
        """At the end of the session: finish every pending answer, then stop."""
        self._may_work.set()
        self._jobs.put(None)
        self._worker.join(timeout_s)
        return self.results()
