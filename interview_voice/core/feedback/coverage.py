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

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace

from interview_voice.core.feedback.judge import RESCUE_AT, THRESHOLDS, Ask, PointJudge, Thresholds, combine
from interview_voice.core.feedback.tokens import Token, quote, sentence_bounds, sentence_quote
from interview_voice.core.rubric_match import Spoken, score_point
from interview_voice.core.terms import Concept
from interview_voice.records import Word

log = logging.getLogger(__name__)

COVERED_AT = 1.0  # share of a point's concepts heard for "covered"; above 0 is "partial"


@dataclass(frozen=True)
class PointCoverage:
    point: str
    status: str  # covered | partial | missed
    score: float  # share of concepts heard
    evidence: str | None
    at_s: float | None
    passage: str | None = None  # the whole sentences holding the concepts heard (what a judge reads)


def status_of(score: float, covered_at: float = COVERED_AT) -> str:
    return "covered" if score >= covered_at - 1e-9 else "partial" if score > 0 else "missed"


def rubric_coverage(
    rubric: Sequence[str],
    terms: Sequence[Sequence[Concept]],
    words: Sequence[Word],
    tokens: Sequence[Token],
    judge: Judging | None = None,
) -> list[PointCoverage]:
    """Each point's status and quote from the terms; with a judge, each point the terms credit or partly
    credit is put to it too, and its margin may veto the point or confirm a partial one (core.feedback.
    judge.combine). A point the judge does not answer keeps the terms' status."""
    spoken = Spoken.of(tokens)
    result = []
    for point, concepts in zip(rubric, terms):
        score, hits = score_point(spoken, concepts)
        status = status_of(score)
        if hits:
            first, last = min(hits)
            result.append(
                PointCoverage(
                    point,
                    status,
                    score,
                    sentence_quote(words, tokens, first, last),
                    round(tokens[first].start, 2),
                    passage(words, tokens, hits),
                )
            )
        else:
            result.append(PointCoverage(point, status, score, None, None))
    if judge is None:
        return result
    sentences = [
        Sentence(
            quote(words, tokens, start, end - 1), sentence_quote(words, tokens, start, end - 1), tokens[start].start
        )
        for start, end in sentence_bounds(tokens)
    ]
    return judged(result, judge, sentences)


@dataclass(frozen=True)
class Sentence:
    """One sentence of the answer as the judge reads it (whole) and as a report quotes it (cut to length)."""

    text: str
    quote: str
    at_s: float


@dataclass(frozen=True)
class Judging:
    """A judge of one answer's points (core.feedback.judge): the callable, the question and the answer's
    text it reads, and the thresholds its margins are read with."""

    judge: PointJudge
    question: str
    answer: str
    thresholds: Thresholds = THRESHOLDS
    missed_too: bool = False  # also ask about the points the terms miss, sentence by sentence (RESCUE_AT)


def judged(
    points: Sequence[PointCoverage], judging: Judging, sentences: Sequence[Sentence] = ()
) -> list[PointCoverage]:
    """The points with the judge's verdict on each credited or partly credited one. A vetoed point is
    missed and keeps no quote; a judge that fails or answers fewer points than asked leaves the rest as
    the terms have them. With `missed_too`, each point the terms miss is then asked about each sentence,
    and credited with the sentence whose margin is highest, if it reaches RESCUE_AT."""
    asks = [Ask(i, p.point, p.passage or p.evidence or "") for i, p in enumerate(points) if p.status != "missed"]
    rescues: list[tuple[Ask, Sentence]] = []
    if judging.missed_too:  # after the vetoes: a point wrongly credited costs the candidate more
        rescues = [
            (Ask(i, p.point, s.text), s) for i, p in enumerate(points) if p.status == "missed" for s in sentences
        ]
    if not asks and not rescues:
        return list(points)
    try:
        margins = list(judging.judge(judging.question, judging.answer, asks + [a for a, _ in rescues]))
    except Exception:  # the model failed: the terms alone, as without a model
        log.warning("key points judged by their terms alone: the judge failed", exc_info=True)
        return list(points)
    out = list(points)
    for ask, margin in zip(asks, margins):
        p = points[ask.index]
        status = combine(p.status, margin, judging.thresholds)
        if status == "missed":
            out[ask.index] = replace(p, status=status, evidence=None, at_s=None, passage=None)
        elif status != p.status:
            out[ask.index] = replace(p, status=status)
    best: dict[int, tuple[float, Sentence]] = {}
    for (ask, sentence), margin in zip(rescues, margins[len(asks) :]):
        if margin is not None and margin >= RESCUE_AT and margin > best.get(ask.index, (-1e9, sentence))[0]:
            best[ask.index] = (margin, sentence)
    for index, (_, sentence) in best.items():
        out[index] = replace(
            points[index],
            status="covered",
            evidence=sentence.quote,
            at_s=round(sentence.at_s, 2),
            passage=sentence.text,
        )
    return out


def passage(words: Sequence[Word], tokens: Sequence[Token], hits: Sequence[tuple[int, int]]) -> str:
    """The whole sentences from the first place heard to the last (a point's concepts lie within
    SENTENCE_WINDOW sentences of each other), uncut."""
    first, last = min(h[0] for h in hits), max(h[1] for h in hits)
    bounds = sentence_bounds(tokens)
    start = next((s for s, e in bounds if s <= first < e), first)
    end = next((e for s, e in bounds if s <= last < e), last + 1)
    return quote(words, tokens, start, end - 1)


def coverage_share(points: Sequence[PointCoverage]) -> float:
    if not points:
        return 0.0
    return sum(1.0 if p.status == "covered" else 0.5 if p.status == "partial" else 0.0 for p in points) / len(points)
