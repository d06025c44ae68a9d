"""The report's edge cases: every key point covered, none covered, a noisy recording, a very short answer
(typed and cut-short answers have their own tests: test_typed_feedback.py, test_cut_short_feedback.py)."""

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


# Said plainly when unsure: no pace or filler figure from a noisy recording or from too little speech.
UMS = "So um I would uh start with a baseline and um then check the labels and uh compare them by hand."


def _views(answer: dict, session: dict) -> dict[str, str]:
    from interview_voice.storage.feedback_report import answer_markdown, headline_items, spoken
    from interview_voice.ui.replay_feedback import delivery_text

    return {
        "table pace": spoken(answer, f"{answer.get('wpm')} wpm"),
        "table fillers": spoken(answer, str(len(answer.get("fillers", [])))),
        "markdown": "\n".join(answer_markdown(answer)),
        "replay": delivery_text(answer),
        "headline": str(dict(headline_items(session["headline"], None))),
    }


def test_a_noisy_recording_says_too_noisy_to_judge_instead_of_pace_and_fillers():
    q = churn()
    noisy = answer_feedback(q, timed(UMS), turn=1, snr_db=4.2, extra_fillers=[{"word": "uh", "at_s": 3.0}])
    answer, session = noisy.to_dict(), session_feedback([noisy], {q.id: q}).to_dict()
    assert answer["too_noisy"] and answer["snr_db"] == 4.2
    assert answer["wpm"] is None and answer["fillers"] == [] and answer["fillers_per_min"] is None
    head = session["headline"]
    assert head["noisy_answers"] == 1 and head["wpm"] is None and head["fillers_per_min"] is None
    assert not [p for p in session["practise_next"] if p.get("habit") in ("fillers", "pace")]
    views = _views(answer, session)
    for name in ("table pace", "table fillers", "markdown", "replay"):
        assert "too noisy to judge" in views[name], name
    assert (
        "'Pace': 'too noisy to judge'" in views["headline"] and "'Fillers': 'too noisy to judge'" in views["headline"]
    )
    assert "words/min" not in views["markdown"] + views["replay"]


def test_a_clean_recording_keeps_its_figures_and_a_noisy_one_does_not_change_the_session_rates():
    q = churn()
    clean = answer_feedback(q, timed(UMS), turn=1, snr_db=35.0)
    noisy = answer_feedback(q, timed(UMS), turn=3, snr_db=6.0)
    alone_session = session_feedback([clean], {q.id: q}).to_dict()
    alone = alone_session["headline"]
    both = session_feedback([clean, noisy], {q.id: q}).to_dict()["headline"]
    assert "too_noisy" not in clean.to_dict() and clean.to_dict()["wpm"] and len(clean.to_dict()["fillers"]) == 4
    assert (both["wpm"], both["fillers_per_min"], both["noisy_answers"]) == (alone["wpm"], alone["fillers_per_min"], 1)
    assert _views(clean.to_dict(), alone_session)["table fillers"] == "4"


def test_a_very_short_answer_says_too_little_speech_instead_of_pace_and_fillers():
    q = churn()
    short = answer_feedback(q, timed("Um, a baseline."), turn=1)
    answer, session = short.to_dict(), session_feedback([short], {q.id: q}).to_dict()
    assert answer["wpm"] is None and answer["fillers_per_min"] is None
    views = _views(answer, session)
    for name in ("table pace", "table fillers", "markdown", "replay"):
        assert "too little speech" in views[name], name
    assert "'Pace': 'too little speech'" in views["headline"]


def test_answers_each_too_short_for_a_rate_give_no_session_pace_however_many_there_are():
    """Four answers of eight words (3.9 s each) add up to 15.6 s of talk, but each row says "too little
    speech": the headline must not turn them into a pace (it said 109 words/min) the rows deny."""
    q = churn()
    shorts = [answer_feedback(q, timed("Um, a baseline on usage counts would do it."), turn=i) for i in (1, 2, 3, 4)]
    session = session_feedback(shorts, {q.id: q}).to_dict()
    assert all(fb.to_dict()["wpm"] is None for fb in shorts)
    assert session["headline"]["talk_time_s"] >= 15
    assert session["headline"]["wpm"] is None and session["headline"]["fillers_per_min"] is None
    assert "'Pace': 'too little speech'" in _views(shorts[0].to_dict(), session)["headline"]
    assert not [p for p in session["practise_next"] if p.get("habit") in ("fillers", "pace")]


def test_the_session_pace_is_that_of_the_answers_with_a_rate_when_one_is_too_short():
    q = churn()
    rated = answer_feedback(q, timed(ALL), turn=1)
    short = answer_feedback(q, timed("Um, uh, a baseline.", step=0.25), turn=2)
    head = session_feedback([rated, short], {q.id: q}).to_dict()["headline"]
    assert head["wpm"] == rated.to_dict()["wpm"]
    assert head["fillers_per_min"] == rated.to_dict()["fillers_per_min"]


def test_one_answers_headline_pace_is_its_rows_to_the_digit():
    """A talk time stored rounded to 0.01 s made a human answer's headline 156.5 beside its row's 156.6."""
    q = churn()
    for step in (0.37, 0.383, 0.4117, 0.45, 0.5003):
        answer = answer_feedback(q, timed(ALL, step=step, length=step * 0.8), turn=1)
        head = session_feedback([answer], {q.id: q}).to_dict()["headline"]
        assert head["wpm"] == answer.to_dict()["wpm"], step


def test_an_unmeasured_recording_is_judged_as_before():
    q = churn()
    assert (
        answer_feedback(q, timed(UMS), turn=1).to_dict()
        == answer_feedback(q, timed(UMS), turn=1, snr_db=None).to_dict()
    )
    assert "snr_db" not in answer_feedback(q, timed(UMS), turn=1).to_dict()


def test_a_note_gives_its_time_as_the_answers_own_beside_the_replays_session_time():
    """The note's time is into the answer; the replay's link beside it is the session's (turn start added):
    a bare "at 0:02" next to "▶ 0:18" read as a second clock."""
    from interview_voice.core.feedback.wording import went_well

    answer, _ = _session(ALL)
    note = went_well(answer)
    assert note is not None and note.at_s is not None
    assert f" at 0:{int(note.at_s):02d} into the answer" in note.text
