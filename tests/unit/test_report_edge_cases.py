"""The report's edge cases: every key point covered, none covered (typed and cut-short answers have
their own tests: test_typed_feedback.py, test_cut_short_feedback.py)."""

from interview_voice.core.feedback import answer_feedback, session_feedback
from tests.unit.test_feedback_content import churn
from tests.unit.test_feedback_delivery import timed

ALL = (
    "The label is churn, meaning the contract ends within a thirty day window. I'd start with a logistic regression "
    "baseline on usage counts. And I'd validate on a time based split, training on older months."
)
NONE = "I would use the best tools available and work closely with the team until it is done well."


def _session(text: str):
    q = churn()
    answer = answer_feedback(q, timed(text), turn=1)
    return answer.to_dict(), session_feedback([answer], {q.id: q}).to_dict()


def test_every_point_covered_is_100_percent_with_a_whole_sentence_quote_and_nothing_to_practise():
    answer, session = _session(ALL)
    assert [p["status"] for p in answer["rubric"]] == ["covered"] * 3
    assert answer["coverage"] == 1.0 and session["headline"]["coverage"] == 1.0
    for point in answer["rubric"]:
        assert point["evidence"] and point["evidence"][-1] in ".…" and point["at_s"] is not None
    assert not [item for item in session["practise_next"] if item["kind"] in ("area", "question")]


def test_no_point_covered_is_0_percent_without_quotes_and_practise_names_it():
    answer, session = _session(NONE)
    assert [p["status"] for p in answer["rubric"]] == ["missed"] * 3
    assert all(p["evidence"] is None and p["at_s"] is None for p in answer["rubric"])
    assert answer["coverage"] == 0.0 and session["headline"]["coverage"] == 0.0
    [content] = [item for item in session["practise_next"] if item["kind"] in ("area", "question")]
    assert "0%" in content["why"]
