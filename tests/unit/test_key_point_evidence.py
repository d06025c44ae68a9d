"""A key point is credited only by words that say it: not under "no"/"without", not by a definition's
"not" taken for a denial, and not by its concepts scattered over unrelated sentences."""

from interview_voice.core.bank import Question
from interview_voice.core.feedback import answer_feedback
from interview_voice.core.terms import parse_terms
from tests.unit.helpers import question
from tests.unit.test_feedback_delivery import timed

TERMS = (
    "label|churn means|days; leak|before the prediction|only past",
    "rerank|reranker|cross encoder",
    "segment|merchant|country",
)


def churn() -> Question:
    return question(
        "q-churn", "How would you predict churn?", rubric_terms=TERMS, terms=tuple(parse_terms(t) for t in TERMS)
    )


def points(text: str) -> list[dict]:
    return answer_feedback(churn(), timed(text)).to_dict()["rubric"]


def test_no_and_without_deny_a_point():
    assert points("We had no reranker on top.")[1]["status"] == "missed"
    assert points("We shipped it without a reranker, to save time.")[1]["status"] == "missed"
    assert points("We added a reranker on the top fifty.")[1]["status"] == "covered"


def test_a_not_inside_a_definition_denies_nothing():
    label = points(
        "A customer has churned when they do not renew within thirty days. The features use only past data."
    )[0]
    assert label["status"] == "covered"
    assert label["evidence"].startswith("A customer has churned when they do not renew")


def test_a_denial_far_into_its_clause_still_denies():
    said = "We never looked at the numbers split out by merchant or by country, sadly."
    assert points(said)[2]["status"] == "missed"


def test_a_points_concepts_scattered_over_the_answer_do_not_cover_it_together():
    scattered = points(
        "The label is a cancellation. We met every week. The team was small. We used Python. "
        "We finished it before the prediction deadline."
    )[0]
    assert scattered["status"] == "partial"
    together = points("The label is a cancellation in the next thirty days. It uses only past data.")[0]
    assert together["status"] == "covered"
    assert together["evidence"] == "The label is a cancellation in the next thirty days."


def test_a_denial_of_the_thing_named_first_denies_it():
    assert points("The reranker was not used in the end.")[1]["status"] == "missed"
    assert points("A reranker did not exist yet.")[1]["status"] == "missed"
    assert points("We never looked at the metrics by merchant, country or region.")[2]["status"] == "missed"
    # a judgement of the thing is not a denial that it was done
    assert points("A reranker won't fix a weak first stage by itself.")[1]["status"] == "covered"


def test_a_no_that_defines_something_denies_nothing_after_it():
    """ "as no renewal" defines churn; the baseline said after it in the same sentence is said."""
    said = "Then I would define churn as no renewal within thirty days and build a reranker with merchant features."
    rubric = points(said)
    assert rubric[1]["status"] == "covered" and rubric[2]["status"] == "covered", rubric
    assert points("We had no reranker on top.")[1]["status"] == "missed"  # still a denial
