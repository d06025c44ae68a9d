import numpy as np

from interview_voice.core.types import VoiceStyle
from interview_voice.engines.base import TextToSpeech

TEXT = "Thanks for that answer. How did you choose the threshold?"


def _duration(chunks) -> float:
    return sum(c.duration for c in chunks)


def test_implements_protocol(tts):
    assert isinstance(tts, TextToSpeech)


def test_one_audible_chunk_per_sentence(tts):
    chunks = list(tts.synthesize(TEXT))
    assert [c.text for c in chunks] == ["Thanks for that answer.", "How did you choose the threshold?"]
    for chunk in chunks:
        assert chunk.samples.dtype == np.float32
        assert chunk.sample_rate >= 16_000
        assert 0.05 < float(np.abs(chunk.samples).max()) <= 1.0
        assert 0.5 < chunk.duration < 6


def test_rate_pitch_and_volume_change_the_sound(tts):
    normal = list(tts.synthesize(TEXT))
    faster = list(tts.synthesize(TEXT, VoiceStyle(rate=1.5)))
    higher = list(tts.synthesize(TEXT, VoiceStyle(pitch=1.2)))
    quieter = list(tts.synthesize(TEXT, VoiceStyle(volume=0.4)))
    assert _duration(faster) < 0.8 * _duration(normal)
    # pitch moves the voice, not the pace
    assert abs(_duration(higher) - _duration(normal)) < 0.2 * _duration(normal)
    assert max(np.abs(c.samples).max() for c in quieter) < 0.7 * max(np.abs(c.samples).max() for c in normal)


def test_empty_text_gives_no_audio(tts):
    assert list(tts.synthesize("   ")) == []
