"""File-backed audio: WAV files play the candidate, a WAV records the interviewer.

Used by the headless runner and tests. Each `start()` opens the next answer
file; after it ends the "microphone" returns silence, as a quiet room would.
With realtime=True reads and plays are paced like a sound card.
"""

from __future__ import annotations

import logging
import struct
import threading
import time
import wave
from pathlib import Path
from typing import BinaryIO

import numpy as np

from interview_voice.core.audio import resample
from interview_voice.core.types import SAMPLE_RATE_STT, AudioChunk
from interview_voice.engines.base import AudioDeviceError

log = logging.getLogger(__name__)
BLOCK = 512


_PCM, _FLOAT, _EXTENSIBLE = 1, 3, 0xFFFE


def _wav_chunks(data: bytes, path: Path) -> tuple[bytes, bytes]:
    """The fmt and data chunks of a RIFF/WAVE file."""
    if len(data) == 0:
        raise AudioDeviceError(f"{path} is empty (0 bytes): record or export it again")
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise AudioDeviceError(f"{path} is not a readable WAV file (it does not start with a RIFF/WAVE header)")
    fmt = body = None
    offset = 12
    while offset + 8 <= len(data):
        chunk_id, size = data[offset : offset + 4], struct.unpack("<I", data[offset + 4 : offset + 8])[0]
        content = data[offset + 8 : offset + 8 + size]
        if chunk_id == b"fmt ":
            fmt = content
        elif chunk_id == b"data":
            body = content  # a recording cut off early keeps what was written
        offset += 8 + size + (size & 1)
    if fmt is None or len(fmt) < 16:
        raise AudioDeviceError(f"{path} has no format chunk: it is damaged")
    if body is None:
        raise AudioDeviceError(f"{path} has no audio data chunk: it is damaged or empty")
    return fmt, body


def read_wav_mono(path: Path, target_rate: int = SAMPLE_RATE_STT) -> np.ndarray:
    """A WAV file as float32 mono at target_rate: PCM 8/16/24/32-bit or 32/64-bit float, any channels."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise AudioDeviceError(f"cannot read {path}: {exc.strerror or exc}") from exc
    fmt, body = _wav_chunks(data, path)
    tag, channels, rate, _, _, bits = struct.unpack("<HHIIHH", fmt[:16])
    if tag == _EXTENSIBLE and len(fmt) >= 26:
        tag = struct.unpack("<H", fmt[24:26])[0]  # the sub-format GUID starts with the plain format tag
    width = bits // 8
    if channels < 1 or rate < 1 or width < 1:
        raise AudioDeviceError(f"{path}: its header says {channels} channels at {rate} Hz, {bits}-bit: damaged")
    body = body[: len(body) // (width * channels) * width * channels]
    if tag == _PCM and width == 1:
        samples = (np.frombuffer(body, dtype=np.uint8).astype(np.float32) - 128.0) / 128.0
    elif tag == _PCM and width == 2:
        samples = np.frombuffer(body, dtype="<i2").astype(np.float32) / 32768.0
    elif tag == _PCM and width == 3:
        raw = np.frombuffer(body, dtype=np.uint8).reshape(-1, 3).astype(np.int32)
        value = raw[:, 0] | (raw[:, 1] << 8) | (raw[:, 2] << 16)
        samples = (np.where(value >= 1 << 23, value - (1 << 24), value) / float(1 << 23)).astype(np.float32)
    elif tag == _PCM and width == 4:
        samples = np.frombuffer(body, dtype="<i4").astype(np.float32) / 2147483648.0
    elif tag == _FLOAT and width in (4, 8):
        samples = np.nan_to_num(np.frombuffer(body, dtype="<f4" if width == 4 else "<f8")).astype(np.float32)
    else:
        kind = {_PCM: "PCM", _FLOAT: "float"}.get(tag, f"format {tag}")
        raise AudioDeviceError(f"{path}: {bits}-bit {kind} audio is not supported; save it as 16-bit PCM WAV")
    if channels > 1:
        samples = samples.reshape(-1, channels).mean(axis=1)
    return resample(samples, rate, target_rate)


def read_wav_span(path: Path, start_s: float, end_s: float, target_rate: int = SAMPLE_RATE_STT) -> np.ndarray:
    """read_wav_mono(path)[start:end] (times in seconds), reading only that part when the file is
    16-bit mono at target_rate, as the session's candidate track is: a long session's track is never
    held whole for one answer."""
    first, end = int(start_s * target_rate), int(end_s * target_rate)
    try:
        with wave.open(str(path), "rb") as wav:
            plain = wav.getnchannels() == 1 and wav.getsampwidth() == 2 and wav.getframerate() == target_rate
            if plain:
                frames = wav.getnframes()
                wav.setpos(min(max(0, first), frames))
                data = wav.readframes(max(0, min(end, frames) - max(0, first)))
                return np.frombuffer(data, dtype="<i2").astype(np.float32) / 32768.0
    except (wave.Error, EOFError):
        pass  # another layout: read whole
    except OSError as exc:
        raise AudioDeviceError(f"cannot read {path}: {exc.strerror or exc}") from exc
    return read_wav_mono(path, target_rate)[max(0, first) : end]


def write_wav(path: Path, samples: np.ndarray, rate: int) -> None:
    pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(pcm.tobytes())


class FileAudioInput:
    sample_rate = SAMPLE_RATE_STT
    continuous = False  # each answer is a file of its own: start() opens the next one
    realtime: bool

    def __init__(self, answers: list[np.ndarray], *, realtime: bool = False) -> None:
        self._answers = [a.astype(np.float32) for a in answers]
        self._turn = -1
        self._pos = 0
        self.realtime = realtime
        self._next_due = 0.0

    @classmethod
    def from_files(cls, answers: list[Path], *, realtime: bool = False) -> "FileAudioInput":
        return cls([read_wav_mono(p) for p in answers], realtime=realtime)

    def start(self) -> None:
        self._turn += 1
        self._pos = 0
        self._next_due = time.monotonic()

    def read(self, timeout: float) -> np.ndarray | None:
        if self.realtime:
            delay = self._next_due - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            self._next_due += BLOCK / self.sample_rate
        current = self._answers[self._turn] if 0 <= self._turn < len(self._answers) else np.zeros(0, np.float32)
        block = current[self._pos : self._pos + BLOCK]
        self._pos += BLOCK
        if block.size < BLOCK:  # past the end of the answer: room silence
            block = np.concatenate([block, np.zeros(BLOCK - block.size, np.float32)])
        return block

    def stop(self) -> None:
        pass


class WavStream:
    """A 16-bit mono WAV written as the samples come, none held in memory; the header is right
    after every write (the wave module patches it), so a stopped process leaves a readable file."""

    def __init__(self, path: Path, rate: int) -> None:
        self.path, self.rate = path, rate
        self._file: BinaryIO | None = None
        self._wav: wave.Wave_write | None = None

    def write(self, samples: np.ndarray) -> None:
        if self._wav is None:
            self._file = open(self.path, "wb")  # opened here: wave.open leaves a half-made writer on an error
            self._wav = wave.open(self._file, "wb")
            self._wav.setnchannels(1)
            self._wav.setsampwidth(2)
            self._wav.setframerate(self.rate)
        self._wav.writeframes((np.clip(samples, -1.0, 1.0) * 32767).astype("<i2").tobytes())

    def close(self) -> None:
        if self._wav is not None:
            self._wav.close()
            self._wav = None
        if self._file is not None:
            self._file.close()
            self._file = None

    def discard(self) -> None:
        """Give up the file part way (a full disk): removed, so its space goes to what is written next."""
        try:
            self.close()
        except OSError:
            pass
        self._wav = self._file = None
        self.path.unlink(missing_ok=True)


class FileAudioOutput:
    """Everything played on one timeline, written to a WAV as it plays (path None: only counted)."""

    audible = False  # no room: the microphone never hears it
    realtime: bool

    def __init__(self, path: Path | None, sample_rate: int = 22_050, *, realtime: bool = False) -> None:
        self._rate = sample_rate
        self.realtime = realtime
        self._out = WavStream(path, sample_rate) if path is not None else None
        self._lock = threading.Lock()  # the runner and the acknowledgement's player both play
        self._error: OSError | None = None
        self.played_samples = 0

    def play(self, chunk: AudioChunk, cancel: threading.Event | None = None) -> float:
        samples = resample(chunk.samples, chunk.sample_rate, self._rate)
        played = samples.size
        if self.realtime:
            step = self._rate // 50  # 20 ms
            started = time.monotonic()
            for offset in range(0, samples.size, step):
                if cancel is not None and cancel.is_set():
                    played = offset
                    break
                delay = started + offset / self._rate - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
        self._keep(samples[:played])
        return played / self._rate

    def _keep(self, samples: np.ndarray) -> None:
        with self._lock:
            self.played_samples += samples.size
            if self._out is None or self._error is not None:
                return
            try:
                self._out.write(samples)
            except OSError as exc:  # the interview goes on (the session's own recording keeps the voice);
                log.error("could not write %s: %s", self._out.path, exc)  # the room goes to the report
                self._error = exc
                self._out.discard()

    def close(self) -> None:
        """Finish the file; raises the OSError that stopped writing it, if one did."""
        with self._lock:
            if self._out is not None:
                self._out.close()
            if self._error is not None:
                raise self._error
