"""The real Whisper adapter on a real human voice: what was said, and nothing after it."""

from pathlib import Path

import numpy as np
import pytest

from interview_voice.core.text import normalize_words
from interview_voice.engines.audio_file import read_wav_mono

HUMAN = Path(__file__).resolve().parent.parent / "data" / "human"
# Whisper writes numbers as digits: "7 of clubs" is as right as "seven of clubs".
CLIPS = {
    "cards-003.wav": ({"seven", "7"}, ["of", "clubs"]),
    "librivox-0930.wav": (set(), "he might even have been made amiable himself".split()),
}


@pytest.fixture(scope="module")
def real_stt(installed_models_dir):
    from tests.contract.conftest import _real

    return _real("stt", installed_models_dir)


@pytest.mark.parametrize("name", CLIPS)
@pytest.mark.parametrize(
    "quick,full_window",
    [(True, False), (False, False), (False, True)],
    ids=["live pass", "final pass", "a file (transcribe)"],
)
def test_a_human_answer_then_silence_gives_its_words_and_nothing_more(real_stt, name, quick, full_window):
    # The zero-padded short window made Whisper add "Thanks." or repeat the answer here.
    clip = read_wav_mono(HUMAN / name)
    first, rest = CLIPS[name]
    for tail in (np.zeros(16_000 * 3, np.float32), np.random.default_rng(2).normal(0, 0.002, 16_000 * 3)):
        audio = np.concatenate([clip, tail.astype(np.float32)])
        words = [w for s in real_stt.transcribe(audio, quick=quick, full_window=full_window) for w in s.words]
        said = normalize_words(" ".join(w.text for w in words))
        if first:
            assert said[:1] and said[0] in first, said
            said = said[1:]
        assert said == rest, said
        assert all(w.start < clip.size / 16_000 for w in words), [(w.text, w.start) for w in words]
