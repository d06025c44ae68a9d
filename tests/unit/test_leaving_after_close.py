"""After the window closed: how long the process waits for the engines depends on whether the interview
was stored (ui/main.py)."""

from __future__ import annotations

import pytest

from interview_voice.runtime import native_workers
from interview_voice.ui import main


class ClosedWindow:
    def __init__(self, stored: bool) -> None:
        self.stored = stored
        self.waited_s: float | None = None

    def finish_closing(self, within_s: float) -> bool:
        self.waited_s = within_s
        return self.stored


@pytest.fixture
def engine_waits(monkeypatch):
    waits: list[float] = []

    def exit_code_when_idle(code: int, timeout_s: float = 10.0) -> int:
        waits.append(timeout_s)
        return code

    monkeypatch.setattr(native_workers, "exit_code_when_idle", exit_code_when_idle)
    return waits


def test_a_stored_interview_lets_the_engines_finish_their_work_briefly(engine_waits):
    window = ClosedWindow(stored=True)
    assert main.exit_code_after_close(window, 0) == 0
    assert window.waited_s == main.session_close_s() and engine_waits == [main.ENGINES_CLOSE_S]


def test_an_interview_left_to_the_next_start_leaves_without_waiting_for_the_engines(engine_waits):
    """Its session thread is still in the speech model: the wait could only end at its timeout, spending
    0.3 s of the 3 s the close is promised in."""
    assert main.exit_code_after_close(ClosedWindow(stored=False), 3) == 3
    assert engine_waits == [0.0]


def test_a_machine_busier_than_its_cores_waits_less_for_the_interview_to_be_stored():
    """There the answer's last words were never transcribed within the quiet machine's wait, and the exit
    itself took longer: the answer is left to the next start sooner, within the same 3 s."""
    assert main.session_close_s(load=0.5, cores=2) == main.session_close_s(load=2.0, cores=2) == main.SESSION_CLOSE_S
    assert main.session_close_s(load=2.5, cores=2) == main.SESSION_CLOSE_BUSY_S < main.SESSION_CLOSE_S
    assert main.session_close_s(load=6.0, cores=8) == main.SESSION_CLOSE_S
