"""Idle native worker threads spin only briefly, then sleep.

llama.cpp (this build) and the speech model run their parallel work on OpenMP (libgomp) thread
pools. Between two pieces of work an idle thread spins, then sleeps. The library default spins
about 3 ms: on a 2-core laptop those spinning threads take the cores from everything else (the
other library's threads, the interviewer's voice). Sleeping at once (OMP_WAIT_POLICY=PASSIVE, what
the app set before) costs the model a sleep and a wake-up at every step of every token: its second
thread then gained nothing (quiet, 17.5 tokens a second on 2 threads, 18.1 on 1). Spinning
SPIN_COUNT rounds (a few tens of microseconds, the gap between two steps of a token) before
sleeping keeps both: benchmarks/idle_threads.py, default model, 2 threads, one run, median of 6:

    quiet:                              sleeping at once 17.5 tokens/s, brief spin 26.4, library default 27.0
    one core busy, Whisper beside it:   sleeping at once  8.0 tokens/s, brief spin 12.3, library default 7.6
"""

from __future__ import annotations

import logging
import os

log = logging.getLogger(__name__)
POLICY = "OMP_WAIT_POLICY"
SPIN = "GOMP_SPINCOUNT"
SPIN_COUNT = 3000  # libgomp's rounds: about 100,000 a millisecond, so some 30 microseconds


def let_idle_threads_sleep() -> bool:
    """Before any model library loads (the pools read it once): idle OpenMP threads spin briefly,
    then sleep. A policy or spin count the user set is left to rule. True when it was set here."""
    if os.environ.get(POLICY) or os.environ.get(SPIN):
        return False
    os.environ[SPIN] = str(SPIN_COUNT)
    log.debug("%s=%d: idle model threads spin briefly, then sleep", SPIN, SPIN_COUNT)
    return True
