"""Follow-up questions: the code picks what to probe; the model only words it."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from interview_voice.core.bank import Question
from interview_voice.core.plan import Persona
from interview_voice.core.text import normalize_words, split_sentences, trim_to_whole_sentences
from interview_voice.core.types import ChatMessage

MIN_WORDS, MAX_WORDS = 4, 40
MAX_ANSWER_CHARS = 1500  # keeps the prompt short; the end of a long answer matters least
STOP = ["\n", "Candidate", "Question asked"]
_STOPWORDS = set("a an the and or of to in on for with by is are was be it that this what how why your you "
                 "do does did from as at into about which when where who their they them its can".split())


@dataclass(frozen=True)
class PromptTemplates:
    version: int
    follow_up_system: str
    follow_up_user: str


def load_prompts(path: Path) -> PromptTemplates:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    return PromptTemplates(int(raw["version"]), raw["follow_up_system"].strip(), raw["follow_up_user"].strip())


def _content_words(text: str) -> set[str]:
    return {w[:6] for w in normalize_words(text) if w not in _STOPWORDS and len(w) > 2}


def least_covered_rubric_point(question: Question, answer: str) -> str:
    """The rubric point whose words the answer uses least (a crude stem overlap).

    A hint for what to probe, not a judgement of the answer.
    """
    said = _content_words(answer)

    def coverage(point: str) -> float:
        words = _content_words(point)
        return len(words & said) / len(words) if words else 1.0

    return min(question.rubric, key=coverage)


def follow_up_messages(templates: PromptTemplates, persona: Persona, question: Question,
                       asked: str, answer: str) -> list[ChatMessage]:
    answer = " ".join(answer.split())[:MAX_ANSWER_CHARS].replace('"', "'")
    target = least_covered_rubric_point(question, answer)
    system = templates.follow_up_system.format(name=persona.name, role=persona.role, style=persona.style)
    user = templates.follow_up_user.format(asked=asked, answer=answer, target=target)
    return [ChatMessage("system", system), ChatMessage("user", user)]


_PREFIX = re.compile(r"^\s*(?:follow[- ]?up(?: question)?|interviewer|question)\s*[:\-]\s*", re.IGNORECASE)


def clean_follow_up(raw: str) -> str | None:
    """A usable spoken follow-up from raw model text, or None to use the fallback."""
    text = _PREFIX.sub("", raw.strip().strip('"').strip())
    text = text.strip().strip('"').strip()
    if not text:
        return None
    sentences = split_sentences(trim_to_whole_sentences(text))
    # Keep up to the first question, at most two sentences.
    kept: list[str] = []
    for sentence in sentences[:2]:
        kept.append(sentence)
        if sentence.endswith("?"):
            break
    if not kept or not kept[-1].endswith("?"):
        return None
    result = " ".join(kept)
    if not MIN_WORDS <= len(result.split()) <= MAX_WORDS:
        return None
    return result
