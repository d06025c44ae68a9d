"""Microphone and speakers through sounddevice (PortAudio)."""

from __future__ import annotations

import logging
import queue
import threading
from dataclasses import dataclass

import numpy as np

from interview_voice.core.types import SAMPLE_RATE_STT, AudioChunk
from interview_voice.engines.base import AudioDeviceError

log = logging.getLogger(__name__)
BLOCK = 512


def _sounddevice():
    try:
        import sounddevice
    except OSError as exc:  # "PortAudio library not found"
        raise AudioDeviceError(
            "the PortAudio library is missing, so no sound device can be used: "
            "install it with `sudo apt-get install libportaudio2`") from exc
    return sounddevice


@dataclass(frozen=True)
class DeviceInfo:
    index: int
    name: str
    inputs: int
    outputs: int
    default_rate: float


def list_devices() -> list[DeviceInfo]:
    sd = _sounddevice()
    try:
        devices = sd.query_devices()
    except Exception as exc:
        raise AudioDeviceError(f"cannot list sound devices: {exc}") from exc
    return [DeviceInfo(i, d["name"], d["max_input_channels"], d["max_output_channels"], d["default_samplerate"])
            for i, d in enumerate(devices)]


def default_device(kind: str) -> DeviceInfo | None:
    """The default input or output device, or None when there is none."""
    sd = _sounddevice()
    try:
        info = sd.query_devices(kind=kind)
    except Exception:
        return None
    channels = info["max_input_channels"] if kind == "input" else info["max_output_channels"]
    if channels < 1:
        return None
    return DeviceInfo(info["index"], info["name"], info["max_input_channels"], info["max_output_channels"],
                      info["default_samplerate"])


def no_device_message(kind: str) -> str:
    what = "microphone" if kind == "input" else "speaker or headphones"
    return (f"No {what} was found. Plug one in (or enable it in the system sound settings) and try again; "
            "`interview-voice doctor` lists the devices this computer offers.")


class SoundDeviceInput:
    sample_rate = SAMPLE_RATE_STT
    realtime = True

    def __init__(self, device: int | str | None = None) -> None:
        self._device = device
        self._queue: queue.Queue[np.ndarray] = queue.Queue()
        self._stream = None
        self._error: str | None = None

    def _callback(self, indata, frames, time_info, status) -> None:
        # Runs on PortAudio's thread: copy and hand over, nothing else.
        self._queue.put(indata[:, 0].copy())

    def _finished(self) -> None:
        self._error = "the microphone stopped delivering audio (was it unplugged?)"

    def start(self) -> None:
        sd = _sounddevice()
        if self._device is None and default_device("input") is None:
            raise AudioDeviceError(no_device_message("input"))
        try:
            self._stream = sd.InputStream(samplerate=self.sample_rate, channels=1, dtype="float32",
                                          blocksize=BLOCK, device=self._device, callback=self._callback,
                                          finished_callback=self._finished)
            self._stream.start()
        except Exception as exc:
            self._stream = None
            raise AudioDeviceError(f"cannot open the microphone: {exc}. {no_device_message('input')}") from exc
        self._error = None

    def read(self, timeout: float) -> np.ndarray | None:
        try:
            return self._queue.get(timeout=timeout)
        except queue.Empty:
            if self._error or (self._stream is not None and not self._stream.active):
                raise AudioDeviceError(self._error or "the microphone stopped delivering audio") from None
            return None

    def stop(self) -> None:
        if self._stream is not None:
            try:
                self._stream.stop()
                self._stream.close()
            except Exception as exc:  # a vanished device may refuse to close
                log.warning("closing the microphone: %s", exc)
            self._stream = None
        while not self._queue.empty():
            self._queue.get_nowait()


class SoundDeviceOutput:
    realtime = True

    def __init__(self, device: int | str | None = None) -> None:
        self._device = device

    def play(self, chunk: AudioChunk, cancel: threading.Event | None = None) -> float:
        sd = _sounddevice()
        if self._device is None and default_device("output") is None:
            raise AudioDeviceError(no_device_message("output"))
        samples = chunk.samples.astype(np.float32)
        position = 0
        done = threading.Event()

        def callback(outdata, frames, time_info, status) -> None:
            nonlocal position
            if cancel is not None and cancel.is_set():
                outdata.fill(0)
                raise sd.CallbackStop
            piece = samples[position:position + frames]
            outdata[:len(piece), 0] = piece
            outdata[len(piece):, 0] = 0
            position += len(piece)
            if len(piece) < frames:
                raise sd.CallbackStop

        try:
            # Low latency, and abort rather than stop on cancel: a barge-in must silence the
            # interviewer at once, not after the sound card's buffer has played out.
            with sd.OutputStream(samplerate=chunk.sample_rate, channels=1, dtype="float32", device=self._device,
                                 callback=callback, finished_callback=done.set, latency="low") as stream:
                while not done.wait(0.01):
                    if cancel is not None and cancel.is_set():
                        stream.abort()
                        break
        except Exception as exc:
            raise AudioDeviceError(f"cannot play sound: {exc}. {no_device_message('output')}") from exc
        return position / chunk.sample_rate

    def close(self) -> None:
        pass
