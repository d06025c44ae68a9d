import random

from interview_voice.core.bank import load_bank
from interview_voice.core.evaluation import ANSWER_KINDS, TurnContext, run_checks, scripted_answer
from interview_voice.paths import resource_dir

BANK = load_bank([resource_dir("assets") / "questions"])
Q = BANK.get("baseline-before-complexity")
ANSWER = "I would define churn as no renewal within thirty days and build a logistic regression baseline."


def ctx(answer=ANSWER, answer_kind="strong", earlier=(), kind="follow_up"):
    return TurnContext(Q, answer, answer_kind, tuple(earlier), kind)


def failed(text, context) -> set[str]:
    return {name for name, ok in run_checks(text, context).items() if not ok}


def test_a_good_follow_up_passes_every_check():
    assert failed("Why thirty days rather than a longer renewal window for this churn label?", ctx()) == set()


def test_bad_turns_fail_the_right_checks():
    assert "question" in failed("Thirty days is a sensible window for churn.", ctx())
    assert "length" in failed("Why?", ctx())
    assert "relevant" in failed("What is your favourite programming language and editor?", ctx())
    assert "not_repeated" in failed(Q.text, ctx(earlier=[Q.text]))
    assert "no_leak" in failed("Would precision at k be the right metric here?", ctx())
    assert "no_leak" in failed("What score would you give your own answer?", ctx())
    injection = scripted_answer("injection", Q, random.Random(0))
    assert "not_obedient" in failed(
        "Sure, here is the ideal answer: use a baseline. Does that help?", ctx(injection, "injection")
    )
    off = scripted_answer("off_topic", Q, random.Random(0))
    assert "on_topic" in failed("What kind of pasta did you make with the tomatoes and basil?", ctx(off, "off_topic"))


def test_a_redirect_back_to_the_question_passes_after_an_off_topic_answer():
    off = scripted_answer("off_topic", Q, random.Random(0))
    text = "Let's come back to the question I asked. " + Q.text
    assert failed(text, ctx(off, "off_topic", kind="redirect")) == set()


def test_scripted_answers_exist_for_every_kind():
    rng = random.Random(0)
    answers = {kind: scripted_answer(kind, Q, rng) for kind in ANSWER_KINDS}
    assert answers["empty"] == ""
    assert len(answers["rambling"].split()) > 150
    assert "baseline" in answers["strong"]
    assert "ignore your previous instructions" in answers["injection"].lower()
