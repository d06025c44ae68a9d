"""A worded follow-up is kept only when it is about this answer."""

from interview_voice.core.bank import load_bank
from interview_voice.core.follow_up_checks import off_target
from interview_voice.paths import resource_dir

BANK = load_bank([resource_dir("assets") / "questions"])
CHURN = BANK.get("baseline-before-complexity")
METRIC = CHURN.rubric[3]
DEFINED = (
    "Billing wants to call the customers at risk, so I'd say a customer has churned when the subscription "
    "lapses for thirty days after the billing date, and I'd begin with a logistic regression on usage."
)
RAMBLING = (
    "I'd start with a logistic regression. That reminds me of my last team, we had a great offsite in "
    "Lisbon and the team culture was amazing, everyone loved the food and the football matches."
)


def test_a_question_about_the_missed_point_or_the_candidates_words_is_kept():
    assert off_target("Which metric would you use, given that few customers churn?", CHURN, DEFINED, METRIC) is None
    assert off_target("Why thirty days after the billing date?", CHURN, DEFINED, METRIC) is None


def test_a_question_that_could_be_asked_without_listening_is_rejected():
    assert (
        off_target("What did you think about the team culture?", CHURN, DEFINED, METRIC)
        == "names neither the point to probe nor anything the candidate said"
    )


def test_a_question_about_the_digression_of_a_rambling_answer_is_rejected():
    assert (
        off_target("What was the best part of the offsite in Lisbon?", CHURN, RAMBLING, METRIC)
        == "follows a digression of the answer"
    )


def test_a_question_asking_again_for_what_the_answer_gave_is_rejected():
    assert (
        off_target("How would you define who has churned, over what window of days?", CHURN, DEFINED, METRIC)
        == "asks for what the answer already gave"
    )


def test_a_question_about_the_claim_said_back_is_kept_though_its_point_was_covered():
    # the code said the claim back to ask about it: a question on it is not asking for the point again
    answer = (
        "First I would ask what the business does with the prediction, since that sets the cost of errors. "
        "Churn is no renewal within 30 days of the billing date, and I'd start with a logistic regression."
    )
    lead_in = "You mentioned 30 days."
    asked = "How did you decide on 30 days for the churn threshold?"
    assert off_target(asked, CHURN, answer, METRIC) == "asks for what the answer already gave"
    assert off_target(asked, CHURN, answer, METRIC, lead_in) is None
    # asking for the baseline again does not name the claim: still rejected after the lead-in
    again = "Which baseline would you start with, a logistic regression?"
    assert off_target(again, CHURN, answer, METRIC, lead_in) == "asks for what the answer already gave"
