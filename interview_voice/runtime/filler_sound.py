"""Is a held voiced sound a filler ("uh", "um"), or a breath, a held word-final vowel, a hum?

The audio detector (runtime/fillers.py) finds steady voiced runs where Whisper wrote no word.
Most are fillers, but fluent readers and talkers make others: a breath with a little voice in
it between lines, the last vowel of a line held and falling ("forever..."), a laugh, mains hum
or a fan. Measured on real recordings (benchmarks/filler_precision.py), a filler is a flat,
steady sound at the speaker's own level and pitch:

| sound (MFA 3.4.3 test recordings)         | pitch spread | pitch slope     | timbre change | level vs voice |
|--------------------------------------------|--------------|-----------------|---------------|----------------|
| real "uh"/"um", spontaneous and on purpose | 0.15-0.64 st | -6.0..-0.9 st/s | 0.03-0.19     | +2..+9 dB      |
| a drawn-out word, its held ending          | 1.3-3.0 st   | -8..+18 st/s    | 0.15-0.27     | -0.4..+3 dB    |
| the end of a word running into the pause  | 0.1-0.3 st   | 0.6-2.4 st/s    | 0.36-0.46     | -0.8..-0.3 dB  |
| a laugh                                    | 0.6 st       | +4.4 st/s       | 0.33          | +12 dB         |
| a breath with some voice in it             | 0.6 st       | +3.5 st/s       | 0.24          | -16.5 dB       |
| a hum in a pause (pitch 3.8x the voice's)  | 0            | 0               | 0.69          | -10.5 dB       |

Where the measures are unsure the sound is not counted: a wrong filler costs more trust than
a missed one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

RATE = 16_000
MAX_PITCH_SPREAD_ST = 0.8  # a filler's pitch stays within this (std, semitones); a held word end glides
MAX_PITCH_SLOPE_ST = 8.0  # ... and drifts slower than this (semitones a second); a line end falls
MAX_TIMBRE_CHANGE = 0.25  # std/mean of the spectral centroid: one vowel held, not a word or noise
MIN_LEVEL_DB = -12.0  # quieter than the voice's median by more than this: a breath or an echo
MAX_PITCH_RATIO = 1.8  # far above the speaker's own pitch: a squeak, a laugh or a machine
MAX_FILLER_PITCH_RATIO = 1.1  # a filler is said low, at or under the voice's median pitch (real ones in the tuned
# recordings: 0.63-1.03 of it); above it, a held or drawn-out word
# Inside a word's timestamps a steady run is more often the word's own vowel than a filler, so there
# a filler must also be said low, at or under the speaker's median pitch (spontaneous "uh"s Whisper
# glued to the next word: 0.70-1.0 of it, MFA 3.4.3 spontaneous talk), with one steady timbre.
MAX_IN_WORD_PITCH_RATIO = 1.05
MAX_IN_WORD_TIMBRE_CHANGE = 0.2
MIN_IN_WORD_LEVEL_DB = -6.0


@dataclass(frozen=True)
class Sound:
    """What a steady voiced run sounds like, relative to the speaker's own voice in the answer."""

    seconds: float
    level_db: float  # median frame level minus the median level of the answer's voiced frames
    pitch_ratio: float  # median pitch over the answer's median voiced pitch
    pitch_spread: float  # std of the pitch around its median, semitones
    pitch_slope: float  # pitch change from the first to the last 50 ms, semitones a second
    timbre_change: float  # std / mean of the spectral centroid over the run

    def why_not(self, in_word: bool = False) -> str | None:
        """None for a filler; otherwise what the sound more likely is. in_word: the run lies inside a
        word's timestamps, where it must also be low, steady in timbre and at the voice's level."""
        if in_word:
            if self.pitch_ratio > MAX_IN_WORD_PITCH_RATIO:
                return "inside a word and not low like a filler: the word's own vowel"
            if self.timbre_change > MAX_IN_WORD_TIMBRE_CHANGE or self.level_db < MIN_IN_WORD_LEVEL_DB:
                return "inside a word and not one steady sound: part of the word"
        if self.level_db < MIN_LEVEL_DB:
            return "too quiet for the voice: a breath or noise"
        if self.pitch_ratio > MAX_PITCH_RATIO:
            return "far above the voice: a squeak, a laugh or a machine"
        if self.pitch_ratio > MAX_FILLER_PITCH_RATIO:
            return "above the voice's own pitch, where fillers are said low: a held or drawn-out word"
        if self.timbre_change > MAX_TIMBRE_CHANGE:
            return "its sound changes: part of a word, or noise"
        if self.pitch_spread > MAX_PITCH_SPREAD_ST or abs(self.pitch_slope) > MAX_PITCH_SLOPE_ST:
            return "its pitch glides: a held word ending"
        return None


def _semitones(lags: np.ndarray, reference: float) -> np.ndarray:
    return 12 * np.log2(reference / lags)  # a shorter period is a higher pitch


def measure(
    audio: np.ndarray,
    voiced: np.ndarray,
    lags: np.ndarray,
    levels: np.ndarray,
    start: int,
    end: int,
    hop: int,
    frame: int,
    reference: tuple[float, float],
) -> Sound:
    """The run of 10 ms frames [start, end) described as a Sound.

    voiced, lags, levels: per frame (levels in dB); reference: (median level in dB, median pitch
    period in samples) of the answer's voiced frames."""
    idx = np.arange(start, end)
    idx = idx[voiced[idx]] if idx.size else idx
    if idx.size < 2:
        return Sound((end - start) * hop / RATE, -99.0, 1.0, 99.0, 99.0, 99.0)
    ref_db, ref_lag = reference
    run_lags = lags[idx].astype(np.float64)
    tones = _semitones(run_lags, float(np.median(run_lags)))
    edge = max(1, min(5, idx.size // 3))  # 50 ms at each end
    span_s = max((idx[-1] - idx[0]) * hop / RATE, hop / RATE)
    slope = float(np.median(tones[-edge:]) - np.median(tones[:edge])) / span_s
    frames = audio[np.minimum(idx[:, None] * hop + np.arange(frame)[None, :], audio.size - 1)].astype(np.float64)
    frames = (frames - frames.mean(axis=1, keepdims=True)) * np.hanning(frame)
    power = np.abs(np.fft.rfft(frames, axis=1)) ** 2
    freqs = np.fft.rfftfreq(frame, 1 / RATE)
    centroid = (power * freqs).sum(axis=1) / np.maximum(power.sum(axis=1), 1e-18)
    return Sound(
        seconds=(end - start) * hop / RATE,
        level_db=float(np.median(levels[idx]) - ref_db),
        pitch_ratio=float(ref_lag / np.median(run_lags)) if ref_lag else 1.0,
        pitch_spread=float(np.std(tones)),
        pitch_slope=slope,
        timbre_change=float(centroid.std() / max(centroid.mean(), 1e-9)),
    )
