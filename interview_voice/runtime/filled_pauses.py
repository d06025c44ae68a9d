"""Filled pauses ("uh", "um") found in the audio itself, also inside the words' timestamps.

Whisper leaves most spontaneous fillers out and stretches a neighbouring word's timestamps over
them, so a detector that looks only between words never sees them (issue 24: 12 of 14 tuned fillers).
A filled pause is a held vowel: voiced for 200 ms or more, its pitch nearly flat and its spectrum
nearly constant (low spectral flux), said no louder than the speaker's stressed syllables. Breaths are
unvoiced and noisy, so they never make such a run.

A run found inside a word's timestamps counts only when the word's span is much longer than its
letters take at this speaker's own pace (then part of the span is something else), and either began in
the pause before the word ("uh this" written as one early "this") or follows the word's own sound
closely ("that uh" written as one long "that"). A run that reaches the word's end is the word's own
ending held, and one deep inside a long span is the word drawn out: unsure, so not counted. Pure numpy.

Measured (issue 24, benchmarks/filler_precision.py --variant scan=scan:true) and not shipped: the
report's detector calls it only with FillerRules(scan=True). Tuned disfluent recall 0.43 -> 0.62 with no
more false fillers; held out 0.05 -> 0.18 (22 machine-marked fillers), but a false one in fluent news.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from interview_voice.records import Word
from interview_voice.runtime.periodicity import normalised_autocorrelation, shortest_strong_lag

log = logging.getLogger(__name__)

RATE = 16_000
HOP = 160  # 10 ms
FRAME = 640  # 40 ms: two periods of a 50 Hz voice
PITCH_FLOOR_HZ, PITCH_CEIL_HZ = 60.0, 400.0
MIN_S_PER_LETTER, MAX_S_PER_LETTER = 0.04, 0.1  # a fast and a slow speaker; a clip whose words Whisper
# stretched over long pauses would otherwise look slow (0.16 s a letter in a tuned clip)
BANDS = 24  # log-spaced bands 100 Hz - 4 kHz for the spectral flux


@dataclass(frozen=True)
class ScanRules:
    """What a held run must be, and when a word's span has room for one."""

    min_run_s: float = 0.2
    min_periodicity: float = 0.6  # normalised autocorrelation at the pitch period
    pitch_step: float = 0.03  # a frame's pitch within this of the run's recent median (held vowel)
    max_flux_db: float = 3.0  # mean change of the band levels from frame to frame, dB
    bridge_frames: int = 2  # a held vowel may lose voicing (creak) or flux for this many frames
    quiet_db: float = 30.0  # frames this far under the answer's loud frames are silence
    max_pitch_ratio: float = 1.1  # a filler is said low: at most this over the speaker's median pitch
    under_stressed_db: float = 1.0  # ... and this much under the voice's stressed syllables (its 90th percentile)
    min_level_db: float = -12.0  # ... nor far under the voice: a breath, an echo
    gap_slack_s: float = 0.06  # word timestamps are this loose
    min_excess_s: float = 0.4  # a word's span exceeds its own expected length by this much ...
    excess_share: float = 1.0  # ... and by at least this share of the run it holds
    own_sound_s: float = 0.1  # inside a word, a filler starts after at least this much of the word's own sound
    after_word_s: float = 0.4  # ... and at most this long after the word's letters would take to say
    word_end_s: float = 0.05  # a run this close to a word's end is the word's last sound held
    default_s_per_letter: float = 0.07
    in_words: bool = True


@dataclass(frozen=True)
class Features:
    """Per 10 ms frame of an answer."""

    pitch_hz: np.ndarray  # 0 where unvoiced
    periodicity: np.ndarray
    level_db: np.ndarray
    flux_db: np.ndarray


@dataclass(frozen=True)
class Run:
    """A held voiced run, in frames [start, end), and how it was judged."""

    start: int
    end: int
    pitch_hz: float
    level_db: float  # median level minus the voice's median level
    pitch_ratio: float  # median pitch over the voice's median pitch
    place: str  # "gap" | "in word"
    why: str | None = None  # None: a filler

    @property
    def at_s(self) -> float:
        return self.start * HOP / RATE

    @property
    def end_s(self) -> float:
        return self.end * HOP / RATE


def features(audio: np.ndarray, rules: ScanRules = ScanRules()) -> Features:
    """Pitch (normalised autocorrelation), level and spectral flux of every 10 ms frame."""
    audio = np.asarray(audio, np.float32)
    n = 1 + (audio.size - FRAME) // HOP if audio.size >= FRAME else 0
    if not n:
        z = np.zeros(0)
        return Features(z, z, z, z)
    idx = np.arange(FRAME)[None, :] + HOP * np.arange(n)[:, None]
    frames = audio[idx].astype(np.float64)
    frames -= frames.mean(axis=1, keepdims=True)
    level = 10 * np.log10(np.mean(frames**2, axis=1) + 1e-12)
    loud = np.percentile(level, 95)
    pitch = np.zeros(n)
    periodicity = np.zeros(n)
    lo, hi = int(RATE / PITCH_CEIL_HZ), int(RATE / PITCH_FLOOR_HZ)
    sound = np.flatnonzero(level > loud - rules.quiet_db)
    flux = np.full(n, 99.0)
    if sound.size:
        chunk = 2048  # bounded memory on long answers
        for a in range(0, sound.size, chunk):
            rows = sound[a : a + chunk]
            f = frames[rows]
            acf = normalised_autocorrelation(f, hi)
            lag = shortest_strong_lag(acf, lo, hi)
            # parabolic interpolation for a finer period than one sample (3 % of 200 Hz is 2.4 samples)
            r = np.arange(len(f))
            left, mid, right = acf[r, lag - 1], acf[r, lag], acf[r, np.minimum(lag + 1, hi)]
            denom = left - 2 * mid + right
            shift = np.where(np.abs(denom) > 1e-9, 0.5 * (left - right) / np.where(denom == 0, 1, denom), 0.0)
            period = lag + np.clip(shift, -0.5, 0.5)
            pitch[rows] = np.where(mid >= rules.min_periodicity, RATE / period, 0.0)
            periodicity[rows] = mid
    # spectral flux on log band levels, each frame's overall level removed: the timbre's change only
    win = np.hanning(FRAME)
    power = np.abs(np.fft.rfft(frames * win, axis=1)) ** 2
    freqs = np.fft.rfftfreq(FRAME, 1 / RATE)
    edges = np.geomspace(100, 4000, BANDS + 1)
    which = np.digitize(freqs, edges) - 1
    keep = (which >= 0) & (which < BANDS)
    bands = np.zeros((n, BANDS))
    np.add.at(bands.T, which[keep], power[:, keep].T)
    logb = 10 * np.log10(bands + 1e-12)
    logb -= logb.mean(axis=1, keepdims=True)
    diff = np.abs(np.diff(logb, axis=0)).mean(axis=1)
    flux[1:] = np.where(level[1:] > loud - rules.quiet_db, diff, 99.0)
    return Features(pitch, periodicity, level, flux)


def held_runs(feats: Features, rules: ScanRules = ScanRules()) -> list[tuple[int, int]]:
    """Frames [start, end) of runs held ≥ min_run_s: voiced, the pitch within pitch_step of the run's
    recent median and a low spectral flux, up to bridge_frames failing frames in a row inside."""
    pitch, flux = feats.pitch_hz, feats.flux_db
    need = int(round(rules.min_run_s * RATE / HOP))
    runs: list[tuple[int, int]] = []
    start, last, missing = -1, -1, 0
    recent: list[float] = []
    for i in range(len(pitch)):
        ok = pitch[i] > 0 and flux[i] <= rules.max_flux_db
        if ok and start >= 0 and missing <= rules.bridge_frames:
            ref = float(np.median(recent[-10:]))
            if abs(pitch[i] / ref - 1) <= rules.pitch_step:
                recent.append(pitch[i])
                last, missing = i, 0
                continue
        if start >= 0 and not ok:
            missing += 1
            if missing <= rules.bridge_frames:
                continue
        if start >= 0 and last + 1 - start >= need:
            runs.append((start, last + 1))
        start, recent, missing = (i, [pitch[i]], 0) if ok else (-1, [], 0)
        last = i
    if start >= 0 and last + 1 - start >= need:
        runs.append((start, last + 1))
    return runs


def _letters(text: str) -> int:
    return len(re.sub(r"[^a-z]", "", text.lower())) + 4 * len(re.sub(r"[^0-9]", "", text))


def seconds_per_letter(words: Sequence[Word], default: float) -> float:
    """This speaker's pace: the median of each word's length over its letters (Whisper's stretched words
    are few, so the median stays the word's own)."""
    rates = [(w.end - w.start) / _letters(w.text) for w in words if _letters(w.text) >= 2 and w.end > w.start]
    if len(rates) < 5:
        return default
    return float(np.clip(np.median(rates), MIN_S_PER_LETTER, MAX_S_PER_LETTER))


def _frame(seconds: float) -> int:
    return int(round(seconds * RATE / HOP))


def judge(
    start: int,
    end: int,
    feats: Features,
    words: Sequence[Word],
    reference: tuple[float, float, float],
    pace: float,
    rules: ScanRules,
) -> Run:
    """Is the run a filler: where it lies (a gap, or a word with room for it) and how it sounds.

    reference: the voice's median level (dB), its stressed level (90th percentile, dB) and its median pitch (Hz)."""
    ref_db, stressed_db, ref_hz = reference
    voiced = feats.pitch_hz[start:end] > 0
    hz = float(np.median(feats.pitch_hz[start:end][voiced]))
    level = float(np.median(feats.level_db[start:end]))
    ratio = hz / ref_hz if ref_hz else 1.0
    at, until = start * HOP / RATE, end * HOP / RATE
    slack = rules.gap_slack_s
    overlapping = [w for w in words if min(until, w.end - slack) - max(at, w.start + slack) > 0]
    place, why = ("in word", None) if overlapping else ("gap", None)
    if overlapping and not rules.in_words:
        why = "inside a word"
    elif len(overlapping) > 1:
        why = "runs from one word into the next: their own voiced sounds"
    elif overlapping:
        w = overlapping[0]
        before = [v for v in words if v.end <= w.start + 1e-6]
        # Whisper left a pause before the word and the run starts in it
        from_gap = at <= w.start and (not before or (before[-1].end < w.start and at >= before[-1].end - slack))
        expected = pace * _letters(w.text)
        excess = (w.end - w.start) - expected
        held = min(until, w.end) - max(at, w.start)
        if from_gap:
            pass  # begun in the pause before the word, which Whisper started early: "uh this" as one "this"
        elif until >= w.end - rules.word_end_s:
            why = f"runs to the end of '{w.text}': the word's own ending held"
        elif excess < max(rules.min_excess_s, rules.excess_share * held):
            why = f"inside '{w.text}', whose span its letters fill: the word's own sound"
        elif not rules.own_sound_s <= at - w.start <= expected + rules.after_word_s:
            # a filler Whisper glued after a word follows the word's own sound closely ("that uh" as
            # one long "that"); a steady run at its very start or deep into a long span is the word
            # drawn out ("Montreal foooor", "Stylinaaa" in the tuned voice-effect clips)
            why = f"not just after the sound of '{w.text}': the word drawn out"
    if why is None:
        if level < ref_db + rules.min_level_db:
            why = "too quiet for the voice: a breath or noise"
        elif level > stressed_db - rules.under_stressed_db:
            why = "as loud as the voice's stressed syllables"
        elif ratio > rules.max_pitch_ratio:
            why = "above the voice's pitch, where fillers are said low"
    return Run(start, end, hz, level - ref_db, ratio, place, why)


def scan(audio: np.ndarray, words: Sequence[Word], rules: ScanRules = ScanRules()) -> list[Run]:
    """Every held run in the answer, judged (Run.why is None for a filler)."""
    feats = features(audio, rules)
    voiced_in_words = np.zeros(len(feats.pitch_hz), bool)
    for w in words:
        voiced_in_words[_frame(w.start) : _frame(w.end)] = True
    voiced_in_words &= feats.pitch_hz > 0
    if voiced_in_words.sum() < 10:
        return []
    levels = feats.level_db[voiced_in_words]
    reference = (
        float(np.median(levels)),
        float(np.percentile(levels, 90)),
        float(np.median(feats.pitch_hz[voiced_in_words])),
    )
    pace = seconds_per_letter(words, rules.default_s_per_letter)
    return [judge(a, b, feats, words, reference, pace, rules) for a, b in held_runs(feats, rules)]
