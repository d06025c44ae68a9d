"""Ctrl-C and SIGTERM end an interview as the End button does; a second one stops at once."""

from __future__ import annotations

import os
import signal
import threading

import pytest

from interview_voice.runtime.session_service import ENDING_SIGNALS, ended_by_signals


@pytest.mark.parametrize("sig", ENDING_SIGNALS)
def test_a_signal_ends_the_interview_once_and_a_second_one_stops_at_once(sig):
    ended: list[bool] = []
    before = signal.getsignal(sig)
    with pytest.raises(KeyboardInterrupt):
        with ended_by_signals(lambda: ended.append(True), note=""):
            os.kill(os.getpid(), sig)  # the handler runs in this thread, at the next bytecode
            assert ended == [True]
            os.kill(os.getpid(), sig)
            pytest.fail("the second signal did not stop")  # pragma: no cover
    assert ended == [True]
    assert signal.getsignal(sig) is before  # the handlers are put back


def test_off_the_main_thread_the_block_runs_as_it_is():
    seen: list[object] = []

    def work() -> None:
        with ended_by_signals(lambda: None):
            seen.append(signal.getsignal(signal.SIGTERM))

    before = signal.getsignal(signal.SIGTERM)
    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert seen == [before]
