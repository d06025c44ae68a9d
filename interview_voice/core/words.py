"""An answer's words as tokens: normalised text, stem, time, and the punctuation around them.

Whisper's words carry their own punctuation (" so,"); matching rubric terms needs both the
plain word and the punctuation (a clause ends at a comma, a negation reaches to it).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from interview_voice.core.terms import stem
from interview_voice.core.text import normalize_words
from interview_voice.records import Word

_SENTENCE_END = re.compile(r"[.!?][\"')\]]*$")


@dataclass(frozen=True)
class Token:
    norm: str  # lower-case word, as normalize_words gives it
    stem: str
    start: float  # seconds from the start of the answer audio
    end: float
    word: int  # index of the Word it came from
    comma_after: bool  # the Word ends with , ; : or a dash (only on its last token)
    stop_after: bool  # the Word ends a sentence (only on its last token)


def tokenize(words: Sequence[Word]) -> list[Token]:
    tokens: list[Token] = []
    for index, word in enumerate(words):
        parts = normalize_words(word.text.replace("\u2019", "'"))
        raw = word.text.strip()
        for k, part in enumerate(parts):
            last = k == len(parts) - 1
            tokens.append(
                Token(
                    part,
                    stem(part),
                    word.start,
                    word.end,
                    index,
                    last and raw.endswith((",", ";", ":", "-", "\u2014")),
                    last and bool(_SENTENCE_END.search(raw)),
                )
            )
    return tokens


def words_from_text(text: str) -> list[Word]:
    """Untimed words (all at 0 s), for text that has no timings (labelled sets, typed answers)."""
    return [Word(w, 0.0, 0.0) for w in text.split()]
