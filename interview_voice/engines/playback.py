"""Replay of a recorded session: play, pause, seek and speed, on the sound card.

Both tracks are mixed once into one buffer on the session timeline. At 1x the
callback copies from it; at other speeds it plays audio time-stretched ahead of it
by engines/stretch.py, so a voice at 2x keeps its pitch.
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np

from interview_voice.engines.audio_file import read_wav_mono
from interview_voice.engines.base import AudioDeviceError
from interview_voice.engines.stretch import StretchFeed

RATE = 22_050


def mix_tracks(paths: list) -> np.ndarray:
    tracks = [read_wav_mono(p, RATE) for p in paths]
    if not tracks:
        return np.zeros(0, np.float32)
    mixed = np.zeros(max(t.size for t in tracks), np.float32)
    for track in tracks:
        mixed[: track.size] += track
    return np.clip(mixed, -1.0, 1.0)


class SessionPlayer:
    """Thread-safe: the sound card's callback reads, the GUI thread controls."""

    def __init__(self, samples: np.ndarray, device: int | str | None = None) -> None:
        self.samples = samples
        self.device = device
        self._position = 0.0  # in samples of the recording, fractional for speeds other than 1
        self._speed = 1.0
        self._lock = threading.Lock()
        self._stream: Any = None  # a sounddevice stream while playing
        self._stretch = StretchFeed(samples, RATE)

    @property
    def speed(self) -> float:
        return self._speed

    @speed.setter
    def speed(self, value: float) -> None:
        with self._lock:
            self._speed = float(value)
            if self._speed != 1.0:
                self._stretch.restart(int(self._position), self._speed)

    @property
    def duration(self) -> float:
        return self.samples.size / RATE

    @property
    def position(self) -> float:
        return self._position / RATE

    @property
    def playing(self) -> bool:
        return self._stream is not None and self._stream.active

    def seek(self, seconds: float) -> None:
        with self._lock:
            self._position = float(np.clip(seconds, 0.0, self.duration) * RATE)
            if self._speed != 1.0:
                self._stretch.restart(int(self._position), self._speed)

    def _callback(self, outdata, frames, time_info, status) -> None:
        import sounddevice as sd

        with self._lock:
            out = np.zeros(frames, np.float32)
            if self._speed == 1.0:
                first = int(self._position)
                block = self.samples[first : first + frames]
                ended = first + frames >= self.samples.size
            else:  # stretched ahead on another thread; until it catches up (after a seek), silence
                block = self._stretch.take(frames)
                ended = block.size < frames and self._stretch.done
            out[: block.size] = block
            # each stretched sample stands for `speed` samples of the recording
            self._position = min(self._position + block.size * self._speed, float(self.samples.size))
            outdata[:, 0] = out
            if ended:
                self._position = float(self.samples.size)
                raise sd.CallbackStop

    def play(self) -> None:
        from interview_voice.engines.audio_sd import no_device_message
        from interview_voice.engines.portaudio import default_device, sounddevice_module

        sd = sounddevice_module()
        if self.device is None and default_device("output") is None:
            raise AudioDeviceError(no_device_message("output"))
        self.pause()
        if self._position >= self.samples.size - 1:
            self.seek(0.0)
        try:
            self._stream = sd.OutputStream(
                samplerate=RATE, channels=1, dtype="float32", device=self.device, callback=self._callback
            )
            self._stream.start()
        except Exception as exc:
            self._stream = None
            raise AudioDeviceError(f"cannot play the recording: {exc}") from exc

    def pause(self) -> None:
        if self._stream is not None:
            try:
                self._stream.stop()
                self._stream.close()
            except Exception:
                pass
            self._stream = None

    def close(self) -> None:
        """Stop playing and the stretching thread (the player is not used again)."""
        self.pause()
        self._stretch.close()
