"""Where on the candidate track an answer cut off by a crash lies, and whether it holds any sound.

An answer whose transcript was never saved (the app stopped while the candidate spoke)
still has its audio on the session's candidate track, which is laid out on the session
timeline. Its span runs from the turn's start (or the end of the question before it, when
the microphone was already listening) to the next turn's start, or to the end of the track
for the last turn, which is where a crash leaves off.
"""

from __future__ import annotations

import numpy as np

MIN_SPAN_S = 0.3  # shorter than this holds no word worth transcribing
SILENT_PEAK = 0.01  # a span whose loudest sample stays below this is silence (the track pads gaps with zeros)


def answer_span(
    started_s: float, next_started_s: float | None, track_s: float, question_ended_s: float | None = None
) -> tuple[float, float] | None:
    """(start, end) in seconds on the candidate track, or None when the track holds no audio of the answer.

    question_ended_s: when the interviewer's turn before the answer ended, if it did before the
    answer's turn began: the candidate may have started speaking then, and that audio is the answer's.
    """
    start = max(0.0, started_s if question_ended_s is None else min(started_s, question_ended_s))
    end = track_s if next_started_s is None else min(next_started_s, track_s)
    if end - start < MIN_SPAN_S:
        return None
    return start, end


def is_silent(samples: np.ndarray) -> bool:
    """True when the samples hold no sound at all (empty, zeros, or a faint hiss)."""
    return samples.size == 0 or float(np.max(np.abs(samples))) < SILENT_PEAK
