"""Interview plans: which kind of questions, how many, who asks them."""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from interview_voice.core.bank import AREAS, DOMAINS, LEVELS, STAGES, QuestionBank
from interview_voice.core.errors import InputError
from interview_voice.core.userfile import line_at, line_of_key, read_user_text, table_starts

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
    areas: tuple[str, ...] = ()  # bank areas or domains whose questions this panelist asks
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
    question_ids: tuple[str, ...] = ()  # fixed questions, asked first and in order
    areas: tuple[str, ...] = ()  # limit selection to these areas
    domains: tuple[str, ...] = ()  # prefer these domains
    phases: tuple[str, ...] = field(default=())  # system design: phases of one problem

    @property
    def persona(self) -> Persona:
        """The lead interviewer."""
        return self.personas[0]


PLAN_KEYS = (
    "title",
    "description",
    "stage",
    "question_count",
    "follow_ups_per_question",
    "persona",
    "opening",
    "closing",
    "minutes",
    "questions",
    "areas",
    "domains",
    "phases",
)
PERSONA_KEYS = ("name", "role", "style", "voice", "rate", "pitch", "volume", "areas", "topics")
_LISTS = ("questions", "areas", "domains", "phases")


def _unknown_keys(raw: dict, known: tuple[str, ...], text: str, path: Path, start: int = 0) -> list[str]:
    """Keys nobody reads, most likely typos: each with its line and the key it resembles."""
    problems = []
    for key in raw:
        if key not in known:
            close = difflib.get_close_matches(key, known, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else f" (known: {', '.join(known)})"
            problems.append(f"{path}:{line_of_key(text, key, start)}: unknown key {key!r}{hint}")
    return problems


def _text_list(raw: dict, key: str, where: str) -> tuple[str, ...]:
    value = raw.get(key, ())
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise PlanError(
            f"{where}: {key} must be a list of strings in brackets, e.g. {key} = [\"a\", \"b\"] (found {value!r})"
        )
    return tuple(value)


def _persona(raw: dict, where: str) -> Persona:
    if not isinstance(raw, dict):
        raise PlanError(f"{where}: each [[persona]] must be a table")
    try:
        persona = Persona(
            name=raw["name"],
            role=raw["role"],
            style=str(raw.get("style", "neutral")),
            voice=raw.get("voice", ""),
            rate=float(raw.get("rate", 1.0)),
            pitch=float(raw.get("pitch", 1.0)),
            volume=float(raw.get("volume", 1.0)),
            areas=_text_list(raw, "areas", where),
            topics=_text_list(raw, "topics", where),
        )
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, PlanError):
            raise
        raise PlanError(f"{where}: a persona is missing or has a wrong field: {exc}") from exc
    if (persona.style.split() or [""])[0] not in STYLES:
        raise PlanError(f"{where}: persona {persona.name} has style {persona.style!r}; use one of {', '.join(STYLES)}")
    if not (0.5 <= persona.rate <= 2.0 and 0.7 <= persona.pitch <= 1.4 and 0.1 <= persona.volume <= 2.0):
        raise PlanError(f"{where}: persona {persona.name}: rate 0.5-2, pitch 0.7-1.4, volume 0.1-2")
    return persona


def load_plan(path: Path, bank: QuestionBank) -> Plan:
    try:
        text = read_user_text(path)
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PlanError(f"{path}: not valid TOML: {exc}") from exc
    except (OSError, ValueError) as exc:
        raise PlanError(f"{path}: cannot read: {exc}") from exc
    personas = raw.get("persona") or []
    if isinstance(personas, dict):
        personas = [personas]
    if not personas:
        raise PlanError(f"{path}: a plan needs at least one [[persona]]")
    starts = table_starts(text, "persona") or [0] * len(personas)
    problems = _unknown_keys(raw, PLAN_KEYS, text[: starts[0]] if starts[0] else text, path)
    for number, persona in enumerate(personas):
        start = starts[number] if number < len(starts) else 0
        if isinstance(persona, dict):
            problems += _unknown_keys(persona, PERSONA_KEYS, text, path, start)
    if problems:
        raise PlanError("; ".join(problems))
    lists = {key: _text_list(raw, key, f"{path}:{line_of_key(text, key)}") for key in _LISTS}
    try:
        plan = Plan(
            id=path.stem,
            title=raw["title"],
            description=raw.get("description", ""),
            stage=raw["stage"],
            question_count=int(raw.get("question_count", len(lists["questions"]) or 3)),
            follow_ups_per_question=int(raw.get("follow_ups_per_question", 1)),
            personas=tuple(
                _persona(p, f"{path}:{line_at(text, starts[i]) if i < len(starts) else 0}")
                for i, p in enumerate(personas)
            ),
            opening=raw["opening"],
            closing=raw["closing"],
            minutes=int(raw.get("minutes", 30)),
            question_ids=lists["questions"],
            areas=lists["areas"],
            domains=lists["domains"],
            phases=lists["phases"],
        )
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, PlanError):
            raise
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
        return str(tomllib.loads(read_user_text(path)).get("title") or path.stem)
    except (OSError, ValueError):  # TOMLDecodeError is a ValueError
        return f"{path.stem} (unreadable)"


__all__ = ["LEVELS", "Persona", "Plan", "PlanError", "available_plans", "load_plan", "plan_title"]
