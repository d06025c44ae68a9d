"""A Qt application for drawing without a window (a report's charts and PDF pages): offscreen, made once.

Qt draws text and images only once an application object exists; a command that draws shows
no window and needs no display.
"""

from __future__ import annotations

import os

from PySide6.QtGui import QGuiApplication

_kept: list[QGuiApplication] = []  # the application lives as long as the process


def drawing_application() -> QGuiApplication:
    app = QGuiApplication.instance()
    if isinstance(app, QGuiApplication):
        return app
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _kept.append(QGuiApplication([]))
    return _kept[0]
