"""Where an answer a crash cut off lies on the candidate track, and whether it holds any sound."""

import numpy as np
import pytest

from interview_voice.core.cut_off_span import MIN_SPAN_S, answer_span, is_silent


def test_the_last_answer_runs_from_its_start_to_the_end_of_the_track():
    assert answer_span(12.5, None, 19.75) == (12.5, 19.75)


def test_an_answer_with_a_turn_after_it_stops_where_that_turn_starts():
    assert answer_span(12.5, 20.0, 31.0) == (12.5, 20.0)


def test_the_track_ends_before_the_next_turn_the_span_ends_with_the_track():
    assert answer_span(12.5, 40.0, 31.0) == (12.5, 31.0)


def test_it_starts_at_the_end_of_the_question_when_the_microphone_listened_from_then():
    assert answer_span(12.5, None, 19.0, question_ended_s=12.1) == (12.1, 19.0)


def test_a_question_that_ended_after_the_answer_began_does_not_move_the_start():
    assert answer_span(12.5, None, 19.0, question_ended_s=13.0) == (12.5, 19.0)


@pytest.mark.parametrize(
    "started, following, track",
    [
        (12.5, None, 12.5),  # the crash came as the answer began: no audio of it
        (12.5, None, 10.0),  # the track stops before the answer (its audio was never written)
        (12.5, None, 12.5 + MIN_SPAN_S / 2),  # a breath, not a word
        (12.5, 12.6, 30.0),  # the next turn came at once
    ],
)
def test_no_span_when_the_track_holds_too_little_of_the_answer(started, following, track):
    assert answer_span(started, following, track) is None


def test_a_negative_start_is_clamped_to_the_track():
    assert answer_span(-0.2, None, 3.0) == (0.0, 3.0)


def test_silence_is_empty_zeros_or_a_faint_hiss():
    rng = np.random.default_rng(1)
    assert is_silent(np.zeros(0, np.float32))
    assert is_silent(np.zeros(16_000, np.float32))
    assert is_silent((rng.standard_normal(16_000) * 0.001).astype(np.float32))


def test_speech_is_not_silence():
    tone = (0.2 * np.sin(np.linspace(0, 2 * np.pi * 220, 16_000))).astype(np.float32)
    assert not is_silent(np.concatenate([np.zeros(16_000, np.float32), tone]))
