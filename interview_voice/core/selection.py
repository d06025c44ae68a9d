"""Choosing a session's questions: fitting the plan and level, varied, not repeated."""

from __future__ import annotations

import random
from collections import defaultdict

from interview_voice.core.bank import Question, QuestionBank
from interview_voice.core.plan import Plan


def select_questions(
    plan: Plan,
    bank: QuestionBank,
    *,
    level: str | None = None,
    recent: frozenset[str] = frozenset(),
    rng: random.Random | None = None,
) -> list[Question]:
    """The plan's fixed questions, then others of its stage, one area at a time.

    Never the same question twice; questions asked in recent sessions only
    when nothing else fits.
    """
    rng = rng or random.Random()
    chosen = [bank.get(q) for q in plan.question_ids][: plan.question_count]
    taken = {q.id for q in chosen}
    pool = [
        q
        for q in bank.questions.values()
        if plan.stage in q.stages
        and q.id not in taken
        and (not plan.areas or q.area in plan.areas)
        and (level is None or level in q.levels)
    ]

    def rank(q: Question) -> tuple[int, int, float]:
        preferred_domain = 0 if not plan.domains or set(q.domains) & set(plan.domains) else 1
        return (q.id in recent, preferred_domain, rng.random())

    by_area: dict[str, list[Question]] = defaultdict(list)
    for q in sorted(pool, key=rank):
        by_area[q.area].append(q)
    # Round-robin over areas (in a shuffled order) so one topic does not fill the session.
    areas = sorted(by_area, key=lambda a: (by_area[a][0].id in recent, rng.random()))
    while len(chosen) < plan.question_count and any(by_area.values()):
        for area in areas:
            if by_area[area] and len(chosen) < plan.question_count:
                chosen.append(by_area[area].pop(0))
    return chosen
