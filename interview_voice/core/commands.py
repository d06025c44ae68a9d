"""What the interview asks the runtime to do (commands out), and the kinds of line it speaks."""

from __future__ import annotations

from dataclasses import dataclass

from interview_voice.core.bank import Question
from interview_voice.core.plan import Persona
from interview_voice.records import TurnKind

__all__ = ["Command", "End", "Listen", "Speak", "TurnKind", "WriteFollowUp"]


@dataclass(frozen=True)
class Speak:
    text: str
    kind: TurnKind
    persona: Persona
    question_id: str | None = None
    source: str = "script"  # script | curated | redirect (model follow-ups come via WriteFollowUp)


@dataclass(frozen=True)
class Listen:
    question_id: str
    time_budget_s: int
    holds_floor: bool = False  # a presentation: pauses between points do not end the turn
    after_check_in: bool = False  # the interviewer just checked in on a long silence: no second check-in


@dataclass(frozen=True)
class WriteFollowUp:
    question: Question
    asked: str  # what the candidate was last asked
    answer: str
    target: str | None  # the gap to probe (a rubric point), or None: probe a claim
    fallback: str  # curated probe if the model's wording is unusable
    persona: Persona
    lead_in: str | None = None  # said first, before the question: the candidate's claim said back (core.lead_in)


@dataclass(frozen=True)
class End:
    pass


Command = Speak | Listen | WriteFollowUp | End
