"""Feedback off the GUI thread: metrics first, then the model's wording answer by answer, through queued signals."""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, Signal

from interview_voice.runtime.feedback_service import FeedbackService

log = logging.getLogger(__name__)


class FeedbackBridge(QObject):
    metrics_ready = Signal(object)          # the stored session (SessionView) with its metrics
    metrics_updated = Signal(object)        # the same, now with the fillers heard in the recording
    answer_worded = Signal(str, int, object)  # session id, turn index, the answer's feedback JSON
    finished = Signal(str)                   # session id: all answers worded (or wording skipped)
    failed = Signal(str, str)                # session id, why there is no feedback (for the window)


class FeedbackWorker:
    """One session at a time; a new interview cancels the wording (the model is needed there)."""

    def __init__(self, service: FeedbackService | None = None) -> None:
        self.service = service
        self.bridge = FeedbackBridge()
        self._cancel = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, session_id: str) -> None:
        if self.service is None:
            return
        self.cancel()
        self._cancel = cancel = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(session_id, cancel), name="feedback", daemon=True)
        self._thread.start()

    def cancel(self, wait_s: float = 0.0) -> None:
        self._cancel.set()
        if wait_s and self._thread is not None:
            self._thread.join(wait_s)

    def _run(self, session_id: str, cancel: threading.Event) -> None:
        try:
            if self.service.metrics(session_id, audio=False) is None:  # instant: shown at once
                self.bridge.failed.emit(session_id, "This session is no longer stored.")
                return
            self.bridge.metrics_ready.emit(self.service.store.get(session_id))
            result = self.service.metrics(session_id)  # then with the fillers heard in the recording
            if result is None or cancel.is_set():
                return
            session, answers = result
            self.bridge.metrics_updated.emit(self.service.store.get(session_id))
            self.service.word(session_id, answers, session, cancelled=cancel.is_set,
                              on_answer=lambda i, fb: self.bridge.answer_worded.emit(session_id, i, fb))
            self.bridge.finished.emit(session_id)
        except Exception as exc:  # shown in the window, never a silent thread death
            log.exception("feedback for %s failed", session_id)
            self.bridge.failed.emit(session_id, f"Feedback could not be computed: {exc}")
