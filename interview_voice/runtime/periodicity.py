"""How periodic short frames of audio are, lag by lag: the pitch measure both filler detectors use."""

from __future__ import annotations

import numpy as np


def normalised_autocorrelation(frames: np.ndarray, hi: int) -> np.ndarray:
    """Per frame, r(k) / sqrt(energy of x[0:N-k] * energy of x[k:N]) for lags 0..hi: 1.0 for a
    perfectly periodic frame whatever its period (acf[k] / acf[0] would fall as (N - k) / N).
    frames: (count, N) samples with their mean removed."""
    size = frames.shape[1]
    spectrum = np.fft.rfft(frames, 2 * size, axis=1)
    acf = np.fft.irfft(np.abs(spectrum) ** 2, axis=1)[:, : hi + 1]
    cum = np.cumsum(frames**2, axis=1)
    k = np.arange(hi + 1)
    head = cum[:, size - 1 - k]
    tail = cum[:, -1:] - np.concatenate([np.zeros((len(frames), 1)), cum[:, :hi]], axis=1)
    return acf / np.sqrt(np.maximum(head * tail, 1e-20))


def shortest_strong_lag(acf: np.ndarray, lo: int, hi: int) -> np.ndarray:
    """Per frame, the shortest lag in lo..hi whose periodicity is near the best: no octave jumps."""
    band = acf[:, lo : hi + 1]
    best = band.max(axis=1, keepdims=True)
    return lo + np.argmax(band >= 0.9 * best, axis=1)
