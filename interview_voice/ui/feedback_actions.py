"""The window's feedback actions: the report after a session, practising next, answering again, comparing."""

from __future__ import annotations

import logging

from interview_voice.app import InterviewKit, LoadedModels, plan_folders
from interview_voice.core.errors import InputError
from interview_voice.core.feedback.rewording import load_reword_prompts
from interview_voice.core.practice import practice_plan, redo_plan
from interview_voice.paths import resource_dir
from interview_voice.runtime.feedback_service import FeedbackService, Wording, plan_stage
from interview_voice.ui.compare_view import first_answer

log = logging.getLogger(__name__)


def wording_for(models: LoadedModels) -> Wording | None:
    """The interviewer model words the notes; without its prompt file the template wording stays."""
    try:
        return Wording(models.llm, load_reword_prompts(resource_dir("prompts") / "feedback.toml"))
    except (OSError, KeyError, ValueError) as exc:
        log.warning("feedback notes keep their template wording: %s", exc)
        return None


class FeedbackActions:
    """Mixed into MainWindow (which provides the widgets, context, store, kits and start_interview)."""

    _wording: Wording | None = None

    # set-up (the service is built on the loader thread) ------------------------------------
    def _feedback_service(self, store, plan: str) -> FeedbackService | None:
        try:
            kit = self.context.load_kit(plan)
        except InputError as exc:
            log.warning("no feedback until a plan can be read: %s", exc)
            return None
        self.kits.keep(plan, kit)
        folders = plan_folders(self.context.paths)
        service = FeedbackService(store, kit.bank.questions, stage_of=lambda p: plan_stage(folders, p))
        service.catch_up()   # sessions cut off by a crash, or scored by an older method
        return service

    def _on_feedback_service(self, service: FeedbackService | None) -> None:
        self.feedback.service = service
        self._apply_wording()
        self.progress.set_store(self.store)

    def _apply_wording(self) -> None:
        if self.feedback.service is not None and self.models is not None and self._wording is not None:
            self.feedback.service.wording = self._wording

    # after a session -------------------------------------------------------------------------
    def _on_session_stored(self, session_id: str, redo_of) -> None:
        self._pending_redo = {session_id: redo_of} if redo_of else {}
        self.report.wait_for(session_id)
        self.feedback.start(session_id)

    def _on_feedback_ready(self, session) -> None:
        if session.id != self.report.wanted_id:   # a late result of a job for another session
            log.info("feedback of %s arrived while %s is shown: not painted", session.id, self.report.wanted_id)
            self.history.refresh()
            self.progress.refresh()
            return
        redo_of = getattr(self, "_pending_redo", {}).get(session.id)
        questions = self.feedback.service.questions
        self.report.show_session(session, questions)
        # never pull the user away from a tab they opened
        on_interview = self.tabs.currentIndex() == 0 or self.tabs.currentWidget() is self.report
        if redo_of:
            self._compare(redo_of[0], redo_of[1], session, show=on_interview)
        elif on_interview:
            self.tabs.setCurrentWidget(self.report)
        self.history.refresh()
        self.progress.refresh()

    def _on_feedback_updated(self, session) -> None:
        """Better figures for a session already shown: refresh it where it is, never switch views."""
        if session.id == self.report.wanted_id:
            self.report.show_session(session, self.feedback.service.questions)
        self.history.refresh()
        self.progress.refresh()

    def show_report_for(self, session_id: str) -> None:
        """A stored session's report; feedback is computed first (off the GUI thread) when it has none yet."""
        session = self.store.get(session_id) if self.store is not None else None
        if session is None or self.feedback.service is None:
            return
        if not session.feedback:
            self._pending_redo = {}
            self.report.wait_for(session_id)
            self.tabs.setCurrentWidget(self.report)
            self.feedback.start(session_id)
            return
        self.report.show_session(session, self.feedback.service.questions)
        self.tabs.setCurrentWidget(self.report)

    def _on_feedback_finished(self, session_id: str) -> None:
        self.report.wording_done(session_id)

    def _on_feedback_failed(self, session_id: str, message: str) -> None:
        """Said in the window; the report says this session has none, if it is the one shown."""
        self.banner.show_message(message)
        self.report.show_no_feedback(session_id, message)

    # practising -------------------------------------------------------------------------------
    def _kit_for(self, plan_id: str) -> InterviewKit:
        try:
            return self.kits.get(plan_id)
        except InputError:  # the session's plan is gone: use the chosen one
            return self.kits.get(self.plan_box.currentData())

    def start_practice(self, items: list) -> None:
        kit = self._kit_for(self.plan_box.currentData())
        plan = practice_plan(kit.plan, items, kit.bank.questions)
        self.start_interview(InterviewKit(kit.bank, plan, kit.prompts))

    def start_redo(self, session_id: str, turn_index: int) -> None:
        session = self.history.replay.session
        if session is None or session.id != session_id:
            return
        turn = next((t for t in session.turns if t.index == turn_index), None)
        kit = self._kit_for(session.plan)
        question = kit.bank.questions.get(turn.question_id) if turn is not None else None
        if question is None:
            self.banner.show_message("This answer has no question from the bank to ask again.")
            return
        self.start_interview(InterviewKit(kit.bank, redo_plan(kit.plan, question), kit.prompts),
                             redo_of=(session_id, turn_index))

    # comparing ---------------------------------------------------------------------------------
    def show_attempts(self, session_id: str, turn_index: int) -> None:
        attempts = self.store.redo_attempts(session_id, turn_index)
        if attempts:
            self._compare(session_id, turn_index, attempts[-1])

    def _compare(self, session_id: str, turn_index: int, attempt, show: bool = True) -> None:
        original = self.store.get(session_id)
        if original is None:
            return
        first = next((t for t in original.turns if t.index == turn_index), None)
        questions = self.feedback.service.questions if self.feedback.service else {}
        question = questions.get(first.question_id) if first is not None else None
        again = first_answer(attempt, first.question_id) if first is not None else None
        self.compare.show_attempts(question.text if question else (first.text if first else ""), first, again,
                                   f"Again, {attempt.started_at.astimezone():%Y-%m-%d %H:%M}")
        if show:
            self.tabs.setCurrentWidget(self.compare)
        replay = self.history.replay
        if replay.session is not None and replay.session.id == session_id:   # show its new "Compare" link
            replay.load(original, self.store.root, self.store.attempts_by_turn(session_id))
