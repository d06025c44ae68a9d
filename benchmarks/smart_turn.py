"""Smart Turn v3.2 (an end-of-turn classifier, ONNX, BSD-2) for the endpointing benchmark.

Input: the last 8 s of 16 kHz audio up to the moment of asking, as Whisper-style log-mel
features (80 x 800); output: the probability that the speaker has finished. The feature
code is ours, written from the Whisper front end's definition (25 ms Hann windows every
10 ms, 80 Slaney mel bands, log10 clamped 8 decades below the peak, scaled to about [-1, 1]).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

RATE = 16_000
SECONDS = 8
N_FFT, HOP, N_MELS = 400, 160, 80


def _hz_to_mel(f: np.ndarray) -> np.ndarray:  # Slaney: linear below 1 kHz, logarithmic above
    f = np.asarray(f, np.float64)
    return np.where(f < 1000.0, 3.0 * f / 200.0, 15.0 + np.log(np.maximum(f, 1e-9) / 1000.0) * 27.0 / np.log(6.4))


def _mel_to_hz(m: np.ndarray) -> np.ndarray:
    m = np.asarray(m, np.float64)
    return np.where(m < 15.0, 200.0 * m / 3.0, 1000.0 * np.exp((m - 15.0) * np.log(6.4) / 27.0))


def _filterbank() -> np.ndarray:
    """(N_MELS, N_FFT // 2 + 1) triangles, each normalised to unit area (Slaney)."""
    edges = _mel_to_hz(np.linspace(_hz_to_mel(0.0), _hz_to_mel(RATE / 2), N_MELS + 2))
    bins = np.linspace(0, RATE / 2, N_FFT // 2 + 1)
    rising = (bins[None, :] - edges[:-2, None]) / (edges[1:-1] - edges[:-2])[:, None]
    falling = (edges[2:, None] - bins[None, :]) / (edges[2:] - edges[1:-1])[:, None]
    bank = np.maximum(0.0, np.minimum(rising, falling))
    return bank * (2.0 / (edges[2:] - edges[:-2]))[:, None]


_BANK = _filterbank()
_WINDOW = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(N_FFT) / N_FFT)  # periodic Hann


def features(audio: np.ndarray) -> np.ndarray:
    """(80, 800) float32 log-mel of the last 8 s (left-padded with silence when shorter)."""
    n = RATE * SECONDS
    x = np.asarray(audio, np.float32)[-n:]
    x = np.pad(x, (n - x.size, 0))
    x = (x - x.mean()) / np.sqrt(x.var() + 1e-7)
    padded = np.pad(x.astype(np.float64), (N_FFT // 2, N_FFT // 2), mode="reflect")
    frames = np.lib.stride_tricks.sliding_window_view(padded, N_FFT)[::HOP]
    power = np.abs(np.fft.rfft(frames * _WINDOW, axis=-1)) ** 2  # (frames, bins)
    mel = np.log10(np.maximum(1e-10, _BANK @ power.T))[:, :-1]  # Whisper drops the last frame
    mel = np.maximum(mel, mel.max() - 8.0)
    return ((mel + 4.0) / 4.0).astype(np.float32)


class SmartTurn:
    def __init__(self, model: Path, threads: int = 1) -> None:
        import onnxruntime

        opts = onnxruntime.SessionOptions()
        opts.inter_op_num_threads, opts.intra_op_num_threads, opts.log_severity_level = 1, threads, 4
        self._session = onnxruntime.InferenceSession(str(model), opts, providers=["CPUExecutionProvider"])

    def probability(self, audio: np.ndarray) -> float:
        """That the speaker has finished their turn, given the audio up to now."""
        out = self._session.run(None, {"input_features": features(audio)[None]})
        return float(np.asarray(out[0]).reshape(-1)[0])
