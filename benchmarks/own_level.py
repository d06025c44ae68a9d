"""How loud the last words before a pause were, against this speaker's own sentence ends. Pure numpy.

A benchmark cue (benchmarks/turn_judgement.py), not shipped (issue 22: no better on held-out speech).

People let their voice fall at the end of what they have to say, and each speaker by their own
amount: a sentence closed at the level the speaker ends sentences is a likely end, one closed
louder (the voice held up) is likely to go on. The comparison is with the earlier sentence ends
of this answer (word times from the live transcript), not with the loudness of all speech, which
mixes stressed words and quiet ones.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

RATE = 16_000
HOP_S = 0.01
LEVEL_S = 0.1  # the end of a sentence: its last 100 ms of speech
SEARCH_BACK_S = 0.35  # word end times are approximate: the end of speech is looked for this far before ...
SEARCH_AHEAD_S = 0.15  # ... and this far after
SPEECH_BELOW_MEDIAN_DB = 20.0  # a frame this far below the answer's median loudness is not speech


def _frame_db(audio: np.ndarray, rate: int) -> np.ndarray:
    """Loudness of 10 ms frames in dB."""
    hop = int(HOP_S * rate)
    n = audio.size // hop
    if n == 0:
        return np.zeros(0)
    frames = audio[: n * hop].astype(np.float64).reshape(n, hop)
    return 10 * np.log10(np.mean(frames**2, axis=1) + 1e-12)


def _level_at(db: np.ndarray, floor: float, at_s: float) -> float | None:
    """The loudness of the last 100 ms of speech that ends near at_s (None: no speech there)."""
    lo = max(0, int((at_s - SEARCH_BACK_S) / HOP_S))
    hi = min(db.size, int((at_s + SEARCH_AHEAD_S) / HOP_S) + 1)
    speech = np.nonzero(db[lo:hi] >= floor)[0]
    if not speech.size:
        return None
    last = lo + int(speech[-1]) + 1
    window = db[max(0, last - int(LEVEL_S / HOP_S)) : last]
    return float(10 * np.log10(np.mean(10 ** (window / 10)) + 1e-12))


def level_vs_own_ends_db(
    audio: np.ndarray, sentence_ends_s: Sequence[float], rate: int = RATE, keep: int = 8
) -> float | None:
    """dB of the last 100 ms of speech in audio (the answer up to the pause) against the median of the
    same at this answer's earlier sentence ends (seconds into audio); positive: held up louder than the
    speaker ends sentences. None when there is no earlier sentence end to compare with."""
    db = _frame_db(audio, rate)
    if db.size < 20:
        return None
    floor = float(np.median(db[db >= db.max() - 50.0])) - SPEECH_BELOW_MEDIAN_DB
    now = _level_at(db, floor, db.size * HOP_S)
    earlier = [
        level
        for t in list(sentence_ends_s)[-keep:]
        if t < db.size * HOP_S - 0.5 and (level := _level_at(db, floor, t)) is not None
    ]
    if now is None or not earlier:
        return None
    return now - float(np.median(earlier))
