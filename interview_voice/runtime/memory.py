"""Keeping the C heap from growing over a long interview (glibc only; elsewhere nothing is done).

glibc gives threads that allocate at once arenas of their own (up to eight per core) and keeps
what is freed in them for reuse: with the speech, voice and interviewer models each allocating
on worker threads that come and go with the turns, a 45-minute interview grew by about 10 MB a
turn, most of it freed memory never returned (issue 26). Two arenas keep it about 190 MB lower
all interview long (default models, 10 minutes: 1,970 MB against 2,150 after the first minute).
A trim of the heap between turns (give_back) returned 70-100 MB each time for 7-12 ms of CPU, but
the next turn took it again: beside two arenas alone it changed neither the level (1,940 MB
against 1,939) nor the peak, so the session no longer calls it; the benchmarks do.
"""

from __future__ import annotations

import ctypes
import logging
import os
import sys

log = logging.getLogger(__name__)
M_ARENA_MAX = -8  # mallopt's parameter number (glibc's malloc.h)
ARENAS = 2


def _libc():
    """glibc, or None (another C library, another system)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return None
    return libc if hasattr(libc, "mallopt") and hasattr(libc, "malloc_trim") else None


def limit_arenas(arenas: int = ARENAS) -> bool:
    """At most `arenas` malloc arenas: call before threads start. MALLOC_ARENA_MAX, when set, is left
    to rule. True when the limit was set."""
    if os.environ.get("MALLOC_ARENA_MAX"):
        return False
    libc = _libc()
    if libc is None:
        return False
    done = bool(libc.mallopt(M_ARENA_MAX, arenas))
    log.debug("malloc arenas limited to %d: %s", arenas, done)
    return done


def give_back() -> None:
    """Return the heap's free memory to the system (malloc_trim): 7-12 ms of CPU with the default
    models loaded. For benchmarks, which measure what is still in use."""
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)
