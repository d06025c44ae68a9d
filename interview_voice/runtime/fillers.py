"""Filler words ("um", "uh") in an answer, from its words and its audio.

Whisper drops most fillers even when asked to keep them. A filler it dropped
leaves a trace: a steady voiced sound in a gap between two words, or a word
whose timestamps stretch far past what its letters take to say (the "uh" got
glued to it). A wrong filler count is worse than a missed one, so a sound
counts only when it is voiced (periodic, like a held vowel), steady in pitch and
long enough; breaths, clicks and silence never are.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence

import numpy as np

from interview_voice.records import Word

log = logging.getLogger(__name__)

RATE = 16_000
FRAME, HOP = 480, 160             # 30 ms frames every 10 ms
MIN_FILLER_S = 0.25               # a held "uh" lasts this long or more; a vowel inside a word rarely does
MIN_GLUED_S = 0.35                # ... inside a word's timestamps, where a slow word's own vowel may be long
EDGE_S = 0.06                     # word timestamps are this loose: look only inside the gap
MIN_PERIODICITY = 0.6             # normalised autocorrelation at the pitch period
MAX_PITCH_JUMP = 0.12             # the pitch period of a held vowel moves less than this between frames
QUIET_DB = 25.0                   # frames this far under the answer's loud frames are not sound
SECONDS_PER_LETTER, SLACK_S = 0.07, 0.35  # how long a word may take to say, generously (a
                                          # phrase-final "foreveeer" is held up to ~1 s)
_SPOKEN_FILLER = {"um": "um", "umm": "um", "uhm": "um", "hmm": "hmm", "hm": "hmm", "mm": "hmm",
                  "uh": "uh", "uhh": "uh", "er": "uh", "erm": "um", "ah": "uh"}


def _frames(audio: np.ndarray) -> np.ndarray:
    n = 1 + max(0, audio.size - FRAME) // HOP
    idx = np.arange(FRAME)[None, :] + HOP * np.arange(n)[:, None]
    return audio[np.minimum(idx, audio.size - 1)] if audio.size else np.zeros((0, FRAME), np.float32)


def voiced_frames(audio: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per 10 ms frame: is it voiced sound, and its pitch period in samples (0 when not)."""
    frames = _frames(np.asarray(audio, np.float32))
    if not len(frames):
        return np.zeros(0, bool), np.zeros(0)
    frames = frames - frames.mean(axis=1, keepdims=True)
    energy = np.sqrt((frames ** 2).mean(axis=1)) + 1e-9
    db = 20 * np.log10(energy)
    loud = np.percentile(db, 95)
    lo, hi = RATE // 400, RATE // 70          # pitch from 70 to 400 Hz
    spectrum = np.fft.rfft(frames, 2 * FRAME, axis=1)
    acf = np.fft.irfft(np.abs(spectrum) ** 2, axis=1)[:, : hi + 1]
    acf = acf / np.maximum(acf[:, :1], 1e-12)
    lag = lo + np.argmax(acf[:, lo: hi + 1], axis=1)
    periodic = acf[np.arange(len(acf)), lag] >= MIN_PERIODICITY
    voiced = periodic & (db > loud - QUIET_DB)
    return voiced, np.where(voiced, lag, 0)


def _steady_run(voiced: np.ndarray, lag: np.ndarray, start: int, end: int, seconds: float) -> int | None:
    """The first frame of a steady voiced run this long within frames [start, end)."""
    need = int(seconds * RATE / HOP)
    run_start, run = start, 0
    for i in range(max(start, 0), min(end, len(voiced))):
        steady = voiced[i] and (run == 0 or abs(lag[i] - lag[i - 1]) <= MAX_PITCH_JUMP * lag[i - 1])
        if steady:
            if run == 0:
                run_start = i
            run += 1
            if run >= need:
                return run_start
        else:
            run = 0
    return None


def _frame(seconds: float) -> int:
    return int(round(seconds * RATE / HOP))


def _letters(text: str) -> int:
    """About how many letters the word has when spoken ("4" is "four")."""
    return len(re.sub(r"[^a-z]", "", text.lower())) + 4 * len(re.sub(r"[^0-9]", "", text))


def detect_fillers(audio: np.ndarray, words: Sequence[Word]) -> list[dict]:
    """Fillers in an answer: [{"word": "um" | "uh" | "hmm", "at_s": seconds}], in time order.

    audio: the answer at 16 kHz; words: its transcript's words, timed from the start of audio.
    """
    voiced, lag = voiced_frames(audio)
    found: list[dict] = []
    for word in words:  # the fillers Whisper wrote, if there is a voice under them (not a hallucination)
        kind = _SPOKEN_FILLER.get(re.sub(r"[^a-z]", "", word.text.lower()))
        span = voiced[_frame(word.start): max(_frame(word.end), _frame(word.start) + 1)]
        if kind and span.size and span.mean() >= 0.3:
            found.append({"word": kind, "at_s": round(word.start, 2)})
    spoken = [w for w in words if re.sub(r"[^a-z]", "", w.text.lower()) not in _SPOKEN_FILLER]
    places = [(b.end + EDGE_S, a.start - EDGE_S, MIN_FILLER_S) for b, a in zip(spoken, spoken[1:])]  # gaps
    # words held far past what their letters take: a filler glued before or after them
    places += [(w.start + EDGE_S, w.end - EDGE_S, MIN_GLUED_S) for w in spoken
               if w.end - w.start > SECONDS_PER_LETTER * _letters(w.text) + SLACK_S + MIN_GLUED_S]
    for start, end, seconds in places:
        at = _steady_run(voiced, lag, _frame(start), _frame(end), seconds)
        if at is not None:
            found.append({"word": "uh", "at_s": round(at * HOP / RATE, 2)})
    found.sort(key=lambda f: f["at_s"])
    merged: list[dict] = []
    for filler in found:  # the same sound found twice (written by Whisper and heard in the gap)
        if merged and filler["at_s"] - merged[-1]["at_s"] < MIN_FILLER_S + 0.1:
            continue
        merged.append(filler)
    if merged:
        log.debug("fillers: %s", merged)
    return merged


def fillers_by_turn(turns: Sequence, audio_of: Callable[[object], np.ndarray | None]) -> dict[int, list[dict]]:
    """Fillers found in each candidate answer's audio: {turn index: [{"word", "at_s"}]}.

    audio_of(turn) gives the answer's audio at 16 kHz, starting where its word times start
    (None when it is not at hand). A turn whose audio cannot be read is simply left out:
    the transcript's own fillers still count.
    """
    found: dict[int, list[dict]] = {}
    for turn in turns:
        if turn.speaker != "candidate" or not turn.words:
            continue
        try:
            audio = audio_of(turn)
        except (OSError, ValueError) as exc:
            log.warning("no audio fillers for answer %d: %s", turn.index, exc)
            continue
        if audio is not None and audio.size:
            words = [w for w in turn.words if w.start >= 0]  # words said over the interviewer come before it
            found[turn.index] = detect_fillers(audio, words)
    return found
