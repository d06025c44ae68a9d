"""Transcribing while the candidate speaks.

A worker transcribes the whole answer every few seconds (Whisper is most
accurate with the whole answer, and pads every call to 30 s anyway). As soon as
the candidate pauses it runs a quick pass over only what follows the last
pause the previous whole pass had settled: decoding a few words instead of the
whole answer is what makes it fast enough to finish inside the endpointing
silence, so that when the answer ends nothing is left to do. Cuts only ever
fall in the middle of a pause the VAD heard, so no word is cut in two. While
the candidate is silent no whole pass runs: the pause passes have the words,
and the cores go to the model, which is wording the follow-up from them.

Answers longer than WINDOW_S move a stable point forward the same way: the
words before it are final and never transcribed again.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from interview_voice.core.lead_in import doubtful_words
from interview_voice.core.types import Segment
from interview_voice.engines.base import SpeechToText
from interview_voice.records import Word
from interview_voice.threads import start_thread

log = logging.getLogger(__name__)
STEP_S = 4.0  # a whole pass again after this much new audio (pauses get quick passes)
FIRST_S = 2.0  # the first partial pass, once there is this much audio
MIN_PAUSE_S = 0.09  # a silence this long between words is a safe place to cut
WINDOW_S = 24.0  # Whisper pads every call to 30 s and is most accurate with the whole
# answer: passes start at the beginning until the answer is this long,
CONTEXT_S = 8.0  # then at the latest pause this far behind the newest audio
SETTLED_S = 1.5  # words this far behind the newest audio rarely change: the model reads them ahead
TRUSTED_S = 0.5  # a quick pass at a pause trusts the whole pass's words up to a pause this far from its end
PAUSE_PASS_MS = 90  # silence this long starts a pass: shorter gaps are between words
PADDED_S = 0.3  # ... and once the pause is this long, a pass again with the silence a final pass gets
# (a pass 90 ms into a pause can drop a last word the VAD heard as silence)
# Whisper can write nothing for a stretch of speech inside a long pass (its own voice filter drops
# it, or a window ends early), and the words before the stable point are never transcribed again:
# a stretch of speech this long that no word of a pass overlaps is transcribed on its own.
GAP_SPEECH_S = 0.5
GAP_MARGIN_S = 0.25  # ... with this much of the pause on each side, and words this near count as covering it
# While the interviewer model words a follow-up begun at this pause, the padded pass waits: on 2 cores
# a Whisper pass beside the model more than doubled the model's time for a question (0.6 -> 1.4 s).
# It waits at most this long (a slow model must not keep the answer's last word untranscribed).
HOLD_PADDING_MAX_S = 1.5


@dataclass
class _Pass:
    covered: int  # samples of the turn this pass saw
    tail: list[Segment]  # what it heard after the stable point, in turn time
    whole: bool = True  # it transcribed from the stable point (not from a pause after it)


class _Buffer:
    """Grows by doubling: appending a block never copies the whole answer."""

    def __init__(self) -> None:
        self._data = np.zeros(16_000 * 30, np.float32)
        self.size = 0

    def append(self, block: np.ndarray) -> None:
        if self.size + block.size > self._data.size:
            grown = np.zeros(max(self._data.size * 2, self.size + block.size), np.float32)
            grown[: self.size] = self._data[: self.size]
            self._data = grown
        self._data[self.size : self.size + block.size] = block
        self.size += block.size

    def view(self, start: int, end: int) -> np.ndarray:
        return self._data[start : min(end, self.size)].copy()

    def release(self) -> None:
        """Let the audio go (the recording keeps the answer)."""
        self._data = np.zeros(0, np.float32)
        self.size = 0


def _words_text(words: list[Word]) -> str:
    return " ".join(w.text for w in words)


class LiveTranscriber:
    def __init__(
        self,
        stt: SpeechToText,
        rate: int,
        on_partial: Callable[[str], None] = lambda t: None,
        on_stable: Callable[[str], None] = lambda t: None,
        on_pause: Callable[[str], None] = lambda t: None,
    ) -> None:
        self.stt = stt
        self.rate = rate
        self.on_partial = on_partial
        self.on_stable = on_stable  # the words that will hardly change, for reading ahead
        self.on_pause = on_pause  # everything said up to a pause: the answer, if the turn ends there
        self._settled = ""
        self.stable: list[Segment] = []  # final words, turn time in seconds
        self.passes = 0
        self.tail_transcribed_at_finish = False  # True when no pass covered the end in time
        self._stable_end_s = 0.0  # where the next pass starts: the middle of a pause
        self._cuts: list[float] = []  # middles of finished pauses, not yet used
        self._paused_at: float | None = None
        self._padded = False  # the pass with PADDED_S of this pause's silence is due or done
        self._padding_due = False
        self._pause_settled: tuple[float, list[Word]] | None = None  # where this pause's first pass started
        self._speech_from: float | None = 0.0  # where the stretch of speech now going on began
        self._stretches: list[tuple[float, float]] = []  # finished stretches of speech, turn time
        self._gap_words: dict[tuple[float, float], list[Segment]] = {}  # stretches a pass skipped, heard alone
        self.gaps_filled = 0
        self._audio = _Buffer()
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._started_to = 0  # samples the newest pass (maybe still running) covers
        self._whole_to = 0  # ... the newest whole pass
        self._pause_due = False
        self._last: _Pass | None = None  # the newest pass of either kind
        self._whole: _Pass | None = None  # the newest pass from the stable point
        self._hold: tuple[Callable[[], bool], float] | None = None  # (busy, since): the padded pass waits
        self._worker = start_thread("live-transcript", self._run, native=True)

    # fed by the listening loop ---------------------------------------------
    def push(self, block: np.ndarray) -> None:
        with self._lock:
            self._audio.append(block)
            size = self._audio.size
            paused = self._paused_at
            if paused is not None and not self._padded and size >= (paused + PADDED_S) * self.rate:
                self._padded = self._padding_due = True
                self._wake.set()
            elif self._whole_due(size):
                self._wake.set()

    def _whole_due(self, size: int) -> bool:
        if self._paused_at is not None:
            return False  # silence adds no words: the pause passes cover them
        return size >= FIRST_S * self.rate and size - self._whole_to >= STEP_S * self.rate

    def speech_paused(self, at_s: float | None = None) -> None:
        """The candidate stopped talking at at_s (default: now). Transcribe right away, during
        the silence the endpointer waits for, so that nothing is left to do if the turn ends."""
        with self._lock:
            self._paused_at = self._audio.size / self.rate if at_s is None else at_s
            if self._speech_from is not None:
                self._stretches.append((self._speech_from, self._paused_at))
                self._speech_from = None
            self._pause_due = True
            self._padded = self._audio.size >= (self._paused_at + PADDED_S) * self.rate
        self._wake.set()

    def speech_resumed(self, at_s: float | None = None) -> None:
        """Speech came back: the pause just heard is a safe place to cut."""
        with self._lock:
            now = self._audio.size / self.rate if at_s is None else at_s
            if self._paused_at is not None and now - self._paused_at >= MIN_PAUSE_S:
                self._cuts.append((self._paused_at + now) / 2)
            self._paused_at = None
            self._speech_from = now
            self._padded = self._padding_due = False
            self._hold = None

    def hold_padding(self, busy: Callable[[], bool]) -> None:
        """The model words a follow-up from the words up to this pause: the padded pass waits while
        busy() (up to HOLD_PADDING_MAX_S), so that the model has the cores. Speech resuming ends it."""
        with self._lock:
            self._hold = (busy, time.monotonic())

    def _padding_held(self) -> bool:
        """(Under the lock.) The padded pass is to wait for the model."""
        if self._hold is None:
            return False
        busy, since = self._hold
        if busy() and time.monotonic() - since < HOLD_PADDING_MAX_S:
            return True
        self._hold = None
        return False

    # the worker ----------------------------------------------------------------
    def _run(self) -> None:
        while not self._stop.is_set():
            held = self._hold is not None and self._padding_due
            if not self._wake.wait(timeout=0.02 if held else 0.2) and not held:
                continue
            self._wake.clear()
            if self._stop.is_set():
                break
            with self._lock:
                size = self._audio.size
                if self._padding_due and self._padding_held():
                    continue  # asked again in a moment
                at_pause, self._pause_due = self._pause_due, False
                padding, self._padding_due = self._padding_due, False
                if padding and size > self._started_to:
                    # the same pass as at the pause, with the silence after it: the same words, or the last
                    # one the first heard cut short
                    at_pause, settled = True, self._pause_settled
                elif at_pause and size > self._started_to:
                    settled = self._pause_settled = self._settled_before_pause()
                elif self._whole_due(size):
                    at_pause, settled = False, None
                else:
                    continue
                if at_pause and self._paused_at is not None:
                    # A pass that starts late (a busy machine) hears no more of the silence than the padded
                    # one: in a second of it Whisper invents words ("go on forever. ever. number.").
                    heard_to = int((self._paused_at + PADDED_S) * self.rate)
                    if heard_to <= self._started_to:
                        continue  # a pass already heard the pause up to there
                    size = min(size, heard_to)
                self._started_to = size
                if settled is None:
                    self._whole_to = size
                start_s = settled[0] if settled else self._stable_end_s
                audio = self._audio.view(int(start_s * self.rate), size)
            began = time.monotonic()
            known = _words_text(settled[1]) if settled else ""
            try:
                # A pass at a pause may be the final transcript: it may retry once; partials never do.
                tail = self._transcribe(audio, start_s, quick=not at_pause)
            except Exception as exc:  # a partial is a nicety: the final pass decides
                log.warning("live transcription failed: %s", exc)
                continue
            self.passes += 1
            log.debug(
                "pass %d%s: %.1f-%.1f s of the answer in %.2f s",
                self.passes,
                " at a pause" if at_pause else "",
                start_s,
                size / self.rate,
                time.monotonic() - began,
            )
            if settled:
                words = settled[1]
                last = self._last = _Pass(
                    size, [Segment(known, words[0].start, words[-1].end, tuple(words)), *tail], whole=False
                )
                self.on_partial(self._text(last))
            else:
                last = self._settle(_Pass(size, tail))
            if at_pause and not self._stop.is_set():
                self.on_pause(self._text(last))

    def _settled_before_pause(self) -> tuple[float, list[Word]] | None:
        """(cut, words before it) from the newest whole pass: the latest pause it covered with
        time to spare, so a quick pass need only transcribe what follows."""
        whole = self._whole
        if whole is None:
            return None
        covered_s = whole.covered / self.rate
        cuts = [c for c in self._cuts if self._stable_end_s < c <= covered_s - TRUSTED_S]
        if not cuts:
            return None
        words = [w for s in whole.tail for w in s.words if (w.start + w.end) / 2 < cuts[-1]]
        return (cuts[-1], words) if words else None

    def _transcribe(self, audio: np.ndarray, start_s: float, quick: bool) -> list[Segment]:
        """The words of audio that starts at start_s (turn time). Whisper gets no prompt of the
        words before: on real speech that prompt made tiny.en add words ("Thanks.") after the
        answer (WER 6.5 % -> 13.9 %, benchmarks/wer_human.py)."""
        return [
            replace(
                s,
                start=s.start + start_s,
                end=s.end + start_s,
                words=tuple(replace(w, start=w.start + start_s, end=w.end + start_s) for w in s.words),
            )
            for s in self.stt.transcribe(audio, quick=quick)
        ]

    def _settle(self, result: _Pass) -> _Pass:
        """Make the words before the newest safe pause final; show the rest as tentative."""
        newest_s = result.covered / self.rate
        result = replace(result, tail=self._with_gaps_heard(result.tail, self._stable_end_s, newest_s))
        with self._lock:
            cuts = [c for c in self._cuts if self._stable_end_s < c <= newest_s - CONTEXT_S]
            cut = cuts[-1] if cuts and newest_s - self._stable_end_s > WINDOW_S else None
            if cut is not None:
                self._cuts = [c for c in self._cuts if c > cut]
        words = [w for s in result.tail for w in s.words]
        if cut is not None and not self._stop.is_set():
            final = [w for w in words if (w.start + w.end) / 2 < cut]
            rest = [w for w in words if (w.start + w.end) / 2 >= cut]
            if final:
                self.stable.append(Segment(_words_text(final), final[0].start, final[-1].end, tuple(final)))
            self._stable_end_s = cut
            result = _Pass(
                result.covered, [Segment(_words_text(rest), rest[0].start, rest[-1].end, tuple(rest))] if rest else []
            )
        self._last = self._whole = result
        settled = " ".join(
            t
            for t in (
                self.stable_text,
                _words_text([w for s in result.tail for w in s.words if w.end < newest_s - SETTLED_S]),
            )
            if t
        )
        if settled and settled != self._settled:
            self._settled = settled
            self.on_stable(settled)
        self.on_partial(self._text(result))
        return result

    def _with_gaps_heard(self, tail: list[Segment], start_s: float, end_s: float) -> list[Segment]:
        """tail, with the words of every finished stretch of speech between start_s and end_s that
        no word of tail overlaps, transcribed on its own (once per stretch)."""
        with self._lock:
            stretches = [(a, b) for a, b in self._stretches if a >= start_s - 0.05 and b <= end_s]
        words = [w for seg in tail for w in seg.words]
        added: list[Segment] = []
        for a, b in stretches:
            if b - a < GAP_SPEECH_S or any(w.end > a - GAP_MARGIN_S and w.start < b + GAP_MARGIN_S for w in words):
                continue
            if (a, b) not in self._gap_words:
                lo, hi = max(start_s, a - GAP_MARGIN_S), min(end_s, b + GAP_MARGIN_S)
                clip = self._audio.view(int(lo * self.rate), int(hi * self.rate))
                try:
                    heard = self._transcribe(clip, lo, quick=False)
                except Exception as exc:
                    log.warning("could not transcribe a stretch a pass skipped: %s", exc)
                    continue  # tried again at the next pass or at the end
                self._gap_words[(a, b)] = [s for s in heard if s.words]
                self.gaps_filled += 1
                log.info(
                    "a pass wrote no words for %.1f-%.1f s of speech; heard alone: %r",
                    a,
                    b,
                    " ".join(s.text for s in heard),
                )
            added += self._gap_words[(a, b)]
        return sorted([*tail, *added], key=lambda s: s.start) if added else tail

    def _text(self, result: _Pass) -> str:
        return " ".join(t for t in (self.stable_text, *(s.text for s in result.tail)) if t)

    # results ---------------------------------------------------------------------
    def _covers(self, covered_s: float) -> _Pass | None:
        last = self._last
        return last if last is not None and last.covered >= int(covered_s * self.rate) else None

    def pause_text(self, covered_s: float) -> str | None:
        """The words up to a pause, once a pass covers covered_s (else None)."""
        last = self._covers(covered_s)
        return None if last is None else self._text(last)

    def doubtful_words(self) -> frozenset[str]:
        """The words heard so far (stable and the newest pass) the speech model was unsure of."""
        last = self._last
        return doubtful_words(w for s in [*self.stable, *(last.tail if last else [])] for w in s.words)

    @property
    def latest_text(self) -> str:
        """Everything heard so far, as of the newest pass."""
        last = self._last
        return self.stable_text if last is None else self._text(last)

    @property
    def stable_text(self) -> str:
        return " ".join(s.text for s in self.stable)

    def finish(self, end_s: float | None = None, covered_s: float | None = None, whole: bool = False) -> list[Segment]:
        """Stop, and return every segment of the answer up to end_s.

        The newest pass is used if it covers covered_s (the end of speech), and, with whole,
        if it transcribed from the stable point: no other model will transcribe the answer again,
        and a pass from a pause can drop the last word Whisper would hear with more context
        before it. Without whole, while the padded pass is held for the model (hold_padding), the
        pass at the pause will do. Otherwise the audio after the last stable pause is transcribed now.
        """
        self._stop.set()
        self._wake.set()
        self._worker.join()
        size = self._audio.size if end_s is None else min(self._audio.size, int(end_s * self.rate))
        end = size / self.rate
        last = self._covers(end if covered_s is None else min(covered_s, end))
        with self._lock:
            held = self._padding_held()
            if last is None and held and not whole and self._paused_at is not None:
                # the model is still wording the follow-up from the words up to this pause: they are the
                # transcript for now (a pass now would halve the model's pace); the accurate model's
                # pass of the whole answer follows, as for every answer
                last = self._covers(self._paused_at)
                log.debug("the turn ends on the pause pass's words: the model has the cores")
            if self._speech_from is not None:  # the answer ended while speech went on (a stop, not a pause)
                self._stretches.append((self._speech_from, end))
                self._speech_from = None
        try:
            if last is not None and (last.whole or not whole):
                tail = [s for s in last.tail if s.start < end]
            else:
                audio = self._audio.view(int(self._stable_end_s * self.rate), size)
                self.tail_transcribed_at_finish = audio.size > 0
                tail = self._transcribe(audio, self._stable_end_s, quick=False) if audio.size else []
            return self.stable + self._with_gaps_heard(tail, self._stable_end_s, end)
        finally:
            # The answer's audio (30 s and more) goes now, not when the transcriber does: the listener's
            # pause judge and endpointer refer to each other, so the transcriber waits for the garbage
            # collector's full pass, which came only every few dozen answers (issue 26).
            self._audio.release()


def follow_pauses(
    live: LiveTranscriber, speech_end_ms: float | None, was_silence_ms: float, silence_ms: float, frame_ms: float
) -> None:
    """After each VAD frame: tell the transcriber when the candidate pauses and resumes."""
    if speech_end_ms is None:
        return
    if was_silence_ms < PAUSE_PASS_MS <= silence_ms:
        live.speech_paused(speech_end_ms / 1000)
    elif was_silence_ms >= PAUSE_PASS_MS and silence_ms == 0.0:
        live.speech_resumed((speech_end_ms - frame_ms) / 1000)
