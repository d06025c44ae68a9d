"""A wording the checks reject is followed by another (three in all), within the follow-up's time."""

import time

from interview_voice.core.follow_up_prompt import load_prompts
from interview_voice.paths import resource_dir
from interview_voice.runtime.follow_up import FollowUpByDeadline, word_follow_up
from tests.fakes.engines import FakeLanguageModel
from tests.unit.helpers import sample_bank
from tests.unit.test_listen_on import PacedLanguageModel, _write_follow_up

PROMPTS = load_prompts(resource_dir("prompts") / "interviewer.toml")
OFF = "What did you think about the team culture there?"  # could follow any answer
GOOD = "How did you choose the thirty-day window?"


def test_a_rejected_wording_is_followed_by_a_second_that_is_kept():
    command = _write_follow_up(sample_bank())
    model = FakeLanguageModel([OFF, GOOD])
    worded = word_follow_up(model, PROMPTS, command)
    assert worded.source == "model" and worded.text == GOOD and worded.attempts == 2, worded
    assert worded.rejected is None
    assert model.calls[0] == model.calls[1]  # the same prompt: the model's cache holds all of it


def test_a_third_wording_is_used_when_the_first_two_are_rejected():
    command = _write_follow_up(sample_bank())
    model = FakeLanguageModel([OFF, "Fine.", GOOD])
    worded = word_follow_up(model, PROMPTS, command)
    assert worded.source == "model" and worded.text == GOOD and worded.attempts == 3, worded


def test_three_rejected_wordings_give_the_prepared_question_with_every_reason():
    command = _write_follow_up(sample_bank())
    model = FakeLanguageModel([OFF, "Fine.", OFF])
    worded = word_follow_up(model, PROMPTS, command)
    assert worded.source == "fallback" and worded.text == command.fallback
    assert worded.attempts == 3 and len(model.calls) == 3
    neither = "names neither the point to probe nor anything the candidate said"
    assert worded.rejected == f"{neither}; not a usable question; {neither}"


def test_a_wording_cut_short_by_its_time_is_not_tried_again():
    command = _write_follow_up(sample_bank())
    model = PacedLanguageModel([OFF + " and " * 30, GOOD], first=0.0, every=0.05)
    worded = word_follow_up(model, PROMPTS, command, timeout_s=0.3)
    assert worded.source == "fallback" and worded.rejected == "timed out" and len(model.calls) == 1


def test_the_second_wording_keeps_the_deadline():
    """A second wording that would end after the deadline is not waited for: the prepared question
    comes at the deadline."""
    command = _write_follow_up(sample_bank())
    model = PacedLanguageModel([OFF, GOOD], first=0.3, every=0.05)
    wording = FollowUpByDeadline(model, PROMPTS, command, timeout_s=8.0, max_tokens=60)
    started = time.monotonic()
    clock = lambda: 1000 * (time.monotonic() - started)  # noqa: E731
    # the first wording ends at about 0.75 s and is rejected; the second would end at about 1.4 s
    worded = wording.wait(clock, 1000, lambda: False)
    assert worded is not None and worded.source == "fallback" and worded.rejected == "past the deadline"
    assert clock() < 1800
    wording.worker.join(5)
    assert len(model.calls) <= 2


def test_the_second_wording_is_used_when_it_is_in_time():
    command = _write_follow_up(sample_bank())
    model = PacedLanguageModel([OFF, GOOD], first=0.05, every=0.01)
    wording = FollowUpByDeadline(model, PROMPTS, command, timeout_s=8.0, max_tokens=60)
    started = time.monotonic()
    worded = wording.wait(lambda: 1000 * (time.monotonic() - started), 20_000, lambda: False)
    assert worded is not None and worded.source == "model" and worded.text == GOOD and worded.attempts == 2


def test_a_wording_about_to_finish_is_waited_for_and_one_far_from_it_is_not():
    """At the end of the turn: a question a few words from its end is waited for (no "Okay." over it);
    one the model has not begun, or is far from finishing at its pace, is not."""
    command = _write_follow_up(sample_bank())
    near = FollowUpByDeadline(
        PacedLanguageModel([GOOD], first=0.0, every=0.03), PROMPTS, command, timeout_s=8.0, max_tokens=60
    )
    time.sleep(0.1)  # a few of its six words are written
    started = time.monotonic()
    assert near.finished_soon(0.35) and near.result_text() == GOOD
    assert time.monotonic() - started < 0.35
    slow = FollowUpByDeadline(
        PacedLanguageModel([GOOD], first=1.0, every=0.03), PROMPTS, command, timeout_s=8.0, max_tokens=60
    )
    started = time.monotonic()
    assert not slow.finished_soon(0.35)  # no word yet: no pace to judge by, so no wait
    assert time.monotonic() - started < 0.1
    crawling = FollowUpByDeadline(
        PacedLanguageModel([GOOD + " and" * 20], first=0.0, every=0.2), PROMPTS, command, timeout_s=8.0, max_tokens=60
    )
    time.sleep(0.3)
    assert not crawling.finished_soon(0.35)  # at 5 words a second, a typical question is far off
    for wording in (near, slow, crawling):
        wording.stop()
        wording.worker.join(2)
