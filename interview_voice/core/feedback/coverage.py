"""Rubric coverage from author-written terms: which points the answer covers, with a quote.

Each rubric point has terms in the bank: concepts separated by ";", each a list
of alternatives separated by "|" (a word or a phrase). An alternative is heard
when its stemmed words occur in a row in the answer (or run together as one
word: "trade-off" matches "tradeoff"). A point's score is the share of its
concepts heard; chosen by measurement on tests/data/coverage_labels.toml
(see benchmarks/feedback_bench.py), a point is covered when every concept is
heard and partial when some are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from interview_voice.core.feedback.tokens import Token, sentence_quote
from interview_voice.core.rubric_match import Spoken, score_point
from interview_voice.core.terms import Concept
from interview_voice.records import Word

COVERED_AT = 1.0  # share of a point's concepts heard for "covered"; above 0 is "partial"


@dataclass(frozen=True)
class PointCoverage:
    point: str
    status: str  # covered | partial | missed
    score: float  # share of concepts heard
    evidence: str | None
    at_s: float | None


def status_of(score: float, covered_at: float = COVERED_AT) -> str:
    return "covered" if score >= covered_at - 1e-9 else "partial" if score > 0 else "missed"


def rubric_coverage(
    rubric: Sequence[str], terms: Sequence[Sequence[Concept]], words: Sequence[Word], tokens: Sequence[Token]
) -> list[PointCoverage]:
    spoken = Spoken.of(tokens)
    result = []
    for point, concepts in zip(rubric, terms):
        score, hits = score_point(spoken, concepts)
        status = status_of(score)
        if hits:
            first, last = min(hits)
            result.append(
                PointCoverage(
                    point, status, score, sentence_quote(words, tokens, first, last), round(tokens[first].start, 2)
                )
            )
        else:
            result.append(PointCoverage(point, status, score, None, None))
    return result


def coverage_share(points: Sequence[PointCoverage]) -> float:
    if not points:
        return 0.0
    return sum(1.0 if p.status == "covered" else 0.5 if p.status == "partial" else 0.0 for p in points) / len(points)
