"""Audio tracks written as they are recorded, so a crash loses at most about a second.

Each track is a 16-bit mono WAV on the session timeline: silence fills the
gaps, so the candidate and interviewer tracks play together as heard. The
header's sizes are placeholders until the track is closed; after a crash,
`repair_wav` rewrites them from the file's length.
"""

from __future__ import annotations

import logging
import os
import struct
import threading
import time
from pathlib import Path

import numpy as np

from interview_voice.core.audio import resample

log = logging.getLogger(__name__)
TRACK_RATES = {"candidate": 16_000, "interviewer": 22_050}  # each session's tracks and their sample rates
HEADER_BYTES = 44
SYNC_EVERY_S = 0.5  # fsync at most this much audio (or wall time) apart


def _header(rate: int, data_bytes: int) -> bytes:
    return (
        b"RIFF"
        + struct.pack("<I", 36 + data_bytes)
        + b"WAVE"
        + b"fmt "
        + struct.pack("<IHHIIHH", 16, 1, 1, rate, rate * 2, 2, 16)
        + b"data"
        + struct.pack("<I", data_bytes)
    )


class TrackWriter:
    def __init__(self, path: Path, rate: int) -> None:
        self.path = path
        self.rate = rate
        self._lock = threading.Lock()
        self._frames = 0
        self._unsynced = 0
        self._last_sync = time.monotonic()
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        self._file = os.fdopen(fd, "wb")
        self._file.write(_header(rate, 0))
        self._sync()

    @property
    def seconds(self) -> float:
        return self._frames / self.rate

    def write_at(self, at_s: float, samples: np.ndarray, sample_rate: int | None = None) -> int:
        """Place samples at at_s on the session timeline (or right after what is written, if later);
        returns the frame they start at."""
        if sample_rate and sample_rate != self.rate:
            samples = resample(samples, sample_rate, self.rate)
        pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2")
        with self._lock:
            gap = int(at_s * self.rate) - self._frames
            if gap > 0:
                self._file.write(np.zeros(gap, "<i2").tobytes())
                self._frames += gap
            first = self._frames
            self._file.write(pcm.tobytes())
            self._frames += pcm.size
            self._unsynced += gap + pcm.size if gap > 0 else pcm.size
            if self._unsynced >= SYNC_EVERY_S * self.rate or time.monotonic() - self._last_sync > SYNC_EVERY_S:
                self._sync()
        return first

    def read(self, first: int, count: int) -> np.ndarray:
        """`count` frames written from frame `first` on, read back from the file (any thread)."""
        with self._lock:
            if not self._file.closed:
                try:
                    self._file.flush()  # what is still in the buffer is read too
                except OSError as exc:  # a full disk: what reached the file is still read back
                    log.warning(
                        "reading %s back without its last buffered audio: %s", self.path.name, exc.strerror or exc
                    )
        return read_frames(self.path, first, count)

    def _sync(self) -> None:
        self._file.flush()
        os.fsync(self._file.fileno())
        self._unsynced = 0
        self._last_sync = time.monotonic()

    def flush(self) -> None:
        """Everything written so far onto the disk (from any thread: the process is about to leave)."""
        with self._lock:
            if not self._file.closed:
                self._sync()

    def close(self) -> None:
        with self._lock:
            if self._file.closed:
                return
            self._file.seek(0)
            self._file.write(_header(self.rate, self._frames * 2))
            self._sync()
            self._file.close()


def repair_wav(path: Path) -> float:
    """Fix the header of a track cut off by a crash; return its length in seconds."""
    size = path.stat().st_size
    with path.open("r+b") as fh:
        head = fh.read(HEADER_BYTES)
        if len(head) < HEADER_BYTES or head[:4] != b"RIFF":
            raise ValueError(f"{path} is not a track this app wrote")
        rate = struct.unpack("<I", head[24:28])[0]
        data = (size - HEADER_BYTES) // 2 * 2
        fh.truncate(HEADER_BYTES + data)  # drop half a sample, if the crash left one
        fh.seek(0)
        fh.write(_header(rate, data))
    return data / 2 / rate


def _track_rate(fh, path: Path) -> int:
    head = fh.read(HEADER_BYTES)
    if len(head) < HEADER_BYTES or head[:4] != b"RIFF":
        raise ValueError(f"{path} is not a track this app wrote")
    return struct.unpack("<I", head[24:28])[0]


def _frames_at(fh, first: int, count: int) -> np.ndarray:
    fh.seek(HEADER_BYTES + 2 * first)
    data = fh.read(2 * max(0, count))
    return np.frombuffer(data[: len(data) // 2 * 2], dtype="<i2").astype(np.float32) / 32768.0


def read_span(path: Path, start_s: float, end_s: float) -> np.ndarray:
    """The samples of a track this app wrote between start_s and end_s, as float32 in [-1, 1]."""
    with path.open("rb") as fh:
        rate = _track_rate(fh, path)
        first = max(0, int(start_s * rate))
        return _frames_at(fh, first, int(end_s * rate) - first)


def read_frames(path: Path, first: int, count: int) -> np.ndarray:
    """`count` samples of a track this app wrote from sample `first` on (fewer where it ends)."""
    with path.open("rb") as fh:
        _track_rate(fh, path)
        return _frames_at(fh, max(0, first), count)
