"""Follow-up prompts: the code picks what to probe; the model only words it (see runtime.follow_up for the
model call under a deadline)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from interview_voice.core.follow_up_checks import GENERIC_STEMS
from interview_voice.core.plan import Persona
from interview_voice.core.signals import STOPWORDS, content_stems, example_terms, point_wording
from interview_voice.core.text import normalize_words, split_sentences, trim_to_whole_sentences
from interview_voice.core.types import ChatMessage

MIN_WORDS, MAX_WORDS = 4, 40
MAX_ANSWER_CHARS = 1500  # keeps the prompt short; the end of a long answer matters least
STOP = ["\n", "They answered", "You asked"]


@dataclass(frozen=True)
class PromptTemplates:
    version: int
    follow_up_system: str
    follow_up_user: str
    follow_up_after_lead_in: str = ""  # with {lead_in}; empty: the lead-in is not put to the model


def load_prompts(path: Path) -> PromptTemplates:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    return PromptTemplates(
        int(raw["version"]),
        raw["follow_up_system"].strip(),
        raw["follow_up_user"].strip(),
        raw.get("follow_up_after_lead_in", "").strip(),
    )


# Words of a point's wording that say how it is judged, not what it is about
_JUDGING = frozenset(
    "reflects concrete whether rather known past need needs clear clearly own real gives shows their "
    "appropriate appropriately sensible reasonable good well correct correctly based using used".split()
)


def focus_words(target: str, asked: str, limit: int = 2) -> list[str]:
    """Words of the point to probe that the question did not use, nor an example answer the point
    names: told to use one, the small model names the point; left alone, a third of its questions
    could have followed any answer (and the checks reject them)."""
    words = normalize_words(point_wording(target))
    if len(words) > 3 and words[0].endswith("s") and not words[0].endswith("ss"):
        words = words[1:]  # the point's verb ("Describes", "Names"): what the candidate does, not the topic
    excluded = content_stems(asked) | GENERIC_STEMS | example_terms(target)
    kept = [
        w
        for w in dict.fromkeys(words)
        if w not in STOPWORDS and w not in _JUDGING and len(w) >= 4 and not content_stems(w) & excluded
    ]
    return kept[:limit]


def probe_instruction(target: str | None, asked: str = "") -> str:
    if not target:
        return "Ask how or why they did one specific thing they mention."
    words = " or ".join(f'"{w}"' for w in focus_words(target, asked))
    use = f" Use the word {words}." if words else ""
    return f"Ask about this, without telling them the answer: {target}.{use}"


def follow_up_messages(
    templates: PromptTemplates,
    persona: Persona,
    asked: str,
    answer: str,
    target: str | None,
    lead_in: str | None = None,
) -> list[ChatMessage]:
    """The system message depends on the persona only, so llama.cpp reuses its cache. lead_in: what
    the interviewer says before the question (core.lead_in), after the answer in the prompt: the
    words before it are a prefix the model read while the candidate spoke."""
    answer = " ".join(answer.split())[:MAX_ANSWER_CHARS].replace('"', "'")
    probe = probe_instruction(target, asked)
    system = templates.follow_up_system.format(name=persona.name, role=persona.role, style=persona.style)
    user = templates.follow_up_user.format(asked=asked, answer=answer, target=probe)
    if lead_in and templates.follow_up_after_lead_in:
        user += "\n" + templates.follow_up_after_lead_in.format(lead_in=lead_in.replace('"', "'"))
    return [ChatMessage("system", system), ChatMessage("user", user)]


# Wording that talks about the prompt instead of to the candidate.
_CUT = "\x00answer-starts-here\x00"


def read_ahead_messages(
    templates: PromptTemplates, persona: Persona, asked: str, target: str | None, partial_answer: str = ""
) -> list[ChatMessage]:
    """The follow-up prompt cut off inside the answer: its tokens are a prefix of the
    final prompt's (when the target is still the one to probe), so the model can read
    them while the candidate is still talking."""
    full = follow_up_messages(templates, persona, asked, _CUT, target)
    user = full[1].content
    partial = " ".join(partial_answer.split())[:MAX_ANSWER_CHARS].replace('"', "'")
    return [full[0], ChatMessage("user", user[: user.index(_CUT)] + partial)]


# "the gap" only where it is the prompt's ("the gap you are told to probe"): the gap between training and
# validation error, or between offline and online metrics, is what several questions are about.
_META = re.compile(
    r"\b(the candidate|candidate's|specific claim|claim you made|the gap (?:you|i|we|to probe|in (?:your|the|their|"
    r"this) answer)|rubric|follow-up question|probe next|said above|concrete thing|they answered|you asked|"
    r"without telling)\b",
    re.IGNORECASE,
)
_PREFIX = re.compile(
    r"^\s*(?:follow[- ]?up(?: question)?|interviewer|question|probe next|my question)\s*[:\-]\s*", re.IGNORECASE
)


def clean_follow_up(raw: str, after_lead_in: bool = False) -> str | None:
    """A usable spoken follow-up from raw model text, or None to use the fallback. after_lead_in:
    the interviewer has already said what the question is about: only the question is kept (a
    sentence before it would say the claim a second time)."""
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
    if after_lead_in:
        kept = kept[-1:]
    result = " ".join(kept)
    if not MIN_WORDS <= len(result.split()) <= MAX_WORDS or _META.search(result):
        return None
    return result
