"""The history of sessions: search, filter, replay, export, delete."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QFileDialog, QHBoxLayout, QHeaderView, QLineEdit,
                               QMessageBox,
                               QPushButton, QSplitter, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from interview_voice.engines.playback import SessionPlayer, mix_tracks
from interview_voice.storage.export import clock, export_session
from interview_voice.ui.replay import ReplayView

log = logging.getLogger(__name__)
STATUSES = [("All sessions", None), ("Completed", "completed"), ("Interrupted", "interrupted"), ("Failed", "failed")]


def default_player(paths: list[Path]) -> SessionPlayer:
    return SessionPlayer(mix_tracks(paths))


class HistoryView(QWidget):
    report_requested = Signal(str)   # session id: show its feedback report

    def __init__(self, player_factory=default_player) -> None:
        super().__init__()
        self.store = None
        self.sessions = []
        layout = QHBoxLayout(self)
        splitter = QSplitter()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search titles and transcripts")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.refresh)
        filters.addWidget(self.search, 1)
        self.status_box = QComboBox()
        for label, value in STATUSES:
            self.status_box.addItem(label, value)
        self.status_box.currentIndexChanged.connect(self.refresh)
        filters.addWidget(self.status_box)
        left_layout.addLayout(filters)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Date", "Interview", "Length", "Status"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column in (0, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.Stretch)
        self.table.itemSelectionChanged.connect(self._open_selected)
        left_layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.report_button = QPushButton("Report")
        self.report_button.setToolTip("The feedback report of this session")
        self.report_button.clicked.connect(lambda: self.selected_id() and self.report_requested.emit(self.selected_id()))
        self.export_button = QPushButton("Export…")
        # clicked(bool) would arrive as export_selected's destination: call it with no arguments
        self.export_button.clicked.connect(lambda: self.export_selected())
        self.delete_button = QPushButton("Delete…")
        self.delete_button.clicked.connect(self.delete_selected)
        for button in (self.report_button, self.export_button, self.delete_button):
            button.setEnabled(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        left_layout.addLayout(buttons)
        splitter.addWidget(left)
        self.replay = ReplayView(player_factory)
        splitter.addWidget(self.replay)
        splitter.setSizes([360, 640])
        layout.addWidget(splitter)

    def set_store(self, store) -> None:
        self.store = store
        self.refresh()

    def refresh(self) -> None:
        if self.store is None:
            return
        selected = self.selected_id()
        self.sessions = self.store.list(search=self.search.text().strip(), status=self.status_box.currentData())
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.sessions))
        for row, s in enumerate(self.sessions):
            values = [f"{s.started_at.astimezone():%Y-%m-%d %H:%M}", s.title, clock(s.duration_s), s.status]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.UserRole, s.id)
                self.table.setItem(row, column, item)
            if s.id == selected:
                self.table.selectRow(row)
        self.table.blockSignals(False)

    def selected_id(self) -> str | None:
        items = self.table.selectedItems()
        return items[0].data(Qt.UserRole) if items else None

    def _open_selected(self) -> None:
        session_id = self.selected_id()
        for button in (self.report_button, self.export_button, self.delete_button):
            button.setEnabled(session_id is not None)
        if session_id and self.store is not None:
            session = self.store.get(session_id)
            if session is not None:
                self.replay.load(session, self.store.root, self.store.attempts_by_turn(session.id))

    def export_selected(self, dest: Path | None = None, as_zip: bool = True) -> Path | None:
        session_id = self.selected_id()
        if not session_id:
            return None
        if dest is None:
            folder = QFileDialog.getExistingDirectory(self, "Export the session into…", str(Path.home()))
            if not folder:
                return None
            dest = Path(folder)
        try:
            target = export_session(self.store.get(session_id), self.store.root, dest, as_zip=as_zip)
        except (OSError, FileExistsError) as exc:
            QMessageBox.warning(self, "Interview Voice", f"The session could not be exported: {exc}")
            return None
        return target

    def delete_selected(self, confirm=None) -> bool:
        session_id = self.selected_id()
        if not session_id:
            return False
        summary = next(s for s in self.sessions if s.id == session_id)
        ask = confirm or (lambda text: QMessageBox.question(self, "Delete session", text) == QMessageBox.Yes)
        if not ask(f"Delete '{summary.title}' of {summary.started_at.astimezone():%Y-%m-%d %H:%M} and its recording? "
                   "This cannot be undone."):
            return False
        self.replay.stop()
        self.store.delete(session_id)
        self.refresh()
        return True
