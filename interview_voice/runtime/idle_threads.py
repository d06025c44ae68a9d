"""Idle native worker threads sleep instead of spinning.

llama.cpp (this build) and the speech model run their parallel work on OpenMP thread pools,
whose idle threads spin for a while before they sleep, waiting for the next piece of work. On a
2-core laptop those spinning threads take the cores from everything else: from the other
library's threads, from the interviewer's voice, and from the model's own second thread, which
then waits at every step. Measured with the interviewer model generating on 2 cores while other
programs kept the machine busy: 0.1-0.2 tokens a second spinning, 2.2-6.1 passive
(benchmarks/idle_threads.py prints the same comparison, quiet and busy).
"""

from __future__ import annotations

import logging
import os

log = logging.getLogger(__name__)
POLICY = "OMP_WAIT_POLICY"


def let_idle_threads_sleep() -> bool:
    """Before any model library loads (the pools read it once): idle OpenMP threads sleep. A value
    the user set is left to rule. True when it was set here."""
    if os.environ.get(POLICY):
        return False
    os.environ[POLICY] = "PASSIVE"
    log.debug("%s=PASSIVE: idle model threads sleep rather than spin", POLICY)
    return True
