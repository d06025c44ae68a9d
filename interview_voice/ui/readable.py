"""Layout that holds from 800x600 to 4K: windows that fit the screen, text columns that stay readable.

Widths are given in ems (the height of a line of the application's font), so they
follow the text size setting and the screen's scaling together.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFontMetrics, QGuiApplication
from PySide6.QtWidgets import QApplication, QHBoxLayout, QSizePolicy, QWidget


def em() -> int:
    """The height of a line of text in the application's font, in device-independent pixels."""
    return QFontMetrics(QApplication.font()).height()


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
    content.setMaximumWidth(int(max_ems * em()))
    # with an alignment a layout gives a widget its size hint, unless the widget asks to expand
    content.setSizePolicy(QSizePolicy.Expanding, content.sizePolicy().verticalPolicy())
    row.addWidget(content, 1, Qt.AlignHCenter)
    return page
