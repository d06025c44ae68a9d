"""The panel director: who asks next, and when someone cuts in.

Decisions only; the runtime makes them audible and records them as events.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from interview_voice.core.bank import Question
from interview_voice.core.plan import Persona
from interview_voice.core.signals import content_stems
from interview_voice.core.text import split_sentences
from interview_voice.core.turn_taking import CUT_IN_GRACE, INTERJECT_AFTER_S, INTERJECT_PAUSE_MS

# Words that mark a claim worth probing in a presentation.
_NUMBER_WORD = (
    r"(?:ten|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|two|three|four|five)"
    r"(?:[ -](?:one|two|three|four|five|six|seven|eight|nine))?"
)  # "forty percent", "twenty-five times"
_CLAIM = re.compile(
    r"\b(?:\d+(?:\.\d+)?|" + _NUMBER_WORD + r")\s*(?:%|percent\b|x\b|times\b|ms\b|milliseconds\b|"
    r"seconds\b|users\b|million\b|thousand\b)|\b(?:always|never|guarantee[sd]?|best|state of the art|"
    r"scal(?:e|es|able)|real[- ]time|accura(?:te|cy)|no bias|fully)\b",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(r"[,;:]|\s(?:and|but|so|which|while|because)\s", re.IGNORECASE)
_TRAILING = {"and", "or", "but", "the", "a", "an", "to", "of", "with", "in", "on", "for", "so"}


@dataclass(frozen=True)
class CutIn:
    persona: Persona
    reason: str  # "time_budget" | "word_budget" | "probe_claim"
    text: str


class PanelDirector:
    def __init__(self, personas: tuple[Persona, ...]) -> None:
        if not personas:
            raise ValueError("a panel needs at least one persona")
        self.personas = personas
        self._turn = 0
        self._questions_asked = 0

    def asker_for(self, question: Question, peek: bool = False) -> Persona:
        """The panelist whose areas or topics fit the question; otherwise panelists take turns.
        peek: only say who it would be, without taking the turn."""
        for persona in self.personas:
            if question.area in persona.areas or set(question.domains) & set(persona.areas):
                return persona
        asked = content_stems(question.text)
        for persona in self.personas[1:]:
            if asked & content_stems(" ".join(persona.topics)):
                return persona
        persona = self.personas[self._questions_asked % len(self.personas)]
        if not peek:
            self._questions_asked += 1
        return persona

    def follow_up_asker(self, asked_by: Persona, topic_words: set[str], peek: bool = False) -> Persona:
        """Panels take turns: another panelist follows up, preferring one whose
        role matches the topic (compliance on privacy, product on value).
        peek: only say who it would be, without taking the turn."""
        if len(self.personas) == 1:
            return asked_by
        others = [p for p in self.personas if p != asked_by]
        for persona in others:
            if topic_words & content_stems(" ".join(persona.topics)):
                return persona
        turn = self._turn + 1
        if not peek:
            self._turn = turn
        return others[turn % len(others)]

    def cut_in_for_budget(
        self, speaker_seconds: float, words: int, question: Question, interviewer: Persona
    ) -> CutIn | None:
        """Cut in when the answer runs well past its time or word budget."""
        word_budget = int(question.time_budget_s * 2.6 * CUT_IN_GRACE)  # ~155 spoken words a minute
        if speaker_seconds > question.time_budget_s * CUT_IN_GRACE:
            reason = "time_budget"
        elif words > word_budget:
            reason = "word_budget"
        else:
            return None
        return CutIn(
            interviewer,
            reason,
            "Sorry to stop you there, in the interest of time. Could you give me the short version of your main point?",
        )

    def interjection(
        self, partial_text: str, pause_ms: float, spoken_seconds: float, already_interjected: int
    ) -> CutIn | None:
        """During a presentation, at a natural pause, a panelist may probe a claim (core.turn_taking
        says when; this says whether there is a claim, and words the probe)."""
        if pause_ms < INTERJECT_PAUSE_MS or spoken_seconds < INTERJECT_AFTER_S or already_interjected >= 2:
            return None
        said = split_sentences(partial_text)
        last = said[-1] if said else ""
        match = _CLAIM.search(last)  # what they just said, before this pause
        if not match:
            return None
        persona = self.personas[(already_interjected + 1) % len(self.personas)]
        claim = _CLAUSE_END.split(last[match.start() :], maxsplit=1)[0]
        words = claim.split()[:8]
        while len(words) > 1 and words[-1].lower().strip(".,;") in _TRAILING:
            words.pop()
        quoted = " ".join(words).rstrip(".,;!?")
        return CutIn(persona, "probe_claim", f"Sorry to jump in. You said {quoted}. How do you know that?")
