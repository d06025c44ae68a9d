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


# A sentence of more phoneme ids than this (about 140 characters; Piper puts a pad between phonemes) gives
# back, once voiced, what onnxruntime's memory arena grew to for it (benchmarks/piper_memory.py).
LONG_SENTENCE_IDS = 300


class _ArenaGivenBackAfterLongSentences:
    """A Piper voice's onnxruntime session whose CPU memory arena does not keep a long sentence's buffers.

    The arena keeps the largest buffers any run has needed and reuses them: without it every run asks
    the system for fresh memory (ten times the page faults), and 20 interview lines took about 20 %
    more CPU. But one long sentence doubled it for the rest of the session: 445 MB resident after
    the 20 lines against 141 MB loaded. A run over more than LONG_SENTENCE_IDS phoneme ids shrinks
    the arena at its end (onnxruntime's run option), so the arena holds what ordinary sentences need:
    213 MB after the same lines, for 2-12 % more CPU (benchmarks/piper_memory.py, a busy 2-core machine)."""

    def __init__(self, session, onnxruntime, long_ids: int = LONG_SENTENCE_IDS) -> None:
        self._session = session
        self._long_ids = long_ids
        self._shrink = onnxruntime.RunOptions()
        self._shrink.add_run_config_entry("memory.enable_memory_arena_shrinkage", "cpu:0")

    def run(self, output_names, input_feed, run_options=None):
        ids = input_feed.get("input")
        if run_options is None and ids is not None and ids.shape[-1] > self._long_ids:
            run_options = self._shrink
        return self._session.run(output_names, input_feed, run_options)

    def __getattr__(self, name: str):
        return getattr(self._session, name)


def open_voice(onnx: Path, config: Path, memory_arena: str = "shrink_after_long") -> PiperVoice:
    """A Piper voice as PiperVoice.load makes it, with onnxruntime's CPU memory arena as chosen:
    "shrink_after_long" (the app's: see _ArenaGivenBackAfterLongSentences), "keep" (PiperVoice.load's:
    it keeps the buffers of the longest sentence voiced) or "off" (none; the benchmark's)."""
    import json

    import onnxruntime
    from piper import PiperVoice
    from piper.config import PiperConfig

    with open(config, encoding="utf-8") as fh:
        settings = PiperConfig.from_dict(json.load(fh))
    options = onnxruntime.SessionOptions()
    options.enable_cpu_mem_arena = memory_arena != "off"
    session = onnxruntime.InferenceSession(str(onnx), sess_options=options, providers=["CPUExecutionProvider"])
    if memory_arena == "shrink_after_long":
        session = _ArenaGivenBackAfterLongSentences(session, onnxruntime)
    return PiperVoice(session=session, config=settings)


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
    memory_arena = "shrink_after_long"  # onnxruntime's CPU memory arena (open_voice); others only to measure

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
        if voice_id not in self._loaded:
            onnx = self._paths.get(voice_id)
            if onnx is None:
                raise EngineError(f"unknown voice {voice_id!r}; installed: {', '.join(sorted(self._paths))}")
            config = onnx.with_name(onnx.name + ".json")
            if not onnx.exists() or not config.exists():
                raise ModelLoadError(f"the voice {voice_id} needs {onnx.name} and {config.name} in {onnx.parent}")
            try:
                self._loaded[voice_id] = open_voice(onnx, config, self.memory_arena)
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
        config = SynthesisConfig(
            length_scale=base * style.pitch / max(style.rate * self.speaking_rate, 0.1), volume=style.volume
        )
        # Split ourselves so every chunk knows its words: barge-in keeps
        # only what was actually heard.
        for sentence in speaking_chunks(text):
            for chunk in voice.synthesize(sentence, syn_config=config):
                samples = shift_pitch(chunk.audio_float_array.astype(np.float32), style.pitch)
                yield AudioChunk(samples, chunk.sample_rate, text=sentence)
