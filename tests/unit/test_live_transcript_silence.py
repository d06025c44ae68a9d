"""The live transcriber leaves the cores alone while the candidate is silent after a pause it has heard."""

from __future__ import annotations

import time

import numpy as np

from interview_voice.runtime.live_transcript import LiveTranscriber
from tests.fakes.engines import FakeSpeechToText, answer_tone
from tests.unit.test_session_runner import ANSWERS

RATE = 16_000


def _settle(live: LiveTranscriber, timeout_s: float = 3.0) -> None:
    """Until the worker has nothing left to do."""
    deadline = time.monotonic() + timeout_s
    passes = -1
    while time.monotonic() < deadline and passes != live.passes:
        passes = live.passes
        time.sleep(0.2)


def _push(live: LiveTranscriber, audio: np.ndarray, block: int = 1_600) -> None:
    for start in range(0, audio.size, block):
        live.push(audio[start:start + block])


def test_no_pass_reruns_while_silent_after_a_pause_already_transcribed_and_speech_brings_them_back():
    stt = FakeSpeechToText(ANSWERS)
    paused = []
    live = LiveTranscriber(stt, RATE, on_pause=paused.append)
    try:
        _push(live, answer_tone(0, 3.0))
        live.speech_paused(3.0)
        _settle(live)
        assert paused and paused[-1] == ANSWERS[0]
        heard = stt.calls
        _push(live, np.zeros(9 * RATE, np.float32))   # more than two whole-pass steps of silence
        _settle(live)
        assert stt.calls == heard
        live.speech_resumed(12.0)
        _push(live, answer_tone(0, 5.0))
        _settle(live)
        assert stt.calls > heard
    finally:
        live.finish()
