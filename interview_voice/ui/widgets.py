"""Small widgets of the interview screen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QTextBlockFormat, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QProgressBar, QTextBrowser, QWidget

from interview_voice.records import TurnRecord, empty_answer_text, is_typed


class BusyButton:
    """Disables a button while its work runs and gives it the keyboard focus back afterwards.

    Disabling the focused button moves the focus to the next control: after the microphone
    test the focus was left on the headset choice, where Space would change it."""

    def __init__(self, button: QAbstractButton) -> None:
        self.button = button
        self._had_focus = False
        self._moved_to: QWidget | None = None

    def busy(self) -> None:
        self._had_focus = self.button.hasFocus()
        self.button.setEnabled(False)
        self._moved_to = QApplication.focusWidget()

    def ready(self) -> None:
        self.button.setEnabled(True)
        # back only if the focus is still where disabling put it: not if the user moved it since
        if self._had_focus and QApplication.focusWidget() is self._moved_to:
            self.button.setFocus(Qt.FocusReason.OtherFocusReason)
        self._had_focus = False


class LevelMeter(QProgressBar):
    """Microphone level, green while the VAD hears speech."""

    def __init__(self) -> None:
        super().__init__()
        self.setRange(0, 100)
        self.setTextVisible(False)
        self.setFixedHeight(14)
        self.setAccessibleName("Microphone level")
        self._speaking: bool | None = None
        self.set_level(0.0, False)

    def set_level(self, rms: float, speaking: bool) -> None:
        """Called about 30 times a second: the style sheet (slow to apply) changes only with `speaking`."""
        if speaking != self._speaking:
            self._speaking = speaking
            self._restyle("#2e9d5b" if speaking else "#8a94a6")
        self.setValue(int(max(0.0, min(1.0, rms)) * 100))

    def _restyle(self, colour: str) -> None:
        self.setStyleSheet(
            f"QProgressBar {{ border: 1px solid #c5cad3; border-radius: 6px; background: #f1f3f6; }}"
            f"QProgressBar::chunk {{ background: {colour}; border-radius: 5px; }}"
        )


class Banner(QLabel):
    """A message across the window: errors and notices the user must see."""

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.kind = "info"
        self.hide()

    def says_error(self) -> bool:
        """An error is up (whether or not its tab is the one shown)."""
        return not self.isHidden() and self.kind == "error"

    def show_message(self, text: str, kind: str = "error") -> None:
        self.kind = kind
        colours = {"error": ("#fdecea", "#8a1c12"), "info": ("#e8f1fd", "#123e7a")}
        bg, fg = colours[kind]
        self.setStyleSheet(f"background: {bg}; color: {fg}; padding: 10px; border-radius: 6px;")
        self.setText(text)
        self.show()


WAITING_TEXT = {"typing": "(typing…)", "sent": "(typed answer sent)"}


class TranscriptView(QTextBrowser):
    """The conversation so far, one paragraph per turn.

    Only the paragraph of the turn that changed is rewritten: a full setHtml per live
    partial re-laid out the whole interview on the GUI thread, several times a second.
    """

    def __init__(self, interviewer_name: str = "Interviewer") -> None:
        super().__init__()
        self.interviewer_name = interviewer_name
        self.setAccessibleName("Transcript")
        self.setPlaceholderText("The conversation will appear here.")
        self._turns: list[TurnRecord] = []
        self._rows: dict[int, int] = {}  # turn index -> its paragraph (block number)
        self._partials: dict[int, str] = {}
        self._notes: dict[int, str] = {}  # turn index -> a line the window adds under it (why no follow-up)
        self._typing = ""  # "typing" or "sent": the answer in progress is being typed, so nobody listens
        self._paragraph = QTextBlockFormat()
        self._paragraph.setBottomMargin(8)
        # Follow the newest line unless the reader scrolled up. The document is laid out after an
        # edit, so the scroll range grows later than the edit: scrolling down when it grows (not
        # once after the edit, to a maximum not yet known) keeps the last line in view.
        self._following = True
        bar = self.verticalScrollBar()
        bar.rangeChanged.connect(self._range_changed)
        bar.valueChanged.connect(self._scrolled)

    def _range_changed(self, _low: int, high: int) -> None:
        if self._following:
            self.verticalScrollBar().setValue(high)

    def _scrolled(self, value: int) -> None:
        self._following = value >= self.verticalScrollBar().maximum() - 4

    @property
    def following(self) -> bool:
        """True while the view keeps the newest line in sight (the reader has not scrolled up)."""
        return self._following

    def clear_turns(self) -> None:
        self._turns, self._rows, self._partials, self._notes, self._typing = [], {}, {}, {}, ""
        self.clear()
        self._following = True

    def set_typing(self, state: str) -> None:
        """ "typing" while the candidate types the answer in progress, "sent" once it is sent and not yet
        taken, "" when the box is cleared and the answer is listened to again."""
        if state == self._typing:
            return
        self._typing = state
        for row, turn in enumerate(self._turns):
            if turn.speaker == "candidate" and not turn.ended_ms and not turn.text:
                self._write(row)

    def set_partial(self, turn: TurnRecord, text: str) -> None:
        """Live words of an answer in progress, until its final transcript replaces them."""
        if not turn.ended_ms:
            self._partials[turn.index] = text
            if turn.index in self._rows:
                self._write(self._rows[turn.index])

    def set_note(self, index: int, text: str) -> None:
        """A line of the window's own under turn `index` (in italics, in brackets), kept as the turn changes."""
        self._notes[index] = text
        if index in self._rows:
            self._write(self._rows[index])

    def upsert(self, turn: TurnRecord) -> None:
        """Show a turn, or its newer copy (events carry copies taken when they happened)."""
        row = self._rows.get(turn.index)
        if row is None:
            row = self._rows[turn.index] = len(self._turns)
            self._turns.append(turn)
        else:
            self._turns[row] = turn
        self._write(row)

    def render_all(self) -> None:
        """Every paragraph written afresh (what the incremental updates must add up to)."""
        self.clear()
        for row in range(len(self._turns)):
            self._write(row)

    def _pieces(self, t: TurnRecord) -> list[tuple[str, QTextCharFormat]]:
        head, body = QTextCharFormat(), QTextCharFormat()
        head.setFontWeight(QFont.Weight.Bold)
        if t.speaker == "candidate":
            who = "You (typed)" if is_typed(t.end_reason) else "You"
            head.setForeground(QColor("#1f6f43"))
            partial = self._partials.get(t.index)
            if t.text:
                text = t.text
            else:
                body.setFontItalic(True)
                waiting = WAITING_TEXT.get(self._typing, "(listening…)")  # what is true now
                if t.ended_ms:
                    text = empty_answer_text(t.end_reason)
                elif partial:
                    text = f"{partial}… {waiting}" if self._typing else f"{partial}…"  # said before typing began
                    body.setForeground(QColor("#5b6472"))
                else:
                    text = waiting
        else:
            who = t.persona or self.interviewer_name
            text = f"{t.ack_text} {t.text}" if t.ack_text else t.text  # the acknowledgement was said too
            head.setForeground(QColor("#1d3f72"))
        # a newline would start a new paragraph and shift every row after it
        pieces = [(f"{who}:", head), (" " + text.replace("\n", "\u2028"), body)]
        note = self._notes.get(t.index)
        if note:
            aside = QTextCharFormat()
            aside.setFontItalic(True)
            aside.setForeground(QColor("#5b6472"))
            pieces.append(("\u2028(" + note.replace("\n", " ") + ")", aside))
        return pieces

    def _write(self, row: int) -> None:
        document = self.document()
        cursor = QTextCursor(document)
        if row >= document.blockCount():
            cursor.movePosition(QTextCursor.MoveOperation.End)
            cursor.insertBlock(self._paragraph)
        elif row == 0 and document.isEmpty():
            cursor.setBlockFormat(self._paragraph)
        else:
            cursor = QTextCursor(document.findBlockByNumber(row))
            cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
        cursor.beginEditBlock()
        cursor.removeSelectedText()
        for text, fmt in self._pieces(self._turns[row]):
            cursor.insertText(text, fmt)
        cursor.endEditBlock()
        if self._following:
            bar = self.verticalScrollBar()
            bar.setValue(bar.maximum())

    @property
    def turns(self) -> list[TurnRecord]:
        return list(self._turns)
