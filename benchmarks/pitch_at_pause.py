"""How the voice ended before a pause: pitch, lengthening and loudness the words cannot show (numpy only).

A benchmark tool (benchmarks/turn_judgement.py), not shipped: issue 22's "the voice stays up" lever,
chosen on the tuned split, cut held-out mid-sentence false ends from 50 to 41 per 100 but made 41 of 100
true ends late (14 today). Unlike prosody_cues.py's autocorrelation it uses YIN and folds octave errors,
and places the final pitch in the speaker's own range in the answer.

Speakers signal "I'm done" by letting the pitch fall to the bottom of their range and drawing out the
last syllable, and "more coming" by a level or rising pitch that stays mid-range. Computed on the audio
of the answer up to the pause (trailing silence is trimmed), against this speaker's own voice earlier in
that audio:

- F0 by YIN (de Cheveigné and Kawahara 2002) every 10 ms, 60-400 Hz, folded by octaves towards the
  answer's median so that a halved or doubled frame at a creaky phrase end is not read as a fall or a leap;
- the slope over the last TAIL_S of voiced frames (semitones per second);
- where the last FINAL_S of voicing sits in the answer's own range: the share of its earlier voiced frames
  below it (0: the bottom of the range, 1: the top);
- the last voiced run against the mean voiced run (lengthening);
- the loudness slope over the last TAIL_S of speech (dB per second; negative: fading).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

RATE = 16_000
FRAME_S, HOP_S = 0.032, 0.01
F0_MIN, F0_MAX = 60.0, 400.0
YIN_THRESHOLD = 0.2  # aperiodicity below which a frame is voiced
SPEECH_DB = 40.0  # frames within this of the loudest frame may be speech ...
NOISE_MARGIN_DB = 8.0  # ... and this far above the quietest tenth (the room)
SILENCE_DB = -70.0  # ... and above this (mean square, full scale 0 dB): digital silence has no pitch
TAIL_S = 0.4  # the cue's window at the end of voicing
FINAL_S = 0.1  # "where the voice ends"
MIN_RANGE_FRAMES = 50  # voiced frames (0.5 s) the speaker's range needs before the final pitch is placed in it
MIN_TAIL_FRAMES = 6
CONTEXT_S = 20.0  # the answer's audio the range is learned over (older speech is not read)


@dataclass(frozen=True)
class PitchAtPause:
    slope: float  # semitones per second over the last 0.4 s of voicing (nan: too few voiced frames)
    final_rank: float  # the final pitch's place in this answer's range, 0 bottom .. 1 top (nan: unknown)
    final_semitones: float  # ... in semitones against the answer's median pitch
    lengthening: float  # the last voiced run over the mean voiced run (nan: none)
    energy_slope: float  # dB per second over the last 0.4 s of speech (nan: too short)
    voiced_frames: int

    @property
    def known(self) -> bool:
        return bool(np.isfinite(self.final_rank))


UNKNOWN = PitchAtPause(*(float("nan"),) * 5, voiced_frames=0)


def _frames(audio: np.ndarray, rate: int) -> np.ndarray:
    n, hop = int(FRAME_S * rate), int(HOP_S * rate)
    if audio.size < n:
        return np.zeros((0, n))
    return np.lib.stride_tricks.sliding_window_view(audio.astype(np.float64), n)[::hop]


def pitch_track(audio: np.ndarray, rate: int = RATE) -> tuple[np.ndarray, np.ndarray]:
    """(F0 in Hz, nan where unvoiced or not speech; loudness in dB) for frames every 10 ms."""
    frames = _frames(audio, rate)
    if not len(frames):
        return np.zeros(0), np.zeros(0)
    frames = frames - frames.mean(axis=1, keepdims=True)
    db = 10 * np.log10(np.mean(frames**2, axis=1) + 1e-12)
    n = frames.shape[1]
    max_lag = min(int(rate / F0_MIN), n // 2)
    w = n - max_lag  # YIN's integration window
    # the difference function d(tau) = sum (x_j - x_{j+tau})^2 over a window of w samples, via FFT
    spec = np.fft.rfft(frames, 2 * n, axis=1)
    window_spec = np.fft.rfft(frames[:, :w], 2 * n, axis=1)
    cross = np.fft.irfft(np.conj(window_spec) * spec, axis=1)[:, : max_lag + 1]  # sum x_j x_{j+tau}, j < w
    sq = np.cumsum(np.concatenate([np.zeros((len(frames), 1)), frames**2], axis=1), axis=1)
    energy_at = sq[:, w : w + max_lag + 1] - sq[:, : max_lag + 1]  # sum x_{j+tau}^2, j < w
    diff = sq[:, w : w + 1] + energy_at - 2 * cross
    diff[:, 0] = 0.0
    # cumulative mean normalised difference
    running = np.cumsum(diff[:, 1:], axis=1) / np.arange(1, max_lag + 1)
    cmnd = np.ones_like(diff)
    cmnd[:, 1:] = diff[:, 1:] / np.maximum(running, 1e-12)
    lo = int(rate / F0_MAX)
    region = cmnd[:, lo : max_lag + 1]
    # the first dip under the threshold (then down to its local minimum), else the global minimum
    below = region < YIN_THRESHOLD
    first = np.where(below.any(axis=1), below.argmax(axis=1), region.argmin(axis=1))
    idx = first.copy()
    for _ in range(int(rate / F0_MIN)):  # walk down the dip; stops at its bottom
        step = (idx + 1 < region.shape[1]) & (
            region[np.arange(len(idx)), np.minimum(idx + 1, region.shape[1] - 1)] < region[np.arange(len(idx)), idx]
        )
        if not step.any():
            break
        idx = idx + step
    rows = np.arange(len(idx))
    aperiodic = region[rows, idx]
    lag = idx + lo
    left = cmnd[rows, np.maximum(lag - 1, 1)]
    right = cmnd[rows, np.minimum(lag + 1, max_lag)]
    denom = left - 2 * aperiodic + right
    shift = np.where(np.abs(denom) > 1e-12, 0.5 * (left - right) / np.where(denom == 0, 1, denom), 0.0)
    f0 = rate / (lag + np.clip(shift, -1, 1))
    floor = np.percentile(db, 10)
    # all loud (no room to measure): only the loudest SPEECH_DB count
    speech = (db >= db.max() - SPEECH_DB) & (db >= min(floor + NOISE_MARGIN_DB, db.max() - 3)) & (db > SILENCE_DB)
    voiced = speech & (aperiodic < YIN_THRESHOLD)
    return np.where(voiced, f0, np.nan), db


def _fold_octaves(semis: np.ndarray) -> np.ndarray:
    """Each voiced frame moved by whole octaves to within 6 semitones of the median (octave errors)."""
    voiced = np.isfinite(semis)
    if not voiced.any():
        return semis
    centre = np.median(semis[voiced])
    folded = semis.copy()
    folded[voiced] = semis[voiced] - 12 * np.round((semis[voiced] - centre) / 12)
    return folded


def _smooth(semis: np.ndarray) -> np.ndarray:
    """A 5-frame median over voiced frames (a lone wrong frame does not bend the slope)."""
    voiced = np.isfinite(semis)
    if not voiced.any():
        return semis
    padded = np.concatenate([np.full(2, np.nan), semis, np.full(2, np.nan)])
    windows = np.lib.stride_tricks.sliding_window_view(padded, 5)[voiced]
    out = semis.copy()
    out[voiced] = np.nanmedian(windows, axis=1)  # every window holds its own voiced centre
    return out


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) of each run of True."""
    edges = np.diff(np.concatenate([[0], mask.astype(np.int8), [0]]))
    return list(zip(np.nonzero(edges == 1)[0].tolist(), np.nonzero(edges == -1)[0].tolist()))


def pitch_at_pause(audio: np.ndarray, rate: int = RATE) -> PitchAtPause:
    """The cues of the answer's audio up to a pause (the last CONTEXT_S seconds are read)."""
    f0, db = pitch_track(audio[-int(CONTEXT_S * rate) :], rate)
    voiced = np.isfinite(f0)
    if voiced.sum() < MIN_TAIL_FRAMES:
        return UNKNOWN
    last = int(np.nonzero(voiced)[0][-1]) + 1  # the end of voicing: what follows is silence or unvoiced
    semis = np.full(f0.shape, np.nan)
    semis[voiced] = 12 * np.log2(f0[voiced] / 100.0)
    semis = _smooth(_fold_octaves(semis))[:last]
    centre = float(np.nanmedian(semis))
    tail = max(1, int(TAIL_S / HOP_S))
    t = np.arange(last) * HOP_S
    window = np.isfinite(semis[-tail:])
    slope = float("nan")
    if window.sum() >= MIN_TAIL_FRAMES:
        slope = float(np.polyfit(t[-tail:][window], semis[-tail:][window], 1)[0])
    final_span = semis[-int(FINAL_S / HOP_S) :]
    final = float(np.median(final_span[np.isfinite(final_span)]))
    before = semis[: max(0, last - tail)]
    before = before[np.isfinite(before)]
    rank = float(np.mean(before < final)) if before.size >= MIN_RANGE_FRAMES else float("nan")
    runs = [(a, b) for a, b in _runs(np.isfinite(semis)) if b - a >= 3]
    lengthening = float("nan")
    if len(runs) >= 2 and runs[-1][1] >= last - 2:
        lengthening = float((runs[-1][1] - runs[-1][0]) / np.mean([b - a for a, b in runs[:-1]]))
    loud = db[:last][-tail:]
    energy = float("nan")
    if loud.size >= MIN_TAIL_FRAMES:
        energy = float(np.polyfit(np.arange(loud.size) * HOP_S, loud, 1)[0])
    return PitchAtPause(slope, rank, final - centre, lengthening, energy, int(voiced.sum()))


STAYS_UP_SEMITONES = 1.0  # the tuned split's choice in benchmarks/turn_judgement.py (issue 22)


def voice_stays_up(cue: PitchAtPause, above: float = STAYS_UP_SEMITONES) -> bool:
    """The voice ended above this speaker's middle: the last 100 ms of voicing more than `above`
    semitones over the answer's median pitch ("more coming"). False when the pitch is unknown."""
    return bool(np.isfinite(cue.final_semitones) and cue.final_semitones > above)
