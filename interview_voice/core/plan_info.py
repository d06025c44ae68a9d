"""What a plan is about and how long it takes, read from its file without the question bank (for menus)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from interview_voice.core.userfile import read_user_text


@dataclass(frozen=True)
class PlanInfo:
    title: str
    description: str
    minutes: int
    questions: int
    people: tuple[str, ...]  # "Dana, hiring manager"
    problem: str = ""  # why the file could not be read ("" when it could)

    def summary(self) -> str:
        """What, then how long and with whom, for the window."""
        if self.problem:
            return f"This plan cannot be read: {self.problem}"
        asks = f"{self.questions} main question{'s' if self.questions != 1 else ''}"
        who = ("Interviewer: " if len(self.people) == 1 else "Panel: ") + "; ".join(self.people) if self.people else ""
        length = " · ".join(part for part in (f"Length: about {self.minutes} min", asks, who) if part)
        return f"{self.description}\n{length}" if self.description else length


def _int(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def plan_info(path: Path) -> PlanInfo:
    try:
        raw = tomllib.loads(read_user_text(path))
    except (OSError, ValueError) as exc:  # TOMLDecodeError is a ValueError
        return PlanInfo(path.stem, "", 0, 0, (), problem=f"{path.name}: {exc}")
    personas = raw.get("persona") or []
    if isinstance(personas, dict):
        personas = [personas]
    people = tuple(f"{p.get('name', '?')}, {p.get('role', '')}".rstrip(", ") for p in personas if isinstance(p, dict))
    fixed = raw.get("questions")
    fixed = fixed if isinstance(fixed, list) else []
    return PlanInfo(
        str(raw.get("title") or path.stem),
        str(raw.get("description") or "").strip(),
        _int(raw.get("minutes"), 30),
        _int(raw.get("question_count"), len(fixed) or 3),
        people,
    )
