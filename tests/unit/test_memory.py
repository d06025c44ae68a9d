"""The C heap over a long interview: at most two malloc arenas, large blocks on pages of their own
whatever was freed before, and memory given back as each of the interviewer's turns starts, never
during an answer (runtime/memory; the figures are benchmarks/memory_per_turn.py's)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from interview_voice.records import TurnFinished, TurnKind, TurnRecord, TurnStarted
from interview_voice.runtime import memory
from tests.unit.test_session_service import make_session


def test_the_heap_is_given_back_as_each_interviewer_turn_starts(monkeypatch):
    trims: list[int] = []
    events: list = []
    monkeypatch.setattr(memory, "give_back", lambda: trims.append(len(events)))
    session = make_session(events)
    session.finish(session.run())
    lines = [e for e in events if isinstance(e, TurnStarted) and e.turn.speaker == "interviewer"]
    assert lines and len(trims) == len(lines)
    told = [events[at - 1] for at in trims]  # the event told just before each trim
    assert all(isinstance(e, TurnStarted) and e.turn.speaker == "interviewer" for e in told)


def test_the_heap_is_never_given_back_while_an_answer_is_in_progress():
    trims: list[str] = []
    between = memory.BetweenTurns(lambda: trims.append("trim"))
    answer = TurnRecord(1, "candidate", TurnKind.ANSWER)
    cut_in = TurnRecord(2, "interviewer", TurnKind.CUT_IN)
    question = TurnRecord(3, "interviewer", TurnKind.QUESTION)
    between(TurnStarted(answer))
    between(TurnStarted(cut_in))  # the interviewer speaks while the answer is still open
    between(TurnFinished(cut_in))
    assert trims == []
    between(TurnFinished(answer))
    between(TurnStarted(question))
    assert trims == ["trim"]


def test_the_arena_limit_is_set_on_glibc_unless_malloc_arena_max_is():
    script = "from interview_voice.runtime.memory import limit_arenas; print(limit_arenas())"
    ours = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": "."},
    )
    assert ours.stdout.strip() == ("True" if memory._libc() is not None else "False")
    theirs = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": ".", "MALLOC_ARENA_MAX": "4"},
    )
    assert theirs.stdout.strip() == "False"
    memory.give_back()  # callable anywhere: nothing happens where there is no glibc


# After the app's start-up (`cli.main` up to its parser), a large block freed (16 MB, as a Whisper
# encoding frees them) and then a 6 MB one asked for: is the 6 MB block given pages of its own
# (mmapped, returned on free) or carved out of the heap? glibc's mallinfo2 counts the mmapped blocks.
MMAPPED_AFTER_START_UP = """
import contextlib, ctypes
from interview_voice import cli

with contextlib.suppress(SystemExit):
    cli.main(["--version"])
libc = ctypes.CDLL("libc.so.6")
fields = ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")
libc.mallinfo2.restype = type("Mallinfo2", (ctypes.Structure,), {"_fields_": [(f, ctypes.c_size_t) for f in fields]})
libc.malloc.restype, libc.malloc.argtypes, libc.free.argtypes = ctypes.c_void_p, [ctypes.c_size_t], [ctypes.c_void_p]
libc.free(libc.malloc(16 << 20))
before = libc.mallinfo2().hblks
block = libc.malloc(6 << 20)
print("mmapped", libc.mallinfo2().hblks - before)
libc.free(block)
"""


def _mmapped_after_start_up(**env: str) -> str:
    run = subprocess.run(
        [sys.executable, "-c", MMAPPED_AFTER_START_UP],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": ".", **env},
    )
    return run.stdout.strip().splitlines()[-1]


@pytest.mark.skipif(
    memory._libc() is None or not hasattr(memory._libc(), "mallinfo2"), reason="glibc 2.33 or later only"
)
def test_large_blocks_keep_pages_of_their_own_after_a_larger_one_is_freed():
    assert _mmapped_after_start_up() == "mmapped 1"
    # the user's own threshold rules: with 24 MB, the 6 MB block comes from the heap
    assert _mmapped_after_start_up(MALLOC_MMAP_THRESHOLD_=str(24 << 20)) == "mmapped 0"
