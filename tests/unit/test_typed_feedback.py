"""Feedback on a typed answer: content measures as for speech; speech measures say "typed answer"."""

from interview_voice.core.feedback.tokens import words_from_text
from interview_voice.records import TurnRecord, Word
from interview_voice.runtime.feedback import feedback_for_turns
from interview_voice.storage.feedback_report import TYPED, answer_markdown, spoken
from tests.unit.helpers import sample_bank

SPOKEN = "Um, I would define the churn label over a prediction window, uh, and build a logistic regression baseline."
TYPED_TEXT = "Um, I would evaluate the churn model against the logistic regression baseline on recent customers."


def _turns(question_id: str) -> list[TurnRecord]:
    words = [Word(w, 0.4 * i, 0.4 * i + 0.3) for i, w in enumerate(SPOKEN.split())]
    return [
        TurnRecord(0, "interviewer", "question", "How would you build a churn model?", question_id),
        TurnRecord(1, "candidate", "answer", SPOKEN, question_id, end_reason="silence", words=words),
        TurnRecord(2, "interviewer", "follow_up", "How would you evaluate it?", question_id),
        TurnRecord(3, "candidate", "answer", TYPED_TEXT, question_id, end_reason="typed"),
        TurnRecord(4, "interviewer", "repeat", "Of course. How would you evaluate it?", question_id),
        TurnRecord(5, "candidate", "answer", "", question_id, end_reason="repeat"),
    ]


def test_a_typed_answer_gets_content_feedback_and_no_made_up_speech_figures():
    bank = sample_bank()
    question = next(iter(bank.questions.values()))
    answers, session = feedback_for_turns(_turns(question.id), [], bank.questions)
    assert sorted(answers) == [1, 3]  # asking for the question again is not an answer
    said, typed = answers[1].to_dict(), answers[3].to_dict()
    assert said["wpm"] and said["fillers"] and "typed" not in said
    assert typed["typed"] is True
    assert (typed["wpm"], typed["pace"], typed["fillers"], typed["fillers_per_min"], typed["long_pauses"]) == (
        None,
        None,
        [],
        None,
        [],
    )
    assert typed["words"] == len(words_from_text(TYPED_TEXT))  # every typed word counts: typing has no fillers
    assert typed["coverage"] > 0 and typed["rubric"]
    # the session's pace is the spoken answer's alone
    assert session.headline["wpm"] == said["wpm"] and session.headline["typed_answers"] == 1
    assert [r.get("typed", False) for r in session.rows] == [False, True]


def test_reports_say_typed_answer_where_speech_is_measured():
    bank = sample_bank()
    question = next(iter(bank.questions.values()))
    answers, _ = feedback_for_turns(_turns(question.id), [], bank.questions)
    typed = answers[3].to_dict()
    assert spoken(typed, "0") == TYPED and spoken(answers[1].to_dict(), "150") == "150"
    assert TYPED in answer_markdown(typed)[0] and "Pace: –" not in answer_markdown(typed)[0]


def test_a_typed_answer_quotes_what_was_written_without_made_up_times():
    bank = sample_bank()
    question = next(iter(bank.questions.values()))
    answers, _ = feedback_for_turns(_turns(question.id), [], bank.questions)
    typed = answers[3].to_dict()
    assert any(r["evidence"] for r in typed["rubric"])
    assert all(r["at_s"] is None for r in typed["rubric"])
    notes = " ".join(n["text"] for n in (typed["went_well"], typed["work_on"]) if n)
    shown = "\n".join(answer_markdown(typed))
    assert notes and " at 0:00" not in notes and "(0:00)" not in shown
