"""Each answer's speech-to-noise ratio, from the voice activity detector's speech and background frames
(core/feedback/audio_quality.py says what it means and where it stops a figure)."""

from __future__ import annotations

import logging
from collections.abc import Callable

import numpy as np

from interview_voice.core.feedback.audio_quality import speech_to_noise_db
from interview_voice.engines.base import ModelLoadError

log = logging.getLogger(__name__)


def measure_snr(audio: np.ndarray, vad) -> float | None:
    """The ratio of one answer's audio (16 kHz); vad: a fresh or reset SileroVoiceActivity."""
    size = vad.frame_samples
    n = audio.size // size
    if not n:
        return None
    vad.reset()
    frames = np.asarray(audio[: n * size], np.float32).reshape(n, size)
    probability = [vad.speech_probability(frame) for frame in frames]
    return speech_to_noise_db(np.mean(np.square(frames, dtype=np.float64), axis=1), probability)


class SnrMeter:
    """Wraps an answer's audio reader (as fillers_by_turn takes it): each answer read also gets its ratio,
    so the recording is read once. snr: {turn index: dB}; an answer it could not measure is left out
    (its figures are shown as usual)."""

    def __init__(self, audio_of: Callable[[object], np.ndarray | None], vad_factory: Callable[[], object]) -> None:
        self.audio_of = audio_of
        self._vad_factory = vad_factory
        self._vad: object | None = None
        self._failed = False
        self.snr: dict[int, float] = {}

    def __call__(self, turn) -> np.ndarray | None:
        audio = self.audio_of(turn)
        if audio is not None and audio.size and not self._failed:
            try:
                if self._vad is None:
                    self._vad = self._vad_factory()
                snr = measure_snr(audio, self._vad)
            except (ModelLoadError, OSError, RuntimeError, ValueError) as exc:
                self._failed = True  # no ratio at all: every answer is judged as before
                log.warning("no speech-to-noise ratio for the answers: %s", exc)
            else:
                if snr is not None:
                    self.snr[turn.index] = snr
                    log.debug("answer %d: speech-to-noise %.1f dB", turn.index, snr)
        return audio


def silero_vad():
    from interview_voice.engines.vad_silero import SileroVoiceActivity

    return SileroVoiceActivity()
