"""Deterministic stand-ins for the engines, passing the same contract tests."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import numpy as np

from interview_voice.core.text import split_sentences
from interview_voice.core.types import AudioChunk, ChatMessage, Segment, VoiceStyle
from interview_voice.records import Word


def tone(seconds: float, rate: int = 16_000, freq: float = 220.0, amp: float = 0.3) -> np.ndarray:
    t = np.arange(int(seconds * rate)) / rate
    return (amp * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def answer_tone(index: int, seconds: float) -> np.ndarray:
    """The 'speech' of scripted answer number index: a tone whose pitch names the answer."""
    return tone(seconds, freq=200.0 + 40.0 * index)


class FakeSpeechToText:
    """Hears which scripted answer is spoken from the tone's pitch (see answer_tone)."""

    name = "fake-stt"

    def __init__(self, transcripts: list[str]) -> None:
        self._transcripts = list(transcripts)
        self.calls = 0

    def transcribe(
        self, pcm16k: np.ndarray, prompt: str = "", quick: bool = False, full_window: bool = False
    ) -> Iterator[Segment]:
        if pcm16k.size == 0 or float(np.abs(pcm16k).max()) < 0.02:
            return
        self.calls += 1
        spectrum = np.abs(np.fft.rfft(pcm16k))
        pitch = float(np.argmax(spectrum)) * 16_000 / pcm16k.size
        text = self._transcripts[int(round((pitch - 200.0) / 40.0)) % len(self._transcripts)]
        words = text.split()
        duration = pcm16k.size / 16_000
        step = duration / max(len(words), 1)
        yield Segment(text, 0.0, duration, tuple(Word(w, i * step, (i + 1) * step) for i, w in enumerate(words)))


class FakeTextToSpeech:
    """A tone per sentence, 0.06 s per character at rate 1."""

    name = "fake-tts"
    rate = 16_000

    def synthesize(self, text: str, style: VoiceStyle = VoiceStyle()) -> Iterator[AudioChunk]:
        for sentence in split_sentences(text):
            seconds = 0.06 * len(sentence) / max(style.rate, 0.1)
            samples = tone(seconds, self.rate, 220.0 * style.pitch, min(0.9, 0.3 * style.volume))
            yield AudioChunk(samples, self.rate, text=sentence)


class FakeLanguageModel:
    """Streams a scripted reply word by word."""

    name = "fake-llm"

    def __init__(self, replies: list[str], first_word_s: float = 0.0) -> None:
        """first_word_s: how long it reads the prompt before its first word (a slow model)."""
        self._replies = list(replies)
        self.first_word_s = first_word_s
        self.calls: list[list[ChatMessage]] = []
        self.prefilled: list[tuple[str, list[ChatMessage]]] = []  # (thread name, prompt read ahead)
        self._prefilling = threading.Lock()

    def stream_chat(
        self,
        messages,
        *,
        schema=None,
        stop=None,
        max_tokens=128,
        temperature=0.7,
        cancel: threading.Event | None = None,
    ) -> Iterator[str]:
        if cancel is not None and cancel.wait(self.first_word_s):
            return  # dropped while it read the prompt: not a call that answered
        if cancel is None:
            time.sleep(self.first_word_s)
        self.calls.append(list(messages))
        reply = self._replies[(len(self.calls) - 1) % len(self._replies)]
        if schema is not None:
            reply = '{"follow_up": "%s"}' % reply.replace('"', "'")
        for index, word in enumerate(reply.split(" ")[:max_tokens]):
            if cancel is not None and cancel.is_set():
                return
            yield word if index == 0 else " " + word

    def prefill(self, messages: list[ChatMessage]) -> None:
        """Reads the prompt as the real model does (its tokens, no answer): kept for tests to
        compare with the prompts stream_chat receives later."""
        with self._prefilling:
            self.prefilled.append((threading.current_thread().name, list(messages)))

    def stop_prefill(self) -> None:
        pass  # its prefill is over at once

    def close(self) -> None:
        pass


class FakeVoiceActivity:
    """Energy threshold: loud frames are speech."""

    frame_samples = 512

    def reset(self) -> None:
        pass

    def speech_probability(self, frame: np.ndarray) -> float:
        if frame.shape != (self.frame_samples,):
            raise ValueError(f"a VAD frame has {self.frame_samples} samples, got {frame.shape}")
        return 1.0 if float(np.sqrt(np.mean(frame**2))) > 0.02 else 0.0


class ContinuousAudioInput:
    """A live microphone played from one recording, paced like a sound card: silence until it is
    first started, then the recording and silence after it; later starts do not rewind it."""

    sample_rate = 16_000
    realtime = True
    continuous = True
    block = 512

    def __init__(self, recording: np.ndarray) -> None:
        self._recording = recording.astype(np.float32)
        self._pos = 0
        self._started: float | None = None

    def start(self) -> None:
        if self._started is None:
            self._started = time.monotonic()

    def read(self, timeout: float) -> np.ndarray | None:
        if self._started is None:
            time.sleep(self.block / self.sample_rate)
            return np.zeros(self.block, np.float32)
        delay = self._started + (self._pos + self.block) / self.sample_rate - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        block = self._recording[self._pos : self._pos + self.block]
        self._pos += self.block
        return np.concatenate([block, np.zeros(self.block - block.size, np.float32)])

    def stop(self) -> None:
        pass
