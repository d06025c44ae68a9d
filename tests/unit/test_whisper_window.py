"""How much of each 30 s window the Whisper encoder is given, and how long a window may decode."""

import numpy as np

from interview_voice.engines.stt_whisper import MIN_WINDOW_FRAMES, PAD_FRAMES, fit_encoder_window, token_budget


def _window(content_frames: int) -> np.ndarray:
    features = np.zeros((80, 3000), np.float32)  # faster-whisper pads with zeros up to 30 s
    features[:, :content_frames] = np.random.default_rng(0).normal(size=(80, content_frames))
    return features


def test_a_short_window_keeps_its_speech_and_some_padding():
    fitted, content = fit_encoder_window(_window(300))
    assert content == 300
    assert fitted.shape == (80, MIN_WINDOW_FRAMES)
    assert np.array_equal(fitted[:, :300], _window(300)[:, :300])


def test_a_longer_window_keeps_padding_after_the_speech():
    fitted, content = fit_encoder_window(_window(1200)[None])
    assert content == 1200
    assert fitted.shape == (1, 80, 1200 + PAD_FRAMES)
    assert fitted.flags.c_contiguous


def test_a_full_window_is_left_whole():
    fitted, content = fit_encoder_window(_window(2900))
    assert (fitted.shape, content) == ((80, 3000), 2900)


def test_a_silent_window_still_gets_the_minimum():
    fitted, content = fit_encoder_window(np.zeros((80, 3000), np.float32))
    assert (fitted.shape, content) == ((80, MIN_WINDOW_FRAMES), 0)


def test_the_token_budget_grows_with_the_speech():
    assert token_budget(0) < token_budget(100) < token_budget(3000)
    # 30 s of fast speech (~200 words a minute, ~130 tokens) fits with room for timestamps
    assert token_budget(3000) >= 200
    # a loop on half a second of breath stops within a few words
    assert token_budget(50) <= 15
