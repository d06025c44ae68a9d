"""The report after a session: headline figures, the answers at a glance, what to practise next."""

from __future__ import annotations

import html
import logging
from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from interview_voice.core.bank import Question
from interview_voice.storage.export import clock
from interview_voice.storage.feedback_report import (
    answer_marks,
    answer_turns,
    headline_items,
    num,
    pct,
    row_question,
    spoken,
)
from interview_voice.ui.appearance import set_relative_font
from interview_voice.ui.charts import ChartWidget
from interview_voice.ui.readable import at_most_ems_wide
from interview_voice.ui.report_pdf import session_charts
from interview_voice.ui.tasks import TaskRunner

log = logging.getLogger(__name__)
LOOKING_AGAIN = "Looking again at the key points not found, in case you said them in your own words…"
MUTED = "color: #5b6472;"


def save_report(session, questions: dict, path: Path) -> str:
    """Writes the report as PDF or Markdown (by the file's suffix); returns a message for the window."""
    from interview_voice.storage.feedback_report import report_markdown
    from interview_voice.ui.report_pdf import save_chart_images, session_charts, write_pdf

    try:
        if path.suffix.lower() == ".pdf":
            write_pdf(session, questions, path)
        else:
            charts = save_chart_images(session_charts(session), path.parent, path.stem) if session.feedback else {}
            path.write_text(report_markdown(session, questions, charts), encoding="utf-8")
    except OSError as exc:
        return f"The report could not be saved: {exc.strerror or exc}"
    return f"Saved to {path}"


def section(text: str) -> QLabel:
    label = QLabel(text)
    set_relative_font(label, 1.15, bold=True)
    label.setStyleSheet("margin-top: 6px;")
    return label


class ReportView(QScrollArea):
    practise_requested = Signal(object)  # the session's practise_next items (list of dicts)

    def __init__(self) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.session = None
        self.wanted_id: str | None = None  # the session this view shows or waits for; no other may paint
        self.questions: Mapping[str, Question] = {}
        self.tasks = TaskRunner(self)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(16, 12, 16, 12)
        self.title = QLabel("Your report appears here after an interview.")
        set_relative_font(self.title, 1.3, bold=True)
        self.title.setWordWrap(True)
        layout.addWidget(self.title)
        self.status = QLabel("")
        self.status.setStyleSheet(MUTED)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.figures = QGridLayout()
        self.figures.setHorizontalSpacing(18)
        layout.addLayout(self.figures)
        charts = QHBoxLayout()
        self.charts = [ChartWidget(), ChartWidget()]
        for chart in self.charts:
            charts.addWidget(chart)
        layout.addLayout(charts)
        layout.addWidget(section("Practise next"))
        self.practise = QLabel("")
        self.practise.setWordWrap(True)
        self.practise.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.practise)
        row = QHBoxLayout()
        self.practise_button = QPushButton("Practise this next")
        self.practise_button.setToolTip("Start a short interview on these areas and questions")
        self.practise_button.setEnabled(False)
        self.practise_button.clicked.connect(self._practise)
        row.addWidget(self.practise_button)
        row.addStretch(1)
        self.pdf_button = QPushButton("Save as PDF…")
        self.md_button = QPushButton("Save as Markdown…")
        for button, kind in ((self.pdf_button, "pdf"), (self.md_button, "md")):
            button.setEnabled(False)
            button.clicked.connect(lambda _=False, kind=kind: self.save_as(kind))
            row.addWidget(button)
        layout.addLayout(row)
        layout.addWidget(section("Answers at a glance"))
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(["Question", "Key points", "Pace", "Fillers", "Flags"])
        self.table.setAccessibleName("Answers at a glance")
        self.table.setAccessibleDescription("Choose an answer to read its notes below the table")
        self.table.setTabKeyNavigation(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        # as tall as its rows: the page scrolls
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, 5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._show_notes)
        layout.addWidget(self.table)
        self.notes = QLabel("")
        self.notes.setWordWrap(True)
        self.notes.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.notes)
        layout.addStretch(1)
        at_most_ems_wide(body, 80)  # a readable page on wide screens, centred
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.setWidget(body)

    # filling in --------------------------------------------------------------------------
    def wait_for(self, session_id: str) -> None:
        """The session just finished: its feedback is being computed; nothing of another session stays."""
        self._clear(session_id)
        self.title.setText("Working on your feedback…")
        self.status.setText("Working on your feedback for the session just finished…")

    def show_no_feedback(self, session_id: str, reason: str = "") -> None:
        """The session has no feedback (nothing to score, or computing it failed)."""
        if session_id != self.wanted_id:
            return
        self._clear(session_id)
        self.title.setText("No feedback for this session")
        self.status.setText(reason or "This session has no answers to give feedback on.")

    def _clear_figures(self) -> None:
        while self.figures.count():
            item = self.figures.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()

    def _clear(self, session_id: str) -> None:
        self.session, self.wanted_id = None, session_id
        self.status.setText("")
        self._clear_figures()
        for chart in self.charts:
            chart.clear()
        self.practise.setText("")
        for button in (self.practise_button, self.pdf_button, self.md_button):
            button.setEnabled(False)
        self.table.setRowCount(0)
        self.table.setFixedHeight(self.table.horizontalHeader().height() + 4)
        self.notes.setText("")

    def show_session(self, session, questions: Mapping[str, Question]) -> None:
        self.session, self.questions, self.wanted_id = session, questions, session.id
        fb = session.feedback or {}
        self.title.setText(
            f"Feedback: {session.title}  ·  {session.started_at.astimezone():%Y-%m-%d %H:%M}  ·  "
            f"{clock(session.duration_s)}"
        )
        self.status.setText(
            "The notes are being worded by the interviewer model, answer by answer…"
            if fb.get("wording") == "template"
            else ""
        )
        self._clear_figures()
        for n, (name, value) in enumerate(headline_items(fb.get("headline", {}), session)):
            cell = QLabel(
                f"<span style='font-size:large; font-weight:bold'>{html.escape(value)}</span><br>"
                f"<span style='{MUTED}'>{html.escape(name)}</span>"
            )
            cell.setWordWrap(True)
            self.figures.addWidget(cell, n // 4, n % 4)
        for chart, spec in zip(self.charts, session_charts(session)):
            chart.set_spec(spec)
        items = fb.get("practise_next", [])
        self.practise.setText(
            "<ol style='margin-left:-20px'>"
            + "".join(
                f"<li><b>{html.escape(p['title'])}</b><br><span style='{MUTED}'>{html.escape(p['why'])}</span></li>"
                for p in items
            )
            + "</ol>"
            if items
            else "Nothing stands out: keep practising with new questions."
        )
        self.practise_button.setEnabled(bool(items))
        self.pdf_button.setEnabled(True)
        self.md_button.setEnabled(True)
        turns = answer_turns(session)
        self.table.setRowCount(len(turns))
        for row, turn in enumerate(turns):
            a = turn.feedback
            values = [
                f"{row + 1}. {row_question(session, questions, turn)}",
                pct(a.get("coverage")),
                spoken(a, f"{num(a.get('wpm'))} wpm"),
                spoken(a, str(len(a.get("fillers", [])))),
                ", ".join(answer_marks(a)) or "–",
            ]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, turn.index)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        self.table.setFixedHeight(self.table.horizontalHeader().height() + self.table.verticalHeader().length() + 4)
        if turns:
            self.table.selectRow(0)
        # row 0 may have been selected already (another session's): Qt then signals no change and
        # the notes of that session would stay under this one's table
        self._show_notes()

    def update_answer(self, session_id: str, turn_index: int, feedback: dict) -> None:
        """The model's wording of one answer arrived."""
        if self.session is None or self.session.id != session_id:
            return
        self.session = self.session.with_answer_feedback(turn_index, feedback)
        self._show_notes()

    def looking_again(self, session_id: str) -> None:
        """The model looks again at the key points the terms missed: what is shown may still change."""
        if self.session is not None and self.session.id == session_id:
            self.status.setText(LOOKING_AGAIN)

    def wording_done(self, session_id: str) -> None:
        if self.session is not None and self.session.id == session_id:
            self.status.setText("")

    def _show_notes(self) -> None:
        items = self.table.selectedItems()
        if not items or self.session is None:
            self.notes.setText("")
            return
        index = items[0].data(Qt.UserRole)
        turn = next(t for t in self.session.turns if t.index == index)
        parts = []
        for key, label in (("went_well", "Went well"), ("work_on", "Work on")):
            note = turn.feedback.get(key)
            if note:
                by = (
                    " <span style='color:#8a929e'>(its last sentence written by the model)</span>"
                    if note.get("source") == "model"
                    else ""
                )
                parts.append(f"<b>{label}:</b> {html.escape(note['text'])}{by}")
        self.notes.setText("<br>".join(parts) or f"<span style='{MUTED}'>No notes for this answer.</span>")

    def save_as(self, kind: str) -> None:
        """Asks where, then writes the file off the GUI thread; the status line says where it went."""
        if self.session is None:
            return
        stem = f"feedback-{self.session.started_at.astimezone():%Y%m%d-%H%M}-{self.session.plan}"
        name, _ = QFileDialog.getSaveFileName(
            self,
            "Save the report",
            str(Path.home() / f"{stem}.{kind}"),
            "PDF (*.pdf)" if kind == "pdf" else "Markdown (*.md)",
        )
        if not name:
            return
        path = Path(name).with_suffix(f".{kind}")
        session, questions = self.session, self.questions
        self.status.setText("Saving the report…")
        self.tasks.run(
            lambda: save_report(session, questions, path), self.status.setText, self._save_failed, name="report-export"
        )

    def _save_failed(self, exc: BaseException) -> None:
        log.error("saving the report failed", exc_info=exc)
        self.status.setText(f"The report could not be saved: {exc}")

    def _practise(self) -> None:
        if self.session is not None:
            self.practise_requested.emit(list((self.session.feedback or {}).get("practise_next", [])))
