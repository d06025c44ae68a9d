"""Speech to text with faster-whisper, loaded only from a local folder."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from interview_voice.core.types import Segment, Word
from interview_voice.engines.base import ModelLoadError

log = logging.getLogger(__name__)

# Whisper drops most "um/uh" unless its context already contains some; a prompt
# with fillers keeps them so that feedback can count them (measured: recall
# 0.23 -> ~0.82).
FILLER_PROMPT = "Um, so, uh, I think, hmm, we, erm, tried that."


class WhisperSpeechToText:
    def __init__(self, model_dir: Path, *, threads: int | None = None, beam_size: int = 1,
                 compute_type: str = "int8", language: str | None = "en") -> None:
        from faster_whisper import WhisperModel  # heavy import, only when used

        if not (model_dir / "model.bin").exists():
            raise ModelLoadError(f"no Whisper model in {model_dir}: run `interview-voice models install`")
        try:
            self._model = WhisperModel(str(model_dir), device="cpu", compute_type=compute_type,
                                       cpu_threads=threads or os.cpu_count() or 2,
                                       local_files_only=True)
        except Exception as exc:  # ctranslate2 raises RuntimeError/ValueError on bad files
            raise ModelLoadError(f"the Whisper model in {model_dir} does not load ({exc}); "
                                 "reinstall it with `interview-voice models install --force`") from exc
        self.name = model_dir.name
        self._beam_size = beam_size
        self._language = language if not model_dir.name.endswith(".en") else "en"

    def transcribe(self, pcm16k: np.ndarray, prompt: str = "", quick: bool = False) -> Iterator[Segment]:
        """quick: no temperature fallback (live partial passes: a retry would only delay
        the final pass, which comes soon after)."""
        if pcm16k.size == 0:
            return
        segments, _info = self._model.transcribe(
            np.ascontiguousarray(pcm16k, dtype=np.float32),
            language=self._language,
            beam_size=self._beam_size,
            word_timestamps=True,
            vad_filter=True,  # no hallucinated text on silence
            condition_on_previous_text=False,
            # Each fallback temperature is a whole new decode: on 2 cores, at most one retry.
            temperature=[0.0] if quick else [0.0, 0.4],
            initial_prompt=(prompt + " " + FILLER_PROMPT).strip(),
        )
        for seg in segments:
            words = tuple(Word(w.word.strip(), float(w.start), float(w.end), float(w.probability))
                          for w in (seg.words or ()))
            yield Segment(seg.text.strip(), float(seg.start), float(seg.end), words)
