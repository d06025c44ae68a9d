"""The Protocols every engine implements.

Streaming iterators give every engine a cancel point: a caller stops
consuming, or sets the cancel event it passed, between segments, tokens and
sentence chunks.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Protocol, runtime_checkable

import numpy as np

from interview_voice.core.types import AudioChunk, ChatMessage, Segment, VoiceStyle


class EngineError(RuntimeError):
    """An engine cannot do its work; the message is meant for the user."""


class ModelLoadError(EngineError):
    """A model file is missing, corrupt or not loadable."""


class AudioDeviceError(EngineError):
    """No usable microphone or speaker, or a device went away."""


@runtime_checkable
class SpeechToText(Protocol):
    name: str

    def transcribe(
        self, pcm16k: np.ndarray, prompt: str = "", quick: bool = False, full_window: bool = False
    ) -> Iterator[Segment]:
        """Segments with word timestamps for float32 mono audio at 16 kHz (quick: fewer retries;
        full_window: accuracy before speed, for a file no one is waiting on)."""
        ...


@runtime_checkable
class TextToSpeech(Protocol):
    name: str

    def synthesize(self, text: str, style: VoiceStyle = VoiceStyle()) -> Iterator[AudioChunk]:
        """One chunk per sentence, as soon as each is ready."""
        ...


@runtime_checkable
class LanguageModel(Protocol):
    name: str

    def stream_chat(
        self,
        messages: list[ChatMessage],
        *,
        schema: dict | None = None,
        stop: list[str] | None = None,
        max_tokens: int = 128,
        temperature: float = 0.7,
        cancel: threading.Event | None = None,
    ) -> Iterator[str]:
        """Text pieces as the model produces them."""
        ...

    def prefill(self, messages: list[ChatMessage]) -> None:
        """Read a prompt ahead of time, so that a later stream_chat starting the same way answers
        sooner (called on a worker thread while the candidate speaks; may do nothing)."""
        ...

    def stop_prefill(self) -> None:
        """Make a prefill under way return soon, having read what it read (the session ended; called from
        another thread, never waiting for the model). Nothing else is stopped; may do nothing."""
        ...

    def close(self) -> None:
        """Release the model."""
        ...


@runtime_checkable
class VoiceActivity(Protocol):
    frame_samples: int  # audio per probability, at 16 kHz

    def reset(self) -> None: ...

    def speech_probability(self, frame: np.ndarray) -> float:
        """Probability that one frame of frame_samples samples holds speech."""
        ...


@runtime_checkable
class AudioInput(Protocol):
    sample_rate: int
    realtime: bool  # blocks arrive as fast as they are spoken (False: a file read as fast as it can be)
    continuous: bool  # one stream for the whole session (False: start() opens the next answer's file)

    def start(self) -> None:
        """Open the microphone (raises AudioDeviceError)."""
        ...

    def read(self, timeout: float) -> np.ndarray | None:
        """The next block of float32 mono samples, or None after timeout."""
        ...

    def stop(self) -> None: ...


@runtime_checkable
class AudioOutput(Protocol):
    realtime: bool  # play() takes as long as the audio lasts (False: a file written at once)
    audible: bool  # a microphone in the room can hear it (False: nothing plays aloud)

    def play(self, chunk: AudioChunk, cancel: threading.Event | None = None) -> float:
        """Play a chunk to the end or until cancel is set; return seconds played."""
        ...

    def close(self) -> None: ...
