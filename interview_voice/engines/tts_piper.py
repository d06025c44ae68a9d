"""Text to speech with Piper, one chunk per sentence, styled per persona."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import numpy as np

from interview_voice.core.text import speaking_chunks
from interview_voice.core.types import AudioChunk, VoiceStyle
from interview_voice.engines.base import EngineError, ModelLoadError

if TYPE_CHECKING:  # at run time piper is imported only when a voice loads
    from piper import PiperVoice

log = logging.getLogger(__name__)
T = TypeVar("T")


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
    213 MB after the same lines, for 2-12 % more CPU (benchmarks/piper_memory.py, a busy 2-core machine).

    With line_end (the app's), the last sentence of each line shrinks it too (line_ends): over an
    interview's lines the arena still crept up as sentences of new lengths came (issue 26). 188
    interviewer lines of `simulate` sessions (benchmarks/interviewer_lines.txt forth and back, the heap
    trimmed after each as the session does) took the voice from 230 MB after the first line to 334 MB;
    given back at each line's end, 138 MB to 141 MB, for about the same CPU (121.8 s against 120.6 s,
    one run each at load 7-9) and 33 times the page faults."""

    def __init__(self, session, onnxruntime, long_ids: int = LONG_SENTENCE_IDS, line_end: bool = False) -> None:
        self._session = session
        self._long_ids = long_ids
        self._shrink = onnxruntime.RunOptions()
        self._shrink.add_run_config_entry("memory.enable_memory_arena_shrinkage", "cpu:0")
        self._line_end = line_end
        self._last = threading.local()  # per thread: the sentence being voiced is its line's last

    def line_ends(self, runs: Iterable[T]) -> Iterator[T]:
        """The runs of a line's last sentence (Piper's generator runs the model for each item it gives):
        each gives the arena back."""
        items = iter(runs)
        while True:
            self._last.due = self._line_end  # only while the generator runs: never into another line's runs
            try:
                item = next(items)
            except StopIteration:
                return
            finally:
                self._last.due = False
            yield item

    def run(self, output_names, input_feed, run_options=None):
        ids = input_feed.get("input")
        due = getattr(self._last, "due", False)
        if run_options is None and (due or (ids is not None and ids.shape[-1] > self._long_ids)):
            run_options = self._shrink
        return self._session.run(output_names, input_feed, run_options)

    def __getattr__(self, name: str):
        return getattr(self._session, name)


def open_voice(onnx: Path, config: Path, memory_arena: str = "line_end") -> PiperVoice:
    """A Piper voice as PiperVoice.load makes it, with onnxruntime's CPU memory arena as chosen:
    "line_end" (the app's: given back after long sentences and at each line's end, see
    _ArenaGivenBackAfterLongSentences), "shrink_after_long" (after long sentences only), "keep"
    (PiperVoice.load's: it keeps the buffers of the longest sentence voiced) or "off" (none)."""
    import json

    import onnxruntime
    from piper import PiperVoice
    from piper.config import PiperConfig

    with open(config, encoding="utf-8") as fh:
        settings = PiperConfig.from_dict(json.load(fh))
    options = onnxruntime.SessionOptions()
    options.enable_cpu_mem_arena = memory_arena != "off"
    session = onnxruntime.InferenceSession(str(onnx), sess_options=options, providers=["CPUExecutionProvider"])
    if memory_arena in ("shrink_after_long", "line_end"):
        session = _ArenaGivenBackAfterLongSentences(session, onnxruntime, line_end=memory_arena == "line_end")
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
    memory_arena = "line_end"  # onnxruntime's CPU memory arena (open_voice); others only to measure

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
        sentences = speaking_chunks(text)
        line_ends = getattr(voice.session, "line_ends", None)
        for n, sentence in enumerate(sentences, 1):
            runs = voice.synthesize(sentence, syn_config=config)
            if n == len(sentences) and line_ends is not None:
                runs = line_ends(runs)  # the line's last sentence gives the arena back
            for chunk in runs:
                samples = shift_pitch(chunk.audio_float_array.astype(np.float32), style.pitch)
                yield AudioChunk(samples, chunk.sample_rate, text=sentence)
