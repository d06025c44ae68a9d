"""Barge-in (headset mode): the candidate speaking over the interviewer stops it."""

from __future__ import annotations

import threading

import numpy as np

from interview_voice.threads import new_thread


def clip_to_heard(sentence: str, fraction: float) -> str:
    """What the candidate heard of a sentence cut off after `fraction` of its audio."""
    if fraction >= 0.98:
        return sentence
    words = sentence.split()
    kept = words[: int(len(words) * max(0.0, fraction))]
    return " ".join(kept) + "…" if kept else ""


class BargeInMonitor:
    """Headset mode: listens while the interviewer speaks; speech stops the playback.

    The audio it hears is handed to the next answer, so nothing the candidate
    said is lost.
    """

    KEEP_S = 1.0  # audio kept from before the onset, or from the end of the question

    def __init__(
        self,
        audio_in,
        vad,
        stop_playback: threading.Event,
        speech_ms: int,
        preroll: list,
        cancel: threading.Event,
        clock,
    ) -> None:
        self.audio_in, self.vad, self.stop_playback = audio_in, vad, stop_playback
        self.speech_ms, self.preroll, self.cancel, self.clock = speech_ms, preroll, cancel, clock
        self._done = threading.Event()
        self.onset_ms: float | None = None  # session time of the first speech frame, once barged in
        self._thread = new_thread("barge-in", self._run, native=True)

    def start(self, open_mic: bool = False) -> None:
        """open_mic: the microphone is already open (it listened on after the last answer)."""
        self.vad.reset()
        if not open_mic:
            self.audio_in.start()
        self._thread.start()

    def _run(self) -> None:
        frame = self.vad.frame_samples
        frame_ms = 1000 * frame / self.audio_in.sample_rate
        speech_run, pending, pending_ms = 0.0, np.zeros(0, np.float32), 0.0
        while not self._done.is_set() and not self.cancel.is_set():
            block = self.audio_in.read(timeout=0.1)
            if block is None:
                continue
            # (session time the block began, samples): replayed into the answer at its own time
            began_ms = self.clock() - 1000 * block.size / self.audio_in.sample_rate
            self.preroll.append((began_ms, block))
            if pending.size == 0:
                pending_ms = began_ms  # session time of pending[0]
            pending = np.concatenate([pending, block])
            while pending.size >= frame:
                piece, pending = pending[:frame], pending[frame:]
                if self.vad.speech_probability(piece) >= 0.5:
                    if speech_run == 0.0:
                        first_speech_ms = pending_ms
                    speech_run += frame_ms
                    if speech_run >= self.speech_ms and self.onset_ms is None:
                        self.onset_ms = first_speech_ms  # when the candidate's voice reached the microphone
                        self.stop_playback.set()
                        return  # the listening turn reads on from here
                else:
                    speech_run = 0.0
                pending_ms += frame_ms

    def finish(self) -> float | None:
        """Stop monitoring; the microphone stays open for the answer, with the audio just
        before it. Returns ms from speech onset to the end of playback, if barged in."""
        stopped_ms = self.clock()
        self._done.set()
        self._thread.join()
        keep_from = (self.onset_ms if self.onset_ms is not None else self.clock()) - 1000 * self.KEEP_S
        self.preroll[:] = [(t, b) for t, b in self.preroll if t >= keep_from]
        if self.onset_ms is None:
            return None
        return stopped_ms - self.onset_ms  # both in session time: from the first speech frame heard
