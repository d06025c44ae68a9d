"""Progress over sessions: pace, fillers, key points covered, long pauses; areas, stages and streaks."""

from __future__ import annotations

import html
import logging
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from interview_voice.core.bank import area_name
from interview_voice.core.progress import Progress, SessionPoint, progress
from interview_voice.storage.feedback_report import pct
from interview_voice.ui.charts import ChartSpec, ChartWidget
from interview_voice.ui.readable import at_most_ems_wide
from interview_voice.ui.report_pdf import progress_charts
from interview_voice.ui.tasks import TaskRunner

log = logging.getLogger(__name__)


CHART_SESSIONS = 100  # the charts' points: the newest sessions (all of them count in the figures)


def load_progress(store) -> Progress:
    """Off the GUI thread: the figures over every session, the charts' series cut to the newest
    CHART_SESSIONS (thousands of points took the GUI thread over 100 ms to draw, and no one reads them)."""
    rows = store.feedback_history()
    times = [r.started_at.astimezone() for r in rows]
    whole = progress(
        [
            SessionPoint(t.date(), session_label(times, i), r.feedback)
            for i, (t, r) in enumerate(zip(times, rows, strict=True))
        ]
    )
    newest = slice(-CHART_SESSIONS, None)
    return replace(
        whole,
        labels=whole.labels[newest],
        pace=whole.pace[newest],
        fillers_per_min=whole.fillers_per_min[newest],
        long_pauses_per_answer=whole.long_pauses_per_answer[newest],
        coverage=whole.coverage[newest],
    )


def session_label(times: list, index: int) -> str:
    """A session's label under the charts: its day, or its time when an earlier session was the same day
    (several sessions on one day all read "11-26" otherwise)."""
    when = times[index]
    return f"{when:%H:%M}" if index and times[index - 1].date() == when.date() else f"{when:%m-%d}"


class ProgressView(QScrollArea):
    def __init__(self) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.store = None
        self.progress: Progress | None = None
        self.tasks = TaskRunner(self)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(16, 12, 16, 12)
        self.summary = QLabel("Your progress appears here after your first interview.")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        grid = QGridLayout()
        self.charts = [ChartWidget() for _ in range(6)]
        for n, chart in enumerate(self.charts):
            grid.addWidget(chart, n // 2, n % 2)
        layout.addLayout(grid, 1)
        at_most_ems_wide(body, 100)  # charts stay a readable size on wide screens, centred
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.setWidget(body)

    def set_store(self, store) -> None:
        self.store = store
        self.refresh()

    def refresh(self) -> None:
        """Reads the sessions' feedback off the GUI thread; the charts update when it arrives."""
        if self.store is None:
            return
        store = self.store
        self.tasks.run(lambda: load_progress(store), self.show_progress, self._load_failed, slot="progress")

    def _load_failed(self, exc: BaseException) -> None:
        log.error("reading the progress failed", exc_info=exc)
        self.summary.setText(f"Your progress could not be read: {exc}")

    def show_progress(self, p: Progress) -> None:
        self.progress = p
        if not p.sessions:
            self.summary.setText("Your progress appears here after your first interview.")
        else:
            weakest = ", ".join(f"{area_name(a)} ({pct(c)})" for a, c in p.weakest_areas) or "none yet"
            days = "day" if p.streak_days == 1 else "days"
            shown = f" · the charts show the newest {len(p.labels)}" if len(p.labels) < p.sessions else ""
            self.summary.setText(
                f"<b>{p.sessions}</b> sessions · streak <b>{p.streak_days}</b> {days} in a row (best "
                f"{p.best_streak_days}) · weakest areas: {html.escape(weakest)}{shown}"
            )
        specs = progress_charts(p) + [
            ChartSpec(
                "Key points covered by area",
                [area_name(a) for a in p.coverage_by_area],
                list(p.coverage_by_area.values()),
                kind="bars",
                percent=True,
                top=1.0,
            ),
            ChartSpec(
                "Key points covered by stage",
                [s.replace("_", " ") for s in p.coverage_by_stage],
                list(p.coverage_by_stage.values()),
                kind="bars",
                percent=True,
                top=1.0,
            ),
        ]
        for chart, spec in zip(self.charts, specs):
            chart.set_spec(spec)
