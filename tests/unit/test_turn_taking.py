from interview_voice.core.commands import TurnKind
from interview_voice.core.endpointing import EndpointSettings, EndReason, endpointing_for
from interview_voice.core.turn_taking import (
    INTERJECT_PAUSE_MS,
    TALK_DONE_MS,
    TALK_PAUSE_MS,
    YIELD_WITHIN_MS,
    acknowledgement,
    answer_may_go_on,
    can_talk_over,
    candidate_went_on,
    may_interject,
    presentation_endpointing,
)


def test_a_presentation_holds_the_floor_through_long_pauses_unless_the_talk_was_closed():
    quick, patient = endpointing_for(500), endpointing_for(3000)
    held = presentation_endpointing(quick)
    # only words that close the talk are judged finished; every other pause waits past 6 s
    assert held.finished_silence_ms == TALK_DONE_MS == 1500
    assert min(held.undecided_silence_ms, held.thinking_grace_ms, held.more_coming_ms) == TALK_PAUSE_MS > 6000
    assert presentation_endpointing(patient).finished_silence_ms == 3000
    assert presentation_endpointing(EndpointSettings()).min_speech_ms == EndpointSettings().min_speech_ms


def test_a_panelist_considers_each_long_enough_pause_once():
    assert not may_interject(INTERJECT_PAUSE_MS - 1, 5000.0, None)
    assert may_interject(INTERJECT_PAUSE_MS, 5000.0, None)
    assert not may_interject(2000, 5000.0, 5000.0)  # this pause was considered already
    assert may_interject(2000, 9000.0, 5000.0)
    assert not may_interject(2000, None, None)  # no speech yet: no pause


def test_only_a_headset_lets_the_candidate_talk_over_the_lines_they_answer():
    assert can_talk_over(TurnKind.QUESTION, headset=True) and can_talk_over(TurnKind.FOLLOW_UP, headset=True)
    assert not can_talk_over(TurnKind.QUESTION, headset=False)
    assert not any(
        can_talk_over(k, headset=True) for k in (TurnKind.OPENING, TurnKind.CLOSING, TurnKind.CUT_IN, TurnKind.MOVE_ON)
    )


def test_speech_early_in_the_line_after_an_answer_that_ended_at_a_silence_continues_that_answer():
    went_on = dict(follows_answer=True, answer_ended_at_silence=True)
    assert candidate_went_on(10_000 + YIELD_WITHIN_MS, 10_000, **went_on)
    assert not candidate_went_on(10_001 + YIELD_WITHIN_MS, 10_000, **went_on)
    assert not candidate_went_on(10_200, 10_000, follows_answer=True, answer_ended_at_silence=False)
    assert not candidate_went_on(10_200, 10_000, follows_answer=False, answer_ended_at_silence=True)
    assert not candidate_went_on(None, 10_000, **went_on)


def test_acknowledgements_vary_from_one_follow_up_to_the_next():
    said = [acknowledgement(n) for n in range(4)]
    assert len(set(said)) == 4 and acknowledgement(4) == said[0]


def test_only_an_answer_that_ended_at_a_silence_may_go_on():
    assert answer_may_go_on(EndReason.SILENCE.value)
    assert not any(answer_may_go_on(r.value) for r in EndReason if r is not EndReason.SILENCE)
    assert not answer_may_go_on(None)
