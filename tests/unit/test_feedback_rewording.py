"""The model adds one sentence of advice to a feedback note; code checks it against the answer's facts."""

from interview_voice.core.feedback import answer_feedback
from interview_voice.core.feedback.rewording import check_advice, contradiction, load_reword_prompts
from interview_voice.paths import resource_dir
from interview_voice.records import TurnRecord
from interview_voice.runtime.feedback import feedback_for_turns
from interview_voice.runtime.note_wording import word_feedback
from tests.fakes.engines import FakeLanguageModel
from tests.unit.test_feedback_content import churn
from tests.unit.test_feedback_delivery import timed

PROMPTS = load_reword_prompts(resource_dir("prompts") / "feedback.toml")
# The answer defines the label and proposes a baseline; it never says how it would validate.
PARTIAL = "The label is churn within 30 days. A logistic regression baseline."


def partial():
    return answer_feedback(churn(), timed(PARTIAL))


def fillers_only():
    """Every key point covered; the note is about the filler words only."""
    return answer_feedback(
        churn(),
        timed(
            "Um, churn means cancelling within thirty days, um. Um, a simple logistic regression baseline first, "
            "um. Um, then a temporal split, um."
        ),
    )


def check(text: str, fb=None) -> str | None:
    fb = fb or partial()
    figures = fb.to_dict()
    return check_advice(text, fb.work_on, figures, str(figures))[1]


def test_the_note_on_what_to_work_on_is_focused_on_its_first_finding():
    note = partial().work_on
    assert "Uses a time-based split for validation" in note.text
    assert note.focus == "The answer did not cover this key point: Uses a time-based split for validation."
    assert "temporal" in note.ties  # the point's terms tie advice to it too
    assert "focus" not in note.to_dict() and "ties" not in note.to_dict()


def test_advice_tied_to_the_finding_is_kept_and_added_to_the_note():
    fb = partial()
    good = "Next time, say how you would validate it with a time-based split on later months."
    llm = FakeLanguageModel([good])
    worded = word_feedback(llm, PROMPTS, fb).to_dict()
    assert worded["work_on"]["text"] == f"{fb.work_on.text} {good}" and worded["work_on"]["source"] == "model"
    assert worded["went_well"] == fb.went_well.to_dict()  # the praise is not asked of the model
    assert len(llm.calls) == 1
    prompt = llm.calls[0][1].content
    assert fb.work_on.focus in prompt and "How would you predict churn?" in prompt


def test_only_the_first_sentence_is_taken_and_wrapping_is_dropped():
    fb = partial()
    llm = FakeLanguageModel(['Advice: "Next time, use a temporal split for validation." Also mention leakage.'])
    worded = word_feedback(llm, PROMPTS, fb).to_dict()["work_on"]
    assert worded["text"].endswith("validation.") and "leakage" not in worded["text"]


def test_a_filler_note_is_rejected():
    # what a walkthrough saw kept: "Uh, you could work on your communication skills more."
    assert (
        check("Uh, next time you could use a time-based split for validation.") == "writes a filler word into the note"
    )
    assert check("Next time, um, validate with a temporal split.") == "writes a filler word into the note"
    # a filler named as a word is advice about fillers, not a filler
    assert check('Next time, take a breath instead of saying "um".', fillers_only()) is None
    assert check("Next time, replace fillers like um and uh with a short pause.", fillers_only()) is None


def test_advice_that_fits_any_answer_is_rejected():
    assert (
        check("Next time, you could work on your communication skills more.")
        == "advice that fits any answer: 'communication skills'"
    )
    assert (
        check("Next time, also work on your time management skills.")
        == "advice that fits any answer: 'time management'"
    )
    # general advice without a catch phrase names nothing of the finding
    assert check("Next time, try to be a little more specific and clear.") == "names nothing of this answer's finding"


def test_advice_that_contradicts_the_figures_is_rejected():
    covered = fillers_only()
    assert [r["status"] for r in covered.to_dict()["rubric"]] == ["covered"] * 3
    assert covered.work_on is not None and "filler words" in covered.work_on.text
    assert (
        check("Next time, work on your coverage of the key points and fillers.", covered)
        == "contradicts the figures: every key point was covered"
    )
    assert check("Next time, pause for a breath instead of a filler word.", covered) is None
    assert contradiction("Next time, slow down a little.", covered.to_dict()) == "the pace was not fast"
    assert contradiction("Next time, add a number.", covered.to_dict()) == "the answer gave a number"
    # the same advice where the figures support it
    assert contradiction("Next time, cover all the key points.", partial().to_dict()) is None


def test_scores_invented_numbers_other_persons_and_long_advice_are_rejected():
    assert check("Next time, a temporal split would raise your score.") == "talks of scores or grades"
    assert check("Next time, use a time-based split so the validation scores are not misleading.") is None
    assert check("Next time, validate on the last 17 months with a temporal split.") == "a number not in the facts: 17"
    assert check("Next time the candidate should use a temporal split.") == "talks about the candidate, not to them"
    assert check("Next time, " + "validate with a temporal split and " * 6 + "check it.") == "too long"
    assert check("Next time, the answer did not cover this key point.") == "repeats the finding instead of advising"
    assert check("") == "empty or unfinished"
    assert check("Next time, use a temporal") == "empty or unfinished"
    # numbers the facts hold are fine
    assert check("Next time, keep the 30 days and add a temporal split for validation.") is None


def test_a_model_that_fails_keeps_the_template_note():
    fb = partial()
    llm = FakeLanguageModel(["You scored 9 out of 10 on this answer."])
    worded = word_feedback(llm, PROMPTS, fb).to_dict()
    assert worded["work_on"]["source"] == "template" and worded["work_on"]["text"] == fb.work_on.text
    assert worded["work_on"]["rejected"] == "talks of scores or grades"


def test_feedback_for_turns_counts_interruptions_and_tells_answers_from_follow_up_answers():
    q = churn()
    turns = [
        TurnRecord(0, "interviewer", "question", "How would you predict churn?", question_id=q.id),
        TurnRecord(
            1,
            "candidate",
            "answer",
            "The label is churn within 30 days.",
            question_id=q.id,
            words=timed("The label is churn within 30 days."),
        ),
        TurnRecord(2, "interviewer", "follow_up", "And the baseline?", question_id=q.id),
        TurnRecord(3, "candidate", "answer", "A logistic regression baseline.", question_id=q.id),
        TurnRecord(4, "interviewer", "move_on", "Thanks."),
    ]
    events = [
        {"type": "cut_in", "turn": 1, "at_ms": 5},
        {"type": "barge_in", "turn": 2, "at_ms": 9},
        {"type": "cut_in", "turn": 7, "at_ms": 12},
    ]
    answers, session = feedback_for_turns(turns, events, {q.id: q}, extra_fillers={1: [{"word": "um", "at_s": 0.2}]})
    assert sorted(answers) == [1, 3]
    first, second = answers[1].to_dict(), answers[3].to_dict()
    assert first["kind"] == "answer" and second["kind"] == "follow_up"
    assert first["interruptions"] == {"received": 1, "given": 0}
    assert second["interruptions"] == {"received": 0, "given": 1}
    assert first["fillers"] == [{"word": "um", "at_s": 0.2}]
    assert second["rubric"][1]["status"] == "covered"  # untimed words (only text) still give coverage
    assert session.to_dict()["questions"][0]["coverage"] == round(2 / 3, 2)


def test_an_answer_with_no_words_keeps_the_template_advice_and_the_model_is_not_asked():
    fb = answer_feedback(churn(), timed(""))
    assert "no_answer" in fb.to_dict()["flags"]
    llm = FakeLanguageModel(["You provided a first answer of two or three sentences, a good start."])
    worded = word_feedback(llm, PROMPTS, fb).to_dict()
    assert llm.calls == [] and worded["work_on"] == fb.work_on.to_dict()
