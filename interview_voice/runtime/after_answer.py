"""Listening on after an answer ends, so that nothing the candidate says is lost.

An answer ends at a silence, but the candidate may only have paused. Until the
interviewer's own next line starts (while the acknowledgement plays and the
follow-up is worded), speech means they had more to say: the runner yields and
the answer goes on as the same turn. After that window the microphone keeps
recording while the interviewer speaks: speakers mode cannot tell the candidate
from the interviewer's own voice in the room, so that audio is transcribed
afterwards, the interviewer's words are taken out, and what is left is kept,
marked as overlapping.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

import numpy as np

from interview_voice.engines.base import AudioDeviceError
from interview_voice.threads import new_thread

log = logging.getLogger(__name__)


class AfterAnswer:
    RESUME_MS = 250  # speech this long in the window: the answer goes on

    def __init__(
        self,
        audio_in,
        vad,
        clock: Callable[[], float],
        since_ms: float,
        *,
        paced: bool,
        echo: Callable[[], bool] = lambda: False,
    ) -> None:
        """clock: session ms; since_ms: when the answer ended (the microphone has stayed open since).
        paced: the input is a file read as fast as asked, so reads are held to the session clock.
        echo: True while the room may carry the interviewer's voice."""
        self.audio_in, self.vad, self.clock, self.paced, self.echo = audio_in, vad, clock, paced, echo
        self.since_ms = since_ms
        self.blocks: list[tuple[float, np.ndarray]] = []  # (session ms the block began, samples)
        self.resumed = threading.Event()
        self.resumed_at_ms: float | None = None  # first speech frame of the resumed answer
        self.window_closed_ms: float | None = None
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._until_ms = 0.0  # a paced file is read up to the session time stop() was called at
        self._speaking = False  # the newest frame heard was speech (read from the runner's thread)
        self._heard_to_ms = since_ms  # session ms up to which frames have been judged
        self._thread = new_thread("after-answer", self._run, native=True)

    def start(self) -> None:
        self.vad.reset()
        self._thread.start()

    def _read(self, heard_ms: float) -> tuple[float, np.ndarray | None]:
        """(session ms the block began, block): the stream is continuous from since_ms on."""
        if self.paced:  # a file: hand out audio only as fast as session time passes
            while self.clock() - self.since_ms < heard_ms and not self._done.is_set():
                time.sleep(0.005)
            if self._done.is_set() and heard_ms >= self._until_ms:
                return 0.0, None
        return self.since_ms + heard_ms, self.audio_in.read(timeout=0.1)

    def _run(self) -> None:
        frame = self.vad.frame_samples
        rate = self.audio_in.sample_rate
        frame_ms = 1000 * frame / rate
        heard_ms = 0.0
        pending, pending_ms, run, onset = np.zeros(0, np.float32), self.since_ms, 0.0, 0.0
        while not self._done.is_set() or (self.paced and heard_ms < self._until_ms):
            try:
                began_ms, block = self._read(heard_ms)
            except AudioDeviceError as exc:  # unplugged: the next answer's listening reports it
                log.warning("listening on after the answer stopped: %s", exc)
                return
            if block is None:
                continue
            heard_ms += 1000 * block.size / rate
            with self._lock:
                self.blocks.append((began_ms, block))
            if pending.size == 0:
                pending_ms = began_ms
            pending = np.concatenate([pending, block])
            while pending.size >= frame:
                piece, pending = pending[:frame], pending[frame:]
                if self.vad.speech_probability(piece) >= 0.5 and not self.echo():
                    onset = pending_ms if run == 0.0 else onset
                    run += frame_ms
                    self._speaking = True
                    if run >= self.RESUME_MS and self.window_closed_ms is None and not self.resumed.is_set():
                        self.resumed_at_ms = onset
                        self.resumed.set()
                        log.info("the candidate went on %.0f ms after the answer seemed to end", onset - self.since_ms)
                else:
                    run, self._speaking = 0.0, False
                pending_ms += frame_ms
                self._heard_to_ms = pending_ms

    def close_window(self, settle_s: float = 0.0) -> bool:
        """The interviewer's own line starts: from now on speech no longer resumes the answer.
        True if it already did. settle_s: if the candidate is speaking right now (a run of speech
        too short yet to resume the answer), wait up to this long for it to become a resumption
        or to stop, rather than start a line over them."""
        deadline, asked_at = time.monotonic() + settle_s, self.clock()
        # first hear the audio up to now (the microphone's blocks arrive a little late), then see
        # whether it ends with speech under way
        while (
            self._heard_to_ms < asked_at
            and not self.resumed.is_set()
            and time.monotonic() < deadline
            and self._thread.is_alive()
        ):
            time.sleep(0.005)
        while self._speaking and not self.resumed.is_set() and time.monotonic() < deadline:
            time.sleep(0.01)
        with self._lock:
            if not self.resumed.is_set():
                self.window_closed_ms = self.clock()
            return self.resumed.is_set()

    def stop(self) -> list[tuple[float, np.ndarray]]:
        """Stop listening (the microphone stays open); every block heard, with its session time."""
        self._until_ms = self.clock() - self.since_ms
        self._done.set()
        if self._thread.is_alive():
            self._thread.join()
        with self._lock:
            return list(self.blocks)


def speech_spans(
    vad, blocks: list[tuple[float, np.ndarray]], rate: int, min_ms: float = 250
) -> list[tuple[float, float]]:
    """(start, end) session ms of the speech runs at least min_ms long in some blocks."""
    if not blocks:
        return []
    frame = vad.frame_samples
    audio = np.concatenate([b for _, b in blocks])
    frame_ms = 1000 * frame / rate
    vad.reset()
    spans, start = [], None
    for i in range(0, audio.size - frame + 1, frame):
        t = blocks[0][0] + i / frame * frame_ms
        if vad.speech_probability(audio[i : i + frame]) >= 0.5:
            start = t if start is None else start
        elif start is not None:
            if t - start >= min_ms:
                spans.append((start, t))
            start = None
    if start is not None:
        spans.append((start, blocks[0][0] + audio.size / frame * frame_ms))
    return spans
