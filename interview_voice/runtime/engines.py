"""The engines a session runs on: the loaded models, plus the session's sound devices."""

from __future__ import annotations

from dataclasses import dataclass, field

from interview_voice.engines.base import (
    AudioInput,
    AudioOutput,
    LanguageModel,
    SpeechToText,
    TextToSpeech,
    VoiceActivity,
)


@dataclass
class LoadedModels:
    """Every model, loaded once per run of the app and shared by its sessions."""

    stt: SpeechToText
    tts: TextToSpeech
    llm: LanguageModel
    vad: VoiceActivity
    load_seconds: dict[str, float] = field(default_factory=dict)
    fast_stt: SpeechToText | None = None  # a faster model for turn-taking; None: stt does both

    def names(self) -> dict[str, str]:
        """The models' names as a stored session and report.json keep them."""
        names = {"stt": self.stt.name, "tts": self.tts.name, "llm": self.llm.name}
        if self.fast_stt is not None:
            names["stt_live"] = self.fast_stt.name
        return names


@dataclass
class Engines:
    """What one session uses: the shared models and the session's own microphone and speakers."""

    models: LoadedModels
    audio_in: AudioInput
    audio_out: AudioOutput

    @property
    def stt(self) -> SpeechToText:
        return self.models.stt

    @property
    def tts(self) -> TextToSpeech:
        return self.models.tts

    @property
    def llm(self) -> LanguageModel:
        return self.models.llm

    @property
    def vad(self) -> VoiceActivity:
        return self.models.vad

    @property
    def live_stt(self) -> SpeechToText:
        """The model the conversation listens with: the fast one when there is one."""
        return self.models.fast_stt or self.models.stt

    @property
    def refines(self) -> bool:
        """A second, more accurate pass over each answer is kept (the fast model heard it first)."""
        return self.models.fast_stt is not None and self.models.fast_stt is not self.models.stt
