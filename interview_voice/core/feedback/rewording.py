"""The model may reword a feedback note; code checks that it kept to the facts.

A reworded note is used only when every number in it is in the facts, it keeps
(or refers to) the note's quote, it is short, and it talks of no score or grade; it writes no
filler word of its own and gives no advice that would fit any answer ("communication skills").
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from interview_voice.core.feedback.wording import Note
from interview_voice.core.signals import content_stems
from interview_voice.core.text import normalize_words, split_sentences, trim_to_whole_sentences
from interview_voice.core.types import ChatMessage

MAX_WORDS = 70
OWN_WORDS = 3         # a reworded note must say this much besides the quote (content words), or it only repeats
QUOTE_WORDS = 4       # a reworded note must keep this many words of the quote in a row (or all of a shorter one)
LIMITS = {"went_well": 2, "work_on": 3}   # sentences
_SCORING = re.compile(r"\b(score[sd]?|scoring|grade[sd]?|marks?|rating|rated|rubric|out of (ten|10|five|5)|"
                      r"\d+\s*/\s*\d+)\b", re.IGNORECASE)
# Talk about the candidate instead of to them ("the candidate did not ...").
_THIRD_PERSON = re.compile(r"\b(the candidate|candidate's|the interviewee|this note|the note)\b", re.IGNORECASE)
# A spoken filler written into the note ("Uh, you could..."): the model imitating the transcript.
_FILLER = re.compile(r"(?:^|[\s,.;:!?\"'(])(?:uh+|um+|erm+|hmm+|uhm+)(?=[\s,.;:!?\"')]|$)", re.IGNORECASE)
# Advice that fits any answer: it names nothing this answer did or missed.
_GENERIC_ADVICE = re.compile(r"\b(communication skills?|time management|soft skills?|interpersonal skills?|"
                             r"(?:be|sound|feel) more confident|confidence|practi[cs]e (?:more|makes)|"
                             r"public speaking|presentation skills?)\b", re.IGNORECASE)
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_WORD_NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())} | {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
                                                      "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100}


@dataclass(frozen=True)
class RewordPrompts:
    version: int
    system: str
    user: str


def load_reword_prompts(path: Path) -> RewordPrompts:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    return RewordPrompts(int(raw["version"]), raw["system"].strip(), raw["user"].strip())


def reword_messages(prompts: RewordPrompts, which: str, note: Note) -> list[ChatMessage]:
    label = "what went well" if which == "went_well" else "what to work on"
    user = prompts.user.format(label=label, sentences=LIMITS[which], quote=(note.quote or "").replace('"', "'"),
                               note=note.text)
    return [ChatMessage("system", prompts.system), ChatMessage("user", user)]


def _numbers(text: str) -> set[float]:
    found = {float(n) for n in _NUMBER.findall(text)}
    found |= {float(_WORD_NUMBERS[w]) for w in normalize_words(text) if w in _WORD_NUMBERS and w != "one"}
    return found


def _keeps_quote(text: str, quote: str) -> bool:
    said, quoted = " ".join(normalize_words(text)), normalize_words(quote)
    if not quoted:
        return True
    run = min(QUOTE_WORDS, len(quoted))
    return any(" ".join(quoted[i:i + run]) in said for i in range(len(quoted) - run + 1))


def check_rewording(raw: str, which: str, note: Note, facts: str) -> tuple[str | None, str | None]:
    """(the usable text, None) or (None, why it was rejected). `facts` is every fact as text."""
    text = " ".join(raw.split())
    if len(text) > 1 and text[0] == text[-1] == '"':   # the whole note in quotes
        text = text[1:-1]
    text = trim_to_whole_sentences(text)
    if not text:
        return None, "empty or unfinished"
    if len(split_sentences(text)) > LIMITS[which] or len(text.split()) > MAX_WORDS:
        return None, "too long"
    if _SCORING.search(text):
        return None, "talks of scores or grades"
    if _THIRD_PERSON.search(text):
        return None, "talks about the candidate, not to them"
    outside_quote = text.replace(note.quote, " ") if note.quote else text
    if _FILLER.search(outside_quote):
        return None, "writes a filler word into the note"
    generic = _GENERIC_ADVICE.search(text)
    if generic and generic.group(0).lower() not in f"{note.text} {facts}".lower():
        return None, f"advice that fits any answer: {generic.group(0)!r}"
    invented = _numbers(text) - _numbers(facts + " " + note.text)
    if invented:
        return None, f"a number not in the facts: {sorted(invented)[0]:g}"
    if note.quote and not _keeps_quote(text, note.quote):
        return None, "lost the quote"
    if len(content_stems(text) - content_stems(note.quote or "")) < OWN_WORDS:
        return None, "only repeats the answer"   # the advice itself was dropped
    return text, None
