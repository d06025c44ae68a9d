"""The model adds one sentence of advice to a feedback note; code checks it against the answer's facts.

The note itself (the findings, their quotes and figures) is written by code. The model is told the
note's first finding and writes one sentence on what to do about it next time. The sentence is used
only when it is short, talks to the candidate, writes no filler word and no number of its own, talks of
no score, names something of the finding (advice that fits any answer is not advice about this one),
and does not contradict the figures (more coverage for an answer that covered every point).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from interview_voice.core.feedback.wording import FILLERS_PER_MIN_NOTICED, HEDGES_NOTICED, Note
from interview_voice.core.signals import content_stems
from interview_voice.core.text import normalize_words, split_sentences, trim_to_whole_sentences
from interview_voice.core.types import ChatMessage

MAX_WORDS = 30  # one spoken sentence of advice
MIN_WORDS = 4
# A score of the candidate's ("your score", "scored", "a 4/5"); not a model's score, which answers talk of.
_SCORING = re.compile(
    r"\b((?:your|a high|a higher|a low|a better|a perfect|full|top) (?:score|grade|mark|rating)s?|"
    r"you scored|scored|grade[sd]?|marks|rated|rubric|out of (ten|10|five|5)|\d+\s*/\s*\d+)\b",
    re.IGNORECASE,
)
# Talk about the candidate instead of to them ("the candidate did not ...").
_THIRD_PERSON = re.compile(r"\b(the candidate|candidate's|the interviewee|this note|the note)\b", re.IGNORECASE)
# The finding's own wording ("the answer did not cover this key point"): the model echoed what it was told.
_ECHO = re.compile(
    r"\b(the answer (?:did|was|is|only|gave|stepped|ran|had|provides|includes|covers|should|needs|"
    r"lacks)|this key point|finding)\b",
    re.IGNORECASE,
)
# A spoken filler written into the note ("Uh, you could..."): the model imitating the transcript.
_FILLER = re.compile(r"(?:^|(?<=[\s,.;:!?\"'(]))(uh+|um+|erm+|hmm+|uhm+)(?=[\s,.;:!?\"')]|$)", re.IGNORECASE)
# ... unlike a filler named as a word: 'instead of saying "um"', 'fillers like um and uh'.
_NAMES_A_WORD = {"like", "saying", "say", "said", "as", "word", "words", "and", "or", "of"}
# Advice that fits any answer: it names nothing this answer did or missed.
_GENERIC_ADVICE = re.compile(
    r"\b(communication skills?|time management|soft skills?|interpersonal skills?|"
    r"(?:be|sound|feel) more confident|confidence|practi[cs]e (?:more|makes)|"
    r"public speaking|presentation skills?)\b",
    re.IGNORECASE,
)
_NEXT_TIME = re.compile(r"\bnext time\b", re.IGNORECASE)  # how advice starts; its "time" ties to nothing
_LABEL = re.compile(r"^\s*(?:advice|next step|tip|suggestion|answer|sentence)\s*:\s*", re.IGNORECASE)
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_WORD_NUMBERS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen twenty".split()
    )
} | {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100}


@dataclass(frozen=True)
class RewordPrompts:
    version: int
    system: str
    user: str


def load_reword_prompts(path: Path) -> RewordPrompts:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    return RewordPrompts(int(raw["version"]), raw["system"].strip(), raw["user"].strip())


def advice_messages(prompts: RewordPrompts, note: Note, question: str) -> list[ChatMessage]:
    """The system message never changes, so llama.cpp reuses its cache from one note to the next."""
    user = prompts.user.format(question=question.replace('"', "'"), finding=note.focus or note.text)
    return [ChatMessage("system", prompts.system), ChatMessage("user", user)]


# Advice on a topic the figures can contradict: (what the advice asks for, whether the figures support it,
# what the figures say when they do not).
@dataclass(frozen=True)
class _Topic:
    asks: re.Pattern[str]
    supported: Callable[[dict], bool]
    figures_say: str


def _rubric_gap(f: dict) -> bool:
    return any(r.get("status") != "covered" for r in f.get("rubric", ())) or bool(
        {"off_topic", "evasive", "injection"} & set(f.get("flags", ()))
    )


def _has_number(f: dict) -> bool:
    star = f.get("star")
    return bool(f.get("specifics", {}).get("numbers")) and not (star and not star.get("result_has_number"))


_TOPICS = (
    _Topic(
        re.compile(
            r"\b(cover(?:age|ing)? (?:more|all|every|the (?:key|main|other|missing|remaining))|"
            r"(?:more|all|every|the other|the missing|the remaining) (?:of the )?(?:key |main )?points?|"
            r"work on (?:your )?coverage|address (?:all|every|more|the whole|each))",
            re.IGNORECASE,
        ),
        _rubric_gap,
        "every key point was covered",
    ),
    _Topic(
        re.compile(
            r"\b(fewer|less|cut (?:down|out)|avoid|drop|reduce)\b[^.]{0,30}\b(fillers?|ums?|uhs?)\b", re.IGNORECASE
        ),
        lambda f: (f.get("fillers_per_min") or 0.0) >= FILLERS_PER_MIN_NOTICED,
        "there were few filler words",
    ),
    _Topic(
        re.compile(
            r"\b(slow(?:ing)? down|(?:speak|talk)(?:ing)? (?:a (?:bit|little) )?(?:slower|more slowly)|"
            r"too fast|so fast)\b",
            re.IGNORECASE,
        ),
        lambda f: f.get("pace") == "fast",
        "the pace was not fast",
    ),
    _Topic(
        re.compile(
            r"\b(speed up|(?:speak|talk)(?:ing)? (?:a (?:bit|little) )?(?:faster|more quickly)|"
            r"too slow(?:ly)?|pick up the pace)\b",
            re.IGNORECASE,
        ),
        lambda f: f.get("pace") == "slow",
        "the pace was not slow",
    ),
    _Topic(
        re.compile(
            r"\b((?:fewer|shorter|avoid|less|long) (?:long )?(?:pauses|pausing|silences?)|"
            r"pause less)\b",
            re.IGNORECASE,
        ),
        lambda f: bool(f.get("long_pauses")),
        "there was no long pause",
    ),
    _Topic(
        re.compile(
            r"\b(too long|shorter answer|keep it (?:short|shorter|brief)|more concise|"
            r"within (?:the|your) time|over (?:the )?time|less time)\b",
            re.IGNORECASE,
        ),
        lambda f: "over_time" in f.get("flags", ()),
        "the answer was within its time",
    ),
    _Topic(
        re.compile(
            r"\b((?:add|give|include|use|put|mention|cite|quote)\b[^.]{0,20}\b(?:numbers?|figures?)|"
            r"quantif\w+)\b",
            re.IGNORECASE,
        ),
        lambda f: not _has_number(f),
        "the answer gave a number",
    ),
    _Topic(
        re.compile(r"\b(hedg\w*|sound (?:more )?(?:sure|certain|definite))\b", re.IGNORECASE),
        lambda f: len(f.get("hedges", ())) >= HEDGES_NOTICED,
        "there were few hedges",
    ),
)


def contradiction(text: str, figures: dict) -> str | None:
    """What the figures say against this advice, or None when they do not contradict it."""
    for topic in _TOPICS:
        if topic.asks.search(text) and not topic.supported(figures):
            return topic.figures_say
    return None


def _numbers(text: str) -> set[float]:
    found = {float(n) for n in _NUMBER.findall(text)}
    found |= {float(_WORD_NUMBERS[w]) for w in normalize_words(text) if w in _WORD_NUMBERS and w != "one"}
    return found


def _writes_filler(text: str) -> bool:
    for match in _FILLER.finditer(text):
        before = text[: match.start()]
        quoted = before.endswith(('"', "'", "\u201c")) and text[match.end() : match.end() + 1] in "\"'\u201d"
        previous = normalize_words(before)[-1:]
        if not quoted and not (previous and previous[0] in _NAMES_A_WORD and not before.rstrip().endswith(",")):
            return True
    return False


def advice_sentence(raw: str) -> str:
    """The model's first whole sentence, without the wrapping a small model adds (quotes, a label)."""
    text = _LABEL.sub("", " ".join(raw.split()))
    if len(text) > 1 and text[0] == text[-1] == '"':
        text = text[1:-1]
    sentences = split_sentences(trim_to_whole_sentences(text))
    first = sentences[0] if sentences else ""
    if first.startswith('"') and first.count('"') == 2 and first.rstrip(".!?").endswith('"'):
        first = first.replace('"', "")  # one quoted sentence: the quotes are the model's wrapping
    return first


def check_advice(raw: str, note: Note, figures: dict, facts: str) -> tuple[str | None, str | None]:
    """(the advice to add to the note, None) or (None, why it was rejected).

    figures: the answer's feedback JSON; facts: every fact as text (numbers found there may be repeated)."""
    text = advice_sentence(raw)
    if not text or len(text.split()) < MIN_WORDS:
        return None, "empty or unfinished"
    if len(text.split()) > MAX_WORDS:
        return None, "too long"
    if _SCORING.search(text):
        return None, "talks of scores or grades"
    if _THIRD_PERSON.search(text):
        return None, "talks about the candidate, not to them"
    if _writes_filler(text):
        return None, "writes a filler word into the note"
    generic = _GENERIC_ADVICE.search(text)
    if generic:
        return None, f"advice that fits any answer: {generic.group(0)!r}"
    invented = _numbers(text) - _numbers(facts + " " + note.text)
    if invented:
        return None, f"a number not in the facts: {sorted(invented)[0]:g}"
    if _ECHO.search(text):
        return None, "repeats the finding instead of advising"
    against = contradiction(text, figures)
    if against:
        return None, f"contradicts the figures: {against}"
    if not content_stems(_NEXT_TIME.sub(" ", text)) & content_stems(note.ties):
        return None, "names nothing of this answer's finding"
    return text, None
