"""How the last words before a pause sounded: cues the transcript cannot see. Pure numpy.

A benchmark tool (benchmarks/endpointing.py), not shipped: measured on held-out human speech, no
combination of these cues with the text rules cut false ends without making true ends late (issue 22).

At a pause the words may read as a finished sentence ("we moved the features into the store.")
while the voice says otherwise: the pitch stays up or rises, the last syllable is not drawn out,
the loudness holds. Computed on the audio up to the end of speech (a few seconds of context for
the speaker's own level, the last ~0.5 s for the cue):

- pitch: autocorrelation F0 every 10 ms (70-400 Hz); the slope over the last 0.5 s of voiced
  frames (semitones per second) and where the last 150 ms sit against the speaker's median
  (semitones; a final fall is negative);
- lengthening: the last voiced run against the median voiced run of the context;
- energy: the last 100 ms of speech against the median loudness of speech (dB).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

FRAME_S, HOP_S = 0.04, 0.01
F0_MIN, F0_MAX = 70.0, 400.0
VOICED_CORR = 0.45  # normalised autocorrelation peak that counts as voiced
SPEECH_DB = 35.0  # frames within this of the loudest frame are speech
TAIL_S = 0.5  # the cue's window before the pause
FINAL_S = 0.15  # "where the voice ends": the last voiced frames of this span


@dataclass(frozen=True)
class Prosody:
    f0_slope: float  # semitones per second over the voiced frames of the last 0.5 s (nan: too few)
    final_pitch: float  # semitones of the last 150 ms voiced against the context's median (nan: unvoiced)
    lengthening: float  # last voiced run / median voiced run of the context (nan: no runs)
    energy_drop: float  # dB of the last 100 ms of speech against the median speech frame (negative: quieter)


def _frames(audio: np.ndarray, rate: int) -> np.ndarray:
    n, hop = int(FRAME_S * rate), int(HOP_S * rate)
    if audio.size < n:
        return np.zeros((0, n))
    return np.lib.stride_tricks.sliding_window_view(audio.astype(np.float64), n)[::hop]


def pitch_track(audio: np.ndarray, rate: int = 16_000) -> tuple[np.ndarray, np.ndarray]:
    """(F0 in Hz, nan where unvoiced; loudness in dB) for 40 ms frames every 10 ms."""
    frames = _frames(audio, rate)
    if not len(frames):
        return np.zeros(0), np.zeros(0)
    frames = frames - frames.mean(axis=1, keepdims=True)
    db = 10 * np.log10(np.mean(frames**2, axis=1) + 1e-12)
    n = frames.shape[1]
    spec = np.fft.rfft(frames * np.hanning(n), 2 * n, axis=1)
    corr = np.fft.irfft(np.abs(spec) ** 2, axis=1)[:, :n]
    corr = corr / np.maximum(corr[:, :1], 1e-12)
    lo, hi = int(rate / F0_MAX), min(int(rate / F0_MIN), n - 2)
    lag = lo + np.argmax(corr[:, lo:hi], axis=1)
    peak = corr[np.arange(len(lag)), lag]
    # the window's own taper lowers the correlation at long lags: judge the peak against it
    taper = 1.0 - lag / n
    voiced = (peak / np.maximum(taper, 0.3) >= VOICED_CORR) & (db >= db.max() - SPEECH_DB)
    # parabolic interpolation of the peak for a finer lag
    left, mid, right = (corr[np.arange(len(lag)), lag + d] for d in (-1, 0, 1))
    shift = 0.5 * (left - right) / np.where(np.abs(left - 2 * mid + right) > 1e-12, left - 2 * mid + right, 1)
    f0 = rate / (lag + np.clip(shift, -1, 1))
    return np.where(voiced, f0, np.nan), db


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) of each run of True."""
    edges = np.diff(np.concatenate([[0], mask.astype(np.int8), [0]]))
    return list(zip(np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0]))


def prosody(audio: np.ndarray, rate: int = 16_000) -> Prosody:
    """The cues of the audio up to a pause (trailing silence is trimmed first)."""
    f0, db = pitch_track(audio, rate)
    nan = float("nan")
    if not f0.size:
        return Prosody(nan, nan, nan, nan)
    speech = db >= db.max() - SPEECH_DB
    last = int(np.nonzero(speech)[0][-1]) + 1  # the end of speech, in frames
    f0, db, speech = f0[:last], db[:last], speech[:last]
    tail = int(TAIL_S / HOP_S)
    semis = 12 * np.log2(f0 / np.nanmedian(f0)) if np.isfinite(f0).any() else np.full_like(f0, nan)
    t = np.arange(last) * HOP_S
    window = np.isfinite(semis[-tail:])
    slope = nan
    if window.sum() >= 8:
        slope = float(np.polyfit(t[-tail:][window], semis[-tail:][window], 1)[0])
    voiced_idx = np.nonzero(np.isfinite(semis))[0]
    final = nan
    if voiced_idx.size and voiced_idx[-1] >= last - tail:
        final_frames = voiced_idx[voiced_idx >= voiced_idx[-1] - int(FINAL_S / HOP_S)]
        final = float(np.median(semis[final_frames]))
    runs = [(a, b) for a, b in _runs(np.isfinite(f0)) if b - a >= 3]
    lengthening = nan
    if runs and runs[-1][1] >= last - tail:
        lengthening = float((runs[-1][1] - runs[-1][0]) / np.median([b - a for a, b in runs]))
    energy = float(np.median(db[-10:]) - np.median(db[speech]))
    return Prosody(slope, final, lengthening, energy)
