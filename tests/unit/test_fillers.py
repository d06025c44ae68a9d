"""Fillers found from an answer's words and audio: voiced sound where Whisper wrote nothing."""

from pathlib import Path

import numpy as np

from interview_voice.engines.audio_file import read_wav_mono
from interview_voice.records import Word
from interview_voice.runtime.fillers import FillerRules, detect_fillers

RATE = 16_000
HUMAN = Path(__file__).resolve().parent.parent / "data" / "human"


def _vowel(seconds: float, f0: float = 120.0) -> np.ndarray:
    """A held vowel: a 120 Hz voice with a few harmonics, like a long "uh"."""
    t = np.arange(int(seconds * RATE)) / RATE
    wave = sum(np.sin(2 * np.pi * f0 * k * t) / k for k in range(1, 6))
    return (0.1 * wave * np.hanning(t.size) ** 0.1).astype(np.float32)


def _answer(gap: np.ndarray) -> tuple[np.ndarray, list[Word]]:
    """'so' (0-0.4 s), the gap (0.5 s on), 'we' after it: words timed as Whisper would."""
    quiet = np.random.default_rng(0).normal(0, 0.001, RATE * 3).astype(np.float32)
    audio = quiet.copy()
    audio[: int(0.4 * RATE)] += _vowel(0.4, 150)
    audio[int(0.5 * RATE) : int(0.5 * RATE) + gap.size] += gap
    end = 0.5 + gap.size / RATE + 0.1
    audio[int(end * RATE) : int((end + 0.4) * RATE)] += _vowel(0.4, 140)
    return audio, [Word("So", 0.0, 0.4), Word("we", end, end + 0.4)]


def test_a_held_vowel_between_words_is_a_filler():
    audio, words = _answer(_vowel(0.5))
    found = detect_fillers(audio, words)
    assert len(found) == 1 and found[0]["word"] == "uh"
    assert 0.45 <= found[0]["at_s"] <= 0.7


def test_silence_noise_and_a_breath_between_words_are_not_fillers():
    rng = np.random.default_rng(1)
    breath = (np.convolve(rng.normal(0, 0.05, 8000), np.ones(8) / 8, "same") * np.hanning(8000)).astype(np.float32)
    for gap in (np.zeros(8000, np.float32), rng.normal(0, 0.003, 8000).astype(np.float32), breath):
        audio, words = _answer(gap)
        assert detect_fillers(audio, words) == []


def test_a_short_voiced_sound_is_not_a_filler():
    audio, words = _answer(_vowel(0.12))
    assert detect_fillers(audio, words) == []


def test_a_filler_whisper_wrote_counts_only_over_a_voice():
    audio, words = _answer(_vowel(0.5))
    written = [words[0], Word("um,", 0.5, 1.0), words[1]]
    assert [f["word"] for f in detect_fillers(audio, written)] == ["um"]
    silent, words = _answer(np.zeros(8000, np.float32))
    hallucinated = [words[0], Word("Uh,", 0.5, 1.0), words[1]]
    assert detect_fillers(silent, hallucinated) == []


def test_a_word_held_far_past_its_letters_hides_a_filler():
    audio, words = _answer(_vowel(0.8))
    glued = [Word("So", 0.0, 1.3), words[1]]  # Whisper stretched "so" over the "uh"
    found = detect_fillers(audio, glued)
    assert len(found) == 1 and 0.45 <= found[0]["at_s"] <= 0.8


def test_clean_human_read_speech_has_no_fillers():
    # the package's own alignment of the recording (pocketsphinx test data)
    audio = read_wav_mono(HUMAN / "librivox-0930.wav")
    words = [
        Word(t, b, e)
        for t, b, e in (
            ("he", 0.21, 0.38),
            ("might", 0.38, 0.64),
            ("even", 0.64, 0.92),
            ("have", 0.92, 1.07),
            ("been", 1.07, 1.33),
            ("made", 1.33, 1.7),
            ("amiable", 1.7, 2.27),
            ("himself", 2.27, 3.02),
        )
    ]
    assert detect_fillers(audio, words) == []
    # Whisper's looser timing of the same words (tiny.en), with gaps where it heard none
    loose = [
        Word(t, b, e)
        for t, b, e in (
            ("He", 0.0, 0.52),
            ("might", 0.52, 0.74),
            ("even", 0.74, 1.0),
            ("have", 1.0, 1.22),
            ("been", 1.22, 1.4),
            ("made", 1.4, 1.78),
            ("amiable", 1.78, 2.34),
            ("himself.", 2.34, 2.86),
        )
    ]
    assert detect_fillers(audio, loose) == []


def test_a_filler_said_low_in_the_voice_is_heard():
    # an "uh" at the bottom of a low voice (62 Hz): under two pitch periods fit a 30 ms frame
    audio, words = _answer(_vowel(0.3, 62.0))
    found = detect_fillers(audio, words)
    assert len(found) == 1 and 0.45 <= found[0]["at_s"] <= 0.7


def test_an_um_in_real_spontaneous_speech_is_heard():
    # "... a bunch of different words, um, I think I'm probably": a real, low, partly creaky
    # "um" (1.67-2.26 s by the hand transcript's alignment) that Whisper left out
    audio = read_wav_mono(HUMAN / "cold-corpus3-um.wav")
    words = [
        Word(t, b, e)
        for t, b, e in (
            ("it", 0.0, 0.15),
            ("a", 0.15, 0.23),
            ("bunch", 0.23, 0.43),
            ("of", 0.43, 0.59),
            ("different", 0.59, 0.67),
            ("words.", 0.67, 1.67),
            ("I", 2.63, 2.63),
            ("think", 2.63, 2.77),
            ("I'm", 2.77, 3.09),
            ("probably", 3.09, 3.1),
        )
    ]  # Whisper tiny.en's words and times
    found = detect_fillers(audio, words)
    assert len(found) == 1 and 1.6 <= found[0]["at_s"] <= 2.3


def test_a_long_filler_whisper_wrote_late_is_counted_once():
    audio, words = _answer(_vowel(0.9))  # "uhhh" from 0.5 s to 1.4 s
    late = [words[0], Word("uh", 1.1, 1.4), words[1]]  # Whisper starts the word 0.6 s into the sound
    assert [f["word"] for f in detect_fillers(audio, late)] == ["uh"]


def test_a_breath_before_an_uh_in_the_same_pause_does_not_hide_it():
    # a quiet sound at twice the voice's pitch (how the sonnet's breaths measured), then the "uh":
    # each steady run in the pause is judged, not only the first
    breath = 0.3 * _vowel(0.3, 300.0)
    gap = np.concatenate([breath, np.zeros(1600, np.float32), _vowel(0.4, 120.0)])
    audio, words = _answer(gap)
    found = detect_fillers(audio, words)
    assert len(found) == 1 and 0.85 <= found[0]["at_s"] <= 1.0
    assert detect_fillers(audio, words, FillerRules(every_run=False)) == []  # what was counted before


def test_an_uh_written_as_the_start_of_the_next_word_is_looked_for_only_when_asked():
    # "so, uh we": Whisper starts "we" at the "uh"; the word itself glides up like a real word
    rng = np.random.default_rng(2)
    audio = rng.normal(0, 0.001, RATE * 2).astype(np.float32)
    audio[: int(0.4 * RATE)] += _vowel(0.4, 150)
    audio[int(0.5 * RATE) : int(0.8 * RATE)] += _vowel(0.3, 120)
    t = np.arange(int(0.4 * RATE)) / RATE
    f0 = np.linspace(150, 200, t.size)
    glide = sum(np.sin(2 * np.pi * np.cumsum(f0) * k / RATE) / k for k in range(1, 6))
    audio[int(0.85 * RATE) : int(1.25 * RATE)] += (0.1 * glide).astype(np.float32)
    words = [Word("So,", 0.0, 0.4), Word("we", 0.5, 1.25)]
    assert detect_fillers(audio, words) == []  # off by default: it failed on held-out read speech
    found = detect_fillers(audio, words, FillerRules(in_words=True))
    assert len(found) == 1 and 0.45 <= found[0]["at_s"] <= 0.6
    # a word said slowly as one steady sound is the word, not a filler before it
    held = [Word("So,", 0.0, 0.4), Word("a", 0.5, 0.8)]  # "a" said as a long "uh": the word itself
    assert detect_fillers(audio[: int(0.85 * RATE)], held, FillerRules(in_words=True)) == []


def _edges(before: np.ndarray | None, after: np.ndarray | None, gap: float = 0.25) -> tuple[np.ndarray, list[Word]]:
    """'so we' (1.0-1.9 s) with a sound `gap` s before the first word and/or after the last, in a 3 s answer."""
    audio = np.random.default_rng(0).normal(0, 0.001, RATE * 3).astype(np.float32)
    audio[RATE : int(1.4 * RATE)] += _vowel(0.4, 150)
    audio[int(1.5 * RATE) : int(1.9 * RATE)] += _vowel(0.4, 140)
    if before is not None:
        start = int((1.0 - gap) * RATE) - before.size
        audio[start : start + before.size] += before
    if after is not None:
        start = int((1.9 + gap) * RATE)
        audio[start : start + after.size] += after[: audio.size - start]
    return audio, [Word("So", 1.0, 1.4), Word("we", 1.5, 1.9)]


def test_an_uh_before_the_first_word_or_after_the_last_is_a_filler():
    audio, words = _edges(_vowel(0.5, 120), None)
    [found] = detect_fillers(audio, words)
    assert 0.2 <= found["at_s"] <= 0.35
    audio, words = _edges(None, _vowel(0.5, 120))
    [found] = detect_fillers(audio, words)
    assert 2.1 <= found["at_s"] <= 2.3
    assert detect_fillers(audio, words, FillerRules(edges=False)) == []  # the place the detector did not look


def test_the_last_words_vowel_held_past_its_timestamp_is_not_a_filler():
    # "... we-e-e": the voice goes on from the word with no gap, as a held ending does
    audio, words = _edges(None, _vowel(0.6, 140), gap=0.0)
    assert detect_fillers(audio, words) == []
