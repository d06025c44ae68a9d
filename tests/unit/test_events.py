"""Events and endings in words for people, and which of them are interruptions."""

import pytest

from interview_voice.core.events import (
    answer_numbers,
    cut_off_label,
    describe_event,
    is_notable,
    session_end_text,
    was_cut_off,
)


@pytest.mark.parametrize(
    "speaker, reason, cut",
    [
        ("candidate", "user", False),
        ("candidate", "silence", False),
        ("candidate", "no_speech", False),
        ("candidate", "cut_in", True),
        ("candidate", "crash", True),
        ("candidate", None, False),
        ("interviewer", "barge_in", True),
        ("interviewer", "yielded", True),
        ("interviewer", None, False),
    ],
)
def test_only_a_turn_someone_cut_off_is_interrupted(speaker, reason, cut):
    assert was_cut_off(speaker, reason) is cut
    assert bool(cut_off_label(speaker, reason)) is cut


def test_an_answer_a_crash_cut_off_says_when_its_words_came_from_the_recording():
    assert cut_off_label("candidate", "crash") == "cut off: the app stopped"
    assert (
        cut_off_label("candidate", "crash", {"from_audio": "transcribed"})
        == "cut off: the app stopped; its words were transcribed from the recording"
    )
    assert cut_off_label("candidate", "crash", {"from_audio": "silent"}) == "cut off: the app stopped"
    assert cut_off_label("candidate", "silence", {"from_audio": "transcribed"}) == ""


def test_routine_ends_of_answers_are_not_marked_but_interruptions_are():
    assert not is_notable("endpoint", {"reason": "silence"}) and not is_notable("endpoint", {"reason": "user"})
    assert is_notable("endpoint", {"reason": "no_speech"}) and is_notable("endpoint", {"reason": "time_budget"})
    assert is_notable("cut_in", {}) and is_notable("barge_in", {}) and is_notable("error", {})


def test_the_raw_endpoint_event_reads_as_a_sentence():
    answers = answer_numbers([(0, "interviewer"), (1, "candidate"), (2, "interviewer"), (3, "candidate")])
    assert answers == {1: 1, 3: 2}
    text = describe_event("endpoint", {"turn": 3, "reason": "silence", "speech_s": 30.3}, answers)
    assert text == "Answer 2 ended after a pause (30 s of speech)."
    resumed = describe_event("resumed", {"turn": 1, "after_ms": 900}, answers)
    assert resumed == "You went on with answer 1 after a pause."
    assert describe_event("something_new", {"a": 1}) == "Something new: a 1."


@pytest.mark.parametrize(
    "answers, early, text",
    [
        (2, True, "Interview ended early: 2 answers"),
        (1, False, "Interview finished: 1 answer"),
        (0, True, "Interview ended early: no answers"),
    ],
)
def test_the_end_of_an_interview_counts_the_answers_given(answers, early, text):
    assert session_end_text(answers, early) == text


def test_a_turn_end_says_why_the_interviewer_took_over_and_routine_events_leave_no_mark():
    from interview_voice.core.events import describe_event, is_notable

    ended = describe_event(
        "endpoint",
        {"turn": 2, "reason": "silence", "speech_s": 12.3, "words": "finished", "waited_ms": 1080, "pace_ms": 900},
        {2: 1},
    )
    assert ended == (
        "Answer 1 ended after a pause: the interviewer waited 1.1 s because your words sounded "
        "finished, after your pauses of up to 0.9 s (12 s of speech)."
    )
    assert "waited" not in describe_event("endpoint", {"turn": 2, "reason": "silence", "speech_s": 3}, {2: 1})
    assert (
        describe_event("kept_after_answer", {"turn": 2, "words": 4}, {2: 1})
        == "What you said over the interviewer after answer 1 was kept with it."
    )
    assert not is_notable("early_follow_up", {"turn": 2}) and is_notable("kept_after_answer", {"turn": 2})


def test_a_follow_up_left_out_for_time_is_said_and_marked():
    text = describe_event("no_follow_up", {"turn": 4, "left_s": 95}, {4: 2})
    assert text == (
        "There was no follow-up on answer 2: the interview was too close to its end (95 s of the plan "
        "left), so the interviewer moved on."
    )
    assert "of the plan left" not in describe_event("no_follow_up", {"turn": 4, "left_s": 0}, {4: 2})
    assert is_notable("no_follow_up", {"turn": 4})
