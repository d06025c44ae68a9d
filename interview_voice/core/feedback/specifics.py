"""Specifics in an answer: numbers and named technologies, each with its time."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from interview_voice.core.feedback.star import NUMBER_WORDS
from interview_voice.core.feedback.tokens import Token
from interview_voice.core.text import normalize_words
from interview_voice.records import Word

_DIGITS = re.compile(r"\d")
_QUANTITY_AFTER = frozenset(
    {
        "percent",
        "per",
        "x",
        "times",
        "ms",
        "milliseconds",
        "seconds",
        "minutes",
        "hours",
        "days",
        "weeks",
        "months",
        "years",
        "k",
        "million",
        "billion",
        "thousand",
        "hundred",
        "users",
        "points",
        "gb",
        "tb",
        "requests",
    }
)


@dataclass(frozen=True)
class Technologies:
    """Names to recognise: (name to show, [spellings as normalised word sequences])."""

    entries: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]


def load_technologies(path: Path) -> Technologies:
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        names = [n.strip() for n in line.split("|") if n.strip()]
        spellings = tuple(dict.fromkeys(tuple(normalize_words(n)) for n in names if normalize_words(n)))
        entries.append((names[0], spellings))
    return Technologies(tuple(entries))


def find_numbers(words: Sequence[Word], tokens: Sequence[Token]) -> list[dict]:
    """Numbers as said ("30%", "thirty percent", "two weeks"); "one" alone is not a specific."""
    found, i = [], 0
    while i < len(tokens):
        token = tokens[i]
        if _DIGITS.search(token.norm) or token.norm in NUMBER_WORDS - {"percent"}:
            j = i
            while j + 1 < len(tokens) and tokens[j + 1].word == token.word:
                j += 1  # "3.5" is one word, several tokens
            while j + 1 < len(tokens) and (tokens[j + 1].norm in NUMBER_WORDS or _DIGITS.search(tokens[j + 1].norm)):
                j += 1
            if j + 1 < len(tokens) and tokens[j + 1].norm in _QUANTITY_AFTER:
                j += 1
            text = " ".join(w.text.strip() for w in words[token.word : tokens[j].word + 1]).strip(" ,.;:")
            found.append({"text": text, "at_s": round(token.start, 2)})
            i = j + 1
            continue
        i += 1
    return found


def find_technologies(tokens: Sequence[Token], technologies: Technologies) -> list[dict]:
    """Each named technology once, at its first mention."""
    norms = [t.norm for t in tokens]
    found = []
    for name, spellings in technologies.entries:
        first = None
        for spelling in spellings:
            n = len(spelling)
            for i in range(len(norms) - n + 1):
                if tuple(norms[i : i + n]) == spelling:
                    first = i if first is None else min(first, i)
                    break
        if first is not None:
            found.append({"name": name, "at_s": round(tokens[first].start, 2)})
    return sorted(found, key=lambda t: t["at_s"])
