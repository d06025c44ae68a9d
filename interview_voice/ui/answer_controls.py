"""The interview screen's ways to answer besides speaking, and what the interviewer says on screen.

- A typed answer: a box under the question with Send (Ctrl+Enter). Typing stops the listening
  for that answer; the text stays in the box, read-only, until the runner has taken it, so an
  answer sent as the session ends is never lost.
- Repeat the question: a button and the R key, while an answer is being listened to.
- Captions: each sentence the interviewer (or a panelist) says, acknowledgements included, as it is said.
- A check-in after a long silence, and a clear note when a question was skipped for want of an answer.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from interview_voice.core.check_in import NUDGE_LINE
from interview_voice.records import Caption, TurnRecord, is_typed
from interview_voice.ui.appearance import on_font_change

log = logging.getLogger(__name__)
REPEAT_KEY = "R"
SEND_KEY = "Ctrl+Return"
TYPING_PAUSE_MS = 700  # typing stopped this long: what is written so far is read ahead by the model
SKIPPED_NOTICE = ("No answer was heard, so the interviewer moved on to the next question. It is saved as "
                  "unanswered; you can answer it again from History.")
NUDGE_NOTICE = f"{NUDGE_LINE} You can also type your answer below."


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
        row.addWidget(self.send_button, 0, Qt.AlignTop)
        # Ctrl+Enter is the window's "I'm done" (ui/shortcuts.py), which sends what is typed: a second
        # shortcut on the same keys here would make both ambiguous, and neither would fire
        self.send_button.clicked.connect(lambda: self.send())  # not clicked(bool)
        self.edit.textChanged.connect(self._changed)
        self._pause = QTimer(self, singleShot=True, interval=TYPING_PAUSE_MS)
        self._pause.timeout.connect(lambda: self._typing and self.typed_so_far.emit(self.edit.toPlainText()))
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


class AnswerControls:
    """Mixed into MainWindow (which has runner, bridge, question_label, status_label): builds and wires
    the typed answer, the repeat button, the captions and the check-in notice."""

    def _add_captions(self, layout: QVBoxLayout) -> None:
        self.caption_label = QLabel("")
        self.caption_label.setAccessibleName("Caption: what the interviewer is saying")
        self.caption_label.setWordWrap(True)
        self.caption_label.setStyleSheet("color: #1d3f72; font-style: italic;")
        self.caption_label.hide()
        layout.addWidget(self.caption_label)
        self.notice_label = QLabel("")
        self.notice_label.setAccessibleName("Notice")
        self.notice_label.setWordWrap(True)
        self.notice_label.setStyleSheet("background: #fff6db; color: #6b4e00; padding: 8px; border-radius: 6px;")
        self.notice_label.hide()
        layout.addWidget(self.notice_label)

    def _add_answer_controls(self, layout: QVBoxLayout, meter_row: QHBoxLayout) -> None:
        self.repeat_button = QPushButton(f"Repeat question  ({REPEAT_KEY})")
        self.repeat_button.setToolTip(f"Hear the question again ({REPEAT_KEY}); you can also say “repeat”")
        self.repeat_button.setEnabled(False)
        meter_row.addWidget(self.repeat_button)
        self.typed_box = TypedAnswerBox()
        layout.addWidget(self.typed_box)

    def _connect_answer_controls(self) -> None:
        self.repeat_button.clicked.connect(lambda: self.repeat_question())
        self.done_button.clicked.connect(lambda: self.typed_box.send())  # "I'm done" with text typed: it is sent
        # R is bound with the window's other keys (ui/shortcuts.py); a focused text box types it instead
        self.typed_box.typing_started.connect(self._typing_started)
        self.typed_box.typing_stopped.connect(self._typing_stopped)
        self.typed_box.sent.connect(self._typed_sent)
        self.typed_box.typed_so_far.connect(lambda text: self._to_runner("typing_progress", text))
        self.bridge.caption.connect(self._show_caption)
        self.bridge.turn_started.connect(self._answer_turn_started)
        self.bridge.turn_finished.connect(self._answer_turn_finished)

    def _typing_started(self) -> None:
        self._to_runner("typing_started")
        if self.runner is not None:
            self.transcript.set_typing("typing")
            self.status_label.setText("Listening paused while you type: press Send (Ctrl+Enter) when you are done")

    def _typing_stopped(self) -> None:
        """The box was cleared: the answer is listened to again."""
        self._to_runner("typing_stopped")
        if self.runner is not None:
            self.transcript.set_typing("")
            self.status_label.setText("Listening again: answer aloud, or type your answer")

    def _typed_sent(self, text: str) -> None:
        self._to_runner("submit_typed", text)
        if self.runner is not None:
            self.transcript.set_typing("sent")

    def _to_runner(self, control: str, *args) -> None:
        runner = self.runner
        if runner is not None:
            getattr(runner, control)(*args)

    def repeat_question(self) -> None:
        if self.repeat_button.isEnabled() and self.runner is not None:
            self.repeat_button.setEnabled(False)  # once per listening: the runner starts a new one after it
            self.runner.repeat_question()
            self.status_label.setText("The interviewer will say the question again")

    def _show_caption(self, caption: Caption) -> None:
        who = caption.persona or "Interviewer"
        self.caption_label.setText(f"{who}: {caption.text}")
        self.caption_label.show()

    def _answer_turn_started(self, turn: TurnRecord) -> None:
        if turn.speaker == "candidate":
            self._listening_to = turn.index
            self.repeat_button.setEnabled(True)
        elif turn.kind == "nudge":  # a check-in on a silent answer, or on a long pause in a talk
            self.notice_label.setText(NUDGE_NOTICE if turn.text == NUDGE_LINE else turn.text)
            self.notice_label.show()
        elif self.notice_label.text() == NUDGE_NOTICE:  # the check-in is over; a skip stays until an answer
            self.notice_label.hide()

    def _answer_turn_finished(self, turn: TurnRecord) -> None:
        if turn.speaker != "candidate" or turn.index != getattr(self, "_listening_to", None):
            return  # also a refined transcript of an earlier answer
        self._listening_to = None
        self.repeat_button.setEnabled(False)
        if is_typed(turn.end_reason):
            self.typed_box.taken()
        if not self.typed_box.is_typing():   # typing goes on into the next answer if the box still has text
            self.transcript.set_typing("")
        if turn.end_reason == "no_speech":
            self.notice_label.setText(SKIPPED_NOTICE)
            self.notice_label.show()
        elif turn.end_reason not in ("nudged", "repeat", None):
            self.notice_label.hide()

    def _answer_controls_running(self, running: bool) -> None:
        self.typed_box.set_running(running)
        if not running:
            self.repeat_button.setEnabled(False)
            self.transcript.set_typing("")
        else:
            self.notice_label.hide()
            self.caption_label.hide()
