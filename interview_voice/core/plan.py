"""Interview plans: which questions, in which order, with how many follow-ups."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from interview_voice.core.bank import QuestionBank


class PlanError(ValueError):
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


@dataclass(frozen=True)
class Plan:
    id: str
    title: str
    description: str
    question_ids: tuple[str, ...]
    follow_ups_per_question: int
    persona: Persona
    opening: str
    closing: str


def load_plan(path: Path, bank: QuestionBank) -> Plan:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise PlanError(f"{path}: {exc}") from exc
    try:
        persona = Persona(**raw["persona"])
        plan = Plan(id=path.stem, title=raw["title"], description=raw.get("description", ""),
                    question_ids=tuple(raw["questions"]),
                    follow_ups_per_question=int(raw.get("follow_ups_per_question", 1)),
                    persona=persona, opening=raw["opening"], closing=raw["closing"])
    except (KeyError, TypeError) as exc:
        raise PlanError(f"{path}: missing or wrong field {exc}") from exc
    unknown = [q for q in plan.question_ids if q not in bank.questions]
    if unknown:
        raise PlanError(f"{path}: questions not in the bank: {', '.join(unknown)}")
    if len(set(plan.question_ids)) != len(plan.question_ids):
        raise PlanError(f"{path}: a question appears twice")
    return plan


def available_plans(folder: Path) -> list[str]:
    return sorted(p.stem for p in folder.glob("*.toml"))


def plan_title(path: Path) -> str:
    """The plan's title without loading its questions, for menus."""
    try:
        return str(tomllib.loads(path.read_text(encoding="utf-8")).get("title") or path.stem)
    except (OSError, tomllib.TOMLDecodeError):
        return f"{path.stem} (unreadable)"
