"""Answer words as tokens: normalised text, stem, time, and the punctuation around them.

Whisper's words carry their own punctuation (" so,"); the feedback needs both the
plain word (to match terms) and the punctuation (a comma isolates a filler).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from interview_voice.core.words import Token, tokenize, words_from_text  # noqa: F401  (re-exported)
from interview_voice.records import Word


def sentence_bounds(tokens: Sequence[Token]) -> list[tuple[int, int]]:
    """[start, end) token ranges of the sentences."""
    bounds, start = [], 0
    for i, token in enumerate(tokens):
        if token.stop_after:
            bounds.append((start, i + 1))
            start = i + 1
    if start < len(tokens):
        bounds.append((start, len(tokens)))
    return bounds


def quote(words: Sequence[Word], tokens: Sequence[Token], first: int, last: int) -> str:
    """The words of tokens first..last (inclusive) as transcribed, without a trailing comma or dash."""
    if not tokens:
        return ""
    span = words[tokens[first].word : tokens[last].word + 1]
    if any(w.text[:1].isspace() for w in span[1:]):
        text = "".join(w.text for w in span)  # Whisper's words carry their own spaces ("time", "-based")
    else:
        text = join_words([w.text.strip() for w in span])
    return text.strip(" ,;:-")


_ATTACHED = re.compile(r"^(?:[.,][0-9]|[%,.;:!?)\]}’']|-[0-9A-Za-z])")


def join_words(texts: Sequence[str]) -> str:
    """Words stripped of Whisper's own spaces, joined as written: "0" ".92" is "0.92", "ill" "-disposed"
    is "ill-disposed", "85" "%" is "85%" (joined with plain spaces they read "0 .92")."""
    out = ""
    for text in texts:
        if not text:
            continue
        out += text if not out or _ATTACHED.match(text) else " " + text
    return out


MAX_QUOTE_TOKENS = 24


def sentence_quote(words: Sequence[Word], tokens: Sequence[Token], hit: int, hit_end: int | None = None) -> str:
    """The sentence around token `hit` (to `hit_end`), cut to MAX_QUOTE_TOKENS around the hit."""
    hit_end = hit if hit_end is None else hit_end
    for start, end in sentence_bounds(tokens):
        if start <= hit < end:
            break
    else:
        return ""
    sentence = (start, end)
    if end - start > MAX_QUOTE_TOKENS:
        half = MAX_QUOTE_TOKENS // 2
        start = max(start, hit - half)
        end = min(end, max(hit_end + 1, start + MAX_QUOTE_TOKENS))
    text = quote(words, tokens, start, end - 1)
    # a sentence cut short says so, at a word boundary: "…the time-based split we used…"
    return ("…" if start > sentence[0] else "") + text + ("…" if end < sentence[1] and text else "")
