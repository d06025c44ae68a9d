"""Two attempts at one answer side by side: figures, key points covered, transcripts."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from interview_voice.records import empty_answer_text
from interview_voice.storage.export import clock
from interview_voice.storage.feedback_report import num, pct, spoken
from interview_voice.ui.appearance import on_font_change, set_relative_font
from interview_voice.ui.replay_feedback import STATUS

FIGURES = [
    ("Key points covered", lambda f: pct(f.get("coverage"))),
    ("Pace (words/min)", lambda f: spoken(f, num(f.get("wpm")))),
    ("Fillers", lambda f: spoken(f, str(len(f.get("fillers", []))))),
    ("Long pauses", lambda f: spoken(f, str(len(f.get("long_pauses", []))))),
    ("Hedges", lambda f: str(len(f.get("hedges", [])))),
    ("Talk time", lambda f: spoken(f, clock(f.get("talk_time_s", 0)))),
]


def first_answer(session, question_id: str | None):
    """The attempt's answer to the bank question (not its follow-up)."""
    return next((t for t in session.turns if t.speaker == "candidate" and t.question_id == question_id), None)


class CompareView(QWidget):
    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        self.title = QLabel("Answer a question again from the replay to compare the two attempts here.")
        self.title.setWordWrap(True)
        set_relative_font(self.title, 1.25, bold=True)
        layout.addWidget(self.title)
        self.table = QTableWidget(len(FIGURES), 2)
        self.table.setVerticalHeaderLabels([name for name, _ in FIGURES])
        self.table.setHorizontalHeaderLabels(["First attempt", "Again"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self._fit_rows()
        on_font_change(self.table, self._fit_rows)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(self.table)
        columns = QHBoxLayout()
        self.texts = [QTextBrowser(), QTextBrowser()]
        for text, name in zip(self.texts, ("First attempt", "Again")):
            text.setAccessibleName(name)
            columns.addWidget(text)
        layout.addLayout(columns, 1)

    def _fit_rows(self) -> None:
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.setFixedHeight(
            self.table.horizontalHeader().sizeHint().height() + self.table.verticalHeader().length() + 4
        )

    def show_attempts(self, question_text: str, first_turn, again_turn, again_label: str) -> None:
        self.title.setText(f"Answer again: {question_text}")
        self.table.setHorizontalHeaderLabels(["First attempt", again_label])
        for column, turn in enumerate((first_turn, again_turn)):
            fb = (turn.feedback if turn is not None else None) or {}
            for row, (_, value) in enumerate(FIGURES):
                self.table.setItem(row, column, QTableWidgetItem(value(fb) if fb else "–"))
            self.texts[column].setHtml(self._column_html(turn, fb))
        self._fit_rows()

    @staticmethod
    def _column_html(turn, fb: dict) -> str:
        if turn is None:
            return "<i>No answer was recorded.</i>"
        points = "".join(
            f"<li><span style='color:{STATUS[r['status']][1]}'>{STATUS[r['status']][0]} "
            f"{STATUS[r['status']][2]}</span>: {html.escape(r['point'])}</li>"
            for r in fb.get("rubric", [])
            if r["status"] in STATUS
        )
        return (
            f"<b>Key points</b><ul style='margin-left:-20px'>{points}</ul><b>What you said</b>"
            f"<p>{html.escape(turn.text or empty_answer_text(turn.end_reason))}</p>"
        )
