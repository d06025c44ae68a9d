import numpy as np

from interview_voice.core.text import normalize_words
from interview_voice.core.types import Transcript
from interview_voice.engines.base import SpeechToText


def test_implements_protocol(stt):
    assert isinstance(stt, SpeechToText)


def test_transcribes_speech_with_ordered_word_timestamps(stt, speech_16k):
    transcript = Transcript(list(stt.transcribe(speech_16k)))
    words = set(normalize_words(transcript.text))
    assert {"business", "prediction", "baseline"} <= words, transcript.text
    stamps = transcript.words
    assert len(stamps) >= 10
    duration = speech_16k.size / 16_000
    assert all(0 <= w.start <= w.end <= duration + 0.5 for w in stamps)
    assert all(a.start <= b.start for a, b in zip(stamps, stamps[1:]))


def test_silence_and_empty_audio_give_no_text(stt):
    assert Transcript(list(stt.transcribe(np.zeros(16_000 * 3, np.float32)))).text == ""
    assert list(stt.transcribe(np.zeros(0, np.float32))) == []


def test_low_noise_gives_no_phantom_text(stt):
    noise = np.random.default_rng(1).normal(0, 0.003, 16_000 * 4).astype(np.float32)
    assert Transcript(list(stt.transcribe(noise))).text == ""
