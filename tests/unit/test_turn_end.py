"""Telling a finished answer from a candidate who is thinking, from the words up to a pause."""

import pytest

from interview_voice.core.turn_end import Completion, judge_pause

FINISHED = [
    "The main trade off was latency against accuracy.",
    "We chose the smaller model, which lost two points of accuracy but met the one hundred millisecond budget.",
    "There are three reasons. First, cost. Second, latency. Third, the risk of a bad release.",
    "First, I would check the data. Then I would retrain the model.",
    "We had two options: a bigger model or a cache in front of it.",
    "There are two reasons, First, the labels arrived late. Second, one feature was computed differently.",
    "I first checked the logs.",
    "I would start with a baseline.",
    "It went well.",
    "Yes.",
    "I would first ask what the business wants to do with the prediction.",
    "First I checked the logs, and then I compared the features.",
    "And he says, how do I get to Dublin?",
    "He might have been made still more respectable than he was.",
    "That is what it is.",
    "We chose the smaller model, which met the budget. ...",
    "It depends on the team. Who would I be working with?",  # a question that ends on "with" is whole
    "Which data was the model trained on?",
]
MORE_COMING = [
    "The main trade off was latency against accuracy. Let me think about how to explain it.",
    "Give me a second.",
    "So the first one is",
    "There are three reasons.",
    "There are three reasons. First, cost. Second, latency.",
    "There are two reasons, First, the label arrived late.",
    "First, I would check the data.",
    "We looked at the logs and",
    "We looked at the logs, but",
    "The cause was, um.",
    "Hmm.",
    "Good question.",
    "So how would I approach this?",
    "The main reason was",
    "The bottleneck in that pipeline was.",
    "We decided to go with",
    "We tried a few things, for example",
    "Here is what we did:",
    "And the answer that comes back is, well,",
    "He was not an...",
    "There are three reasons. . .",
]


@pytest.mark.parametrize("text", FINISHED)
def test_a_finished_answer_sounds_finished(text):
    assert judge_pause(text) is Completion.FINISHED


@pytest.mark.parametrize("text", MORE_COMING)
def test_words_that_announce_more_say_so(text):
    assert judge_pause(text) is Completion.MORE_COMING


def test_a_preamble_only_counts_as_one_at_the_start_of_an_answer():
    assert judge_pause("Good question.", first_turn_of_question=False) is Completion.FINISHED
    # a long answer that mentions the question is not a preamble
    long = "That is a good question, and we solved it by caching the features at serving time for every merchant."
    assert judge_pause(long) is Completion.FINISHED


def test_an_answer_that_only_restates_the_question_is_a_preamble():
    asked = "How would you predict which customers will cancel their subscription?"
    assert judge_pause("So, predicting which customers will cancel.", asked=asked) is Completion.MORE_COMING
    assert judge_pause("A logistic regression on billing history.", asked=asked) is Completion.FINISHED
    assert judge_pause("Customers cancel.", asked=asked, first_turn_of_question=False) is Completion.FINISHED


def test_unknown_or_unpunctuated_words():
    assert judge_pause(None) is Completion.UNKNOWN
    assert judge_pause("  ") is Completion.UNKNOWN
    assert judge_pause("we cached the features") is Completion.HANGING


def test_a_talk_is_over_only_when_its_last_sentence_closes_it():
    from interview_voice.core.turn_end import talk_concluded

    for closed in (
        "So that is the system. Thank you for listening.",
        "That's all from me. Happy to take questions.",
        "And that concludes my presentation.",
        "Thank you.",
        "Any questions?",
    ):
        assert talk_concluded(closed), closed
    for going_on in (
        "Thank you. Today I will present the demand forecasting system.",
        "We answered questions from the sales team.",
        "Next I will talk about monitoring.",
        "Thank you for the question, the short answer is that we retrained weekly",
        "",
    ):
        assert not talk_concluded(going_on), going_on
