"""The voice at a pause (benchmarks/pitch_at_pause.py, issue 22's measured and unshipped pitch cue) on
synthetic voiced tones: a contour that falls to the bottom of the speaker's range against one that stays
level or rises. Pins the tracker the benchmark's figures come from."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest

# loaded by path: benchmarks/ is not a package, and putting it on sys.path would shadow other modules
_spec = importlib.util.spec_from_file_location(
    "benchmark_pitch_at_pause", Path(__file__).resolve().parents[2] / "benchmarks" / "pitch_at_pause.py"
)
assert _spec is not None and _spec.loader is not None
_module = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = _module  # its dataclass looks its own module up while it is made
_spec.loader.exec_module(_module)
pitch_at_pause, pitch_track, voice_stays_up = _module.pitch_at_pause, _module.pitch_track, _module.voice_stays_up

RATE = 16_000


def voiced(start_hz: float, end_hz: float, seconds: float) -> np.ndarray:
    """A buzz with five harmonics whose pitch glides from start_hz to end_hz."""
    f0 = np.linspace(start_hz, end_hz, int(seconds * RATE))
    phase = 2 * np.pi * np.cumsum(f0) / RATE
    return (0.1 * sum(np.sin(k * phase) / k for k in range(1, 6))).astype(np.float32)


def answer(last: np.ndarray) -> np.ndarray:
    """Two seconds of syllables between 110 and 170 Hz with short gaps, then `last`, then 0.2 s of room."""
    rng = np.random.default_rng(7)
    parts = []
    for hz in (120, 150, 135, 165, 115, 140, 155, 125):
        parts += [voiced(hz, hz * 1.03, 0.2), np.zeros(int(0.05 * RATE), np.float32)]
    audio = np.concatenate([*parts, last, np.zeros(int(0.2 * RATE), np.float32)])
    return audio + (0.001 * rng.standard_normal(audio.size)).astype(np.float32)


@pytest.mark.parametrize("hz", [70.0, 120.0, 200.0, 380.0])
def test_the_tracker_finds_a_steady_pitch(hz):
    f0, _ = pitch_track(voiced(hz, hz, 0.3))
    assert np.nanmedian(f0) == pytest.approx(hz, rel=0.01)


def test_a_fall_to_the_bottom_of_the_range_sounds_done():
    cue = pitch_at_pause(answer(voiced(160, 95, 0.5)))
    assert cue.slope < -5  # semitones per second
    assert cue.final_rank < 0.1  # below nearly all of this speaker's earlier voice
    assert cue.final_semitones < -2
    assert not voice_stays_up(cue)


def test_a_level_pitch_held_up_in_the_range_sounds_like_more_coming():
    cue = pitch_at_pause(answer(voiced(170, 170, 0.5)))
    assert abs(cue.slope) < 2
    assert cue.final_rank > 0.6
    assert voice_stays_up(cue)


def test_a_rise_sounds_like_more_coming():
    cue = pitch_at_pause(answer(voiced(140, 190, 0.5)))
    assert cue.slope > 5
    assert voice_stays_up(cue)


def test_an_octave_error_at_the_end_is_not_a_fall():
    """A final syllable the tracker could halve (creak) is folded back to the speaker's octave: a level
    voice an octave below the answer's range reads as level, not as a fall to the bottom."""
    cue = pitch_at_pause(answer(voiced(75, 75, 0.5)))  # 150 Hz heard an octave low
    assert cue.final_semitones > 0


def test_silence_and_noise_have_no_pitch():
    rng = np.random.default_rng(1)
    for audio in (np.zeros(RATE, np.float32), (0.05 * rng.standard_normal(RATE)).astype(np.float32)):
        cue = pitch_at_pause(audio)
        assert not cue.known
        assert not voice_stays_up(cue)
