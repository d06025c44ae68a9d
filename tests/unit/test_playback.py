import numpy as np

from interview_voice.engines.playback import RATE, SessionPlayer


def pull(player: SessionPlayer, frames: int) -> np.ndarray:
    out = np.zeros((frames, 1), np.float32)
    try:
        player._callback(out, frames, None, None)
    except Exception as stop:  # CallbackStop at the end
        assert type(stop).__name__ == "CallbackStop"
    return out[:, 0]


def test_the_callback_plays_from_the_position_at_the_chosen_speed():
    ramp = np.linspace(0, 1, RATE * 4, dtype=np.float32)
    player = SessionPlayer(ramp)
    player.seek(1.0)
    block = pull(player, 1000)
    assert np.allclose(block, ramp[RATE:RATE + 1000], atol=1e-6)
    player.speed = 2.0
    block = pull(player, 1000)
    start = RATE + 1000
    assert np.allclose(block, ramp[start:start + 2000:2], atol=1e-5)
    assert abs(player.position - (start + 2000) / RATE) < 1e-6


def test_playback_stops_at_the_end_with_silence_after_it():
    player = SessionPlayer(np.ones(500, np.float32))
    block = pull(player, 1000)
    assert block[:400].all() and not block[600:].any()
