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


class _Tokenizer:
    timestamp_begin = 50_000  # Whisper's first timestamp token; each step after it is 20 ms


def _ending_at(seconds: float) -> list[int]:
    return [_Tokenizer.timestamp_begin, 300, 301, 302, _Tokenizer.timestamp_begin + round(seconds / 0.02)]


def _split(tokens: list[int], window_frames: int, full: bool = False):
    from interview_voice.engines.stt_whisper import _short_window_model

    cls = _short_window_model()
    cls._window.full = full  # a live pass (the default) or a file; set by transcribe() in the app
    model = object.__new__(cls)  # the split needs only Whisper's strides, not a loaded model
    model.time_precision, model.input_stride = 0.02, 2
    return model._split_segments_by_timestamps(
        _Tokenizer(), tokens, time_offset=0.0, segment_size=window_frames, segment_duration=window_frames / 100, seek=0
    )


def test_an_early_lone_timestamp_leaves_the_rest_of_the_window_to_decode():
    segments, seek, single_ending = _split(_ending_at(14.5), window_frames=1634)
    assert [(s["start"], s["end"]) for s in segments] == [(0.0, 14.5)]
    assert (seek, single_ending) == (1450, False)  # the next window starts where Whisper stopped


def test_a_file_ends_its_window_where_whisper_says_as_plain_faster_whisper_does():
    """Resuming after an early end is for the live short window: on files with beam 5 it decoded
    silence into endings nobody said ("Thank you for watching")."""
    _segments, seek, single_ending = _split(_ending_at(14.5), window_frames=1634, full=True)
    assert (seek, single_ending) == (1634, True)


def test_a_lone_timestamp_at_the_end_of_the_speech_skips_the_window_as_whisper_does():
    _segments, seek, single_ending = _split(_ending_at(15.9), window_frames=1634)
    assert (seek, single_ending) == (1634, True)


def test_a_lone_timestamp_at_zero_never_resumes():
    _segments, seek, single_ending = _split(
        [_Tokenizer.timestamp_begin, 300, _Tokenizer.timestamp_begin], window_frames=1634
    )
    assert (seek, single_ending) == (1634, True)
