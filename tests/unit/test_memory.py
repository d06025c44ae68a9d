"""The C heap over a long interview: at most two malloc arenas, and memory given back after each of
the interviewer's turns (runtime/memory; the figures are benchmarks/memory_per_turn.py's)."""

from __future__ import annotations

import subprocess
import sys

from interview_voice.records import TurnFinished
from interview_voice.runtime import memory
from tests.unit.test_session_service import make_session


def test_the_heap_is_given_back_after_each_interviewer_turn(monkeypatch):
    trims: list[int] = []
    events: list = []
    monkeypatch.setattr(memory, "give_back", lambda: trims.append(len(events)))
    session = make_session(events)
    session.finish(session.run())
    spoken = [e for e in events if isinstance(e, TurnFinished) and e.turn.speaker == "interviewer"]
    assert spoken and len(trims) == len(spoken)
    assert all(isinstance(events[at - 1], TurnFinished) for at in trims)  # right after the turn was told


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
