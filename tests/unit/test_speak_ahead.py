"""The interviewer's next sentences are synthesised while the one before plays."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest

from interview_voice.core.text import speaking_chunks
from interview_voice.core.types import AudioChunk, VoiceStyle
from interview_voice.engines.base import EngineError
from interview_voice.runtime.speak_ahead import AHEAD, SpeechAhead

LINE = "Tell me about a project. What was your part in it? How did it end? What would you change? Thanks."


class CountingVoice:
    """Records which sentences it was asked for; can fail at one of them."""

    def __init__(self, fail_at: int | None = None) -> None:
        self.started: list[str] = []
        self.second = threading.Event()
        self.fail_at = fail_at

    def synthesize(self, text: str, style: VoiceStyle = VoiceStyle()):
        for sentence in speaking_chunks(text):
            if self.fail_at is not None and len(self.started) == self.fail_at:
                raise EngineError("the voice failed")
            self.started.append(sentence)
            if len(self.started) >= 2:
                self.second.set()
            yield AudioChunk(np.zeros(160, np.float32), 16_000, text=sentence)


def test_the_next_sentence_is_synthesised_while_the_first_is_still_playing():
    voice = CountingVoice()
    sentences = SpeechAhead(voice).synthesize(LINE, VoiceStyle())
    first = next(sentences)  # the caller now plays it and asks for no more for a while
    assert first.text == "Tell me about a project."
    assert voice.second.wait(2.0), voice.started
    assert [c.text for c in sentences] == speaking_chunks(LINE)[1:]


def test_a_prepared_line_starts_from_its_prepared_sentence_and_the_rest_follows_ahead():
    voice = CountingVoice()
    ahead = SpeechAhead(voice)
    ahead.prepare(LINE, VoiceStyle())
    sentences = ahead.synthesize(LINE, VoiceStyle())
    assert next(sentences).text == "Tell me about a project."
    assert voice.second.wait(2.0), voice.started
    assert [c.text for c in sentences] == speaking_chunks(LINE)[1:]
    assert ahead.hits == 1


def test_a_barge_in_stops_the_synthesis_ahead():
    voice = CountingVoice()
    line = " ".join(f"Sentence number {n} is here." for n in range(30))
    sentences = SpeechAhead(voice).synthesize(line, VoiceStyle())
    next(sentences)
    sentences.close()  # the runner stops taking sentences
    time.sleep(0.3)
    done = len(voice.started)
    time.sleep(0.3)
    assert len(voice.started) == done <= 1 + AHEAD + 1  # the one in hand, those queued, one waiting


def test_a_voice_that_fails_mid_line_raises_where_the_caller_takes_sentences():
    voice = CountingVoice(fail_at=2)
    sentences = SpeechAhead(voice).synthesize(LINE, VoiceStyle())
    assert [next(sentences).text, next(sentences).text] == speaking_chunks(LINE)[:2]
    with pytest.raises(EngineError, match="the voice failed"):
        next(sentences)
