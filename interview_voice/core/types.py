"""Plain data passed between core, engines and runtime."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from interview_voice.records import Word

SAMPLE_RATE_STT = 16_000  # what the microphone records and Whisper and Silero expect


@dataclass(frozen=True)
class Segment:
    text: str
    start: float
    end: float
    words: tuple[Word, ...] = ()


@dataclass(frozen=True)
class AudioChunk:
    """Mono float32 samples in [-1, 1] at sample_rate."""

    samples: np.ndarray
    sample_rate: int
    text: str = ""  # the sentence this chunk speaks, when it comes from TTS

    @property
    def duration(self) -> float:
        return len(self.samples) / self.sample_rate


@dataclass(frozen=True)
class ChatMessage:
    role: str  # "system" | "user" | "assistant"
    content: str


@dataclass(frozen=True)
class VoiceStyle:
    """How a persona sounds: a voice id and adjustments applied on top of it."""

    voice: str = ""  # voice id; empty means the default voice
    rate: float = 1.0  # >1 speaks faster
    pitch: float = 1.0  # >1 sounds higher
    volume: float = 1.0


@dataclass
class Transcript:
    segments: list[Segment] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(s.text.strip() for s in self.segments if s.text.strip())

    @property
    def words(self) -> list[Word]:
        return [w for s in self.segments for w in s.words]
