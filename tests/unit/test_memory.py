"""The C heap over a long interview: at most two malloc arenas, set before any thread starts
(runtime/memory; the figures are benchmarks/memory_per_turn.py's)."""

from __future__ import annotations

import subprocess
import sys

from interview_voice.records import TurnFinished, TurnStarted
from interview_voice.runtime import memory
from tests.unit.test_session_service import make_session


def test_an_interview_does_not_trim_the_heap(monkeypatch):
    trims: list[int] = []
    events: list = []
    monkeypatch.setattr(memory, "give_back", lambda: trims.append(len(events)))
    session = make_session(events)
    session.finish(session.run())
    assert any(isinstance(e, TurnStarted) for e in events) and any(isinstance(e, TurnFinished) for e in events)
    assert trims == []  # measured: it changed neither the level nor the peak (runtime/memory)


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
