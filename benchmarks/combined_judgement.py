"""Has the candidate finished? Every cue the app has at a pause, combined by weights fitted on data.

A benchmark candidate (benchmarks/turn_judgement.py), not shipped: fitted on the tuned material it
was no better than today's rule on the held-out material (issue 22), so core/ keeps the text rules.

The cues: the words so far (core.turn_end.judge_pause), Smart Turn's probability that the turn is
over (the audio of the last seconds), how loud the last 100 ms were against this speaker's own
earlier sentence ends in the answer (benchmarks/own_level.py), and the speaker's pace (core.endpointing).
A logistic score of the acoustic cues gives the chance the answer is over where the words sound
finished; a confident end gets a short wait, an uncertain one a longer wait and no acknowledgement,
an unlikely one the wait of a thought left hanging. Pure decisions on recorded features; the weights
come from benchmarks/turn_judgement.py's fit (tuned material only).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from interview_voice.core.endpointing import EndpointSettings, SpeakerPace, wait_ms
from interview_voice.core.turn_end import Completion


@dataclass(frozen=True)
class PauseCues:
    words: Completion | None  # the text rules' judgement of the words so far (None: not known)
    turn_end_p: float | None = None  # Smart Turn: the audio says the turn is over (None: not scored)
    level_db: float | None = None  # last 100 ms against own earlier sentence ends (None: none to compare)


@dataclass(frozen=True)
class JudgementWeights:
    bias: float = 0.0
    turn: float = 1.0  # per unit of Smart Turn's log-odds
    level: float = 0.0  # per dB held up above the speaker's own sentence ends (negative: louder, less likely over)
    confident_p: float = 0.8  # at or above: a confident end
    unlikely_p: float = 0.2  # below: treated as a thought left hanging
    fast_ms: float = 500.0  # the wait after a confident end (never longer than the user's setting)
    unsure_ms: float = 1500.0  # the wait when unsure (at least the speaker's learned pace)
    hanging_confident_p: float = 1.1  # words without a full stop but audio this sure: the unsure wait (>1: never)


@dataclass(frozen=True)
class Verdict:
    completion: Completion | None  # what the pause was taken as (for the pace and the record)
    wait_ms: float  # the silence that ends the turn
    end_p: float | None  # the combined chance the answer is over (None: no acoustic cue)
    acknowledge: bool  # an "Okay." may fill the silence (held back when the end was uncertain)
    reason: str  # for the session's record of turn ends


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def end_probability(cues: PauseCues, w: JudgementWeights) -> float | None:
    """The chance the answer is over, from the audio cues (None: Smart Turn did not score it)."""
    if cues.turn_end_p is None:
        return None
    z = w.bias + w.turn * _logit(cues.turn_end_p) + (w.level * cues.level_db if cues.level_db is not None else 0.0)
    return 1 / (1 + math.exp(-z))


def judge(cues: PauseCues, s: EndpointSettings, pace: SpeakerPace | None, w: JudgementWeights) -> Verdict:
    """How long a silence ends the turn at this pause, and whether an acknowledgement may fill it."""
    today = wait_ms(s, cues.words, pace)
    p = end_probability(cues, w)
    if p is None or cues.words not in (Completion.FINISHED, Completion.HANGING):
        return Verdict(cues.words, today, p, True, f"words {cues.words.value if cues.words else 'unknown'}")
    paced = today if cues.words is Completion.FINISHED else s.finished_silence_ms
    unsure = max(w.unsure_ms, paced)
    if cues.words is Completion.HANGING:  # "all right, thanks" with no full stop, said as an end
        if p >= w.hanging_confident_p:
            return Verdict(Completion.FINISHED, unsure, p, False, f"no full stop, but audio sure ({p:.2f})")
        return Verdict(cues.words, today, p, True, f"words hanging ({p:.2f})")
    if p >= w.confident_p:
        return Verdict(cues.words, min(w.fast_ms, s.finished_silence_ms), p, True, f"confident end ({p:.2f})")
    if p < w.unlikely_p:
        return Verdict(Completion.HANGING, s.thinking_grace_ms, p, False, f"finished words, unlikely end ({p:.2f})")
    return Verdict(cues.words, unsure, p, False, f"uncertain end ({p:.2f})")
