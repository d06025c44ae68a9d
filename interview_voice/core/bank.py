"""The question bank: questions with rubric points, red flags and curated probes.

Bank files are TOML (assets/questions/*.toml, plus the user's own files in the
data dir). A malformed file or question is reported with file and line and
skipped; the rest still loads.
"""

from __future__ import annotations

import logging
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from interview_voice.core.terms import Concept, parse_terms
from interview_voice.core.userfile import line_at, line_of_key, read_user_text, table_starts

log = logging.getLogger(__name__)

STAGES = ("recruiter_screen", "technical_screen", "system_design", "project_deep_dive", "presentation", "behavioural")
LEVELS = ("junior", "mid", "senior", "lead", "architect", "research")
AREAS = (
    "background",
    "motivation",
    "logistics",
    "culture",
    "growth",
    "communication",
    "ml_fundamentals",
    "deep_learning",
    "data_features",
    "evaluation",
    "mlops",
    "nlp_llm",
    "computer_vision",
    "reinforcement_learning",
    "responsible_ai",
    "distributed_scale",
    "system_design",
    "project",
    "presentation",
    "behavioural",
    "leadership",
    "research",
    "domain",
)
# How an area is named in a sentence ("Practise ML fundamentals questions"); others read as their id.
AREA_NAMES = {
    "ml_fundamentals": "ML fundamentals",
    "data_features": "data and features",
    "mlops": "MLOps",
    "nlp_llm": "NLP and LLMs",
    "responsible_ai": "responsible AI",
    "distributed_scale": "distributed systems and scale",
}
DOMAINS = ("healthcare", "fintech", "ecommerce", "regulated")


def area_name(area: str) -> str:
    """An area's name for people: "ML fundamentals" for ml_fundamentals, "computer vision" for computer_vision."""
    return AREA_NAMES.get(area, area.replace("_", " "))


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    stages: tuple[str, ...]
    area: str
    levels: tuple[str, ...]
    probes: str
    rubric: tuple[str, ...]
    red_flags: tuple[str, ...]
    follow_ups: tuple[str, ...]
    time_budget_s: int
    star: bool
    domains: tuple[str, ...] = ()
    source: str = ""  # "file:line", for messages
    # Per rubric point, the author-written words and synonyms that show it was covered
    # (see core/terms.py); `terms` is the parsed form.
    rubric_terms: tuple[str, ...] = ()
    terms: tuple[tuple[Concept, ...], ...] = ()
    # Per rubric point, a spoken follow-up that asks about it without naming its answer; optional.
    point_probes: tuple[str, ...] = ()


@dataclass
class BankProblem:
    where: str  # "file:line"
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class QuestionBank:
    questions: dict[str, Question] = field(default_factory=dict)
    problems: list[BankProblem] = field(default_factory=list)

    def get(self, question_id: str) -> Question:
        try:
            return self.questions[question_id]
        except KeyError:
            raise KeyError(f"no question {question_id!r} in the bank") from None


# field: (fewest, most) entries
_LIST_FIELDS = {"stages": (1, 6), "levels": (1, 6), "rubric": (3, 6), "follow_ups": (2, 4)}


def _parse_question(raw: dict, where: str) -> Question:
    missing = [
        k
        for k in (
            "id",
            "text",
            "stages",
            "area",
            "levels",
            "probes",
            "rubric",
            "rubric_terms",
            "follow_ups",
            "time_budget_s",
        )
        if k not in raw
    ]
    if missing:
        hint = (
            " (rubric_terms: one string per rubric point, the words and synonyms that show it was covered, "
            "e.g. \"baseline|simple model; compare|versus\")"
            if "rubric_terms" in missing
            else ""
        )
        raise ValueError(f"missing {', '.join(missing)}{hint}")
    for name, (least, most) in _LIST_FIELDS.items():
        value = raw[name]
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise ValueError(f"{name} must be a list of non-empty strings")
        if not least <= len(value) <= most:
            raise ValueError(f"{name} needs {least} to {most} entries, has {len(value)}")
    for name, allowed in (("stages", STAGES), ("levels", LEVELS), ("domains", DOMAINS)):
        bad = [v for v in raw.get(name, []) if v not in allowed]
        if bad:
            raise ValueError(f"unknown {name} {', '.join(map(str, bad))} (allowed: {', '.join(allowed)})")
    if raw["area"] not in AREAS:
        raise ValueError(f"unknown area {raw['area']!r} (allowed: {', '.join(AREAS)})")
    budget = raw["time_budget_s"]
    if not isinstance(budget, int) or not 15 <= budget <= 900:
        raise ValueError("time_budget_s must be a whole number of seconds between 15 and 900")
    terms = _parse_rubric_terms(raw["rubric"], raw["rubric_terms"])
    point_probes = _parse_point_probes(raw["rubric"], raw.get("point_probes"))
    return Question(
        id=raw["id"],
        text=" ".join(raw["text"].split()),
        stages=tuple(raw["stages"]),
        area=raw["area"],
        levels=tuple(raw["levels"]),
        probes=raw["probes"],
        rubric=tuple(raw["rubric"]),
        red_flags=tuple(raw.get("red_flags", ())),
        follow_ups=tuple(raw["follow_ups"]),
        time_budget_s=budget,
        star=bool(raw.get("star", False)),
        domains=tuple(raw.get("domains", ())),
        source=where,
        rubric_terms=tuple(raw["rubric_terms"]),
        terms=terms,
        point_probes=point_probes,
    )


def _parse_point_probes(rubric: list[str], probes: object) -> tuple[str, ...]:
    """point_probes: absent, or one spoken question per rubric point, in the rubric's order."""
    if probes is None:
        return ()
    example = "e.g. point_probes = [\"How would you split the data to validate it?\", ...]"
    if not isinstance(probes, list) or len(probes) != len(rubric):
        count = len(probes) if isinstance(probes, list) else "not a list"
        raise ValueError(f"point_probes needs one question per rubric point ({len(rubric)}), has {count}; {example}")
    cleaned = []
    for number, probe in enumerate(probes, 1):
        if not isinstance(probe, str) or not probe.strip():
            raise ValueError(f"point_probes entry {number} must be a question in quotes; {example}")
        text = " ".join(probe.split())
        if not text.endswith("?") or text.count("?") != 1:
            raise ValueError(f"point_probes entry {number} ({text!r}) must be one question ending in \"?\"")
        cleaned.append(text)
    return tuple(cleaned)


def _parse_rubric_terms(rubric: list[str], specs: object) -> tuple[tuple[Concept, ...], ...]:
    if not isinstance(specs, list) or len(specs) != len(rubric):
        count = len(specs) if isinstance(specs, list) else "not a list"
        raise ValueError(f"rubric_terms needs one entry per rubric point ({len(rubric)}), has {count}")
    parsed = []
    for number, spec in enumerate(specs, 1):
        try:
            parsed.append(parse_terms(spec))
        except ValueError as exc:
            raise ValueError(f"rubric_terms entry {number} ({rubric[number - 1]!r}): {exc}") from None
    return tuple(parsed)


def load_bank_file(path: Path, bank: QuestionBank) -> None:
    try:
        text = read_user_text(path)
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # Python 3.11's TOMLDecodeError has no lineno; its message ends "(at line N, column M)".
        found = re.search(r"at line (\d+)", str(exc))
        bank.problems.append(BankProblem(f"{path}:{found.group(1) if found else 0}", f"not valid TOML: {exc}"))
        return
    except (OSError, ValueError) as exc:
        bank.problems.append(BankProblem(str(path), f"cannot read: {exc}"))
        return
    raws = data.get("question", [])
    if isinstance(raws, dict):  # [question] instead of [[question]]
        match = re.search(r"^[ \t]*\[[ \t]*question[ \t]*\]", text, re.MULTILINE)
        bank.problems.append(
            BankProblem(
                f"{path}:{line_at(text, match.start()) if match else 0}",
                "write [[question]] (two brackets) before each question",
            )
        )
        return
    if not isinstance(raws, list):
        bank.problems.append(
            BankProblem(f"{path}:{line_of_key(text, 'question')}", "question must be a list of [[question]] tables")
        )
        return
    starts = table_starts(text, "question")
    for number, raw in enumerate(raws):
        start = starts[number] if number < len(starts) else 0
        line = line_of_key(text, "id", start) or (line_at(text, start) if starts else 0)
        where = f"{path}:{line}"
        qid = raw.get("id", "?") if isinstance(raw, dict) else "?"
        try:
            if not isinstance(raw, dict):
                raise ValueError("is not a table")
            if not isinstance(qid, str) or not qid.strip():
                raise ValueError(f"id must be text in quotes, e.g. id = \"my-question\" (found {qid!r})")
            question = _parse_question(raw, where)
        except (ValueError, TypeError, AttributeError) as exc:
            bank.problems.append(BankProblem(where, f"question {qid}: {exc}"))
            continue
        if question.id in bank.questions:
            bank.problems.append(
                BankProblem(where, f"question id {question.id} is already used at {bank.questions[question.id].source}")
            )
            continue
        bank.questions[question.id] = question


def load_bank(folders: list[Path]) -> QuestionBank:
    bank = QuestionBank()
    for folder in folders:
        if folder.is_dir():
            for path in sorted(folder.glob("*.toml")):
                load_bank_file(path, bank)
    for problem in bank.problems:
        log.warning("question bank: %s", problem)
    return bank
