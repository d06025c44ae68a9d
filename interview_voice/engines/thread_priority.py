"""A higher CPU priority for the threads that feed and drain the sound card, where the system allows it.

Voice apps run their audio threads ahead of ordinary work: PulseAudio and PipeWire
clients get a real-time slot, browsers raise their audio threads. On a busy laptop a
thread that wakes a few milliseconds late leaves the speakers without a sample. Most
desktops give an ordinary user no real-time priority and no negative niceness (limits
`rtprio` and `nice`); then nothing changes and the larger buffers carry the load.

The callback thread is not the only one: on PulseAudio (and PipeWire's PulseAudio layer),
ALSA's pulse plugin hands the samples to the sound server from a thread of its own in our
process, libpulse's "threaded-ml". Left at ordinary priority it starved on a busy machine
while the callback ran ahead: one underrun in the middle of a sentence per session, at load
16-20 on 2 cores (benchmarks/audio_under_load.py). Those threads are raised with it.
"""

from __future__ import annotations

import logging
import os
import sys
import threading

log = logging.getLogger(__name__)
REALTIME_PRIORITY = 5  # low among real-time threads: the sound server's own stay above it
NICENESS = -10


SOUND_CLIENT_THREADS = ("threaded-ml",)  # libpulse's client thread (the ALSA pulse plugin runs one per stream)


def raise_audio_thread() -> str:
    """Raise the calling thread's priority as far as allowed, and the sound client's threads in this
    process; what was obtained, for the log."""
    if sys.platform != "linux":
        return "unchanged (not Linux)"
    obtained = _raise(threading.get_native_id())
    clients = [_raise(tid) for tid in sound_client_threads()]
    if clients:
        obtained += f"; {len(clients)} sound client thread(s): {clients[0]}"
    return obtained


def sound_client_threads() -> list[int]:
    """This process's threads that carry sound to the sound server (Linux: their names in /proc)."""
    found = []
    try:
        tasks = os.listdir("/proc/self/task")
    except OSError:
        return []
    for task in tasks:
        try:
            with open(f"/proc/self/task/{task}/comm") as fh:
                name = fh.read().strip()
        except OSError:  # the thread ended meanwhile
            continue
        if name in SOUND_CLIENT_THREADS:
            found.append(int(task))
    return found


def _raise(thread: int) -> str:
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
