"""Text to speech with Piper, one chunk per sentence, styled per persona."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from interview_voice.core.text import speaking_chunks
from interview_voice.core.types import AudioChunk, VoiceStyle
from interview_voice.engines.base import EngineError, ModelLoadError

if TYPE_CHECKING:  # at run time piper is imported only when a voice loads
    from piper import PiperVoice

log = logging.getLogger(__name__)


def shift_pitch(samples: np.ndarray, factor: float) -> np.ndarray:
    """Resample so the clip plays `factor` times faster (and higher).

    Piper has no pitch control; the caller synthesizes `factor` times slower
    first, so the duration comes back to normal and only the pitch moves.
    """
    if abs(factor - 1.0) < 1e-3 or samples.size == 0:
        return samples
    positions = np.arange(0, samples.size - 1, factor)
    return np.interp(positions, np.arange(samples.size), samples).astype(np.float32)


class PiperTextToSpeech:
    def __init__(self, voices: dict[str, Path], default_voice: str, rate: float = 1.0) -> None:
        """voices maps a voice id to its .onnx file (the .onnx.json beside it); rate is the
        user's speaking rate, on top of each persona's own."""
        from interview_voice.privacy import import_piper

        import_piper()  # onnxruntime with its telemetry off, before any voice loads

        if default_voice not in voices:
            raise ModelLoadError(f"the voice {default_voice!r} is not installed")
        self._paths = voices
        self._default = default_voice
        self._loaded: dict[str, PiperVoice] = {}
        self._load(default_voice)
        self.name = default_voice
        self.speaking_rate = rate

    def set_voice(self, voice_id: str) -> None:
        """The voice used from the next sentence on (personas with a voice of their own keep it)."""
        self._load(voice_id)
        self._default = self.name = voice_id

    def _load(self, voice_id: str):
        from piper import PiperVoice  # imported through privacy.import_piper in __init__

        if voice_id not in self._loaded:
            onnx = self._paths.get(voice_id)
            if onnx is None:
                raise EngineError(f"unknown voice {voice_id!r}; installed: {', '.join(sorted(self._paths))}")
            config = onnx.with_name(onnx.name + ".json")
            if not onnx.exists() or not config.exists():
                raise ModelLoadError(f"the voice {voice_id} needs {onnx.name} and {config.name} in {onnx.parent}")
            try:
                self._loaded[voice_id] = PiperVoice.load(onnx, config_path=config)
            except Exception as exc:
                raise ModelLoadError(f"the voice {onnx} does not load ({exc}); reinstall it or remove it") from exc
        return self._loaded[voice_id]

    @property
    def voices(self) -> list[str]:
        return sorted(self._paths)

    def synthesize(self, text: str, style: VoiceStyle = VoiceStyle()) -> Iterator[AudioChunk]:
        from piper import SynthesisConfig

        voice = self._load(style.voice or self._default)
        base = voice.config.length_scale or 1.0
        config = SynthesisConfig(length_scale=base * style.pitch / max(style.rate * self.speaking_rate, 0.1),
                                 volume=style.volume)
        # Split ourselves so every chunk knows its words: barge-in keeps
        # only what was actually heard.
        for sentence in speaking_chunks(text):
            for chunk in voice.synthesize(sentence, syn_config=config):
                samples = shift_pitch(chunk.audio_float_array.astype(np.float32), style.pitch)
                yield AudioChunk(samples, chunk.sample_rate, text=sentence)
