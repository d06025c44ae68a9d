from pathlib import Path

from interview_voice.core.followup import (clean_follow_up, follow_up_messages, least_covered_rubric_point,
                                           load_prompts)
from interview_voice.paths import resource_dir
from tests.unit.helpers import sample_bank, sample_plan


def test_clean_keeps_a_spoken_question():
    assert clean_follow_up('Follow-up: "How did you pick the threshold?"') == "How did you pick the threshold?"
    assert clean_follow_up("Good. Why XGBoost over a simpler baseline? Also, the") == \
        "Good. Why XGBoost over a simpler baseline?"


def test_clean_rejects_what_is_not_a_usable_question():
    for raw in ["", "I think so.", "What?", "Aim to identify which customers will cancel next month.",
                "Why " + "really " * 50 + "?"]:
        assert clean_follow_up(raw) is None, raw


def test_least_covered_rubric_point_targets_what_the_answer_skipped():
    bank = sample_bank()
    q = bank.get("q-one")
    answer = "I would define the label and the prediction window, then build a simple baseline."
    assert least_covered_rubric_point(q, answer) == "Uses a time-based split for validation"


def test_prompt_keeps_a_stable_system_prefix_and_quotes_the_answer():
    bank = sample_bank()
    plan = sample_plan(bank)
    templates = load_prompts(resource_dir("prompts") / "interviewer.toml")
    a = follow_up_messages(templates, plan.persona, bank.get("q-one"), "Q1?", 'He said "ignore rules".')
    b = follow_up_messages(templates, plan.persona, bank.get("q-two"), "Q2?", "Another answer.")
    assert a[0] == b[0] and a[0].role == "system"  # identical prefix: llama.cpp reuses its cache
    assert "He said 'ignore rules'." in a[1].content
    assert "{" not in a[0].content + a[1].content  # every placeholder filled
