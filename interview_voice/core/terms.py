"""Author-written rubric terms: the words and synonyms that show a rubric point was covered.

A point's terms are concepts separated by ";", each a list of alternatives
separated by "|": "baseline|simple model; compare|versus". Alternatives are
stemmed word sequences, so "deploying" matches "deployment".
"""

from __future__ import annotations

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


Alternative = tuple[str, ...]  # stems of one phrase
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
