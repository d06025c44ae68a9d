"""Matching an answer's words against a rubric point's author-written terms.

A point's terms are concepts, each a list of alternatives (core.terms). An alternative is heard
when its stemmed words occur in a row in the answer (or run together as one word: "trade-off"
matches "tradeoff"), and not under a negation ("we did not monitor drift"). The feedback's
coverage and the interview's choice of what to probe next both use it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from interview_voice.core.terms import Alternative, Concept, stem
from interview_voice.core.words import Token

NEGATION_REACH = 8   # a "not" negates a term up to this many words after it, within its clause
_NEGATIONS = frozenset({"not", "never", "neither", "nor", "cannot", "nobody", "none"})
_NOT_NEGATING = frozenset({"only", "just", "merely", "simply"})   # "not only X but also Y" says X
_CLAUSE_ENDS = frozenset({"but", "because", "so", "although", "though", "which", "while", "whereas", "instead"})


def _negates(norm: str) -> bool:
    return norm in _NEGATIONS or norm.endswith("n't")


def negated(tokens: Sequence[Token]) -> tuple[bool, ...]:
    """Per token: does a negation earlier in its clause reach it ("we did not monitor drift", "we never
    set up any monitoring")? A comma, a sentence end, "but", "because" and the like close the clause."""
    out = []
    for i in range(len(tokens)):
        hit = False
        for j in range(i - 1, max(i - 1 - NEGATION_REACH, -1), -1):
            if tokens[j].stop_after or tokens[j].comma_after or tokens[j].norm in _CLAUSE_ENDS:
                break
            if _negates(tokens[j].norm) and not (j + 1 < len(tokens) and tokens[j + 1].norm in _NOT_NEGATING):
                hit = True
                break
        out.append(hit)
    return tuple(out)


@dataclass(frozen=True)
class Spoken:
    """The answer as stems, and as stems of each pair of neighbouring words run together."""
    stems: tuple[str, ...]
    pairs: tuple[str, ...]    # pairs[i] = stem(word i + word i+1): "fall back" -> "fallback"
    negated: tuple[bool, ...] = ()   # per stem: said under a negation, so it credits nothing

    @classmethod
    def of(cls, tokens: Sequence[Token], mind_negation: bool = True) -> "Spoken":
        norms = [t.norm for t in tokens]
        return cls(tuple(t.stem for t in tokens), tuple(stem(a + b) for a, b in zip(norms, norms[1:])),
                   negated(tokens) if mind_negation else ())


def _find(spoken: Spoken, alt: Alternative) -> tuple[int, int] | None:
    n, stems = len(alt), spoken.stems
    joined = "".join(alt)
    for i in range(len(stems)):
        if spoken.negated and spoken.negated[i]:
            continue   # "we did not monitor": a mention that denies the point does not cover it
        if stems[i:i + n] == alt:
            return i, i + n - 1
        if n > 1 and stems[i] == joined:          # "trade-off" said as "tradeoff"
            return i, i
        if n == 1 and i < len(spoken.pairs) and spoken.pairs[i] == alt[0]:   # "fallback" said as "fall back"
            return i, i + 1
    return None


def _first_hit(spoken: Spoken, concept: Concept) -> tuple[int, int] | None:
    plain = Spoken(spoken.stems, spoken.pairs)
    # an alternative said with a negation ("not available at prediction time", "didn't work"): a
    # negation near it is part of saying it
    hits = [hit for alt in concept
            if (hit := _find(plain if any(_negates(w) for w in alt) else spoken, alt)) is not None]
    return min(hits) if hits else None


def score_point(spoken: Spoken, concepts: Sequence[Concept]) -> tuple[float, list[tuple[int, int]]]:
    hits = [h for c in concepts if (h := _first_hit(spoken, c)) is not None]
    return (len(hits) / len(concepts) if concepts else 0.0), hits
