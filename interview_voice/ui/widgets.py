"""Small widgets of the interview screen."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QProgressBar, QTextBrowser

from interview_voice.records import TurnRecord, empty_answer_text, is_typed


class LevelMeter(QProgressBar):
    """Microphone level, green while the VAD hears speech."""

    def __init__(self) -> None:
        super().__init__()
        self.setRange(0, 100)
        self.setTextVisible(False)
        self.setFixedHeight(14)
        self.setAccessibleName("Microphone level")
        self.set_level(0.0, False)

    def set_level(self, rms: float, speaking: bool) -> None:
        colour = "#2e9d5b" if speaking else "#8a94a6"
        self.setStyleSheet(f"QProgressBar {{ border: 1px solid #c5cad3; border-radius: 6px; background: #f1f3f6; }}"
                           f"QProgressBar::chunk {{ background: {colour}; border-radius: 5px; }}")
        self.setValue(int(max(0.0, min(1.0, rms)) * 100))


class Banner(QLabel):
    """A message across the window: errors and notices the user must see."""

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.hide()

    def show_message(self, text: str, kind: str = "error") -> None:
        colours = {"error": ("#fdecea", "#8a1c12"), "info": ("#e8f1fd", "#123e7a")}
        bg, fg = colours[kind]
        self.setStyleSheet(f"background: {bg}; color: {fg}; padding: 10px; border-radius: 6px;")
        self.setText(text)
        self.show()


class TranscriptView(QTextBrowser):
    """The conversation so far, one paragraph per turn."""

    def __init__(self, interviewer_name: str = "Interviewer") -> None:
        super().__init__()
        self.interviewer_name = interviewer_name
        self.setAccessibleName("Transcript")
        self.setPlaceholderText("The conversation will appear here.")
        self._turns: list[TurnRecord] = []
        self._partials: dict[int, str] = {}

    def clear_turns(self) -> None:
        self._turns = []
        self._partials = {}
        self.clear()

    def set_partial(self, turn: TurnRecord, text: str) -> None:
        """Live words of an answer in progress, until its final transcript replaces them."""
        if not turn.ended_ms:
            self._partials[turn.index] = text
            self._render()

    def upsert(self, turn: TurnRecord) -> None:
        """Show a turn, or its newer copy (events carry copies taken when they happened)."""
        for i, shown in enumerate(self._turns):
            if shown.index == turn.index:
                self._turns[i] = turn
                break
        else:
            self._turns.append(turn)
        self._render()

    def _render(self) -> None:
        parts = []
        for t in self._turns:
            if t.speaker == "candidate":
                who, colour = ("You (typed)" if is_typed(t.end_reason) else "You"), "#1f6f43"
                partial = self._partials.get(t.index)
                if t.text:
                    text = html.escape(t.text)
                elif t.ended_ms:
                    text = f"<i>{empty_answer_text(t.end_reason)}</i>"
                elif partial:
                    text = f'<i style="color:#5b6472">{html.escape(partial)}…</i>'
                else:
                    text = "<i>(listening…)</i>"
            else:
                who, colour = t.persona or self.interviewer_name, "#1d3f72"
                text = html.escape(f"{t.ack_text} {t.text}" if t.ack_text else t.text)  # the ack was said too
            parts.append(f'<p><b style="color:{colour}">{who}:</b> {text}</p>')
        self.setHtml("".join(parts))
        self.verticalScrollBar().setValue(self.verticalScrollBar().maximum())

    @property
    def turns(self) -> list[TurnRecord]:
        return list(self._turns)
