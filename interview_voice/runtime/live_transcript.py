"""Transcribing while the candidate speaks.

A worker re-transcribes the audio after the last stable point every couple of
seconds. Segments that ended well before the newest audio are stable: they
are kept and never transcribed again. When the answer ends only the tail after
the last stable segment is left to transcribe, so the wait after the answer
stays short however long the answer was.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import replace

import numpy as np

from interview_voice.core.types import Segment
from interview_voice.engines.base import SpeechToText

log = logging.getLogger(__name__)
STEP_S = 2.0      # transcribe again after this much new audio
STABLE_S = 1.5    # a word this far before the newest audio will not change any more
FIRST_S = 4.0     # short answers need no partial passes: the pass at the pause covers them
WHOLE_S = 28.0    # Whisper pads every call to 30 s: up to this length, transcribing the whole
                  # answer costs the same as a tail, and nothing has to be spliced


class LiveTranscriber:
    def __init__(self, stt: SpeechToText, rate: int, on_partial: Callable[[str], None] = lambda t: None,
                 on_stable: Callable[[str], None] = lambda t: None) -> None:
        self.stt = stt
        self.rate = rate
        self.on_partial = on_partial
        self.on_stable = on_stable
        self.stable: list[Segment] = []       # absolute times, seconds from the turn's start
        self._stable_end_s = 0.0
        self._audio = np.zeros(0, np.float32)
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._transcribed_to = 0
        self._pause_requested = False
        self._early: tuple[int, list[Segment], bool] | None = None  # (samples covered, segments, whole answer?)
        self._settled = ""
        self._worker = threading.Thread(target=self._run, name="live-transcript", daemon=True)
        self._worker.start()

    def push(self, block: np.ndarray) -> None:
        with self._lock:
            self._audio = np.concatenate([self._audio, block])
            if self._audio.size >= FIRST_S * self.rate and self._audio.size - self._transcribed_to >= STEP_S * self.rate:
                self._wake.set()

    def speech_paused(self) -> None:
        """The candidate just stopped talking: transcribe the tail now, during the silence the
        endpointer waits for, so that nothing is left to do if the turn ends here."""
        with self._lock:
            self._pause_requested = True
        self._wake.set()

    def _run(self) -> None:
        while not self._stop.is_set():
            if not self._wake.wait(timeout=0.2):
                continue
            self._wake.clear()
            with self._lock:
                audio, start = self._audio, self._stable_end_s
                self._transcribed_to = audio.size
                early, self._pause_requested = self._pause_requested, False
            if early:
                try:
                    if audio.size <= WHOLE_S * self.rate:
                        self._early = (audio.size, list(self.stt.transcribe(audio)), True)
                    else:
                        self._early = (audio.size, self._shifted(audio[int(start * self.rate):], start), False)
                except Exception as exc:
                    log.warning("early tail transcription failed: %s", exc)
                continue
            if audio.size <= WHOLE_S * self.rate:
                self._transcribe_whole(audio)
            else:
                self._transcribe_window(audio, start)

    def _shifted(self, window: np.ndarray, start_s: float, quick: bool = False) -> list[Segment]:
        prompt = self.stable_text[-200:]  # the words before the window, for continuity
        return [replace(s, start=s.start + start_s, end=s.end + start_s,
                        words=tuple(replace(w, start=w.start + start_s, end=w.end + start_s) for w in s.words))
                for s in self.stt.transcribe(window, prompt=prompt, quick=quick)]

    def _transcribe_whole(self, audio: np.ndarray) -> None:
        """A partial pass over the whole answer (short answers): nothing is spliced."""
        try:
            segments = list(self.stt.transcribe(audio, quick=True))
        except Exception as exc:
            log.warning("live transcription failed: %s", exc)
            return
        words = [w for s in segments for w in s.words]
        settled = " ".join(w.text for w in words if w.end < audio.size / self.rate - STABLE_S)
        if settled and settled != self._settled:
            self._settled = settled
            self.on_stable(settled)
        self.on_partial(" ".join(s.text for s in segments))

    def _transcribe_window(self, audio: np.ndarray, start_s: float) -> None:
        end_s = audio.size / self.rate
        try:
            segments = self._shifted(audio[int(start_s * self.rate):], start_s, quick=True)
        except Exception as exc:  # a partial is a nicety: the final transcription decides
            log.warning("live transcription failed: %s", exc)
            return
        # Stability is decided word by word, so the window after it stays a few seconds long.
        words = [w for s in segments for w in s.words]
        stable = [w for w in words if w.end < end_s - STABLE_S]
        if stable and not self._stop.is_set():
            self.stable.append(Segment(" ".join(w.text for w in stable), stable[0].start, stable[-1].end,
                                       tuple(stable)))
            self._stable_end_s = stable[-1].end
            self.on_stable(self.stable_text)
        tentative = " ".join(w.text for w in words[len(stable):])
        self.on_partial(" ".join(t for t in (self.stable_text, tentative) if t))

    def pause_text(self, covered_s: float) -> str | None:
        """The words up to a pause, once the pass at the pause covers covered_s (else None)."""
        early = self._early
        if early is None or early[0] < int(covered_s * self.rate):
            return None
        segments = early[1] if early[2] else self.stable + early[1]
        return " ".join(s.text for s in segments)

    @property
    def stable_text(self) -> str:
        return " ".join(s.text for s in self.stable)

    def finish(self, end_s: float | None = None, covered_s: float | None = None) -> list[Segment]:
        """Stop, transcribe the tail after the last stable segment, return every segment.

        The tail transcribed at the last pause is used if it covers covered_s (the
        end of speech): then the turn ends with nothing left to transcribe.
        """
        self._stop.set()
        self._wake.set()
        self._worker.join()
        with self._lock:
            audio = self._audio
        if end_s is not None:
            audio = audio[: int(end_s * self.rate)]
        needed = audio.size if covered_s is None else min(audio.size, int(covered_s * self.rate))
        if self._early is not None and self._early[0] >= needed:
            covered, segments, whole = self._early
            kept = [s for s in segments if s.start < audio.size / self.rate]
            return kept if whole else self.stable + kept
        if audio.size <= WHOLE_S * self.rate and not self.stable:
            return list(self.stt.transcribe(audio))
        tail = audio[int(self._stable_end_s * self.rate):]
        return self.stable + (self._shifted(tail, self._stable_end_s) if tail.size else [])
