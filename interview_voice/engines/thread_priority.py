"""A higher CPU priority for the threads that feed and drain the sound card, where the system allows it.

Voice apps run their audio threads ahead of ordinary work: PulseAudio and PipeWire
clients get a real-time slot, browsers raise their audio threads. On a busy laptop a
thread that wakes a few milliseconds late leaves the speakers without a sample. Most
desktops give an ordinary user no real-time priority and no negative niceness (limits
`rtprio` and `nice`); then nothing changes and the larger buffers carry the load.
"""

from __future__ import annotations

import logging
import os
import sys
import threading

log = logging.getLogger(__name__)
REALTIME_PRIORITY = 5  # low among real-time threads: the sound server's own stay above it
NICENESS = -10


def raise_audio_thread() -> str:
    """Raise the calling thread's priority as far as allowed; what was obtained, for the log."""
    if sys.platform != "linux":
        return "unchanged (not Linux)"
    thread = threading.get_native_id()
    try:
        os.sched_setscheduler(thread, os.SCHED_RR, os.sched_param(REALTIME_PRIORITY))
        return f"real-time (round robin, priority {REALTIME_PRIORITY})"
    except (OSError, AttributeError):
        pass
    try:
        os.setpriority(os.PRIO_PROCESS, thread, NICENESS)
        return f"niceness {NICENESS}"
    except OSError:
        return "unchanged (the system allows no higher priority)"
