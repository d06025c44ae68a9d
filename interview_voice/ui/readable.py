"""Layout that holds from 800x600 to 4K: windows that fit the screen, text columns that stay readable.

Widths are given in ems (the height of a line of the application's font), so they
follow the text size setting and the screen's scaling together.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize
from PySide6.QtGui import QFontMetrics, QGuiApplication
from PySide6.QtWidgets import QApplication, QHBoxLayout, QTextEdit, QWidget

from interview_voice.ui.appearance import on_font_change


def em() -> int:
    """The height of a line of text in the application's font, in device-independent pixels."""
    return QFontMetrics(QApplication.font()).height()


def at_most_ems_wide(widget: QWidget, max_ems: float) -> None:
    """The widget at most max_ems wide, now and after the text size changes."""
    widget.setMaximumWidth(int(max_ems * em()))
    on_font_change(widget, lambda: widget.setMaximumWidth(int(max_ems * em())))


def fitting_size(width: int, height: int) -> QSize:
    """A window's first size: the wished one, or the screen's available area when that is smaller."""
    screen = QGuiApplication.primaryScreen()
    if screen is None:
        return QSize(width, height)
    available = screen.availableGeometry()
    return QSize(min(width, available.width()), min(height, available.height()))


def centred(content: QWidget, max_ems: float) -> QWidget:
    """content at most max_ems wide, centred in a page that fills whatever room there is."""
    page = QWidget()
    row = QHBoxLayout(page)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(0)
    at_most_ems_wide(content, max_ems)
    # the content takes nearly all the room up to its maximum; past it, the two sides share the rest
    row.addStretch(1)
    row.addWidget(content, 100)
    row.addStretch(1)
    return page


class LineLength(QObject):
    """Keeps a text view's lines at most max_ems long: wider views leave the rest blank, narrower ones wrap."""

    def __init__(self, edit: QTextEdit, max_ems: float) -> None:
        super().__init__(edit)
        self.edit, self.max_ems = edit, max_ems
        self.max_px = int(max_ems * em())
        edit.viewport().installEventFilter(self)  # the viewport's size is the room the text has
        on_font_change(edit, self._refit)

    def _refit(self) -> None:
        self.max_px = int(self.max_ems * em())
        self._wrap()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Resize:
            self._wrap()
        return False

    def _wrap(self) -> None:
        if self.edit.viewport().width() > self.max_px:
            self.edit.setLineWrapMode(QTextEdit.LineWrapMode.FixedPixelWidth)
            self.edit.setLineWrapColumnOrWidth(self.max_px)
        else:
            self.edit.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
