"""The model may only reword feedback notes: numbers, quotes and the absence of scores are checked by code."""

from interview_voice.core.feedback import answer_feedback
from interview_voice.core.feedback.rewording import check_rewording, load_reword_prompts
from interview_voice.core.feedback.wording import Note
from interview_voice.paths import resource_dir
from interview_voice.records import TurnRecord
from interview_voice.runtime.feedback import feedback_for_turns, word_feedback
from tests.fakes.engines import FakeLanguageModel
from tests.unit.test_feedback_content import churn
from tests.unit.test_feedback_delivery import timed

NOTE = Note('You covered "Proposes a simple baseline": "I would start with a logistic regression baseline." at 0:05.',
            "I would start with a logistic regression baseline.", 5.0)
FACTS = '{"wpm": 131.2, "fillers_per_min": 2.0}'


def check(text: str, which: str = "went_well") -> str | None:
    return check_rewording(text, which, NOTE, FACTS)[1]


def test_a_faithful_rewording_passes():
    text = 'Nice work proposing a baseline first: "I would start with a logistic regression baseline."'
    assert check_rewording(text, "went_well", NOTE, FACTS) == (text, None)


def test_invented_numbers_scores_lost_quotes_and_long_texts_are_rejected():
    assert check("You started with a logistic regression baseline and cut errors by 40 percent.") == \
        "a number not in the facts: 40"
    assert check("You started with a logistic regression baseline, which takes three weeks.") == \
        "a number not in the facts: 3"
    assert check("Starting with a logistic regression baseline earns a high score.") == "talks of scores or grades"
    assert check("You proposed a sensible first model.") == "lost the quote"
    assert check('The candidate said "I would start with a logistic regression baseline."') == \
        "talks about the candidate, not to them"
    assert check("One. Two sentences. Three is too many for this.") == "too long"
    assert check("") == "empty or unfinished"
    # numbers the facts hold are fine: the wpm, the time in the note
    assert check("At 0:05 you said you would start with a logistic regression baseline, "
                 "at 131.2 words a minute.") is None


def test_word_feedback_uses_the_model_wording_only_when_it_passes(tmp_path):
    prompts = load_reword_prompts(resource_dir("prompts") / "feedback.toml")
    fb = answer_feedback(churn(), timed("The label is churn within 30 days. A logistic regression baseline."))
    assert fb.went_well is not None and fb.work_on is not None
    good = f'Well done: "{fb.went_well.quote}" set things up clearly.'
    llm = FakeLanguageModel([good, "You scored 9 out of 10 on this answer."])
    worded = word_feedback(llm, prompts, fb, notes_to_word=("went_well", "work_on")).to_dict()
    assert worded["went_well"]["source"] == "model" and worded["went_well"]["text"] == good
    assert worded["work_on"]["source"] == "template" and worded["work_on"]["text"] == fb.work_on.text
    assert worded["work_on"]["rejected"] == "talks of scores or grades"
    assert len(llm.calls) == 2 and fb.went_well.text in llm.calls[0][1].content


def test_by_default_the_model_words_only_what_to_work_on():
    prompts = load_reword_prompts(resource_dir("prompts") / "feedback.toml")
    fb = answer_feedback(churn(), timed("The label is churn within 30 days. A logistic regression baseline."))
    good = f'Next time, go past "{fb.work_on.quote}" and say how you would check it.' if fb.work_on.quote else None
    llm = FakeLanguageModel([good or "Next time, cover the parts of the question the answer left out."])
    worded = word_feedback(llm, prompts, fb).to_dict()
    assert len(llm.calls) == 1 and fb.work_on.text in llm.calls[0][1].content
    assert worded["went_well"] == fb.went_well.to_dict()       # not tried: no "rejected"
    assert worded["work_on"]["source"] == "model"


def test_feedback_for_turns_counts_interruptions_and_tells_answers_from_follow_up_answers():
    q = churn()
    turns = [TurnRecord(0, "interviewer", "question", "How would you predict churn?", question_id=q.id),
             TurnRecord(1, "candidate", "answer", "The label is churn within 30 days.", question_id=q.id,
                        words=timed("The label is churn within 30 days.")),
             TurnRecord(2, "interviewer", "follow_up", "And the baseline?", question_id=q.id),
             TurnRecord(3, "candidate", "answer", "A logistic regression baseline.", question_id=q.id),
             TurnRecord(4, "interviewer", "move_on", "Thanks.")]
    events = [{"type": "cut_in", "turn": 1, "at_ms": 5}, {"type": "barge_in", "turn": 2, "at_ms": 9},
              {"type": "cut_in", "turn": 7, "at_ms": 12}]
    answers, session = feedback_for_turns(turns, events, {q.id: q}, extra_fillers={1: [{"word": "um", "at_s": 0.2}]})
    assert sorted(answers) == [1, 3]
    first, second = answers[1].to_dict(), answers[3].to_dict()
    assert first["kind"] == "answer" and second["kind"] == "follow_up"
    assert first["interruptions"] == {"received": 1, "given": 0}
    assert second["interruptions"] == {"received": 0, "given": 1}
    assert first["fillers"] == [{"word": "um", "at_s": 0.2}]
    assert second["rubric"][1]["status"] == "covered"      # untimed words (only text) still give coverage
    assert session.to_dict()["questions"][0]["coverage"] == round(2 / 3, 2)


def test_a_rewording_that_only_repeats_the_answer_is_rejected():
    note = Note('You touched on "Defines the label" ("You studied physics, and worked as a data analyst") without '
                "going all the way. Say how you would define the label and over what window.",
                "You studied physics, and worked as a data analyst", 3.0)
    assert check_rewording("You studied physics, and worked as a data analyst.", "work_on", note, FACTS)[1] == \
        "only repeats the answer"
    kept = ('"You studied physics, and worked as a data analyst": next time, define the label and the window '
            "you would measure it over.")
    assert check_rewording(kept, "work_on", note, FACTS) == (kept, None)


def test_an_answer_with_no_words_keeps_the_template_advice_and_the_model_is_not_asked():
    prompts = load_reword_prompts(resource_dir("prompts") / "feedback.toml")
    fb = answer_feedback(churn(), timed(""))
    assert "no_answer" in fb.to_dict()["flags"]
    llm = FakeLanguageModel(["You provided a first answer of two or three sentences, a good start."])
    worded = word_feedback(llm, prompts, fb).to_dict()
    assert llm.calls == [] and worded["work_on"] == fb.work_on.to_dict()


def test_a_note_with_fillers_of_its_own_or_advice_that_fits_any_answer_is_rejected():
    # what a walkthrough saw kept: "Uh, you could work on your communication skills more."
    assert check('Uh, "I would start with a logistic regression baseline." was a good start.') == \
        "writes a filler word into the note"
    assert check('Keep "I would start with a logistic regression baseline." and work on your time management.',
                 "work_on") == "advice that fits any answer: 'time management'"
    assert check('After "I would start with a logistic regression baseline." improve your communication skills.',
                 "work_on") == "advice that fits any answer: 'communication skills'"
    # a filler quoted from the answer is the candidate's word, not the note's
    um = Note('You said "um, I would start with a baseline".', "um, I would start with a baseline", 5.0)
    assert check_rewording('Good: "um, I would start with a baseline", a simple model first.', "went_well", um,
                           FACTS)[1] is None
