import numpy as np
import pytest

from interview_voice.engines.base import VoiceActivity


def _probabilities(vad, audio):
    vad.reset()
    n = vad.frame_samples
    return [vad.speech_probability(audio[i : i + n]) for i in range(0, audio.size - n + 1, n)]


def test_implements_protocol(vad):
    assert isinstance(vad, VoiceActivity)


def test_speech_is_detected_and_silence_is_not(vad, speech_16k):
    assert max(_probabilities(vad, np.zeros(16_000, np.float32))) < 0.5
    speech = _probabilities(vad, speech_16k)
    assert sum(p >= 0.5 for p in speech) > 0.4 * len(speech)


def test_wrong_frame_size_is_refused(vad):
    with pytest.raises(ValueError):
        vad.speech_probability(np.zeros(100, np.float32))
