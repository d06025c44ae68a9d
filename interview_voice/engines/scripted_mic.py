"""Answer files played as a person at a microphone, in real time (`simulate --realtime`).

A person who is interrupted keeps talking, and one who is asked the next question while still
finishing a sentence finishes it first. So each answer file starts when the interviewer starts
listening for a new answer, but never before the previous file has played to its end, and then
plays to its end whatever the interviewer does meanwhile. A typed answer (.txt) is sent once the
spoken answer before it has ended. The microphone is one continuous stream, as a sound card's:
while the runner has it closed, the person goes on talking unheard.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from interview_voice.core.types import SAMPLE_RATE_STT
from interview_voice.engines.audio_file import read_wav_mono
from interview_voice.threads import start_thread

log = logging.getLogger(__name__)
BLOCK = 512


class ScriptedMicrophone:
    sample_rate = SAMPLE_RATE_STT
    continuous = True  # one stream for the whole session, like a sound card
    realtime = True

    def __init__(
        self,
        answers: list[np.ndarray | Path | str],
        type_answer: Callable[[str], None] = lambda text: None,
        typed_pending: Callable[[], bool] = lambda: False,
    ) -> None:
        """answers: in order, a spoken answer (its audio, or its WAV file, read when the answer starts) or
        the text of a typed one. type_answer hands a typed answer to the runner; typed_pending: whether
        it still holds one it has not taken."""
        self._answers = list(answers)
        self.type_answer, self.typed_pending = type_answer, typed_pending
        self._waiting: str | None = None  # a typed answer held until the spoken one has played
        self._lock = threading.Lock()
        self._origin: float | None = None  # monotonic time of sample 0
        self._scheduled: list[tuple[int, np.ndarray]] = []  # (first sample, audio) of the files not yet played out
        self._free = 0  # the sample at which the answers started so far end
        self._next = 0
        self._pos = 0  # the next sample a read hands out
        self._open = False

    def _now(self) -> int:
        if self._origin is None:
            self._origin = time.monotonic()
        return int((time.monotonic() - self._origin) * self.sample_rate)

    def answer_started(self) -> None:
        """The interviewer started listening for a new answer: the person gives the next one, once
        they have finished what they were saying. A typed answer not yet taken, or still held until
        the spoken one ends, is this answer: the next one waits."""
        if self.typed_pending():
            return
        with self._lock:
            if self._waiting is not None or self._next >= len(self._answers):
                return
            answer, self._next = self._answers[self._next], self._next + 1
            at = max(self._now(), self._free)
            if isinstance(answer, Path):
                answer = read_wav_mono(answer, self.sample_rate)
            if isinstance(answer, np.ndarray):
                self._scheduled.append((at, answer.astype(np.float32, copy=False)))
                self._free = at + answer.size
                return
            wait_s = (at - self._now()) / self.sample_rate
            if wait_s > 0:  # typed only once the spoken answer before it has ended
                self._waiting = answer
        if wait_s <= 0:
            self.type_answer(answer)
            return
        start_thread("typed-answer", self._send_after, wait_s, native=False)

    def _send_after(self, wait_s: float) -> None:
        time.sleep(wait_s)
        self._send_waiting()

    def _send_waiting(self) -> None:
        with self._lock:
            text, self._waiting = self._waiting, None
        if text is not None:
            self.type_answer(text)

    def start(self) -> None:
        with self._lock:
            if not self._open:
                self._open, self._pos = True, self._now()  # what was said while it was closed is not heard

    def stop(self) -> None:
        with self._lock:
            self._open = False

    def read(self, timeout: float) -> np.ndarray | None:
        """The next block of the room's sound, paced like a sound card (None: closed)."""
        with self._lock:
            if not self._open:
                opened = False
            else:
                opened, start = True, self._pos
                self._pos += BLOCK
        if not opened:
            time.sleep(min(timeout, 0.05))
            return None
        delay = (start + BLOCK - self._now()) / self.sample_rate
        if delay > timeout:
            with self._lock:
                self._pos -= BLOCK
            time.sleep(timeout)
            return None
        if delay > 0:
            time.sleep(delay)
        return self._mix(start)

    def _mix(self, start: int) -> np.ndarray:
        block = np.zeros(BLOCK, np.float32)
        with self._lock:
            # an answer played out is let go: a long session holds only the one being said
            self._scheduled = [(at, audio) for at, audio in self._scheduled if at + audio.size > start]
            scheduled = list(self._scheduled)
        for at, audio in scheduled:
            a, b = max(start, at), min(start + BLOCK, at + audio.size)
            if a < b:
                block[a - start : b - start] += audio[a - at : b - at]
        return block

    @property
    def finished(self) -> bool:
        """Every answer has been given and the last spoken one has played out."""
        with self._lock:
            return self._next >= len(self._answers) and self._waiting is None and self._now() >= self._free
