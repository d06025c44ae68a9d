"""Who spoke when: interviewer turns by persona colour, the candidate's answers, events, the playhead."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPolygonF
from PySide6.QtWidgets import QToolTip, QWidget

PERSONA_COLOURS = ["#2f5d9e", "#8e44ad", "#c0692b", "#16808a", "#9e2f5d"]
CANDIDATE_COLOUR = "#2e9d5b"
EVENT_COLOUR = "#c0392b"


@dataclass(frozen=True)
class Block:
    start: float
    end: float
    speaker: str  # candidate | interviewer
    persona: str
    interrupted: bool
    silent: bool = False  # an answer with no words: the time is shown faint, not as speech


class TimelineView(QWidget):
    seek_requested = Signal(float)

    def __init__(self) -> None:
        super().__init__()
        self.setMinimumHeight(64)
        self.setAccessibleName("Session timeline")
        self.blocks: list[Block] = []
        self.events: list[tuple[float, str]] = []  # (seconds, what happened, in words): the red marks
        self.duration = 1.0
        self.position = 0.0
        self.colours: dict[str, QColor] = {}

    def set_session(self, blocks: list[Block], events: list[tuple[float, str]], duration: float) -> None:
        self.blocks, self.events, self.duration = blocks, events, max(duration, 0.1)
        personas = sorted({b.persona for b in blocks if b.speaker == "interviewer"})
        self.colours = {p: QColor(PERSONA_COLOURS[i % len(PERSONA_COLOURS)]) for i, p in enumerate(personas)}
        self.update()

    def set_position(self, seconds: float) -> None:
        self.position = seconds
        self.update()

    def _x(self, seconds: float) -> float:
        return 8 + (self.width() - 16) * seconds / self.duration

    def event_near(self, x: float) -> str | None:
        """The words of the event mark nearest x (within 6 px), for its tooltip."""
        near = [(abs(self._x(at) - x), text) for at, text in self.events if abs(self._x(at) - x) <= 6]
        return min(near)[1] if near else None

    def event(self, event) -> bool:  # noqa: A003 (Qt's name)
        if event.type() == QEvent.Type.ToolTip:
            text = self.event_near(event.pos().x())  # a QHelpEvent
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def mousePressEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        seconds = (event.position().x() - 8) / max(self.width() - 16, 1) * self.duration
        self.seek_requested.emit(max(0.0, min(self.duration, seconds)))

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#f7f8fa"))
        rows = {"interviewer": QRectF(0, 10, 0, 18), "candidate": QRectF(0, 34, 0, 18)}
        for block in self.blocks:
            row = rows[block.speaker]
            colour = QColor(CANDIDATE_COLOUR if block.speaker == "candidate" else self.colours.get(block.persona))
            if block.silent:
                colour.setAlpha(60)
            rect = QRectF(
                self._x(block.start), row.top(), max(2.0, self._x(block.end) - self._x(block.start)), row.height()
            )
            painter.fillRect(rect, colour)
            if block.interrupted:
                painter.fillRect(QRectF(rect.right() - 3, rect.top(), 3, rect.height()), QColor(EVENT_COLOUR))
        painter.setBrush(QColor(EVENT_COLOUR))
        painter.setPen(Qt.PenStyle.NoPen)
        for at, _kind in self.events:
            x = self._x(at)
            painter.drawPolygon(QPolygonF([QPointF(x - 4, 56), QPointF(x + 4, 56), QPointF(x, 62)]))
        painter.setPen(QColor("#1b1f24"))
        x = self._x(self.position)
        painter.drawLine(QPointF(x, 4), QPointF(x, 60))
