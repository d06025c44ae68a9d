"""Replay faster or slower at the voice's own pitch: WSOLA time-stretching (audiotsm), made ahead of the sound card.

Resampling a recording to play it at 2x doubles its pitch too; WSOLA instead drops (or repeats)
short overlapping frames of the waveform, chosen where they line up, so the voice keeps its pitch.
It costs about 0.03-0.05 s of CPU per 10 s of audio here, too much for the sound card's callback
and too much for a whole session at once (a 30-minute session would take seconds), so a thread
stretches the recording in short chunks from the play position, about a second ahead; the
callback only copies what is ready. A seek or a new speed starts it again from there.
"""

from __future__ import annotations

import collections
import logging
import threading
from typing import Any

import numpy as np

from interview_voice.threads import start_thread

log = logging.getLogger(__name__)

AHEAD_S = 1.0  # stretched audio kept ready ahead of the sound card
CHUNK_S = 0.25  # recording stretched per step: a seek is heard after about this much work


class StretchFeed:
    """Stretched audio from a position at a speed, produced on its own thread.

    restart() (a seek, a new speed) and take() (the sound card's callback) are cheap and thread-safe.
    """

    def __init__(self, samples: np.ndarray, rate: int) -> None:
        self.samples, self.rate = samples, rate
        self._cond = threading.Condition()
        self._ready: collections.deque[np.ndarray] = collections.deque()
        self._ready_len = 0
        self._speed = 1.0
        self._next = 0  # the next sample of the recording to stretch
        self._generation = 0  # bumped by restart(): work for an older one is dropped
        self._done = False  # the recording's end has been stretched and flushed
        self._closed = False
        self._thread: threading.Thread | None = None

    @property
    def done(self) -> bool:
        """Everything up to the end of the recording has been handed out."""
        with self._cond:
            return self._done and self._ready_len == 0

    @property
    def ready_samples(self) -> int:
        with self._cond:
            return self._ready_len

    def restart(self, position: int, speed: float) -> None:
        """Stretch from sample `position` at `speed` from now on; what was ready is dropped."""
        with self._cond:
            self._generation += 1
            self._ready.clear()
            self._ready_len = 0
            self._next, self._speed, self._done = max(0, min(position, self.samples.size)), speed, False
            self._cond.notify_all()
        if self._thread is None:
            self._thread = start_thread("replay-stretch", self._run, native=False)

    def take(self, frames: int) -> np.ndarray:
        """Up to `frames` stretched samples (fewer when the thread has not caught up)."""
        parts, need = [], frames
        with self._cond:
            while need and self._ready:
                head = self._ready[0]
                if head.size <= need:
                    parts.append(self._ready.popleft())
                    need -= head.size
                else:
                    parts.append(head[:need])
                    self._ready[0] = head[need:]
                    need = 0
            self._ready_len -= frames - need
            self._cond.notify_all()
        return np.concatenate(parts) if parts else np.zeros(0, np.float32)

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(timeout=2.0)

    def _run(self) -> None:
        from audiotsm import wsola
        from audiotsm.io.array import ArrayReader, ArrayWriter

        generation = -1
        tsm: Any = None  # audiotsm's WSOLA, made again for each speed and seek
        while True:
            with self._cond:
                while (
                    not self._closed
                    and self._generation == generation
                    and (self._done or self._ready_len >= AHEAD_S * self.rate)
                ):
                    self._cond.wait()
                if self._closed:
                    return
                if self._generation != generation:
                    generation, tsm = self._generation, wsola(1, speed=self._speed)
                start = self._next
                self._next = min(start + int(CHUNK_S * self.rate), self.samples.size)
                chunk = self.samples[start : self._next]
            writer = ArrayWriter(1)
            if chunk.size:
                tsm.run(ArrayReader(chunk.reshape(1, -1)), writer, flush=False)
            else:  # the frames WSOLA still holds at the end of the recording
                finished = False
                while not finished:
                    _, finished = tsm.flush_to(writer)
            out = writer.data[0].astype(np.float32)
            with self._cond:
                if self._generation != generation:
                    continue  # a seek or a new speed meanwhile: this chunk belongs to the old one
                if out.size:
                    self._ready.append(out)
                    self._ready_len += out.size
                self._done = chunk.size == 0
