"""The history of sessions: search, filter, replay, export, delete.

The database and the files are read and written off the GUI thread (ui/tasks.py); the
search waits for a pause in the typing and only the newest query's result is shown.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from interview_voice.engines.playback import SessionPlayer, mix_tracks
from interview_voice.records import RecordingError
from interview_voice.storage.export import clock, export_session
from interview_voice.storage.views import SessionSummary, SessionView, status_label
from interview_voice.ui.appearance import on_font_change
from interview_voice.ui.confirm import confirm_destructive
from interview_voice.ui.replay import ReplayView
from interview_voice.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from interview_voice.storage.repository import SessionStore

log = logging.getLogger(__name__)
SEARCH_PAUSE_MS = 250  # search once the typing pauses, not on every keystroke
PAGE = 100  # sessions fetched at a time: the first screen costs the same with 3,000 sessions as with 30
STATUSES = [
    ("All sessions", None),
    ("Completed", "completed"),
    ("Ended early", "ended_early"),
    ("Cut off (recovered)", "interrupted"),
    ("Failed", "failed"),
]


def default_player(paths: list[Path]) -> SessionPlayer:
    return SessionPlayer(mix_tracks(paths))


class HistoryView(QWidget):
    report_requested = Signal(str)  # session id: show its feedback report
    listed = Signal(str)  # the table shows the sessions that match this search
    exported = Signal(object)  # the folder or zip file written
    deleted = Signal(str)  # session id
    opened = Signal(str)  # session id: the replay shows it

    def __init__(self, player_factory=default_player) -> None:
        super().__init__()
        self.store: SessionStore | None = None
        self._list_need = 0  # the list's width with every column whole
        self.sessions: list[SessionSummary] = []
        self.more = False  # older sessions match than the list holds: fetched on scrolling to the end
        self._listing = False  # a refresh is on its way; fetching more waits for it
        self.tasks = TaskRunner(self)
        self._search_pause = QTimer(self)
        self._search_pause.setSingleShot(True)
        self._search_pause.setInterval(SEARCH_PAUSE_MS)
        self._search_pause.timeout.connect(self.refresh)
        layout = QHBoxLayout(self)
        splitter = QSplitter()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search titles and transcripts")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search sessions")
        self.search.textChanged.connect(self._search_pause.start)
        filters.addWidget(self.search, 1)
        self.status_box = QComboBox()
        self.status_box.setAccessibleName("Show sessions")
        for label, value in STATUSES:
            self.status_box.addItem(label, value)
        self.status_box.currentIndexChanged.connect(self.refresh)
        filters.addWidget(self.status_box)
        left_layout.addLayout(filters)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Date", "Interview", "Length", "Status"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setTabKeyNavigation(False)  # Tab leaves the list; the arrows move in it
        self.table.setAccessibleName("Sessions")
        header = self.table.horizontalHeader()
        for column in (0, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._open_selected)
        on_font_change(self.table, self._fit_columns)  # a larger text size needs wider columns
        self.table.verticalScrollBar().valueChanged.connect(self._scrolled)
        left_layout.addWidget(self.table, 1)
        self.more_button = QPushButton("Show older sessions")
        self.more_button.setToolTip("The list shows the newest sessions first; older ones are fetched as you scroll")
        self.more_button.clicked.connect(self.fetch_more)
        self.more_button.hide()
        left_layout.addWidget(self.more_button)
        buttons = QHBoxLayout()
        self.report_button = QPushButton("Report")
        self.report_button.setToolTip("The feedback report of this session")
        self.report_button.clicked.connect(self._report_selected)
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
        splitter.setStretchFactor(0, 0)  # the list keeps the width its columns need; the replay gets the rest
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        self._list_pane, self._list_layout, self._splitter = left, left_layout, splitter
        # The sessions are listed at start-up while another tab is in front: the hidden page's splitter is
        # laid out at its full width only when the page is first shown, with no resize of this page then.
        splitter.installEventFilter(self)
        layout.addWidget(splitter)

    def set_store(self, store) -> None:
        self.store = store
        self.refresh()

    def refresh(self) -> None:
        """Lists the sessions that match the search and the status, off the GUI thread."""
        if self.store is None:
            return
        self._search_pause.stop()
        store, search, status = self.store, self.search.text().strip(), self.status_box.currentData()
        want = max(PAGE, len(self.sessions))  # as many as were shown, so a refresh keeps the scrolled place
        self._listing = True
        # one more than wanted tells whether older sessions are left
        self.tasks.run(
            lambda: store.list(search=search, status=status, limit=want + 1),
            lambda sessions: self._show_sessions(sessions[:want], search, more=len(sessions) > want),
            self._list_failed,
            slot="list",
        )

    def fetch_more(self) -> None:
        """The next page of older sessions, appended below (off the GUI thread)."""
        if not self.more or self._listing or self.store is None:
            return
        store, search, status = self.store, self.search.text().strip(), self.status_box.currentData()
        offset = len(self.sessions)
        self._listing = True
        self.more_button.setEnabled(False)
        self.tasks.run(
            lambda: store.list(search=search, status=status, limit=PAGE + 1, offset=offset),
            lambda page: self._add_sessions(page, offset),
            self._list_failed,
            slot="list",
        )

    def _scrolled(self, value: int) -> None:
        if value >= self.table.verticalScrollBar().maximum() - 2:
            self.fetch_more()

    def _add_sessions(self, page: list[SessionSummary], offset: int) -> None:
        self._listing = False
        if offset != len(self.sessions):
            return  # the list changed meanwhile
        known = {s.id for s in self.sessions}  # a session started meanwhile shifts the pages by one
        fresh = [s for s in page[:PAGE] if s.id not in known]
        self.sessions = self.sessions + fresh
        self._set_more(len(page) > PAGE)
        self.table.blockSignals(True)
        self._fill_rows(offset, fresh)
        self.table.blockSignals(False)

    def _set_more(self, more: bool) -> None:
        self.more = more
        self.more_button.setVisible(more)
        self.more_button.setEnabled(True)

    def _fill_rows(self, first: int, sessions: list[SessionSummary]) -> None:
        self.table.setRowCount(first + len(sessions))
        for row, s in enumerate(sessions, first):
            values = [
                f"{s.started_at.astimezone():%Y-%m-%d %H:%M}",
                s.title,
                clock(s.duration_s),
                status_label(s.status),
            ]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, s.id)
                self.table.setItem(row, column, item)

    def _list_failed(self, exc: BaseException) -> None:
        self._listing = False
        self.more_button.setEnabled(True)
        log.error("listing the sessions failed: %s", exc)
        QMessageBox.warning(self, "Interview Voice", f"The sessions could not be read: {exc}")

    def _show_sessions(self, sessions: list[SessionSummary], search: str = "", more: bool = False) -> None:
        self._listing = False
        selected = self.selected_id()
        self.sessions = sessions
        self._set_more(more)
        self.table.blockSignals(True)
        self.table.clearSelection()  # the selection follows the session, not the row number
        self.table.setRowCount(0)
        self._fill_rows(0, sessions)
        kept = False
        for row, s in enumerate(self.sessions):
            if s.id == selected:
                self.table.selectRow(row)
                kept = True
        if not kept:  # Qt moves the selection to a row left when the chosen one goes: not the user's choice
            self.table.clearSelection()
        self.table.blockSignals(False)
        self._fit_columns()
        for button in (self.report_button, self.export_button, self.delete_button):
            button.setEnabled(self.selected_id() is not None)  # the chosen session may be gone
        self._sync_replay()
        self.listed.emit(search)

    def _sync_replay(self) -> None:
        """The replay shows the selected row's session; with no row selected (filtered out, deleted) it is empty."""
        shown = self.replay.session.id if self.replay.session is not None else None
        selected = self.selected_id()
        if selected == shown:
            return
        if selected is None:
            self.replay.clear()
        else:
            self._open_selected()

    def _fit_columns(self) -> None:
        """The list as wide as its columns, so Length and Status never hide behind a scroll bar."""
        header, table = self.table.horizontalHeader(), self.table
        widths = [max(table.sizeHintForColumn(c), header.sectionSizeHint(c)) for c in range(table.columnCount())]
        widths[1] = min(widths[1], 12 * table.fontMetrics().height())  # long titles are elided, not scrolled
        need = (
            sum(widths)
            + 2 * table.frameWidth()
            + table.verticalScrollBar().sizeHint().width()
            + self._list_layout.contentsMargins().left() * 2
        )
        self._list_need = max(need, self._list_need)
        self._fit_list_pane()

    def _fit_list_pane(self) -> None:
        """The list as wide as its columns need, as long as the replay's controls still fit beside it.
        Its minimum is only what its own search field and buttons need: a minimum of every column
        whole widened the window at 800x600 with larger text (to 866 px at 125 %, cutting off End,
        Settings… and Send on every tab); there the columns scroll instead."""
        if not self._list_need:
            return
        floor = self._list_layout.minimumSize().width()
        if floor != self._list_pane.minimumWidth():
            self._list_pane.setMinimumWidth(floor)
        sizes = self._splitter.sizes()
        total = sum(sizes)
        if total <= 0 or sizes[0] >= self._list_need:
            return
        room = total - self.replay.minimumSizeHint().width()
        width = max(min(self._list_need, room), floor)
        if width > sizes[0]:
            self._splitter.setSizes([width, max(total - width, 1)])

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit_list_pane()  # a wider window gives the list back the width its columns need

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if watched is self._splitter and event.type() == QEvent.Type.Resize:
            # once the splitter has laid its panes out in the new width (it does so after this filter)
            QTimer.singleShot(0, self._fit_list_pane)
        return super().eventFilter(watched, event)

    def selected_id(self) -> str | None:
        items = self.table.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def _open_selected(self) -> None:
        session_id = self.selected_id()
        for button in (self.report_button, self.export_button, self.delete_button):
            button.setEnabled(session_id is not None)
        if session_id and self.store is not None:
            store = self.store
            self.tasks.run(
                lambda: (store.get(session_id), store.attempts_by_turn(session_id)),
                self._show_session,
                self._open_failed,
                slot="open",
            )

    def _show_session(self, loaded: tuple[SessionView | None, dict[int, int]]) -> None:
        session, attempts = loaded
        if session is None or session.id != self.selected_id() or self.store is None:
            return  # deleted meanwhile, or another row was chosen
        self.replay.load(session, self.store.root, attempts)
        self.opened.emit(session.id)

    def _open_failed(self, exc: BaseException) -> None:
        log.error("opening the session failed: %s", exc)
        QMessageBox.warning(self, "Interview Voice", f"The session could not be read: {exc}")

    def _report_selected(self) -> None:
        session_id = self.selected_id()
        if session_id:
            self.report_requested.emit(session_id)

    def export_selected(self, dest: Path | None = None, as_zip: bool = True) -> bool:
        """Asks where (unless dest is given), then writes off the GUI thread; `exported` says where it went."""
        session_id = self.selected_id()
        if not session_id:
            return False
        if dest is None:
            folder = QFileDialog.getExistingDirectory(self, "Export the session into…", str(Path.home()))
            if not folder:
                return False
            dest = Path(folder)
        store = self.store
        if store is None:  # none is listed without one
            return False

        def work() -> Path:
            session = store.get(session_id)
            if session is None:
                raise FileNotFoundError(f"the session {session_id} is no longer stored")
            return export_session(session, store.root, dest, as_zip=as_zip)

        self.export_button.setEnabled(False)
        self.tasks.run(work, self._on_exported, self._export_failed, name="export")
        return True

    def _on_exported(self, target: Path) -> None:
        self.export_button.setEnabled(self.selected_id() is not None)
        self.exported.emit(target)

    def _export_failed(self, exc: BaseException) -> None:
        self.export_button.setEnabled(self.selected_id() is not None)
        if not isinstance(exc, (OSError, RecordingError)):
            log.error("export failed", exc_info=exc)
        QMessageBox.warning(self, "Interview Voice", f"The session could not be exported: {exc}")

    def delete_selected(self, confirm=None) -> bool:
        session_id = self.selected_id()
        if not session_id:
            return False
        summary = next(s for s in self.sessions if s.id == session_id)
        ask = confirm or (lambda text: confirm_destructive(self, "Delete session", text, "Delete"))
        if not ask(
            f"Delete '{summary.title}' of {summary.started_at.astimezone():%Y-%m-%d %H:%M} and its recording? "
            "This cannot be undone."
        ):
            return False
        self.replay.stop()
        store = self.store
        if store is None:  # none is listed without one
            return False
        self.delete_button.setEnabled(False)
        self.tasks.run(
            lambda: store.delete(session_id), lambda _: self._on_deleted(session_id), self._delete_failed, name="delete"
        )
        return True

    def _on_deleted(self, session_id: str) -> None:
        self.refresh()
        self.deleted.emit(session_id)

    def _delete_failed(self, exc: BaseException) -> None:
        self.delete_button.setEnabled(self.selected_id() is not None)
        if not isinstance(exc, (OSError, RecordingError)):
            log.error("delete failed", exc_info=exc)
        QMessageBox.warning(self, "Interview Voice", f"The session could not be deleted: {exc}")
