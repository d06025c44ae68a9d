"""How the window looks to every user: a focus ring you can see, text sizes that follow the system.

The focus ring is drawn by a proxy over whatever style the desktop gives us, so
buttons keep their native look and only gain a clear 2 px outline while they have
the keyboard focus (Fusion's own cue on a push button is a faint tint).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle

log = logging.getLogger(__name__)
FOCUS_COLOUR = "#1a5fd0"   # dark enough on white and on the grey of buttons (contrast over 4.5:1)
FONT_SCALE_RANGE = (0.75, 2.5)
_RINGED_CONTROLS = {QStyle.CE_PushButton, QStyle.CE_CheckBox, QStyle.CE_RadioButton, QStyle.CE_TabBarTab}
_RINGED_COMPLEX = {QStyle.CC_ComboBox, QStyle.CC_Slider, QStyle.CC_SpinBox, QStyle.CC_ToolButton}


class FocusRingStyle(QProxyStyle):
    """The base style, plus an outline around the control that has the keyboard focus."""

    def drawControl(self, element, option, painter, widget=None) -> None:  # noqa: N802 (Qt's name)
        super().drawControl(element, option, painter, widget)
        if element in _RINGED_CONTROLS and option.state & QStyle.State_HasFocus:
            self._ring(painter, QRectF(option.rect))

    def drawComplexControl(self, control, option, painter, widget=None) -> None:  # noqa: N802
        super().drawComplexControl(control, option, painter, widget)
        if control in _RINGED_COMPLEX and option.state & QStyle.State_HasFocus:
            self._ring(painter, QRectF(option.rect))

    def drawPrimitive(self, element, option, painter, widget=None) -> None:  # noqa: N802
        if element == QStyle.PE_FrameFocusRect:
            self._ring(painter, QRectF(option.rect))   # item views, tabs and labels of check boxes
            return
        super().drawPrimitive(element, option, painter, widget)
        if element in (QStyle.PE_FrameLineEdit, QStyle.PE_Frame) and option.state & QStyle.State_HasFocus:
            self._ring(painter, QRectF(option.rect))   # text fields and lists: the frame itself turns blue

    @staticmethod
    def _ring(painter: QPainter, rect: QRectF) -> None:
        painter.save()
        painter.setRenderHint(QPainter.Antialiasing)
        painter.setPen(QPen(QColor(FOCUS_COLOUR), 2))
        painter.setBrush(Qt.NoBrush)
        painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), 3, 3)
        painter.restore()


def clamp_scale(scale: object) -> float:
    try:
        value = float(scale)   # a hand-written 2 is as good as 2.0
    except (TypeError, ValueError):
        return 1.0
    return min(max(value, FONT_SCALE_RANGE[0]), FONT_SCALE_RANGE[1])


def apply_appearance(app: QApplication, font_scale: object = 1.0) -> None:
    """The focus ring, and the system's font scaled by the user's setting (1.0 = as the system says)."""
    if not isinstance(app.style(), FocusRingStyle):
        app.setStyle(FocusRingStyle(app.style().name()))
    scale = clamp_scale(font_scale)
    if scale != 1.0:
        font = QFont(app.font())
        font.setPointSizeF(font.pointSizeF() * scale)
        app.setFont(font)
        log.info("text size %.0f %% of the system's (%.1f pt)", scale * 100, font.pointSizeF())


def relative_font(factor: float, bold: bool = False) -> QFont:
    """A heading's font: the application's (already scaled) font times a factor, never a fixed size."""
    font = QFont(QApplication.font())
    font.setPointSizeF(max(font.pointSizeF(), 1.0) * factor)
    font.setBold(bold)
    return font
