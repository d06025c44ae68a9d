"""Flags about an answer, and the question's red flags where code can detect them.

A bank red flag is reported only when a detector below matches its wording
and finds it in the answer; the others are left to the candidate's judgement
on replay (code does not guess at "Defensive" or "Hand-waving").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from interview_voice.core.feedback.tokens import Token, sentence_quote
from interview_voice.records import Word

FLAGS = ("off_topic", "evasive", "no_answer", "injection", "over_time", "rambling")
NO_ANSWER_WORDS = 5  # fewer spoken words than this is no answer
EVASIVE_MAX_WORDS = 40  # "I don't know" in a longer answer with content is candour, not evasion
RAMBLING_WORDS = 150  # this long ...
RAMBLING_COVERAGE = 0.25  # ... and covering at most this share of the rubric
ABSENCE_MIN_WORDS = 40  # "never mentions X" is only judged on an answer this long


@dataclass(frozen=True)
class AnswerFacts:
    """What the red-flag detectors may look at."""

    words: Sequence[Word]
    tokens: Sequence[Token]
    spoken_words: int
    numbers: int
    star_result: str | None
    i_count: int
    we_count: int
    over_time: bool


def _phrase(pattern: str) -> Callable[[AnswerFacts], tuple[str | None, float | None] | None]:
    regex = re.compile(pattern)

    def detect(facts: AnswerFacts):
        norms = [t.norm for t in facts.tokens]
        text = " ".join(norms)
        match = regex.search(text)
        if not match:
            return None
        index = text.count(" ", 0, match.start())  # the token the match starts at
        return sentence_quote(facts.words, facts.tokens, index), round(facts.tokens[index].start, 2)

    return detect


def _absent(pattern: str) -> Callable[[AnswerFacts], tuple[str | None, float | None] | None]:
    regex = re.compile(pattern)

    def detect(facts: AnswerFacts):
        text = " ".join(t.norm for t in facts.tokens)
        return (None, None) if facts.spoken_words >= ABSENCE_MIN_WORDS and not regex.search(text) else None

    return detect


def _no_number(facts: AnswerFacts):
    return (None, None) if facts.spoken_words >= ABSENCE_MIN_WORDS and facts.numbers == 0 else None


def _no_result(facts: AnswerFacts):
    return (None, None) if facts.spoken_words >= ABSENCE_MIN_WORDS and facts.star_result is None else None


def _only_we(facts: AnswerFacts):
    return (
        (None, None) if facts.spoken_words >= ABSENCE_MIN_WORDS and facts.we_count >= 3 and facts.i_count == 0 else None
    )


def _over_time(facts: AnswerFacts):
    return (None, None) if facts.over_time else None


# (what the bank's red flag says, how to find it in the answer)
DETECTORS: list[tuple[re.Pattern, Callable[[AnswerFacts], tuple[str | None, float | None] | None]]] = [
    (
        re.compile(r"blame|was the problem", re.I),
        _phrase(
            r"\b(their fault|(his|her|the \w+ team's|the team's) fault|they (never|didn't|did not|refused|failed)|"
            r"because of (them|the other team|management)|it wasn't (my|our) fault|(was|were) to blame)\b"
        ),
    ),
    (re.compile(r"^no (outcome|results?)$", re.I), _no_result),
    (re.compile(r"^no (numbers?|numbers at all|measurement)$", re.I), _no_number),
    (re.compile(r"only says 'we'", re.I), _only_we),
    (re.compile(r"used the defaults", re.I), _phrase(r"\b(the )?defaults?\b")),
    (re.compile(r"^no baseline", re.I), _absent(r"\b(baseline|simple model|heuristic|rule based|logistic)")),
    (re.compile(r"^no monitoring$", re.I), _absent(r"\b(monitor|alert|dashboard|drift|track)")),
    (re.compile(r"^no evaluation$", re.I), _absent(r"\b(evaluat|metric|test|validat|measur|precision|recall|auc)")),
    (re.compile(r"^no fallback$", re.I), _absent(r"\b(fallback|fall back|fail over|failover|default answer|degrade)")),
    (re.compile(r"runs far over time", re.I), _over_time),
    (
        re.compile(r"nothing went wrong|it doesn't fail|it will be fine", re.I),
        _phrase(r"\b(nothing went wrong|it (never|doesn't|does not) fail|it will be fine|no problems at all)\b"),
    ),
    (re.compile(r"ask legal later", re.I), _phrase(r"\b(legal|compliance) later\b")),
    (
        re.compile(r"shuffles time series|random split on time|random cross-validation", re.I),
        _phrase(r"\b(shuffle|random (split|cross validation|k fold)|randomly split)"),
    ),
    (re.compile(r"threshold fixed at 0\.5|always 0\.5", re.I), _phrase(r"\b(0 5|point five|zero point five)\b")),
]


def red_flags(flags: Sequence[str], facts: AnswerFacts) -> list[dict]:
    found = []
    for flag in flags:
        for wording, detect in DETECTORS:
            if wording.search(flag) and (hit := detect(facts)) is not None:
                found.append({"flag": flag, "evidence": hit[0], "at_s": hit[1]})
                break
    return found


def answer_flags(
    *,
    spoken_words: int,
    off_topic: bool,
    evasive: bool,
    injection: bool,
    over_time: bool,
    coverage: float,
    cut_short: bool = False,
) -> list[str]:
    """cut_short: the candidate ended the interview during the answer, so a few words are the start of
    an answer, not a lack of one: only an answer with no words at all is no answer."""
    flags = []
    if spoken_words < (1 if cut_short else NO_ANSWER_WORDS):
        flags.append("no_answer")
    if off_topic and spoken_words >= NO_ANSWER_WORDS and coverage == 0:
        flags.append("off_topic")
    if evasive and (spoken_words < EVASIVE_MAX_WORDS or coverage == 0):
        flags.append("evasive")
    if injection:
        flags.append("injection")
    if over_time:
        flags.append("over_time")
    if spoken_words >= RAMBLING_WORDS and coverage <= RAMBLING_COVERAGE and "off_topic" not in flags:
        flags.append("rambling")
    return flags
