"""Keeping the C heap from growing over a long interview (glibc only; elsewhere nothing is done).

glibc gives threads that allocate at once arenas of their own (up to eight per core) and keeps
what is freed in them for reuse: with the speech, voice and interviewer models each allocating
on worker threads that come and go with the turns, a 45-minute interview grew by about 10 MB a
turn, most of it freed memory never returned (issue 26). The levers are glibc calls, made
through ctypes, and each was measured on the default models (benchmarks/memory_per_turn.py):

- two arenas: about 190 MB less all interview long (10 minutes, both with the trim: 1,970 MB
  against 2,150 after the first minute);
- a trim between turns (give_back: 7-12 ms of CPU, 70-100 MB back each time): over 10 minutes it
  made no difference, over 45 it does: without it the heap crept up 1.5 MB a turn to a peak of
  2,339 MB, with it (then as each of the interviewer's turns ended) 0.3 MB a turn and 2,125 MB;
- the threshold above which a block gets pages of its own, fixed (glibc raises it as large blocks
  are freed, so the models' buffers of megabytes settle in the heaps): what was left of the growth
  over 45 minutes, 55 MB in an earlier run, was 28 MB in one run with it (fixed_mmap_threshold has
  the figures).
"""

from __future__ import annotations

import ctypes
import logging
import os
import sys
from collections.abc import Callable

from interview_voice.records import TurnFinished, TurnStarted

log = logging.getLogger(__name__)
M_ARENA_MAX = -8  # mallopt's parameter numbers (glibc's malloc.h)
M_MMAP_THRESHOLD = -3
M_TRIM_THRESHOLD = -1
ARENAS = 2
MMAP_THRESHOLD = 4 * 2**20  # a block this large or larger gets pages of its own (fixed_mmap_threshold)
TRIM_THRESHOLD = 64 * 2**20  # what glibc raises it to itself: the trim between turns gives the rest back


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


def fixed_mmap_threshold(threshold: int = MMAP_THRESHOLD, trim: int = TRIM_THRESHOLD) -> bool:
    """Blocks of `threshold` bytes or more get pages of their own (mmap), returned the moment they are
    freed, all interview long: call before the models load. MALLOC_MMAP_THRESHOLD_ (or the tunable
    glibc.malloc.mmap_threshold), when set, is left to rule. True when the threshold was set.

    glibc starts at 128 KB but raises the threshold to the size of each such block freed, up to
    32 MB, and the free space at a heap's top it keeps to twice that: after Whisper's first
    encoding (buffers of megabytes), every buffer under 32 MB is carved out of the heaps, where the
    small blocks that live on can be carved from the space it leaves and hold its pages
    (malloc_trim returns only whole free pages). Setting the threshold turns the raising off. Kept at
    128 KB it cost too much: Whisper's buffers, mapped and zeroed anew at each use, took a base
    transcription of an 11 s answer from about 4,300 page faults to 220,000 and 0.06-0.10 s of system
    time to 0.50-0.59 s (tiny.en's live passes alike); at 4 MB, 46,000 and 0.14 s. The top's keep is
    set to the 64 MB glibc would reach itself (at its default of 128 KB the heap's top is given back
    and faulted in again all the time). Over 45 minutes (benchmarks/memory_per_turn.py, default
    models, realtime, one run, load 1.4-5.8 on 2 cores), the RSS sampled at each turn stopped rising
    after minute 20: 1,794 MB at minute 5, 1,817-1,835 MB from minute 20 to 45; the median of
    the last minute was 28 MB over that of minute 5-6 (without the threshold, an earlier run: 55 MB,
    with the main heap going from 327 to 367 MB and the second from 118 to 168 MB), 0.06 MB a turn,
    and the peak was 1,915 MB."""
    if _set_by_user("mmap_threshold"):
        return False
    libc = _libc()
    if libc is None:
        return False
    done = bool(libc.mallopt(M_MMAP_THRESHOLD, threshold))
    if not _set_by_user("trim_threshold"):
        libc.mallopt(M_TRIM_THRESHOLD, trim)
    log.debug("malloc mmap threshold fixed at %d bytes: %s", threshold, done)
    return done


def _set_by_user(setting: str) -> bool:
    """The user chose this malloc setting (MALLOC_<SETTING>_ or the glibc.malloc tunable): it rules."""
    return bool(os.environ.get(f"MALLOC_{setting.upper()}_")) or setting in os.environ.get("GLIBC_TUNABLES", "")


def give_back() -> None:
    """Return the heap's free memory to the system (malloc_trim): 7-12 ms of CPU with the default
    models loaded, giving back 70-100 MB each time."""
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)


class BetweenTurns:
    """Gives the heap back as the interviewer starts a line, never while an answer is in progress.

    Fed every session event in order. The start of the interviewer's turn is the quiet moment: the
    answer before it has ended and been transcribed, and the line's voice is not yet playing. At the
    end of the interviewer's turn the microphone is already open, and with a headset the candidate
    may already be speaking over the line's end (barge-in)."""

    def __init__(self, trim: Callable[[], None] | None = None) -> None:
        self._trim = trim or give_back
        self._answering = False

    def __call__(self, event: object) -> None:
        if not isinstance(event, (TurnStarted, TurnFinished)):
            return
        if event.turn.speaker == "candidate":
            self._answering = isinstance(event, TurnStarted)
        elif isinstance(event, TurnStarted) and not self._answering:
            self._trim()
