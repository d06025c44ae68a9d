"""The window's keyboard shortcuts: one table, used both to bind them and to show them.

Space ends an answer only while the focus is not on a control: a focused button,
box or text field keeps Space for itself (pressing it, typing a space). Ctrl+Enter
ends an answer wherever the focus is.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTableWidget,
    QTableWidgetItem,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Shortcut:
    action: str  # what the window binds it to
    keys: tuple[str, ...]  # portable key sequences, e.g. "Ctrl+Return"
    what: str  # shown in the help sheet and tooltips
    where: str = "Anywhere"
    also: tuple[str, ...] = ()  # bound too, not listed: the keypad's Enter beside Return


SHORTCUTS: tuple[Shortcut, ...] = (
    Shortcut(
        "done",
        ("Ctrl+Return", "Space"),
        "I'm done: end your answer (sends a typed one)",
        "During an interview (Space when no button, list or text box has the focus)",
        also=("Ctrl+Enter",),
    ),
    Shortcut("repeat", ("R",), "Hear the question again", "While you answer (in the answer box, R is typed)"),
    Shortcut("start", ("Ctrl+N",), "Start the interview"),
    Shortcut("end", ("Ctrl+Shift+E",), "End the interview early (what was said is kept)"),
    Shortcut("resume", ("Ctrl+Shift+R",), "Your resume and the job description"),
    Shortcut("settings", ("Ctrl+,",), "Settings: microphone, speakers, voice, models, the pause, your data"),
    Shortcut("tab-interview", ("Ctrl+1",), "Go to the Interview tab"),
    Shortcut("tab-report", ("Ctrl+2",), "Go to the Report tab"),
    Shortcut("tab-history", ("Ctrl+3",), "Go to the History tab"),
    Shortcut("tab-progress", ("Ctrl+4",), "Go to the Progress tab"),
    Shortcut("tab-compare", ("Ctrl+5",), "Go to the Answer again tab"),
    Shortcut("find", ("Ctrl+F",), "Search your sessions", "History"),
    Shortcut("play", ("Ctrl+P",), "Play or pause the replay", "History"),
    Shortcut("delete", ("Delete",), "Delete the chosen session (asks first)", "History, in the list of sessions"),
    Shortcut("help", ("F1",), "Show these keyboard shortcuts"),
)
BY_ACTION = {s.action: s for s in SHORTCUTS}


def keys_text(action: str) -> str:
    """The keys of an action as the user's platform writes them, e.g. "Ctrl+N"."""
    return " or ".join(QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText) for k in BY_ACTION[action].keys)


def with_keys(text: str, action: str) -> str:
    """A tooltip that names the action's keys."""
    return f"{text} ({keys_text(action)})"


def is_text_or_control(widget: QWidget | None) -> bool:
    """A widget that uses Space itself: buttons press, boxes open, lists select, fields type."""
    if widget is None:
        return False
    if isinstance(widget, (QTextEdit, QPlainTextEdit)):
        return not widget.isReadOnly()
    return isinstance(
        widget, (QAbstractButton, QComboBox, QLineEdit, QAbstractItemView, QAbstractSlider, QAbstractSpinBox, QTabBar)
    )


def bind(
    parent: QWidget,
    action: str,
    slot: Callable[[], object],
    context: Qt.ShortcutContext = Qt.ShortcutContext.WindowShortcut,
) -> list[QShortcut]:
    """Binds every key of an action from the table; Space gets the focus rule above."""
    bound = []
    shortcut_of = BY_ACTION[action]
    for key in shortcut_of.keys + shortcut_of.also:
        shortcut = QShortcut(QKeySequence(key), parent, context=context)
        shortcut.activated.connect(slot)
        if key == "Space":
            SpaceGuard(shortcut)
        bound.append(shortcut)
    return bound


class SpaceGuard(QObject):
    """Keeps a Space shortcut off while the focus is on a control that uses Space."""

    def __init__(self, shortcut: QShortcut) -> None:
        super().__init__(shortcut)
        self.shortcut = shortcut
        app = cast(QApplication, QApplication.instance())
        app.focusChanged.connect(self._focus_changed)
        self._focus_changed(None, app.focusWidget())

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        self.shortcut.setEnabled(not is_text_or_control(new))


class ShortcutsDialog(QDialog):
    """The help sheet (F1): every shortcut of the table, where it works."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Everything in Interview Voice works from the keyboard. Tab and Shift+Tab move between "
            "controls, Space or Enter presses the focused button, and these keys work too:"
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(len(SHORTCUTS), 3)
        self.table.setAccessibleName("Keyboard shortcuts")
        self.table.setHorizontalHeaderLabels(["Keys", "Action", "Where"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(True)
        for row, shortcut in enumerate(SHORTCUTS):
            for column, text in enumerate((keys_text(shortcut.action), shortcut.what, shortcut.where)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(720, 460)
