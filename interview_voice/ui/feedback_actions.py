"""The window's feedback actions: the report after a session, practising next, answering again, comparing."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping

from PySide6.QtCore import QObject

from interview_voice.app import InterviewKit
from interview_voice.core.bank import Question
from interview_voice.core.errors import InputError
from interview_voice.core.practice import practice_plan, redo_plan
from interview_voice.runtime.feedback_service import FeedbackService
from interview_voice.storage.views import SessionView
from interview_voice.ui.compare_view import first_answer
from interview_voice.ui.feedback_flow import FeedbackWorker
from interview_voice.ui.kit_cache import KitCache
from interview_voice.ui.model_loader import ModelLoader
from interview_voice.ui.pages import WindowPages

log = logging.getLogger(__name__)
REPORT_WAITS = "The report on what was recorded is on the Report tab."
StartInterview = Callable[[InterviewKit, tuple[str, int] | None], None]  # a kit, and the answer it redoes


class FeedbackActions(QObject):
    """Shows a session's feedback as the worker computes it, and starts the interviews the report and the
    replay offer (practising what was missed, answering a question again) through start_interview.

    The store and the models are the loader's; the report, History, Progress and Answer again are pages."""

    def __init__(
        self,
        worker: FeedbackWorker,
        pages: WindowPages,
        loader: ModelLoader,
        kits: KitCache,
        start_interview: StartInterview,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.worker, self.pages, self._loader, self._kits = worker, pages, loader, kits
        self._start = start_interview
        self._pending_redo: dict[str, tuple[str, int]] = {}  # the session being scored: the answer it redid
        loader.feedback_ready.connect(self._use_service)
        worker.bridge.metrics_ready.connect(self._on_feedback_ready)
        worker.bridge.metrics_updated.connect(self._on_feedback_updated)
        worker.bridge.answer_worded.connect(pages.report.update_answer)
        worker.bridge.finished.connect(self._on_feedback_finished)
        worker.bridge.looking_again.connect(pages.report.looking_again)
        worker.bridge.failed.connect(self._on_feedback_failed)
        pages.report.practise_requested.connect(self.start_practice)
        pages.history.replay.redo_requested.connect(self.start_redo)
        pages.history.replay.compare_requested.connect(self.show_attempts)
        pages.history.report_requested.connect(self.show_report_for)

    # set-up (the service is built on the loader thread) ------------------------------------
    def _use_service(self, service: FeedbackService | None) -> None:
        self.worker.service = service
        self.apply_wording()
        self.pages.progress.set_store(self._loader.store)

    def apply_wording(self) -> None:
        """The loaded model words the notes (once both the service and the models are there)."""
        service, wording = self.worker.service, self._loader.wording
        if service is not None and self._loader.models is not None and wording is not None:
            service.wording = wording

    def _refresh_lists(self) -> None:
        self.pages.history.refresh()
        self.pages.progress.refresh()

    # after a session -------------------------------------------------------------------------
    def session_stored(self, session_id: str, redo_of: tuple[str, int] | None) -> None:
        """An interview was stored: its report waits for the feedback the worker computes now."""
        self._pending_redo = {session_id: redo_of} if redo_of else {}
        self.pages.report.wait_for(session_id)
        self.worker.start(session_id)

    def _questions(self) -> Mapping[str, Question]:
        service = self.worker.service
        return service.questions if service is not None else {}

    def _on_feedback_ready(self, session: SessionView) -> None:
        report, tabs = self.pages.report, self.pages.tabs
        if session.id != report.wanted_id:  # a late result of a job for another session
            log.info("feedback of %s arrived while %s is shown: not painted", session.id, report.wanted_id)
            self._refresh_lists()
            return
        redo_of = self._pending_redo.get(session.id)
        report.show_session(session, self._questions())
        on_interview = self.pages.on_interview()  # never pull the user away from a tab they opened
        banner = self.pages.interview.banner
        if on_interview and banner.says_error() and tabs.currentIndex() == 0:
            # why the interview stopped (a microphone unplugged) stays in sight: the report waits on its tab
            if REPORT_WAITS not in banner.text():
                banner.show_message(f"{banner.text()} {REPORT_WAITS}")
            on_interview = False
        if redo_of:
            self._compare(redo_of[0], redo_of[1], session, show=on_interview)
        elif on_interview:
            tabs.setCurrentWidget(report)
        self._refresh_lists()

    def _on_feedback_updated(self, session: SessionView) -> None:
        """Better figures for a session already shown: refresh it where it is, never switch views."""
        if session.id == self.pages.report.wanted_id:
            self.pages.report.show_session(session, self._questions())
        self._refresh_lists()

    def show_report_for(self, session_id: str) -> None:
        """A stored session's report; feedback is computed first (off the GUI thread) when it has none yet."""
        store, report = self._loader.store, self.pages.report
        session = store.get(session_id) if store is not None else None
        if session is None or self.worker.service is None:
            return
        if not session.feedback:
            self._pending_redo = {}
            report.wait_for(session_id)
            self.pages.tabs.setCurrentWidget(report)
            self.worker.start(session_id)
            return
        report.show_session(session, self._questions())
        self.pages.tabs.setCurrentWidget(report)

    def _on_feedback_finished(self, session_id: str) -> None:
        self.pages.report.wording_done(session_id)

    def _on_feedback_failed(self, session_id: str, message: str) -> None:
        """Said in the window; the report says this session has none, if it is the one shown."""
        self.pages.interview.banner.show_message(message)
        self.pages.report.show_no_feedback(session_id, message)

    # practising -------------------------------------------------------------------------------
    def _kit_for(self, plan_id: str) -> InterviewKit:
        try:
            return self._kits.get(plan_id)
        except InputError:  # the session's plan is gone: use the chosen one
            return self._kits.get(self.pages.interview.chosen_plan())

    def start_practice(self, items: list) -> None:
        kit = self._kit_for(self.pages.interview.chosen_plan())
        plan = practice_plan(kit.plan, items, kit.bank.questions)
        self._start(InterviewKit(kit.bank, plan, kit.prompts), None)

    def start_redo(self, session_id: str, turn_index: int) -> None:
        session = self.pages.history.replay.session
        if session is None or session.id != session_id:
            return
        turn = next((t for t in session.turns if t.index == turn_index), None)
        kit = self._kit_for(session.plan)
        question = kit.bank.questions.get(turn.question_id) if turn is not None and turn.question_id else None
        if question is None:
            self.pages.interview.banner.show_message("This answer has no question from the bank to ask again.")
            return
        self._start(InterviewKit(kit.bank, redo_plan(kit.plan, question), kit.prompts), (session_id, turn_index))

    # comparing ---------------------------------------------------------------------------------
    def show_attempts(self, session_id: str, turn_index: int) -> None:
        store = self._loader.store
        attempts = store.redo_attempts(session_id, turn_index) if store is not None else []
        if attempts:
            self._compare(session_id, turn_index, attempts[-1])

    def _compare(self, session_id: str, turn_index: int, attempt: SessionView, show: bool = True) -> None:
        store = self._loader.store
        original = store.get(session_id) if store is not None else None
        if store is None or original is None:
            return
        first = next((t for t in original.turns if t.index == turn_index), None)
        question_id = first.question_id if first is not None else None
        question = self._questions().get(question_id) if question_id else None
        again = first_answer(attempt, question_id) if first is not None else None
        self.pages.compare.show_attempts(
            question.text if question else (first.text if first else ""),
            first,
            again,
            f"Again, {attempt.started_at.astimezone():%Y-%m-%d %H:%M}",
        )
        if show:
            self.pages.tabs.setCurrentWidget(self.pages.compare)
        replay = self.pages.history.replay
        if replay.session is not None and replay.session.id == session_id:  # show its new "Compare" link
            replay.load(original, store.root, store.attempts_by_turn(session_id))
