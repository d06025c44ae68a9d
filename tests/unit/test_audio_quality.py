"""Too noisy to judge: the speech-to-noise ratio from the voice activity detector's frames, on a real
recording (tests/data/human) as it is and with noise mixed in."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest

from interview_voice.core.feedback.audio_quality import NOISY_SNR_DB, speech_to_noise_db, too_noisy
from interview_voice.records import TurnRecord
from interview_voice.runtime.audio_quality import SnrMeter, measure_snr, silero_vad

HUMAN = Path(__file__).resolve().parent.parent / "data" / "human"


def _read(name: str) -> np.ndarray:
    with wave.open(str(HUMAN / name)) as w:
        return np.frombuffer(w.readframes(w.getnframes()), np.int16).astype(np.float32) / 32768


def _with_noise(audio: np.ndarray, under_db: float) -> np.ndarray:
    """White noise `under_db` below the mean power of the clip's louder half of frames."""
    frames = audio[: audio.size // 512 * 512].reshape(-1, 512)
    power = np.mean(frames**2, axis=1)
    loud = power[power >= np.median(power)].mean()
    noise = np.random.default_rng(3).standard_normal(audio.size).astype(np.float32)
    return audio + noise * np.sqrt(loud / 10 ** (under_db / 10))


def test_the_ratio_is_the_voice_over_the_background_and_needs_both():
    speech, pause = [1.0] * 20, [0.9] * 20
    background = [0.01] * 16 + [0.5] * 4  # a held "um" the detector left among the pauses does not count
    assert speech_to_noise_db(speech + background, speech + [0.05] * 20) == pytest.approx(20.0)
    assert speech_to_noise_db(speech + pause, speech + pause) is None  # no pause at all
    assert speech_to_noise_db([1.0] * 5 + [0.01] * 20, [0.9] * 5 + [0.05] * 20) is None  # too little speech
    assert not too_noisy(None) and too_noisy(NOISY_SNR_DB - 0.1) and not too_noisy(NOISY_SNR_DB)


def test_a_real_reading_is_clean_and_the_same_reading_under_noise_is_too_noisy():
    audio = _read("librivox-0930.wav")
    vad = silero_vad()
    clean, light, heavy = (measure_snr(a, vad) for a in (audio, _with_noise(audio, 25), _with_noise(audio, 3)))
    assert clean is not None and light is not None and heavy is not None
    assert clean > light > heavy
    assert not too_noisy(clean) and not too_noisy(light) and too_noisy(heavy)


def test_the_meter_passes_the_audio_on_and_keeps_each_answers_ratio():
    audio = _read("librivox-0930.wav")
    meter = SnrMeter(lambda turn: audio if turn.index == 1 else None, silero_vad)
    assert meter(TurnRecord(1, "candidate", "answer", "x")) is audio
    assert meter(TurnRecord(3, "candidate", "answer", "x")) is None
    assert set(meter.snr) == {1}


def test_a_detector_that_cannot_load_leaves_every_answer_unmeasured():
    def broken():
        raise OSError("no model file")

    audio = _read("librivox-0930.wav")
    meter = SnrMeter(lambda turn: audio, broken)
    assert meter(TurnRecord(1, "candidate", "answer", "x")) is audio and meter.snr == {}


def test_the_feedback_command_says_too_noisy_to_judge_for_a_noisy_file():
    from interview_voice.commands.feedback import render
    from interview_voice.core.feedback import answer_feedback
    from tests.unit.test_feedback_content import churn
    from tests.unit.test_feedback_delivery import timed

    words = timed("so um we would label churn as no purchase in thirty days then fit a model and check it")
    noisy, clean = (render(answer_feedback(churn(), words, snr_db=snr)) for snr in (3.0, 30.0))
    assert "Pace: too noisy to judge" in noisy and "Fillers: too noisy to judge" in noisy
    assert "words a minute" not in noisy and "words a minute" in clean and "Fillers: 1 (" in clean
