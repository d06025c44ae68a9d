import pytest

from interview_voice.core.bank import load_bank
from interview_voice.core.interview import Interview
from interview_voice.core.plan import load_plan
from interview_voice.core.practice import practice_plan, redo_plan
from interview_voice.core.selection import select_questions
from interview_voice.paths import resource_dir


@pytest.fixture(scope="module")
def bank():
    return load_bank([resource_dir("assets") / "questions"])


def test_practice_plan_asks_the_weakest_questions_first_then_their_area(bank):
    base = load_plan(resource_dir("assets") / "plans" / "first-interview.toml", bank)
    mlops = sorted(q.id for q in bank.questions.values() if q.area == "mlops")
    items = [
        {"kind": "area", "area": "mlops", "question_ids": mlops[:2]},
        {"kind": "delivery", "habit": "fillers", "question_ids": []},
    ]
    plan = practice_plan(base, items, bank.questions)
    assert plan.question_ids == tuple(mlops[:2]) and "MLOps" in plan.title
    chosen = select_questions(plan, bank)
    assert [q.id for q in chosen[:2]] == mlops[:2]
    only_area = practice_plan(
        base, [{"kind": "area", "area": "mlops", "question_ids": ["not-in-bank"]}], bank.questions
    )
    assert only_area.areas == ("mlops",)
    picked = select_questions(only_area, bank)
    assert picked and all(q.area == "mlops" for q in picked)


def test_redo_plan_is_one_question_with_one_follow_up(bank):
    base = load_plan(resource_dir("assets") / "plans" / "first-interview.toml", bank)
    question = bank.get("beh-failed-project")
    plan = redo_plan(base, question)
    interview = Interview(plan, select_questions(plan, bank))
    assert [q.id for q in interview.questions] == ["beh-failed-project"]
    assert plan.follow_ups_per_question == 1 and plan.question_count == 1


def test_the_warm_up_is_one_question_with_no_follow_up_from_the_lead_interviewer(bank):
    from interview_voice.core.practice import WARM_UP_QUESTION, warm_up_plan

    base = load_plan(resource_dir("assets") / "plans" / "presentation-panel.toml", bank)
    plan = warm_up_plan(base, bank.questions)
    assert (plan.question_count, plan.follow_ups_per_question, plan.minutes) == (1, 0, 1)
    assert [p.name for p in plan.personas] == ["Dana"]
    chosen = select_questions(plan, bank, level="junior")
    assert [q.id for q in chosen] == [WARM_UP_QUESTION]
    assert plan.stage in chosen[0].stages
