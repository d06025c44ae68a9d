"""SIGTERM and Ctrl-C close the window as its close button does (which ends an interview as End does)."""

from __future__ import annotations

import os
import signal

import pytest
from PySide6.QtWidgets import QWidget

from interview_voice.runtime.session_service import ENDING_SIGNALS
from interview_voice.ui.main import close_on_signals


class Window(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.closed = 0

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self.closed += 1
        super().closeEvent(event)


@pytest.fixture
def restore_signals():
    before = {sig: signal.getsignal(sig) for sig in ENDING_SIGNALS}
    yield
    signal.set_wakeup_fd(-1)
    for sig, handler in before.items():
        signal.signal(sig, handler)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_a_signal_closes_the_window_through_its_close_event(qtbot, restore_signals, sig):
    window = Window()
    qtbot.addWidget(window)
    window.show()
    close_on_signals(window)
    os.kill(os.getpid(), sig)
    qtbot.waitUntil(lambda: window.closed == 1, timeout=3000)
    assert not window.isVisible()
    assert signal.getsignal(sig) == signal.SIG_DFL  # a second signal stops at once
