"""Sentence handling for what the interviewer says."""

from __future__ import annotations

import difflib
import re

from interview_voice.records import Word

# A sentence ends at . ! or ? followed by space or the end, but not after a
# common abbreviation or a single capital ("e.g.", "Dr.", "A.").
_ABBREVIATIONS = {"e.g", "i.e", "etc", "vs", "dr", "mr", "mrs", "ms", "prof", "approx", "no"}
_END = re.compile(r"[.!?]+[\"')\]]*(?=\s|$)")


def split_sentences(text: str) -> list[str]:
    text = " ".join(text.split())
    sentences: list[str] = []
    start = 0
    for match in _END.finditer(text):
        before = text[start : match.start()].split()
        last = before[-1].lower().rstrip(".") if before else ""
        if last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha()):
            continue
        sentence = text[start : match.end()].strip()
        if sentence:
            sentences.append(sentence)
        start = match.end()
    rest = text[start:].strip()
    if rest:
        sentences.append(rest)
    return sentences


# A long first sentence is voiced in two parts: Piper makes no sound until it has
# synthesised the whole of what it was given (~20 ms a word on 2 cores), and the
# second part is synthesised while the first plays.
SPLIT_FROM_WORDS = 10  # only sentences at least this long are split
MIN_PART_WORDS = 4  # ... at the first comma that leaves this many words on each side


def speaking_chunks(text: str) -> list[str]:
    """What to synthesise one piece at a time: the sentences, the first one cut at its first
    comma when it is long, so the first sound comes sooner."""
    sentences = split_sentences(text)
    if not sentences or len(sentences[0].split()) < SPLIT_FROM_WORDS:
        return sentences
    words = sentences[0].split()
    for i, word in enumerate(words[:-MIN_PART_WORDS], 1):
        if word.endswith(",") and i >= MIN_PART_WORDS:
            return [" ".join(words[:i]), " ".join(words[i:]), *sentences[1:]]
    return sentences


def trim_to_whole_sentences(text: str) -> str:
    """Drop a trailing fragment that does not end a sentence (a cut-off generation)."""
    sentences = split_sentences(text)
    while sentences and not _END.search(sentences[-1]):
        sentences.pop()
    return " ".join(sentences)


def normalize_words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text.lower())


# Words after which a speaker is about to go on, whatever the punctuation says.
CONTINUES = {
    "and",
    "but",
    "so",
    "because",
    "or",
    "um",
    "uh",
    "erm",
    "hmm",
    "the",
    "a",
    "an",
    "to",
    "of",
    "with",
    "which",
    "if",
    "like",
}


# A question may end on these ("Who would I be working with?", "What would that look like?").
_QUESTION_ENDS = {"with", "to", "of", "like"}


def continues(text: str) -> bool:
    """Does the last word of a transcript lead on to more ("... and", "... um")? Not a preposition
    that closes a question."""
    stripped = text.strip()
    words = normalize_words(stripped)
    if not words or words[-1] not in CONTINUES:
        return False
    return not (stripped.endswith("?") and words[-1] in _QUESTION_ENDS)


def sounds_finished(text: str) -> bool:
    """Does a transcript end like a finished thought (a full stop, not "and…")?"""
    stripped = text.strip()
    if not stripped or stripped[-1] not in ".?!":
        return False
    return bool(normalize_words(stripped)) and not continues(stripped)


def without_echo(words: list[Word], said: str) -> list[Word]:
    """The words heard over the interviewer, without its own voice picked up from the speakers:
    runs of two or more words that repeat what it said, in order, are dropped."""
    heard = [" ".join(normalize_words(w.text)) for w in words]
    matcher = difflib.SequenceMatcher(a=heard, b=normalize_words(said), autojunk=False)
    echo = {
        i for block in matcher.get_matching_blocks() if block.size >= 2 for i in range(block.a, block.a + block.size)
    }
    return [w for i, w in enumerate(words) if i not in echo and heard[i]]
