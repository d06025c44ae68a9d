"""The panel on screen: each panelist's name and role, who is speaking, who is next, and the phase
(introductions, the presentation with its time left, Q&A, closing). One compact row, fed by the
session's events; shown only when the plan has a panel (two or more interviewers)."""

from __future__ import annotations

import html
import logging
import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy

from interview_voice.records import FloorChanged, TurnKind, TurnRecord
from interview_voice.ui.timeline import PERSONA_COLOURS

log = logging.getLogger(__name__)
MIN_ROLE_WIDTH = 90  # px: a role is never elided below this (the full role is in the tooltip)
CHIP_CHROME = 24  # px a chip adds around its text: padding 6, a border up to 2 and the label's own 2, each side
YOU = "You"


def role_widths(wanted: list[int], room: int, least: int = MIN_ROLE_WIDTH) -> list[int]:
    """Each role's width in px: every role in full when they fit in room; otherwise the roles shorter
    than an equal share keep their full width and the longer ones share what is left equally
    (never below least)."""
    widths = list(wanted)
    left, longer = room, sorted(range(len(wanted)), key=lambda i: wanted[i])
    while longer:
        share = left // len(longer)
        if wanted[longer[0]] > share:
            for i in longer:
                widths[i] = max(least, share)
            break
        left -= wanted[longer[0]]
        longer.pop(0)
    return widths


def _clock(seconds: float) -> str:
    seconds = int(abs(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


class PanelView(QFrame):
    def __init__(self) -> None:
        super().__init__()
        self.setAccessibleName("Interview panel")
        self.setObjectName("panel")
        self.setStyleSheet("#panel { background: #f7f8fa; border: 1px solid #e1e4e8; border-radius: 8px; }")
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(8, 6, 8, 6)
        self._row.setSpacing(6)
        self.phase_label = QLabel("")
        self.phase_label.setAccessibleName("Interview phase")
        self.phase_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.phase_label.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Preferred)
        self.chips: dict[str, QLabel] = {}
        self.has_panel = False
        self.roles: dict[str, str] = {}
        self.speaking: str | None = None
        self.next_up: str | None = None
        self.phase = ""
        self._phase_width = 0  # px of the phase when the roles were last fitted
        self._presentation_started: float | None = None
        self._presentation_budget = 0.0
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._tick)
        self.hide()

    # the session ---------------------------------------------------------------------------
    def follow(self, bridge) -> None:
        """Take the session's events from the window's SessionBridge."""
        bridge.turn_started.connect(self.on_turn_started)
        bridge.floor.connect(self.on_floor)
        bridge.saved.connect(self.stop)

    def start(self, personas: list[tuple[str, str]]) -> None:
        """A new interview with these (name, role) panelists; hidden for a single interviewer."""
        while self._row.count():
            item = self._row.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None and widget is not self.phase_label:
                widget.deleteLater()
        self.chips, self.roles = {}, dict(personas)
        self.speaking = self.next_up = None
        self._presentation_started = None
        self._timer.stop()
        for i, (name, role) in enumerate(personas):
            chip = QLabel()
            chip.setTextFormat(Qt.TextFormat.RichText)
            chip.setToolTip(f"{name}, {role}")
            chip.setProperty("colour", PERSONA_COLOURS[i % len(PERSONA_COLOURS)])
            self.chips[name] = chip
            self._row.addWidget(chip)
        self._row.addStretch(1)
        self._row.addWidget(self.phase_label)
        self.phase = "Introductions"
        self._refresh()
        self.has_panel = len(personas) >= 2
        self.setVisible(self.has_panel)

    def on_turn_started(self, turn: TurnRecord) -> None:
        if turn.speaker == "interviewer":
            self.speaking = turn.persona
            self.next_up = None if turn.kind == TurnKind.CLOSING else YOU
            if turn.kind == TurnKind.CLOSING:
                self._end_presentation()
                self.phase = "Closing"
            elif self.phase == "Presentation" and turn.kind not in ("interjection", "cut_in"):
                self._end_presentation()
                self.phase = "Q&A"  # the presentation is over: the panel's questions
        else:
            self.speaking = YOU
        self._refresh()

    def on_floor(self, event: FloorChanged) -> None:
        """The candidate has the floor: who speaks next, and whether it is the presentation."""
        self.speaking = YOU
        self.next_up = event.next_persona
        if event.presenting:
            if self._presentation_started is None:
                self._presentation_started, self._presentation_budget = time.monotonic(), event.budget_s
                self._timer.start()
            self.phase = "Presentation"
        elif self.phase in ("Introductions", "Presentation"):
            self._end_presentation()
            self.phase = "Q&A" if self._presentation_budget else "Questions"
        self._refresh()

    def stop(self) -> None:
        self._timer.stop()
        self.speaking = self.next_up = None
        self._refresh()

    # showing it ----------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        if self.chips:
            self._refresh()  # the roles get the room there is

    def _end_presentation(self) -> None:
        self._timer.stop()

    def presentation_left_s(self) -> float | None:
        if self._presentation_started is None or not self._timer.isActive():
            return None
        return self._presentation_budget - (time.monotonic() - self._presentation_started)

    def _role_room(self) -> int:
        """The px of the row left for the roles' text, past the margins, the gaps, the chips' padding and
        the phase as it is shown now."""
        margins = self._row.contentsMargins()
        gaps = self._row.spacing() * (len(self.chips) + 1)  # between the chips, the stretch and the phase
        self._phase_width = self.phase_label.sizeHint().width()
        return (
            self.contentsRect().width()
            - margins.left()
            - margins.right()
            - gaps
            - self._phase_width
            - CHIP_CHROME * len(self.chips)
        )

    def _refresh(self) -> None:
        self._show_phase()
        metrics = QFontMetrics(self.font())
        roles = [self.roles.get(name, "") for name in self.chips]
        widths = role_widths([metrics.horizontalAdvance(r) for r in roles], self._role_room())
        for (name, chip), full, width in zip(self.chips.items(), roles, widths):
            role = (
                full
                if width >= metrics.horizontalAdvance(full)
                else metrics.elidedText(full, Qt.TextElideMode.ElideRight, width)
            )
            colour = chip.property("colour")
            state = "speaking" if name == self.speaking else "next" if name == self.next_up else ""
            tag = {
                "speaking": f" <span style='color:{colour}'>● speaking</span>",
                "next": " <span style='color:#5b6472'>○ next</span>",
            }.get(state, "")
            chip.setText(f"<b>{html.escape(name)}</b>{tag}<br><span style='color:#5b6472'>{html.escape(role)}</span>")
            border = (
                f"2px solid {colour}"
                if state == "speaking"
                else "1px dashed #8a929c"
                if state == "next"
                else "1px solid #e1e4e8"
            )
            chip.setStyleSheet(
                f"QLabel {{ background: white; border: {border}; border-radius: 6px; padding: 2px 6px; }}"
            )
            chip.setAccessibleName(f"{name}, {self.roles.get(name, '')}" + (f", {state}" if state else ""))

    def _tick(self) -> None:
        """The talk timer's second: the roles make room again if the phase's text grew or shrank."""
        self._show_phase()
        if self.chips and self.phase_label.sizeHint().width() != self._phase_width:
            self._refresh()

    def _show_phase(self) -> None:
        left = self.presentation_left_s() if self.phase == "Presentation" else None
        detail = ""
        if left is not None:
            detail = f"Your talk: {_clock(left)} left" if left >= 0 else f"Your talk: {_clock(left)} over time"
        elif self.speaking == YOU:
            detail = "You have the floor"
        colour = "#c0392b" if left is not None and left < 0 else "#1b1f24"
        self.phase_label.setText(
            f"<b>{self.phase}</b>" + (f"<br><span style='color:{colour}'>{detail}</span>" if detail else "")
        )
        self.phase_label.setAccessibleDescription(f"{self.phase}, {detail}" if detail else self.phase)
