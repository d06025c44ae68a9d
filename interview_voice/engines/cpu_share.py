"""How many cores the interviewer model can have right now, given what other programs use.

llama.cpp's worker threads meet at a barrier after every step of every token and wait
for each other there by spinning. When another program takes one of the cores, the
thread on that core is descheduled and the others spin until it comes back, so a model
told to use every core slows down sharply. benchmarks/llm_threads.py, Qwen 1.5B on 2 cores:
quiet, 13.9 tokens/s on two threads against 7.6 on one; with a busy process on one core,
4.4 on two against 7.4 on one (and 0.2 against 2.0 with several busy processes). With one
core left free for the rest of the machine it keeps going. The watcher samples /proc/stat
in the background and says how many threads to use now; where /proc is missing it always
answers with every core.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from pathlib import Path

from interview_voice.threads import start_thread

log = logging.getLogger(__name__)

SAMPLE_S = 0.5  # how often the load is sampled
BUSY_ELSEWHERE = 0.35  # cores used by other programs above which the model leaves one core free
QUIET_ELSEWHERE = 0.15  # ... and below which it takes every core again (no flapping between the two)


def _clock_ticks() -> float:
    try:
        return float(os.sysconf("SC_CLK_TCK"))
    except (ValueError, OSError, AttributeError):
        return 100.0


def machine_busy_ticks(stat: str) -> int | None:
    """Busy jiffies of the whole machine from /proc/stat's first line (all but idle and iowait)."""
    for line in stat.splitlines():
        if line.startswith("cpu "):
            fields = [int(v) for v in line.split()[1:]]
            idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
            # guest time is already counted in user and nice
            return sum(fields[:8]) - idle
    return None


def process_busy_ticks(stat: str) -> int | None:
    """utime + stime of one process from its /proc/<pid>/stat line (the name may hold spaces)."""
    try:
        rest = stat.rsplit(")", 1)[1].split()
        return int(rest[11]) + int(rest[12])
    except (IndexError, ValueError):
        return None


class CpuShare:
    """Samples the load other programs put on the machine; `threads()` is cheap to call."""

    def __init__(self, cores: int | None = None, *, proc: Path = Path("/proc"), sample_s: float = SAMPLE_S) -> None:
        self.cores = cores or os.cpu_count() or 2
        self._proc = proc
        self._sample_s = sample_s
        self._tick_s = 1.0 / _clock_ticks()
        self._elsewhere = 0.0  # cores used by other programs over the last sample
        self._crowded = False
        self._stop = threading.Event()
        self._last = self._sample()
        self._thread: threading.Thread | None = None
        if self._last is not None and self.cores > 1:
            self._thread = start_thread("cpu-share", self._run, native=False)

    def _sample(self) -> tuple[float, int, int] | None:
        try:
            machine = machine_busy_ticks((self._proc / "stat").read_text())
            own = process_busy_ticks((self._proc / "self" / "stat").read_text())
        except OSError:
            return None
        if machine is None or own is None:
            return None
        return time.monotonic(), machine, own

    def _run(self) -> None:
        while not self._stop.wait(self._sample_s):
            now = self._sample()
            if now is None or self._last is None:
                continue
            self.update(now[0] - self._last[0], now[1] - self._last[1], now[2] - self._last[2])
            self._last = now

    def update(self, seconds: float, machine_ticks: int, own_ticks: int) -> None:
        """Take one sample: busy ticks of the whole machine and of this process over `seconds`."""
        if seconds <= 0:
            return
        self._elsewhere = max(0.0, (machine_ticks - own_ticks) * self._tick_s / seconds)
        if not self._crowded and self._elsewhere > BUSY_ELSEWHERE:
            self._crowded = True
            log.info("other programs use %.1f cores: the interviewer model leaves one core free", self._elsewhere)
        elif self._crowded and self._elsewhere < QUIET_ELSEWHERE:
            self._crowded = False
            log.info("the machine is quiet again: the interviewer model uses all %d cores", self.cores)

    @property
    def elsewhere(self) -> float:
        return self._elsewhere

    def threads(self) -> int:
        """Every core on a quiet machine; one fewer while other programs keep a core busy."""
        return max(1, self.cores - 1) if self._crowded else self.cores

    def close(self) -> None:
        self._stop.set()
