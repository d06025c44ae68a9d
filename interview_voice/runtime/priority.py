"""CPU priority for work that can wait.

On 2 cores the conversation (live transcription, the follow-up, the voice) and
the window share the CPU with work that only saves time later: reading the
next prompt ahead and transcribing answers again with the accurate model.
Those threads run at a lower priority, so they take only what the rest leaves.
The model libraries start their worker threads from the calling thread, which
pass the priority on to them.
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
