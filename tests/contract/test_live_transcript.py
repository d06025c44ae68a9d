"""Transcribing while the candidate speaks, on the real tiny.en model."""

import time

import numpy as np

from interview_voice.core.text import normalize_words
from interview_voice.core.types import Transcript
from interview_voice.engines.audio_file import read_wav_mono
from interview_voice.runtime.live_transcript import LiveTranscriber
from tests.contract.conftest import _real


def test_partials_arrive_while_speaking_and_the_final_matches_a_one_shot_transcript(installed_models_dir, answers_dir):
    stt = _real("stt", installed_models_dir)
    speech = np.concatenate([read_wav_mono(answers_dir / f"answer{i}.wav") for i in (1, 3)])
    started = time.monotonic()
    one_shot = Transcript(list(stt.transcribe(speech))).text
    one_shot_s = time.monotonic() - started
    partials, stables = [], []
    live = LiveTranscriber(stt, 16_000, on_partial=partials.append, on_stable=stables.append)
    for start in range(0, speech.size, 512):         # fed in real time, like a microphone
        live.push(speech[start:start + 512])
        time.sleep(512 / 16_000)
    live.speech_paused()                               # as the runner does at the first silent frame
    time.sleep(0.9)                                    # the endpointing silence
    started = time.monotonic()
    final = Transcript(live.finish(covered_s=speech.size / 16_000))
    tail_s = time.monotonic() - started
    assert len(partials) >= 3 and stables
    words, reference = normalize_words(final.text), normalize_words(one_shot)
    common = sum(1 for w in words if w in reference)
    assert common >= 0.85 * len(reference), (final.text, one_shot)
    assert all(a.start <= b.start for a, b in zip(final.words, final.words[1:]))
    assert final.words[-1].end <= speech.size / 16_000 + 0.5
    print(f"{speech.size / 16_000:.1f} s answer: {len(partials)} partials; after the endpoint "
          f"{tail_s:.2f} s were left, against {one_shot_s:.2f} s to transcribe the whole answer then")
