"""Transcribing while the candidate speaks, on the real tiny.en model and Silero VAD."""

import time

import numpy as np

from interview_voice.core.endpointing import Endpointer, EndpointSettings
from interview_voice.core.text import normalize_words
from interview_voice.core.types import Transcript
from interview_voice.engines.audio_file import read_wav_mono
from interview_voice.runtime import live_transcript
from interview_voice.runtime.live_transcript import LiveTranscriber, follow_pauses
from tests.contract.conftest import _real


def feed_like_a_microphone(live: LiveTranscriber, vad, speech: np.ndarray) -> Endpointer:
    """Real-time blocks, with the VAD telling the transcriber where the pauses are, as the runner does."""
    frame = vad.frame_samples
    frame_ms = 1000 * frame / 16_000
    endpointer = Endpointer(EndpointSettings(undecided_silence_ms=10_000), frame_ms=frame_ms)
    vad.reset()
    for start in range(0, speech.size - frame + 1, frame):
        piece = speech[start : start + frame]
        live.push(piece)
        was_silence = endpointer.silence_ms
        endpointer.feed(vad.speech_probability(piece))
        follow_pauses(live, endpointer.speech_end_ms, was_silence, endpointer.silence_ms, frame_ms)
        time.sleep(frame / 16_000)
    return endpointer


def test_partials_arrive_while_speaking_and_the_final_matches_a_one_shot_transcript(installed_models_dir, answers_dir):
    stt, vad = _real("stt", installed_models_dir), _real("vad", installed_models_dir)
    silence = np.zeros(16_000, np.float32)
    speech = np.concatenate([read_wav_mono(answers_dir / f"answer{i}.wav") for i in (1, 3)] + [silence])
    started = time.monotonic()
    one_shot = Transcript(list(stt.transcribe(speech))).text
    one_shot_s = time.monotonic() - started
    partials, stables = [], []
    live = LiveTranscriber(stt, 16_000, on_partial=partials.append, on_stable=stables.append)
    endpointer = feed_like_a_microphone(live, vad, speech)
    started = time.monotonic()
    final = Transcript(live.finish(covered_s=endpointer.speech_end_ms / 1000))
    tail_s = time.monotonic() - started
    assert len(partials) >= 3 and stables, "partial text while speaking, and words made final at pauses"
    words, reference = normalize_words(final.text), normalize_words(one_shot)
    common = sum(1 for w in words if w in reference)
    assert common >= 0.9 * len(reference), f"{final.text}\n{one_shot}"
    assert len(words) <= 1.1 * len(reference), "no words repeated across the pauses it cut at"
    assert all(a.start <= b.start for a, b in zip(final.words, final.words[1:]))
    assert final.words[-1].end <= speech.size / 16_000 + 0.5
    assert not live.tail_transcribed_at_finish, "the pass during the end silence covers the whole answer"
    print(
        f"{speech.size / 16_000:.1f} s answer: {len(partials)} partials in {live.passes} passes, "
        f"{len(live.stable)} final pieces; after the endpoint {tail_s:.2f} s were left, against "
        f"{one_shot_s:.2f} s to transcribe the whole answer then"
    )


def test_long_answers_move_the_stable_point_to_pauses_and_the_end_transcribes_only_what_follows(
    installed_models_dir, answers_dir, monkeypatch
):
    monkeypatch.setattr(live_transcript, "WINDOW_S", 8.0)  # a long answer, in short: the stable point moves
    monkeypatch.setattr(live_transcript, "CONTEXT_S", 3.0)
    stt, vad = _real("stt", installed_models_dir), _real("vad", installed_models_dir)
    whole = np.concatenate([read_wav_mono(answers_dir / f"answer{i}.wav") for i in (1, 3)])
    cut = int(whole.size * 0.8)
    live = LiveTranscriber(stt, 16_000)
    endpointer = feed_like_a_microphone(live, vad, whole[:cut])
    time.sleep(1.5)  # let a running pass finish
    speech = whole[: cut + 8000]
    live.push(whole[cut : cut + 8000])  # half a second more that no pass has seen
    stable_end = live.stable[-1].end
    calls = []
    transcribe = stt.transcribe
    monkeypatch.setattr(stt, "transcribe", lambda audio, **kw: calls.append(audio.size) or transcribe(audio, **kw))
    final = Transcript(live.finish(covered_s=speech.size / 16_000))
    assert endpointer.speech_end_ms is not None and live.stable and live.tail_transcribed_at_finish
    assert final.words[-1].end > stable_end
    words, reference = normalize_words(final.text), normalize_words(Transcript(list(stt.transcribe(speech))).text)
    # 3 s windows lose context (tiny.en mishears a few words at a window's start); real ones keep 8 s
    assert sum(1 for w in words if w in reference) >= 0.75 * len(reference), f"{final.text}\n{' '.join(reference)}"
    assert len(words) <= 1.1 * len(reference)
    assert calls and calls[0] < speech.size - stable_end * 16_000 + 16_000, "only the audio after the last pause"


def test_everything_said_up_to_a_pause_is_handed_on_for_reading_ahead(installed_models_dir, answers_dir):
    """At a pause the model may read the whole answer so far: the turn may end there."""
    stt, vad = _real("stt", installed_models_dir), _real("vad", installed_models_dir)
    speech = read_wav_mono(answers_dir / "answer1.wav")
    at_pauses: list[str] = []
    live = LiveTranscriber(stt, 16_000, on_pause=at_pauses.append)
    endpointer = feed_like_a_microphone(live, vad, np.concatenate([speech, np.zeros(16_000, np.float32)]))
    time.sleep(0.5)
    final = Transcript(live.finish(covered_s=endpointer.speech_end_ms / 1000))
    assert at_pauses and at_pauses[-1] == final.text, "the model could read the whole answer during the silence"
