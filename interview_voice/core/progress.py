"""Progress over sessions from their stored feedback: series for charts, weakest areas, streaks."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class SessionPoint:
    day: date
    label: str  # e.g. "11-26" for the chart's axis
    feedback: dict  # the stored session feedback (core.feedback SessionFeedback JSON)


@dataclass(frozen=True)
class Progress:
    labels: list[str]
    pace: list[float | None]  # words a minute, per session
    fillers_per_min: list[float | None]
    long_pauses_per_answer: list[float | None]
    coverage: list[float | None]
    coverage_by_area: dict[str, float]  # mean over all sessions' questions in the area
    coverage_by_stage: dict[str, float]
    weakest_areas: list[tuple[str, float]]
    streak_days: int  # days in a row practised, up to the last session
    best_streak_days: int
    sessions: int


def streaks(days: Sequence[date], today: date | None = None) -> tuple[int, int]:
    """(current, best) runs of consecutive practice days; current is 0 when neither today nor yesterday counted."""
    unique = sorted(set(days))
    if not unique:
        return 0, 0
    best = run = 1
    for before, after in zip(unique, unique[1:]):
        run = run + 1 if after - before == timedelta(days=1) else 1
        best = max(best, run)
    today = today or unique[-1]
    current = run if today - unique[-1] <= timedelta(days=1) else 0
    return current, best


def _mean(values: list[float]) -> float:
    return sum(values) / len(values)


def progress(points: Sequence[SessionPoint], today: date | None = None, weakest: int = 3) -> Progress:
    pace, fillers, pauses, cover = [], [], [], []
    by_area: dict[str, list[float]] = defaultdict(list)
    by_stage: dict[str, list[float]] = defaultdict(list)
    for point in points:
        head = point.feedback.get("headline", {})
        answers = head.get("answers") or 0
        pace.append(head.get("wpm"))
        fillers.append(head.get("fillers_per_min") if answers else None)
        pauses.append(round(head.get("long_pauses", 0) / answers, 2) if answers else None)
        cover.append(head.get("coverage"))
        for row in point.feedback.get("questions", []):
            if row.get("area"):
                by_area[row["area"]].append(row["coverage"])
        if point.feedback.get("stage") and head.get("coverage") is not None:
            by_stage[point.feedback["stage"]].append(head["coverage"])
    area_means = {a: round(_mean(v), 2) for a, v in sorted(by_area.items())}
    current, best = streaks([p.day for p in points], today)
    return Progress(
        [p.label for p in points],
        pace,
        fillers,
        pauses,
        cover,
        area_means,
        {s: round(_mean(v), 2) for s, v in sorted(by_stage.items())},
        weakest_areas(area_means, weakest),
        current,
        best,
        len(points),
    )


def weakest_areas(area_means: dict[str, float], count: int = 3) -> list[tuple[str, float]]:
    """The areas with the lowest share of key points covered, lowest first; an area whose key points
    were all covered is never among them, however few areas there are."""
    return sorted(((a, c) for a, c in area_means.items() if c < 1.0), key=lambda kv: kv[1])[:count]
