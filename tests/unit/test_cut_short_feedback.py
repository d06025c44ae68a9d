"""An answer cut short by ending the interview is scored on what was said; only no words is "no answer"."""

from interview_voice.core.feedback.wording import CUT_SHORT_NOTE
from interview_voice.records import TurnRecord, Word
from interview_voice.runtime.feedback import feedback_for_turns
from interview_voice.storage.feedback_report import CUT_SHORT, answer_markdown
from tests.unit.helpers import sample_bank

BEGUN = "I would define churn"  # four words: the start of an answer when End was pressed


def _feedback(text: str, end_reason: str) -> dict:
    bank = sample_bank()
    question = next(iter(bank.questions.values()))
    words = [Word(w, 0.4 * i, 0.4 * i + 0.3) for i, w in enumerate(text.split())]
    turns = [
        TurnRecord(0, "interviewer", "question", question.text, question.id),
        TurnRecord(1, "candidate", "answer", text, question.id, end_reason=end_reason, words=words),
    ]
    answers, _ = feedback_for_turns(turns, [], bank.questions)
    return answers[1].to_dict()


def test_an_answer_begun_when_the_interview_was_ended_is_an_answer_cut_short():
    fb = _feedback(BEGUN, "cancelled")
    assert "no_answer" not in fb["flags"] and fb["cut_short"] is True and fb["words"] == 4
    assert fb["work_on"]["text"].startswith(CUT_SHORT_NOTE)
    assert "almost nothing to go on" not in fb["work_on"]["text"]
    assert "- Flags: " + CUT_SHORT in answer_markdown(fb)


def test_an_answer_with_no_words_when_the_interview_was_ended_is_no_answer():
    fb = _feedback("", "cancelled")
    assert "no_answer" in fb["flags"]


def test_a_few_words_ended_by_a_pause_are_still_no_answer():
    fb = _feedback(BEGUN, "silence")
    assert "no_answer" in fb["flags"] and "cut_short" not in fb
    assert CUT_SHORT not in "\n".join(answer_markdown(fb))
