import random

from interview_voice.core.bank import load_bank
from interview_voice.core.plan import load_plan
from interview_voice.core.selection import select_questions
from interview_voice.paths import resource_dir

BANK = load_bank([resource_dir("assets") / "questions"])
PLANS = resource_dir("assets") / "plans"


def plan(name):
    return load_plan(PLANS / f"{name}.toml", BANK)


def test_every_bundled_plan_loads_and_fills_its_session_at_every_level():
    for path in PLANS.glob("*.toml"):
        p = load_plan(path, BANK)
        for level in ("junior", "mid", "senior", "lead", "architect", "research"):
            chosen = select_questions(p, BANK, level=level, rng=random.Random(0))
            assert len(chosen) == p.question_count or p.question_ids, (p.id, level)
            assert len({q.id for q in chosen}) == len(chosen)
            assert all(p.stage in q.stages for q in chosen if q.id not in p.question_ids)


def test_questions_vary_across_areas_and_fit_the_level():
    chosen = select_questions(plan("technical-screen"), BANK, level="junior", rng=random.Random(3))
    assert len({q.area for q in chosen}) == len(chosen)
    assert all("junior" in q.levels for q in chosen)
    assert all(q.area not in ("reinforcement_learning", "research") for q in chosen)


def test_recent_questions_are_avoided_while_others_remain():
    p = plan("technical-screen")
    first = select_questions(p, BANK, level="mid", rng=random.Random(1))
    second = select_questions(p, BANK, level="mid", recent=frozenset(q.id for q in first), rng=random.Random(1))
    assert not {q.id for q in first} & {q.id for q in second}


def test_fixed_questions_come_first_in_order():
    chosen = select_questions(plan("presentation-panel"), BANK, level="senior", rng=random.Random(0))
    assert chosen[0].id == "pres-present-project"
    assert all("presentation" in q.stages for q in chosen)


def test_system_design_asks_one_design_problem():
    [problem] = select_questions(plan("system-design"), BANK, level="senior", rng=random.Random(0))
    assert problem.area == "system_design"
