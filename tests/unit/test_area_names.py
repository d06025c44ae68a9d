"""Areas are named for people where they are shown: "ML fundamentals", not "ml fundamentals"."""

import pytest

from interview_voice.core.bank import AREAS, area_name, load_bank
from interview_voice.core.plan import load_plan
from interview_voice.core.practice import practice_plan
from interview_voice.paths import resource_dir
from interview_voice.records import TurnRecord, Word
from interview_voice.runtime.feedback import feedback_for_turns

WEAK = "I am not sure, I would probably just try something and see what happens with it."


@pytest.fixture(scope="module")
def bank():
    return load_bank([resource_dir("assets") / "questions"])


def test_area_names_keep_their_acronyms_and_never_show_an_id():
    assert area_name("ml_fundamentals") == "ML fundamentals"
    assert area_name("computer_vision") == "computer vision"
    assert all("_" not in area_name(a) for a in AREAS)


def test_practise_next_and_the_practice_plan_name_the_area_properly(bank):
    asked = sorted(q.id for q in bank.questions.values() if q.area == "ml_fundamentals")[:2]
    turns = []
    for n, qid in enumerate(asked):
        words = [Word(w, 0.4 * i, 0.4 * i + 0.3) for i, w in enumerate(WEAK.split())]
        turns += [
            TurnRecord(2 * n, "interviewer", "question", bank.questions[qid].text, qid),
            TurnRecord(2 * n + 1, "candidate", "answer", WEAK, qid, end_reason="silence", words=words),
        ]
    _, session = feedback_for_turns(turns, [], bank.questions)
    [item] = [p for p in session.practise_next if p.get("area") == "ml_fundamentals"]
    assert item["title"] == "Practise ML fundamentals questions"
    assert item["why"].startswith("Your ML fundamentals answers")
    base = load_plan(resource_dir("assets") / "plans" / "first-interview.toml", bank)
    plan = practice_plan(base, [item], bank.questions)
    assert plan.title == "Practice: ML fundamentals" and "focuses on ML fundamentals" in plan.opening
