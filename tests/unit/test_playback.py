import time

import numpy as np
import pytest

from interview_voice.engines.playback import RATE, SessionPlayer


def pull(player: SessionPlayer, frames: int, stopped: list | None = None) -> np.ndarray:
    out = np.zeros((frames, 1), np.float32)
    try:
        player._callback(out, frames, None, None)
    except Exception as stop:  # CallbackStop at the end
        assert type(stop).__name__ == "CallbackStop"
        if stopped is not None:
            stopped.append(True)
    return out[:, 0]


def pull_stretched(player: SessionPlayer, seconds: float) -> np.ndarray:
    """What the sound card would get, in 512-frame callbacks, waiting for the stretching thread as it would
    (whole callbacks: the player has moved on by all of them)."""
    blocks, stopped, wanted = [], [], int(seconds * RATE)
    deadline = time.monotonic() + 20
    while sum(b.size for b in blocks) < wanted and not stopped and time.monotonic() < deadline:
        if player._stretch.ready_samples >= 512 or player._stretch.done:
            blocks.append(pull(player, 512, stopped))
        else:
            time.sleep(0.002)
    return np.concatenate(blocks)


def dominant_hz(signal: np.ndarray) -> float:
    spectrum = np.abs(np.fft.rfft(signal * np.hanning(signal.size)))
    return float(np.argmax(spectrum)) * RATE / signal.size


def tone(seconds: float, hz: float) -> np.ndarray:
    return (0.3 * np.sin(2 * np.pi * hz * np.arange(int(seconds * RATE)) / RATE)).astype(np.float32)


def test_at_normal_speed_the_callback_plays_the_recording_from_the_position():
    ramp = np.linspace(0, 1, RATE * 4, dtype=np.float32)
    player = SessionPlayer(ramp)
    player.seek(1.0)
    block = pull(player, 1000)
    assert np.array_equal(block, ramp[RATE : RATE + 1000])
    assert abs(player.position - (RATE + 1000) / RATE) < 1e-9


@pytest.mark.parametrize("speed", [1.5, 2.0, 0.75])
def test_a_faster_or_slower_replay_keeps_the_pitch_and_moves_at_that_speed(speed):
    player = SessionPlayer(tone(8.0, 220.0))
    try:
        player.seek(1.0)
        player.speed = speed
        out = pull_stretched(player, 2.0)
        assert abs(dominant_hz(out[RATE // 4 :]) - 220.0) < 3.0  # resampling would give 220 * speed
        assert abs(player.position - (1.0 + out.size * speed / RATE)) < 0.01
    finally:
        player.close()


def test_a_seek_while_fast_plays_from_the_new_place():
    samples = np.concatenate([tone(3.0, 220.0), tone(3.0, 550.0)])
    player = SessionPlayer(samples)
    try:
        player.speed = 2.0
        assert abs(dominant_hz(pull_stretched(player, 0.5)[2000:]) - 220.0) < 5
        player.seek(4.0)
        out = pull_stretched(player, 0.5)
        assert abs(dominant_hz(out[2000:]) - 550.0) < 5
        assert abs(player.position - (4.0 + out.size * 2.0 / RATE)) < 0.01
    finally:
        player.close()


def test_playback_stops_at_the_end_with_silence_after_it():
    player = SessionPlayer(np.ones(500, np.float32))
    block = pull(player, 1000)
    assert block[:400].all() and not block[600:].any()


def test_fast_playback_reaches_the_end_and_stops():
    player = SessionPlayer(tone(1.0, 220.0))
    try:
        player.speed = 2.0
        out = pull_stretched(player, 5.0)
        assert player._stretch.done and abs(out.size / RATE - 0.5) < 0.1  # 1 s at 2x
        assert player.position == player.duration
    finally:
        player.close()
