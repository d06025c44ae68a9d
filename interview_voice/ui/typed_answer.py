"""The typed answer: a box under the question with Send (Ctrl+Enter).

Typing stops the listening for that answer; the text stays in the box, read-only, until the runner
has taken it, so an answer sent as the session ends is never lost.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QPlainTextEdit, QPushButton, QWidget

from interview_voice.ui.appearance import on_font_change

SEND_KEY = "Ctrl+Return"
TYPING_PAUSE_MS = 700  # typing stopped this long: what is written so far is read ahead by the model


class TypedAnswerBox(QWidget):
    """The typed answer: emits typing_started / typing_stopped as text appears and is cleared, sent(text) on Send."""

    typing_started = Signal()
    typing_stopped = Signal()
    sent = Signal(str)
    typed_so_far = Signal(str)  # after a pause in typing: the model may read it ahead

    def __init__(self) -> None:
        super().__init__()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.edit = QPlainTextEdit()
        self.edit.setAccessibleName("Typed answer")
        self.edit.setPlaceholderText("Or type your answer here instead of speaking (Ctrl+Enter sends it)")
        self.edit.setTabChangesFocus(True)  # Tab moves on to Send, as everywhere else
        self._fit_height()
        on_font_change(self.edit, self._fit_height)
        row.addWidget(self.edit, 1)
        self.send_button = QPushButton("Send")
        self.send_button.setToolTip("Send the typed answer (Ctrl+Enter)")
        self.send_button.setAccessibleName("Send typed answer")
        row.addWidget(self.send_button, 0, Qt.AlignmentFlag.AlignTop)
        # Ctrl+Enter is the window's "I'm done" (ui/shortcuts.py), which sends what is typed: a second
        # shortcut on the same keys here would make both ambiguous, and neither would fire
        self.send_button.clicked.connect(lambda: self.send())  # not clicked(bool)
        self.edit.textChanged.connect(self._changed)
        self._pause = QTimer(self, singleShot=True, interval=TYPING_PAUSE_MS)
        self._pause.timeout.connect(self._typing_paused)
        self._typing = False
        self._waiting = False  # sent, not yet taken by the interview
        self.set_running(False)

    def _changed(self) -> None:
        if self._waiting:
            return
        has_text = bool(self.edit.toPlainText().strip())
        if has_text and not self._typing:
            self._typing = True
            self.typing_started.emit()
        elif not has_text and self._typing:
            self._typing = False
            self.typing_stopped.emit()
        self.send_button.setEnabled(self.edit.isEnabled() and has_text)
        if self._typing:
            self._pause.start()

    def _typing_paused(self) -> None:
        if self._typing:
            self.typed_so_far.emit(self.edit.toPlainText())

    def send(self) -> None:
        text = self.edit.toPlainText().strip()
        if not text or self._waiting or not self.edit.isEnabled():
            return
        self._typing, self._waiting = False, True
        self._pause.stop()
        self.edit.setReadOnly(True)
        self.send_button.setEnabled(False)
        self.send_button.setText("Sent")
        self.sent.emit(text)

    def taken(self) -> None:
        """The interview has the answer: the box is free for the next one."""
        self._waiting = False
        self.edit.setReadOnly(False)
        self.edit.clear()
        self.send_button.setText("Send")
        self.send_button.setEnabled(False)

    def is_typing(self) -> bool:
        """Text is in the box (being typed, or sent and not yet taken)."""
        return self._typing or self._waiting

    def _fit_height(self) -> None:
        self.edit.setFixedHeight(self.edit.fontMetrics().lineSpacing() * 2 + 14)  # it scrolls beyond two lines

    def set_running(self, running: bool) -> None:
        """Usable during an interview; afterwards an answer that was not taken stays, editable, in the box."""
        self.edit.setEnabled(running)
        if not running:
            self._typing, self._waiting = False, False
            self.edit.setReadOnly(False)
            self.send_button.setText("Send")
        self.send_button.setEnabled(running and bool(self.edit.toPlainText().strip()))
