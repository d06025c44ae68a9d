"""Sample arithmetic shared by the engines and storage (numpy only)."""

from __future__ import annotations

import numpy as np


def resample(samples: np.ndarray, rate: int, target: int) -> np.ndarray:
    """Linear interpolation to another sample rate; float32 out. Good enough for speech and for tracks."""
    if rate == target or samples.size == 0:
        return samples.astype(np.float32)
    count = int(round(samples.size * target / rate))
    positions = np.linspace(0, samples.size - 1, count)
    return np.interp(positions, np.arange(samples.size), samples).astype(np.float32)
