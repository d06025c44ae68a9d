"""The window's status bar: what is happening, the interview's clock, and the models' loading progress."""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar


class StatusLine(QObject):
    """Its widgets go into the window's status bar; the clock ticks once a second during an interview."""

    def __init__(self, bar: QStatusBar) -> None:
        super().__init__(bar)
        self.label = QLabel("Starting")
        self.clock_label = QLabel("")
        self.clock_label.setAccessibleName("Interview clock")
        self.load_progress = QProgressBar()
        self.load_progress.setRange(0, 100)
        self.load_progress.setMaximumWidth(260)
        bar.addWidget(self.label, 1)
        bar.addPermanentWidget(self.clock_label)
        bar.addPermanentWidget(self.load_progress)
        self.clock_timer = QTimer(self)
        self.clock_timer.setInterval(1000)
        self.clock_timer.timeout.connect(self._tick)
        self._started_at = 0.0
        self._plan_minutes = 0

    def say(self, text: str) -> None:
        self.label.setText(text)

    def show_progress(self, message: str, fraction: float) -> None:
        """A step of loading the models (fraction 0 to 1)."""
        self.label.setText(message + "…" if fraction < 1 else message)
        self.load_progress.setValue(int(fraction * 100))

    def loading(self) -> None:
        """The models are loaded again: the bar starts over."""
        self.load_progress.setValue(0)
        self.load_progress.show()

    def start_clock(self, plan_minutes: int) -> None:
        self._plan_minutes = plan_minutes
        self._started_at = time.monotonic()
        self._tick()
        self.clock_timer.start()

    def stop_clock(self) -> None:
        self.clock_timer.stop()

    def _tick(self) -> None:
        elapsed = int(time.monotonic() - self._started_at)
        self.clock_label.setText(f"{elapsed // 60}:{elapsed % 60:02d} of {self._plan_minutes} min")
