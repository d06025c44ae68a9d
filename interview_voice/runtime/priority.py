"""CPU priority for work that can wait.

On 2 cores the conversation (live transcription, the follow-up, the voice) and
the window share the CPU with work that only improves what is kept:
transcribing answers again with the accurate model. That thread runs at a lower
priority, so it takes only what the rest leaves. The model libraries start their
worker threads from the calling thread, which pass the priority on to them.

Work that holds something the conversation will wait for must not run lower: the
interviewer model's read-ahead holds the model, and at a lower priority on a busy
laptop it was starved while the follow-up waited behind it (runtime/reading_ahead.py).
An ordinary user may lower a thread's priority but not raise it again, so the
waiter cannot lend it its own.
"""

from __future__ import annotations

import logging
import os
import sys
import threading

log = logging.getLogger(__name__)
BACKGROUND_NICENESS = 10
MAX_NICENESS = 19


def background_niceness(current: int) -> int:
    """BACKGROUND_NICENESS steps below the current priority, as far as the system allows."""
    return min(MAX_NICENESS, current + BACKGROUND_NICENESS)


def run_in_background() -> None:
    """Lower the calling thread's priority (Linux: niceness is per thread). Elsewhere a no-op."""
    if sys.platform != "linux":
        return
    thread = threading.get_native_id()
    try:
        # relative to the thread's own: under `nice` the conversation must still come first
        os.setpriority(os.PRIO_PROCESS, thread, background_niceness(os.getpriority(os.PRIO_PROCESS, thread)))
    except OSError as exc:
        log.debug("could not lower the priority of %s: %s", threading.current_thread().name, exc)
