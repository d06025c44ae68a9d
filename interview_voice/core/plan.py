"""Interview plans: which kind of questions, how many, who asks them."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from interview_voice.core.bank import AREAS, DOMAINS, LEVELS, STAGES, QuestionBank
from interview_voice.core.errors import InputError

STYLES = ("warm", "neutral", "challenging")


class PlanError(InputError):
    """A plan file is malformed or names questions the bank lacks."""


@dataclass(frozen=True)
class Persona:
    name: str
    role: str
    style: str  # warm | neutral | challenging
    voice: str = ""
    rate: float = 1.0
    pitch: float = 1.0
    volume: float = 1.0
    areas: tuple[str, ...] = ()   # bank areas or domains whose questions this panelist asks
    topics: tuple[str, ...] = ()  # words that make this panelist the one to follow up


@dataclass(frozen=True)
class Plan:
    id: str
    title: str
    description: str
    stage: str
    question_count: int
    follow_ups_per_question: int
    personas: tuple[Persona, ...]
    opening: str
    closing: str
    minutes: int = 30
    question_ids: tuple[str, ...] = ()   # fixed questions, asked first and in order
    areas: tuple[str, ...] = ()          # limit selection to these areas
    domains: tuple[str, ...] = ()        # prefer these domains
    phases: tuple[str, ...] = field(default=())  # system design: phases of one problem

    @property
    def persona(self) -> Persona:
        """The lead interviewer."""
        return self.personas[0]


def _persona(raw: dict, where: Path) -> Persona:
    try:
        persona = Persona(name=raw["name"], role=raw["role"], style=raw.get("style", "neutral"),
                          voice=raw.get("voice", ""), rate=float(raw.get("rate", 1.0)),
                          pitch=float(raw.get("pitch", 1.0)), volume=float(raw.get("volume", 1.0)),
                          areas=tuple(raw.get("areas", ())), topics=tuple(raw.get("topics", ())))
    except (KeyError, TypeError, ValueError) as exc:
        raise PlanError(f"{where}: a persona is missing or has a wrong field: {exc}") from exc
    if persona.style.split()[0] not in STYLES:
        raise PlanError(f"{where}: persona {persona.name} has style {persona.style!r}; use one of {', '.join(STYLES)}")
    if not (0.5 <= persona.rate <= 2.0 and 0.7 <= persona.pitch <= 1.4 and 0.1 <= persona.volume <= 2.0):
        raise PlanError(f"{where}: persona {persona.name}: rate 0.5-2, pitch 0.7-1.4, volume 0.1-2")
    return persona


def load_plan(path: Path, bank: QuestionBank) -> Plan:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise PlanError(f"{path}: {exc}") from exc
    personas = raw.get("persona") or []
    if isinstance(personas, dict):
        personas = [personas]
    if not personas:
        raise PlanError(f"{path}: a plan needs at least one [[persona]]")
    try:
        plan = Plan(
            id=path.stem, title=raw["title"], description=raw.get("description", ""), stage=raw["stage"],
            question_count=int(raw.get("question_count", len(raw.get("questions", [])) or 3)),
            follow_ups_per_question=int(raw.get("follow_ups_per_question", 1)),
            personas=tuple(_persona(p, path) for p in personas), opening=raw["opening"], closing=raw["closing"],
            minutes=int(raw.get("minutes", 30)), question_ids=tuple(raw.get("questions", ())),
            areas=tuple(raw.get("areas", ())), domains=tuple(raw.get("domains", ())),
            phases=tuple(raw.get("phases", ())))
    except (KeyError, TypeError, ValueError) as exc:
        raise PlanError(f"{path}: missing or wrong field {exc}") from exc
    problems = []
    if plan.stage not in STAGES:
        problems.append(f"stage {plan.stage!r} is not one of {', '.join(STAGES)}")
    problems += [f"unknown area {a!r}" for a in plan.areas if a not in AREAS]
    problems += [f"unknown domain {d!r}" for d in plan.domains if d not in DOMAINS]
    problems += [f"question {q!r} is not in the bank" for q in plan.question_ids if q not in bank.questions]
    if len(set(plan.question_ids)) != len(plan.question_ids):
        problems.append("a question appears twice")
    if not 1 <= plan.question_count <= 30 or not 0 <= plan.follow_ups_per_question <= 4:
        problems.append("question_count must be 1-30 and follow_ups_per_question 0-4")
    if problems:
        raise PlanError(f"{path}: " + "; ".join(problems))
    return plan


def available_plans(folder: Path) -> list[str]:
    return sorted(p.stem for p in folder.glob("*.toml"))


def plan_title(path: Path) -> str:
    """The plan's title without loading its questions, for menus."""
    try:
        return str(tomllib.loads(path.read_text(encoding="utf-8")).get("title") or path.stem)
    except (OSError, tomllib.TOMLDecodeError):
        return f"{path.stem} (unreadable)"


__all__ = ["LEVELS", "Persona", "Plan", "PlanError", "available_plans", "load_plan", "plan_title"]
