import pytest

from interview_voice.core.endpointing import Endpointer, EndpointSettings, EndReason, endpointing_for
from interview_voice.core.turn_end import Completion

FRAME_MS = 32.0


def run(probabilities, settings=EndpointSettings(), max_turn_s=None):
    ep = Endpointer(settings, FRAME_MS, max_turn_s)
    for p in probabilities:
        if ep.feed(p):
            break
    return ep


def frames(ms: float) -> int:
    return int(ms / FRAME_MS)


def test_turn_ends_after_the_silence_that_follows_speech():
    ep = run([0.0] * 15 + [0.9] * 60 + [0.1] * 60)
    assert ep.ended is EndReason.SILENCE
    assert ep.speech_start_ms == 15 * FRAME_MS
    assert ep.speech_end_ms == 75 * FRAME_MS
    # ended exactly one silence window after the last speech frame
    assert abs(ep.elapsed_ms - ep.speech_end_ms - 900) <= FRAME_MS


def test_a_short_pause_inside_an_answer_does_not_end_it():
    ep = run([0.9] * frames(1000) + [0.0] * frames(600) + [0.9] * frames(1000) + [0.0] * frames(300))
    assert ep.ended is None
    assert ep.speaking is False


def test_a_click_does_not_start_a_turn():
    ep = run([0.9] * frames(100) + [0.0] * frames(3000))
    assert ep.speech_start_ms is None
    assert ep.ended is None


def test_no_speech_times_out_empty():
    ep = run([0.0] * frames(5000), EndpointSettings(no_speech_timeout_s=4))
    assert ep.ended is EndReason.NO_SPEECH


def test_time_budget_caps_a_long_answer():
    ep = run([0.9] * frames(10_000), max_turn_s=3)
    assert ep.ended is EndReason.TIME_BUDGET
    assert ep.elapsed_ms <= 3000 + FRAME_MS


def run_with_hint(hint, silence_frames=60, settings=EndpointSettings()):
    ep = Endpointer(settings, FRAME_MS, None, finished_hint=lambda: hint)
    for p in [0.9] * 40 + [0.0] * silence_frames:
        if ep.feed(p):
            break
    return ep.ended, ep.elapsed_ms - ep.speech_end_ms


def test_a_finished_sentence_ends_the_turn_after_a_short_silence():
    reason, waited = run_with_hint(Completion.FINISHED)
    assert reason is EndReason.SILENCE and waited == pytest.approx(500, abs=FRAME_MS)


def test_a_thought_left_hanging_gets_a_longer_grace():
    reason, waited = run_with_hint(Completion.HANGING, silence_frames=frames(4000))
    assert reason is EndReason.SILENCE and waited == pytest.approx(2600, abs=FRAME_MS)
    # a 2.5 s search for a word mid-sentence: still listening
    assert run_with_hint(Completion.HANGING, silence_frames=frames(2500))[0] is None


def test_words_that_announce_more_keep_the_turn_open_through_a_thinking_pause():
    assert run_with_hint(Completion.MORE_COMING, silence_frames=frames(2200))[0] is None  # a 2.2 s pause
    reason, waited = run_with_hint(Completion.MORE_COMING, silence_frames=frames(5000))
    assert reason is EndReason.SILENCE and waited == pytest.approx(3500, abs=FRAME_MS)


def test_without_a_hint_the_configured_silence_applies():
    reason, waited = run_with_hint(None)
    assert waited == pytest.approx(900, abs=FRAME_MS)


def test_sounds_finished():
    from interview_voice.core.text import sounds_finished

    assert sounds_finished("I would start with a logistic regression baseline.")
    assert not sounds_finished("I would start with a baseline and")
    assert not sounds_finished("I would start with a baseline, and.")
    assert not sounds_finished("Then, um.")
    assert not sounds_finished("")


def test_the_users_setting_is_the_silence_after_a_finished_sentence():
    assert endpointing_for(500) == EndpointSettings()  # the default setting gives the defaults
    patient = endpointing_for(1200)
    assert (
        patient.finished_silence_ms,
        patient.undecided_silence_ms,
        patient.thinking_grace_ms,
        patient.more_coming_ms,
    ) == (1200, 1600, 3300, 4200)


def test_a_long_silence_ends_for_a_check_in_before_the_no_speech_timeout():
    ep = run([0.0] * frames(16_000))
    assert ep.ended is EndReason.NUDGED
    assert 15_000 <= ep.elapsed_ms < 15_000 + FRAME_MS


def test_thinking_in_silence_shorter_than_the_check_in_time_is_left_alone():
    ep = run([0.0] * frames(14_500) + [0.9] * frames(2000))
    assert ep.ended is None and ep.speech_start_ms is not None


def test_after_the_check_in_a_further_silence_moves_on():
    from interview_voice.core.check_in import SKIP_AFTER_NUDGE_S, after_nudge

    ep = run([0.0] * frames(SKIP_AFTER_NUDGE_S * 1000 + 100), after_nudge(EndpointSettings()))
    assert ep.ended is EndReason.NO_SPEECH


def test_a_speaker_who_goes_on_after_long_pauses_between_sentences_gets_longer_ones():
    from interview_voice.core.endpointing import SpeakerPace

    pace, settings = SpeakerPace(), EndpointSettings()
    assert pace.finished_wait_ms(settings) == 500  # nothing learned yet: the setting
    pace.went_on(200, Completion.FINISHED)  # a gap between words teaches nothing
    pace.went_on(1500, Completion.HANGING)  # nor does a pause mid-sentence
    assert pace.longest_ms is None
    pace.went_on(900, Completion.FINISHED)
    assert pace.finished_wait_ms(settings) == pytest.approx(1080)
    pace.went_on(3000, Completion.FINISHED)  # capped: a true end still comes soon
    assert pace.finished_wait_ms(settings) == 500 + 1200
    # the endpointer learns from the pauses it sat through, and waits the longer silence
    ep = Endpointer(settings, FRAME_MS, finished_hint=lambda: Completion.FINISHED, pace=SpeakerPace())
    for p in [1.0] * 10 + [0.0] * frames(480) + [1.0] * 10:  # under the 500 ms: a pause they went on after
        assert ep.feed(p) is None
    assert ep.pace is not None and ep.pace.longest_ms is None  # too short to have been judged
    ep.pace.went_on(1000, Completion.FINISHED)
    for _ in range(frames(1100)):
        assert ep.feed(0.0) is None  # 1.1 s: not yet the 1.2 s this speaker gets
    assert ep.feed(0.0) is None or ep.silence_ms >= 1200


def test_the_pace_record_keeps_the_longest_pauses_between_sentences_and_mid_thought_over_the_session():
    from interview_voice.core.endpointing import SpeakerPace

    pace = SpeakerPace(keep=2)
    assert pace.record() == {}
    for pause in (1300, 400, 500, 600):  # the longest falls out of the recent pauses, not out of the record
        pace.went_on(pause, Completion.FINISHED)
    pace.went_on(800, Completion.HANGING)  # too short to tell
    pace.went_on(2150, Completion.MORE_COMING)
    assert pace.longest_ms == 600
    assert pace.record() == {"between_sentences_ms": 1300, "mid_sentence_ms": 2150}


def test_words_not_yet_transcribed_are_waited_for_not_guessed():
    # a busy machine: the live pass has not reached the pause, so nothing is known of the words
    reason, waited = run_with_hint(Completion.UNKNOWN, silence_frames=frames(4000))
    assert reason is EndReason.SILENCE and waited == pytest.approx(2600, abs=FRAME_MS)
    assert run_with_hint(Completion.UNKNOWN, silence_frames=frames(1200))[0] is None  # a 1.2 s pause survives


def test_a_candidate_who_takes_long_pauses_is_not_taken_over_in_a_finished_sounding_pause():
    """ "I take long pauses" (Settings): a 2.2 s pause after words that sound finished (Whisper wrote a
    full stop mid-sentence) ends the turn at the default, and not with the setting; the end of the
    answer then waits about 2.5 s."""
    from interview_voice.settings import LONG_PAUSES_MS, Settings

    default, patient = Settings(), Settings(long_pauses=True)
    mid_sentence, end = frames(2200), frames(4000)
    assert run_with_hint(Completion.FINISHED, mid_sentence, endpointing_for(default.pause_ms()))[0] is EndReason.SILENCE
    assert run_with_hint(Completion.FINISHED, mid_sentence, endpointing_for(patient.pause_ms()))[0] is None
    reason, waited = run_with_hint(Completion.FINISHED, end, endpointing_for(patient.pause_ms()))
    assert reason is EndReason.SILENCE and waited == pytest.approx(LONG_PAUSES_MS, abs=FRAME_MS)
    # a longer pause the candidate chose on the slider stays theirs
    assert Settings(end_silence_ms=3000, long_pauses=True).pause_ms() == 3000
    assert Settings(end_silence_ms=3000).pause_ms() == 3000 and default.pause_ms() == default.end_silence_ms
