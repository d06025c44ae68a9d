"""The interviewer model as the judge of key points (core.feedback.judge), within a report's time.

A report has one budget for all the model's work on it (the judge, then the wording of the notes). The
judge gets JUDGE_BUDGET_S of it for the whole session: each answer's points are asked in turn while time
is left, and those not reached keep the terms' status. A model without yes/no scoring (the HTTP one), or
one that fails, leaves every point to the terms.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from interview_voice.core.feedback import judge
from interview_voice.paths import cache_dir

log = logging.getLogger(__name__)

# of the report's model time (the wording's 25 s): a 6-answer session asks about 12 points, about 1,100
# prompt tokens with the examples (benchmarks/evidence_judge_bench.py), some 12 s at the 1.5B model's
# quiet 94 tokens a second on 2 cores; the wording gets what the judge leaves
JUDGE_BUDGET_S = 12.0


@dataclass
class ModelJudge:
    """judge(question, answer, asks) -> margins, on a model with `yes_no` (engines.llm_llama), until
    budget_s (for all its calls together, read on clock) runs out."""

    llm: object
    budget_s: float = JUDGE_BUDGET_S
    clock: Callable[[], float] = time.monotonic
    spent_s: float = 0.0
    asked: int = 0
    answered: int = 0
    opened: bool = False  # the worked examples are in the model's cache (or kept as a snapshot)
    keep_in: Path | None = None  # where their snapshot is kept for the next runs
    missed_too: bool = False  # ask about the points the terms miss too (core.feedback.coverage.judged)
    cancelled: Callable[[], bool] = lambda: False  # stops it as running out of time does (a new interview)
    # margins already had, by (point, passage): a second look at a session asks only what is new
    known: dict[tuple[str, str], float] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __call__(self, question: str, answer: str, asks: Sequence[judge.Ask]) -> list[float | None]:
        with self._lock:
            self.asked += len(asks)
            todo = list(dict.fromkeys((a.point, a.passage) for a in asks if (a.point, a.passage) not in self.known))
            if todo and self.left_s > 0 and not self.cancelled():
                self._ask(todo)
        return [self.known.get((a.point, a.passage)) for a in asks]

    def _ask(self, todo: Sequence[tuple[str, str]]) -> None:
        """The model's margin on each (point, passage), in order, into `known`, until the time runs out."""
        started, answered = self.clock(), 0
        stop = _PastDeadline(self.clock, started + self.left_s, self.cancelled)  # seen even mid-prompt
        try:
            if not self.opened:
                self.opened = self._open(stop)
            prompts = [judge.passage_prompt_shots(point, passage) for point, passage in todo]
            with contextlib.closing(self.llm.yes_no(prompts, cancel=stop)) as said:  # type: ignore[attr-defined]
                for key, verdict in zip(todo, said):
                    self.known[key] = verdict.margin
                    answered += 1
                    if self.spent_s + self.clock() - started >= self.budget_s or self.cancelled():
                        break  # out of time: the points not reached keep the terms' status
        finally:
            self.spent_s += self.clock() - started
            self.answered += answered

    def _open(self, stop: _PastDeadline) -> bool:
        """The worked examples every question opens with, restored from their snapshot when one was kept
        (milliseconds) or read once and kept. A model without snapshots reads them with the first question."""
        remember = getattr(self.llm, "remember_opening", None)
        if remember is None:
            return True
        two = [judge.passage_prompt_shots(point, "") for point in ("A", "B")]
        return bool(remember(*two, keep_in=self.keep_in, cancel=stop))

    @property
    def left_s(self) -> float:
        return max(0.0, self.budget_s - self.spent_s)


class _PastDeadline:
    """The model's `cancel`, asked between the pieces of a prompt it reads: set once the budget has run out
    (read on the judge's clock, so no timer thread is needed)."""

    def __init__(self, clock: Callable[[], float], at: float, cancelled: Callable[[], bool] = lambda: False) -> None:
        self._clock, self._at, self._cancelled = clock, at, cancelled

    def is_set(self) -> bool:
        return self._clock() >= self._at or self._cancelled()


def model_judge(llm: object | None, budget_s: float = JUDGE_BUDGET_S) -> ModelJudge | None:
    """A judge on the interviewer model, or None where it cannot score yes/no (the terms alone then). The
    snapshot of its worked examples is kept in the cache folder (paths.cache_dir)."""
    if llm is None or not callable(getattr(llm, "yes_no", None)) or getattr(llm, "closed", False):
        return None
    return ModelJudge(llm, budget_s, keep_in=cache_dir() / "prompt-snapshots")
