"""How the window looks to every user: a focus ring you can see, text sizes that follow the system and the setting.

The focus ring is drawn by a proxy over whatever style the desktop gives us, so
buttons keep their native look and only gain a clear outline while they have
the keyboard focus (Fusion's own cue on a push button is a faint tint). The ring is
3 px of blue with a white line inside it: the default button's thin outline (the one
Enter presses) looked the same as a 2 px ring, so the two could not be told apart.

A new text size applies at once: the application's font changes, which every widget
without a font of its own follows; headings (set_relative_font) are sized again from
it, and sizes worked out from the text (on_font_change) are worked out again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QWidget

from interview_voice.settings import MAX_FONT_SCALE, MIN_FONT_SCALE

log = logging.getLogger(__name__)
FOCUS_COLOUR = "#1a5fd0"  # dark enough on white and on the grey of buttons (contrast over 4.5:1)
RING_WIDTH = 3
_SYSTEM_FONT = "interviewVoiceSystemFont"  # an application property: the desktop's font, before scaling
_FACTOR = "interviewVoiceFontFactor"  # a widget property: its font is the application's times this
_RINGED_CONTROLS = {
    QStyle.ControlElement.CE_PushButton,
    QStyle.ControlElement.CE_CheckBox,
    QStyle.ControlElement.CE_RadioButton,
    QStyle.ControlElement.CE_TabBarTab,
}
_RINGED_COMPLEX = {
    QStyle.ComplexControl.CC_ComboBox,
    QStyle.ComplexControl.CC_Slider,
    QStyle.ComplexControl.CC_SpinBox,
    QStyle.ComplexControl.CC_ToolButton,
}


class FocusRingStyle(QProxyStyle):
    """The base style, plus an outline around the control that has the keyboard focus."""

    def drawControl(self, element, option, painter, widget=None) -> None:  # noqa: N802 (Qt's name)
        super().drawControl(element, option, painter, widget)
        if element in _RINGED_CONTROLS and option.state & QStyle.StateFlag.State_HasFocus:
            self._ring(painter, QRectF(option.rect))

    def drawComplexControl(self, control, option, painter, widget=None) -> None:  # noqa: N802
        super().drawComplexControl(control, option, painter, widget)
        if control in _RINGED_COMPLEX and option.state & QStyle.StateFlag.State_HasFocus:
            self._ring(painter, QRectF(option.rect))

    def drawPrimitive(self, element, option, painter, widget=None) -> None:  # noqa: N802
        if element == QStyle.PrimitiveElement.PE_FrameFocusRect:
            self._ring(painter, QRectF(option.rect))  # item views, tabs and labels of check boxes
            return
        super().drawPrimitive(element, option, painter, widget)
        if (
            element in (QStyle.PrimitiveElement.PE_FrameLineEdit, QStyle.PrimitiveElement.PE_Frame)
            and option.state & QStyle.StateFlag.State_HasFocus
        ):
            self._ring(painter, QRectF(option.rect))  # text fields and lists: the frame itself turns blue

    @staticmethod
    def _ring(painter: QPainter, rect: QRectF) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(QColor(FOCUS_COLOUR), RING_WIDTH))
        half = RING_WIDTH / 2
        painter.drawRoundedRect(rect.adjusted(half, half, -half, -half), 3, 3)
        painter.setPen(QPen(QColor("white"), 1))  # the gap that sets it apart from a plain outline
        inner = RING_WIDTH + 0.5
        painter.drawRoundedRect(rect.adjusted(inner, inner, -inner, -inner), 2, 2)
        painter.restore()


def clamp_scale(scale: Any) -> float:
    """The text size as the dialog offers it: a hand-written 2 is 2.0; nonsense is the system's size."""
    try:
        value = float(scale)
    except (TypeError, ValueError):
        return 1.0
    if value != value:  # NaN
        return 1.0
    return min(max(value, MIN_FONT_SCALE), MAX_FONT_SCALE)


def apply_appearance(app: QApplication, font_scale: object = 1.0) -> None:
    """The focus ring, and the system's font scaled by the user's setting (1.0 = as the system says)."""
    if not isinstance(app.style(), FocusRingStyle):
        app.setStyle(FocusRingStyle(app.style().name()))
    apply_font_scale(app, font_scale)


def system_font(app: QApplication) -> QFont:
    """The font the desktop gave the application, kept from the first call (before any scaling)."""
    kept = app.property(_SYSTEM_FONT)
    if not isinstance(kept, QFont):
        kept = QFont(app.font())
        app.setProperty(_SYSTEM_FONT, kept)
    return QFont(kept)


def apply_font_scale(app: QApplication, font_scale: object) -> None:
    """Set the text size now: every open window and dialog follows, headings keep their proportion."""
    scale = clamp_scale(font_scale)
    font = system_font(app)
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * scale)
    elif font.pixelSize() > 0:  # some desktops give the size in pixels
        font.setPixelSize(max(1, round(font.pixelSize() * scale)))
    if font == app.font():
        return
    app.setFont(font)  # widgets without a font of their own follow, and get a FontChange event
    for widget in app.allWidgets():  # those with one (headings) are sized again from the new font
        factor = widget.property(_FACTOR)
        if isinstance(factor, float):
            widget.setFont(relative_font(factor, widget.font().bold()))
        elif widget.styleSheet():  # a style sheet fixes the font it was polished with: polish again
            widget.setStyleSheet(widget.styleSheet())
    log.info("text size %.0f %% of the system's", scale * 100)


def relative_font(factor: float, bold: bool = False) -> QFont:
    """A heading's font: the application's (already scaled) font times a factor, never a fixed size."""
    font = QFont(QApplication.font())
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * factor)
    else:
        font.setPixelSize(max(1, round(font.pixelSize() * factor)))
    font.setBold(bold)
    return font


def set_relative_font(widget: QWidget, factor: float, bold: bool = False) -> None:
    """Give a heading its font, and keep it in proportion when the text size changes."""
    widget.setProperty(_FACTOR, float(factor))
    widget.setFont(relative_font(factor, bold))


def on_font_change(widget: QWidget, callback: Callable[[], None]) -> None:
    """Call back when the widget's font changes (sizes worked out from the text size are worked out again)."""
    widget.installEventFilter(_FontFollower(widget, callback))


class _FontFollower(QObject):
    def __init__(self, parent: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(parent)
        self.callback = callback

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.FontChange:
            self.callback()
        return False
