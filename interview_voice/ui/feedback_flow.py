"""Feedback off the GUI thread: metrics first, then the model's wording answer by answer, through queued signals."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from interview_voice.runtime.feedback_service import FeedbackService
from interview_voice.ui.tasks import Task, TaskControl, TaskRunner

log = logging.getLogger(__name__)


GONE = "This session is no longer stored."


class FeedbackBridge(QObject):
    metrics_ready = Signal(object)  # the stored session (SessionView) with its metrics
    metrics_updated = Signal(object)  # the same, now with the fillers heard in the recording
    answer_worded = Signal(str, int, object)  # session id, turn index, the answer's feedback JSON
    finished = Signal(str)  # session id: all answers worded (or wording skipped); again after a second look
    looking_again = Signal(str)  # session id: the model looks again at the key points the terms missed
    failed = Signal(str, str)  # session id, why there is no feedback (for the window)


class FeedbackWorker:
    """One session at a time; a new interview cancels the wording (the model is needed there).

    Create it on the GUI thread. The job runs on a `feedback` thread of its own (the model's wording
    takes minutes, and calls llama.cpp); what it reports reaches the bridge's signals on the GUI thread.
    """

    def __init__(self, service: FeedbackService | None = None) -> None:
        self.service = service
        self.bridge = FeedbackBridge()
        self.tasks = TaskRunner(self.bridge)
        self._task: Task | None = None

    def start(self, session_id: str) -> None:
        if self.service is None:
            return
        self.cancel()
        service = self.service
        self._task = self.tasks.start(
            lambda control: self._run(service, session_id, control),
            lambda _: None,
            on_progress=self._relay,
            thread="feedback",
            native=True,
        )

    def cancel(self, wait_s: float = 0.0) -> None:
        """Stop the wording after the answer in hand (from any thread); its end is still reported."""
        task = self._task
        if task is None:
            return
        task.cancel(keep_reports=True)
        if wait_s:
            task.finished.wait(wait_s)

    def _relay(self, message: tuple) -> None:  # on the GUI thread
        signal, *args = message
        getattr(self.bridge, signal).emit(*args)

    @staticmethod
    def _run(service: FeedbackService, session_id: str, control: TaskControl) -> None:
        def say(*message: object) -> None:
            control.progress(message)

        cancelled = control.stop.is_set

        def show(signal: str) -> bool:
            """The session as stored now, to the window; False if it was deleted meanwhile."""
            view = service.store.get(session_id)
            if view is None:
                say("failed", session_id, GONE)
                return False
            say(signal, view)
            return True

        try:
            if service.metrics(session_id, audio=False) is None:  # instant: shown at once
                say("failed", session_id, GONE)
                return
            if not show("metrics_ready"):
                return
            # then with the fillers heard in the recording, and the model's verdict on the key points
            result = service.metrics(session_id, judge=True)
            if result is None or cancelled():
                return
            session, answers = result
            if not show("metrics_updated"):  # deleted while its recording was read
                return
            service.word(
                session_id,
                answers,
                session,
                cancelled=cancelled,
                on_answer=lambda i, fb: say("answer_worded", session_id, i, fb),
            )
            say("finished", session_id)
            # then, while the candidate reads, the key points the terms missed are looked at sentence by
            # sentence; an answer whose points change is shown again and its notes worded again
            if not service.can_look_again(session_id) or cancelled():
                return
            say("looking_again", session_id)
            looked = service.second_look(session_id, cancelled)
            if looked is not None and show("metrics_updated"):
                data, answers, changed = looked
                service.word(
                    session_id,
                    {i: answers[i] for i in changed},
                    data,
                    cancelled=cancelled,
                    on_answer=lambda i, fb: say("answer_worded", session_id, i, fb),
                )
            say("finished", session_id)
        except Exception as exc:  # shown in the window, never a silent thread death
            log.exception("feedback for %s failed", session_id)
            say("failed", session_id, f"Feedback could not be computed: {exc}")
