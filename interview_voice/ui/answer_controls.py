"""The interview page's ways to answer besides speaking, and what the interviewer says on screen.

- A typed answer (ui/typed_answer.py): sent to the runner, which stops listening to that answer
  while the candidate types.
- Repeat the question: a button and the R key, while an answer is being listened to.
- Captions: each sentence the interviewer (or a panelist) says, acknowledgements included, as it is said.
- A check-in after a long silence, and a clear note when a question was skipped for want of an answer.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel

from interview_voice.core.check_in import NUDGE_LINE
from interview_voice.records import Caption, EndReason, TurnKind, TurnRecord, is_typed
from interview_voice.runtime.session import SessionRunner
from interview_voice.ui.bridge import SessionBridge
from interview_voice.ui.interview_page import InterviewPage

log = logging.getLogger(__name__)
SKIPPED_NOTICE = (
    "No answer was heard, so the interviewer moved on to the next question. It is saved as "
    "unanswered; you can answer it again from History."
)
NUDGE_NOTICE = f"{NUDGE_LINE} You can also type your answer below."


class AnswerControls(QObject):
    """Wires the page's typed answer, Repeat button, captions and notices to the session runner.

    runner() is the runner of the interview in progress (None between interviews); status is the
    window's status line, where what the keys did is said."""

    def __init__(
        self,
        page: InterviewPage,
        bridge: SessionBridge,
        status: QLabel,
        runner: Callable[[], SessionRunner | None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.page, self._status, self._runner = page, status, runner
        self._listening_to: int | None = None  # the index of the answer being listened to
        page.repeat_button.clicked.connect(lambda: self.repeat_question())
        page.done_button.clicked.connect(lambda: page.typed_box.send())  # "I'm done" with text typed: it is sent
        # R is bound with the window's other keys (ui/shortcuts.py); a focused text box types it instead
        page.typed_box.typing_started.connect(self._typing_started)
        page.typed_box.typing_stopped.connect(self._typing_stopped)
        page.typed_box.sent.connect(self._typed_sent)
        page.typed_box.typed_so_far.connect(lambda text: self._to_runner("typing_progress", text))
        bridge.caption.connect(self._show_caption)
        bridge.turn_started.connect(self._turn_started)
        bridge.turn_finished.connect(self._turn_finished)

    def _typing_started(self) -> None:
        self._to_runner("typing_started")
        if self._runner() is not None:
            self.page.transcript.set_typing("typing")
            self._status.setText("Listening paused while you type: press Send (Ctrl+Enter) when you are done")

    def _typing_stopped(self) -> None:
        """The box was cleared: the answer is listened to again."""
        self._to_runner("typing_stopped")
        if self._runner() is not None:
            self.page.transcript.set_typing("")
            self._status.setText("Listening again: answer aloud, or type your answer")

    def _typed_sent(self, text: str) -> None:
        self._to_runner("submit_typed", text)
        if self._runner() is not None:
            self.page.transcript.set_typing("sent")

    def _to_runner(self, control: str, *args: object) -> None:
        runner = self._runner()
        if runner is not None:
            getattr(runner, control)(*args)

    def repeat_question(self) -> None:
        runner = self._runner()
        if self.page.repeat_button.isEnabled() and runner is not None:
            self.page.repeat_button.setEnabled(False)  # once per listening: the runner starts a new one after it
            runner.repeat_question()
            self._status.setText("The interviewer will say the question again")

    def _show_caption(self, caption: Caption) -> None:
        who = caption.persona or "Interviewer"
        self.page.caption_label.setText(f"{who}: {caption.text}")
        self.page.caption_label.show()

    def _turn_started(self, turn: TurnRecord) -> None:
        notice = self.page.notice_label
        if turn.speaker == "candidate":
            self._listening_to = turn.index
            self.page.repeat_button.setEnabled(True)
        elif turn.kind == TurnKind.NUDGE:  # a check-in on a silent answer, or on a long pause in a talk
            notice.setText(NUDGE_NOTICE if turn.text == NUDGE_LINE else turn.text)
            notice.show()
        elif notice.text() == NUDGE_NOTICE:  # the check-in is over; a skip stays until an answer
            notice.hide()

    def _turn_finished(self, turn: TurnRecord) -> None:
        if turn.speaker != "candidate" or turn.index != self._listening_to:
            return  # also a refined transcript of an earlier answer
        self._listening_to = None
        page = self.page
        page.repeat_button.setEnabled(False)
        if is_typed(turn.end_reason):
            page.typed_box.taken()
        if not page.typed_box.is_typing():  # typing goes on into the next answer if the box still has text
            page.transcript.set_typing("")
        if turn.end_reason == EndReason.NO_SPEECH:
            page.notice_label.setText(SKIPPED_NOTICE)
            page.notice_label.show()
        elif turn.end_reason not in ("nudged", "repeat", None):
            page.notice_label.hide()

    def set_running(self, running: bool) -> None:
        page = self.page
        page.typed_box.set_running(running)
        if not running:
            page.repeat_button.setEnabled(False)
            page.transcript.set_typing("")
        else:
            page.notice_label.hide()
            page.caption_label.hide()
