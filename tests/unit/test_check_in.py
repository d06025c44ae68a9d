"""Asking for the question again, and the check-in on a long silence (core.check_in)."""

import pytest

from interview_voice.core.check_in import NUDGE_LINE, asks_to_repeat, nudge_line, repeat_line
from interview_voice.core.commands import Speak, TurnKind
from tests.unit.helpers import LEAD


@pytest.mark.parametrize(
    "said",
    [
        "Repeat.",
        "repeat please",
        "Sorry, could you say that again?",
        "Can you repeat the question?",
        "Um, could you please repeat that?",
        "Pardon?",
        "What was the question?",
        "Come again?",
        "Could you ask that again, please?",
    ],
)
def test_a_request_to_hear_the_question_again(said):
    assert asks_to_repeat(said)


@pytest.mark.parametrize(
    "said",
    [
        "",
        "We repeat the test every night.",
        "I would repeat it.",
        "Repeat customers churn less, so I would weight them in the split.",
        "Sorry, I do not know.",
        "Could you give me a moment?",
    ],
)
def test_an_answer_that_only_uses_the_word_is_not_a_request(said):
    assert not asks_to_repeat(said)


def test_the_repeat_and_the_check_in_come_from_whoever_asked():
    asked = Speak("How would you validate it?", TurnKind.FOLLOW_UP, LEAD, "q-one", "model")
    again = repeat_line(asked)
    assert (again.kind, again.persona, again.question_id) == (TurnKind.REPEAT, LEAD, "q-one")
    assert again.text.endswith(asked.text)
    nudge = nudge_line(asked)
    assert (nudge.kind, nudge.persona, nudge.text) == (TurnKind.NUDGE, LEAD, NUDGE_LINE)
