"""Session time as heard: wall time, plus the audio that file-backed devices skip through."""

from __future__ import annotations

import threading
import time


class SessionClock:
    """Milliseconds since the session started. A file is read (or written) faster than it would
    play; the time it would have taken is added, so turn timings read as they would live."""

    def __init__(self) -> None:
        self._t0 = 0.0
        self._skew_s = 0.0
        self._lock = threading.Lock()  # the acknowledgement's player and the runner both add audio

    def start(self) -> None:
        self._t0 = time.monotonic()

    @property
    def started(self) -> bool:
        return self._t0 != 0.0

    def now_ms(self) -> float:
        return (time.monotonic() - self._t0 + self._skew_s) * 1000.0

    def audio_took(self, audio_s: float, wall_s: float, realtime: bool) -> None:
        """audio_s of sound went through a device in wall_s: sound cards take real time, files do not."""
        if not realtime and audio_s > wall_s:
            with self._lock:
                self._skew_s += audio_s - wall_s
