"""Matching an answer's words against a rubric point's author-written terms.

A point's terms are concepts, each a list of alternatives (core.terms). An alternative is heard
when its stemmed words occur in a row in the answer (or run together as one word: "trade-off"
matches "tradeoff"), and not under a negation ("we did not monitor drift", "we had no reranker"). A
negation inside a clause that defines or sets a condition ("churned when they do not renew within
thirty days") denies nothing. A point's concepts count together only when they are said close
together (SENTENCE_WINDOW sentences), so a quote can show them: words scattered over an answer
("threshold" in one story, "costs" in another) are not the point. The feedback's coverage and the
interview's choice of what to probe next both use it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from interview_voice.core.terms import Alternative, Concept, stem
from interview_voice.core.words import Token

NEGATION_REACH = 12  # a "not" negates a term up to this many words after it, within its clause (8 missed
# "never looked at the metrics by merchant or by country"; 10-16 equal on the tuned sets)
SENTENCE_WINDOW = 2  # a point's concepts must be heard within this many sentences in a row (0: anywhere)
_NEGATIONS = frozenset({"not", "never", "neither", "nor", "cannot", "nobody", "none", "no", "without", "nothing"})
# a clause these open defines or sets a condition: "customers who do not renew", "churned when they do
# not renew within thirty days", "alert if it does not arrive": its negation denies nothing of the answer
_CONDITION = frozenset({"when", "whenever", "if", "unless", "who", "whose", "until"})
_NOT_NEGATING = frozenset({"only", "just", "merely", "simply"})  # "not only X but also Y" says X
# "no" right after these defines something ("define churn as no renewal within thirty days", "churn
# means no renewal"): it denies nothing of the answer
_DEFINES = frozenset({"as", "means", "meaning", "mean", "meant"})
_CLAUSE_ENDS = frozenset({"but", "because", "so", "although", "though", "which", "while", "whereas", "instead"})
# a denial of the thing named before it: "permissions were not checked", "the tests did not exist"
_AUXILIARIES = frozenset(
    {
        "was",
        "were",
        "is",
        "are",
        "be",
        "been",
        "did",
        "does",
        "do",
        "has",
        "have",
        "had",
        "got",
        "get",
        "could",
        "would",
        "will",
    }
)
_BE = frozenset({"was", "were", "is", "are", "be", "been"})
_BE_NOT = frozenset({"wasn't", "weren't", "isn't", "aren't"})
_PRONOUNS = frozenset({"i", "we", "you", "he", "she", "they", "it", "nobody", "someone", "everyone"})


def _negates(norm: str) -> bool:
    return norm in _NEGATIONS or norm.endswith("n't")


def _list_goes_on(tokens: Sequence[Token], start: int) -> bool:
    """Does the part of a clause from token `start` (to the next comma or sentence end) carry on a list
    ("we never kept the snapshot, the commit or the versions") rather than start a new clause?"""
    if start >= len(tokens) or tokens[start].norm in _CLAUSE_ENDS:
        return False
    part = []
    for token in tokens[start : start + 9]:
        part.append(token.norm)
        if token.stop_after or token.comma_after:
            break
    else:
        return False
    if _PRONOUNS & set(part) or _CLAUSE_ENDS & set(part):
        return False
    return bool({"and", "or", "nor"} & set(part)) or tokens[start + len(part) - 1].comma_after


def _closes(tokens: Sequence[Token], j: int) -> bool:
    """Does a clause end after token j (a sentence end, "but", "because", or a comma that is not a list's)?"""
    return (
        tokens[j].stop_after
        or tokens[j].norm in _CLAUSE_ENDS
        or (tokens[j].comma_after and not _list_goes_on(tokens, j + 1))
    )


def negated(tokens: Sequence[Token]) -> tuple[bool, ...]:
    """Per token: does a negation in its clause reach it? Earlier ("we did not monitor drift", "we never
    set up any monitoring", "we never kept the snapshot, the commit or the versions"), or just after it,
    the thing denied named first ("permissions were not checked", "the seed and the config weren't
    recorded"). A sentence end, "but", "because" and the like, and a comma that does not carry on a
    list, close the clause."""
    out = []
    for i in range(len(tokens)):
        hit = False
        for j in range(i - 1, max(i - 1 - NEGATION_REACH, -1), -1):
            if _closes(tokens, j):
                break
            if _negates(tokens[j].norm) and not (j + 1 < len(tokens) and tokens[j + 1].norm in _NOT_NEGATING):
                defines = tokens[j].norm == "no" and j > 0 and tokens[j - 1].norm in _DEFINES
                hit = not defines and not _in_condition(tokens, j)
                break
        if not hit and not _closes(tokens, i):
            for j in range(i + 1, min(i + 1 + NEGATION_REACH, len(tokens))):
                norm = tokens[j].norm
                if norm in _AUXILIARIES or norm.endswith("n't"):  # the verb
                    # only a denial that it was there or was done: "were not checked", "weren't recorded",
                    # "did not exist"; "accuracy won't tell you anything" rejects accuracy, it says the point
                    after = tokens[j + 1].norm if j + 1 < len(tokens) else ""
                    later = tokens[j + 2].norm if j + 2 < len(tokens) else ""
                    denied = (
                        (norm in _BE and _negates(after))
                        or norm in _BE_NOT
                        or (_negates(norm) or _negates(after))
                        and "exist" in (after, later)
                    )
                    hit = denied and not _in_condition(tokens, j)
                    break
                if _closes(tokens, j) or norm in _PRONOUNS or norm in ("that", "who"):
                    break
        out.append(hit)
    return tuple(out)


def _in_condition(tokens: Sequence[Token], j: int) -> bool:
    """Is token j in a clause opened by "when", "if", "who" and the like (a definition or a condition)?"""
    for k in range(j - 1, -1, -1):
        if tokens[k].stop_after or tokens[k].comma_after or tokens[k].norm in _CLAUSE_ENDS:
            return False
        if tokens[k].norm in _CONDITION:
            return True
    return False


def sentence_of(tokens: Sequence[Token]) -> tuple[int, ...]:
    """Per token: the index of its sentence."""
    out, n = [], 0
    for token in tokens:
        out.append(n)
        n += token.stop_after
    return tuple(out)


@dataclass(frozen=True)
class Spoken:
    """The answer as stems, and as stems of each pair of neighbouring words run together."""

    stems: tuple[str, ...]
    pairs: tuple[str, ...]  # pairs[i] = stem(word i + word i+1): "fall back" -> "fallback"
    negated: tuple[bool, ...] = ()  # per stem: said under a negation, so it credits nothing
    sentence: tuple[int, ...] = ()  # per stem: its sentence's index (none: the answer is one sentence)

    @classmethod
    def of(cls, tokens: Sequence[Token], mind_negation: bool = True) -> "Spoken":
        norms = [t.norm for t in tokens]
        return cls(
            tuple(t.stem for t in tokens),
            tuple(stem(a + b) for a, b in zip(norms, norms[1:])),
            negated(tokens) if mind_negation else (),
            sentence_of(tokens),
        )


def _find_all(spoken: Spoken, alt: Alternative) -> list[tuple[int, int]]:
    n, stems = len(alt), spoken.stems
    joined = "".join(alt)
    found = []
    for i in range(len(stems)):
        if spoken.negated and spoken.negated[i]:
            continue  # "we did not monitor": a mention that denies the point does not cover it
        if stems[i : i + n] == alt:
            found.append((i, i + n - 1))
        elif n > 1 and stems[i] == joined:  # "trade-off" said as "tradeoff"
            found.append((i, i))
        elif n == 1 and i < len(spoken.pairs) and spoken.pairs[i] == alt[0]:  # "fallback" said as "fall back"
            found.append((i, i + 1))
    return found


def _find(spoken: Spoken, alt: Alternative) -> tuple[int, int] | None:
    """The first place the alternative is heard, or None."""
    found = _find_all(spoken, alt)
    return found[0] if found else None


def _hits(spoken: Spoken, concept: Concept) -> list[tuple[int, int]]:
    """Every place the concept is heard, in order."""
    plain = Spoken(spoken.stems, spoken.pairs, (), spoken.sentence)
    # an alternative said with a negation ("not available at prediction time", "didn't work"): a
    # negation near it is part of saying it
    return sorted(hit for alt in concept for hit in _find_all(plain if any(_negates(w) for w in alt) else spoken, alt))


def score_point(
    spoken: Spoken, concepts: Sequence[Concept], window: int | None = None
) -> tuple[float, list[tuple[int, int]]]:
    """(share of the point's concepts heard, the first place of each one heard), counting only the
    concepts heard within `window` sentences in a row (SENTENCE_WINDOW by default; the span with
    the most, the earliest of equals)."""
    window = SENTENCE_WINDOW if window is None else window
    places = [_hits(spoken, c) for c in concepts]
    if not concepts:
        return 0.0, []
    sentence = spoken.sentence or (0,) * len(spoken.stems)
    best: list[tuple[int, int]] = []
    starts = sorted({sentence[h[0]] for hits in places for h in hits}) if window > 0 else [0]
    for first in starts:
        last = first + window - 1 if window > 0 else 1 << 30
        chosen = [
            next(h for h in hits if first <= sentence[h[0]] <= last)
            for hits in places
            if any(first <= sentence[h[0]] <= last for h in hits)
        ]
        if len(chosen) > len(best):
            best = chosen
    return len(best) / len(concepts), best
