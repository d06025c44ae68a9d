"""Author-written rubric terms: the words and synonyms that show a rubric point was covered.

A point's terms are concepts separated by ";", each a list of alternatives
separated by "|": "baseline|simple model; compare|versus". Alternatives are
stemmed word sequences, so "deploying" matches "deployment".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from interview_voice.core.text import normalize_words


def stem(word: str) -> str:
    """A crude stem: enough to match 'deploying' with 'deployment' and 'roles' with 'role'."""
    if word.endswith(("sses", "xes", "ches", "shes", "zes")):
        word = word[:-2]
    else:
        for suffix in ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "ed", "ly", "s"):
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                word = word[: len(word) - len(suffix)]
                break
    return word[:6]


Alternative = tuple[str, ...]   # stems of one phrase
Concept = tuple[Alternative, ...]


def parse_terms(spec: str) -> tuple[Concept, ...]:
    """'baseline|simple model; compare|versus' -> concepts of stemmed alternatives. ValueError if empty."""
    if not isinstance(spec, str) or not spec.strip():
        raise ValueError("terms must be a non-empty string")
    concepts = []
    for part in spec.split(";"):
        alternatives = tuple(tuple(stem(w) for w in normalize_words(alt)) for alt in part.split("|"))
        if not part.strip() or not all(alternatives):
            raise ValueError(f"an empty concept or alternative in {spec!r}")
        concepts.append(alternatives)
    return tuple(concepts)


@dataclass(frozen=True)
class Spoken:
    """The answer as stems, and as stems of each pair of neighbouring words run together."""
    stems: tuple[str, ...]
    pairs: tuple[str, ...]    # pairs[i] = stem(word i + word i+1): "fall back" -> "fallback"

    @classmethod
    def of(cls, tokens: Sequence) -> "Spoken":
        """From the feedback's tokens (anything with .norm and .stem)."""
        return cls.of_words([t.norm for t in tokens])

    @classmethod
    def of_words(cls, norms: Sequence[str]) -> "Spoken":
        """From normalised words ("fall", "back")."""
        return cls(tuple(stem(w) for w in norms), tuple(stem(a + b) for a, b in zip(norms, norms[1:])))


def _find(spoken: Spoken, alt: Alternative) -> tuple[int, int] | None:
    n, stems = len(alt), spoken.stems
    joined = "".join(alt)
    for i in range(len(stems)):
        if stems[i:i + n] == alt:
            return i, i + n - 1
        if n > 1 and stems[i] == joined:          # "trade-off" said as "tradeoff"
            return i, i
        if n == 1 and i < len(spoken.pairs) and spoken.pairs[i] == alt[0]:   # "fallback" said as "fall back"
            return i, i + 1
    return None


def _first_hit(spoken: Spoken, concept: Concept) -> tuple[int, int] | None:
    hits = [hit for alt in concept if (hit := _find(spoken, alt)) is not None]
    return min(hits) if hits else None


def score_point(spoken: Spoken, concepts: Sequence[Concept]) -> tuple[float, list[tuple[int, int]]]:
    hits = [h for c in concepts if (h := _first_hit(spoken, c)) is not None]
    return (len(hits) / len(concepts) if concepts else 0.0), hits


def concepts_heard(text: str, concepts: Sequence[Concept]) -> float:
    """The share of a rubric point's concepts an answer's words contain."""
    return score_point(Spoken.of_words(normalize_words(text)), concepts)[0]
