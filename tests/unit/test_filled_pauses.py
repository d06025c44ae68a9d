"""Filled pauses found in the audio itself (runtime/filled_pauses.py), on synthetic speech-like sounds."""

import numpy as np

from interview_voice.records import Word
from interview_voice.runtime.filled_pauses import features, held_runs, scan, seconds_per_letter
from interview_voice.runtime.fillers import FillerRules, detect_fillers

RATE = 16_000


def _voice(f0: np.ndarray, formants: np.ndarray, amp: float) -> np.ndarray:
    """A voiced sound, sample by sample: pitch f0 (Hz) and first formant (Hz), harmonics shaped by it."""
    phase = 2 * np.pi * np.cumsum(f0) / RATE
    wave = np.zeros(f0.size)
    for k in range(1, 30):
        weight = np.exp(-(((k * f0 - formants) / 250.0) ** 2)) + 0.4 * np.exp(-(((k * f0 - 1500.0) / 400.0) ** 2))
        wave += weight * np.sin(k * phase)
    wave *= np.hanning(f0.size) ** 0.2
    return (amp * wave / np.max(np.abs(wave))).astype(np.float32)


def _word(seconds: float, amp: float = 0.3) -> np.ndarray:
    """A word: its pitch falls and its vowel changes all along (no held stretch)."""
    n = int(seconds * RATE)
    return _voice(np.linspace(190, 120, n), np.linspace(300, 800, n), amp)


def _held(seconds: float, f0: float = 120.0, amp: float = 0.15) -> np.ndarray:
    """A held "uh": flat pitch, one vowel, under the words' level."""
    n = int(seconds * RATE)
    return _voice(np.full(n, f0), np.full(n, 600.0), amp)


def _place(length_s: float, *parts: tuple[float, np.ndarray]) -> np.ndarray:
    audio = np.random.default_rng(0).normal(0, 0.001, int(length_s * RATE)).astype(np.float32)
    for at, sound in parts:
        audio[int(at * RATE) : int(at * RATE) + sound.size] += sound
    return audio


def _fillers(audio: np.ndarray, words: list[Word]) -> list[float]:
    return [r.at_s for r in scan(audio, words) if r.why is None]


def test_a_word_is_not_held_and_a_held_vowel_is():
    assert held_runs(features(_place(1.0, (0.1, _word(0.4))))) == []
    runs = held_runs(features(_place(1.0, (0.1, _held(0.4)))))
    assert len(runs) == 1 and 0.08 <= runs[0][0] / 100 <= 0.2 and runs[0][1] - runs[0][0] >= 25


def test_a_held_vowel_between_two_words_is_a_filler():
    audio = _place(2.0, (0.0, _word(0.4)), (0.55, _held(0.4)), (1.1, _word(0.4)))
    words = [Word("so", 0.0, 0.4), Word("then", 1.1, 1.5)]
    found = _fillers(audio, words)
    assert len(found) == 1 and 0.5 <= found[0] <= 0.7


def test_a_breath_like_noise_burst_between_two_words_is_not():
    rng = np.random.default_rng(1)
    burst = np.convolve(rng.normal(0, 0.08, 6400), np.ones(6) / 6, "same") * np.hanning(6400)
    audio = _place(2.0, (0.0, _word(0.4)), (0.55, burst.astype(np.float32)), (1.1, _word(0.4)))
    words = [Word("so", 0.0, 0.4), Word("then", 1.1, 1.5)]
    assert held_runs(features(audio)) == []  # unvoiced: never a held run at all
    assert _fillers(audio, words) == []


def test_a_filler_whisper_glued_to_the_word_before_is_a_filler():
    # "that uh ... we": Whisper stretched "that" (0-0.95 s) over the "uh" after its own sound
    audio = _place(2.0, (0.0, _word(0.25)), (0.3, _held(0.4)), (1.0, _word(0.4)))
    words = [Word("that", 0.0, 0.95), Word("we", 1.0, 1.4)]
    found = _fillers(audio, words)
    assert len(found) == 1 and 0.25 <= found[0] <= 0.4
    # the same through the report's detector, which otherwise looks only between words (scan is off: not shipped)
    assert [f["at_s"] for f in detect_fillers(audio, words, FillerRules(scan=False))] == []
    assert len(detect_fillers(audio, words, FillerRules(scan=True))) == 1


def test_a_long_vowel_held_to_the_end_of_its_word_is_the_word_drawn_out():
    # "sooo": the word's own vowel held to its end, the span long for two letters; the same held sound
    # as a filler, but a held word ending (or a drawn-out word) is not counted: unsure is not counted
    rng = np.random.default_rng(2)
    s = (rng.normal(0, 0.03, 1600) * np.hanning(1600)).astype(np.float32)
    audio = _place(2.0, (0.0, s), (0.1, _held(0.6)), (1.0, _word(0.4)))
    words = [Word("so", 0.0, 0.72), Word("we", 1.0, 1.4)]
    runs = scan(audio, words)
    assert runs and all(r.why for r in runs)
    assert detect_fillers(audio, words, FillerRules(scan=True)) == []


def test_a_held_vowel_where_a_word_needs_its_span_is_the_word():
    # a long word whose span its letters fill: a steady vowel in it is its own
    audio = _place(2.0, (0.0, _word(0.2)), (0.2, _held(0.25)), (0.45, _word(0.25)), (1.0, _word(0.4)))
    words = [Word("understanding", 0.0, 0.72), Word("we", 1.0, 1.4)]
    runs = scan(audio, words)
    assert runs and all(r.why for r in runs)


def test_a_held_vowel_louder_than_the_voice_or_far_above_it_is_not_a_filler():
    loud = _place(2.0, (0.0, _word(0.4)), (0.55, _held(0.4, amp=0.6)), (1.1, _word(0.4)))
    high = _place(2.0, (0.0, _word(0.4)), (0.55, _held(0.4, f0=300.0)), (1.1, _word(0.4)))
    words = [Word("so", 0.0, 0.4), Word("then", 1.1, 1.5)]
    assert _fillers(loud, words) == [] and _fillers(high, words) == []


def test_the_speakers_pace_comes_from_the_words_and_stays_in_bounds():
    quick = [Word("word", i * 0.2, i * 0.2 + 0.2) for i in range(6)]  # 0.05 s a letter
    assert abs(seconds_per_letter(quick, 0.07) - 0.05) < 1e-9
    assert seconds_per_letter(quick[:3], 0.07) == 0.07  # too few words: the default
    stretched = [Word("so", i, i + 1.0) for i in range(6)]  # Whisper's spans over pauses: 0.5 s a letter
    assert seconds_per_letter(stretched, 0.07) == 0.1  # as slow as a slow speaker, no slower
