"""The interview window: start, hear the question, answer aloud, see the transcript.

The window holds the session and its thread, and is made of parts that each receive what they use:
the pages (ui/pages.py: the Interview page, ui/interview_page.py, then Report, History, Progress and
Answer again), the status line (ui/status_line.py), the loader of the store and the models
(ui/model_loader.py), and four controllers: the ways to answer besides speaking (ui/answer_controls.py),
the feedback and the interviews it offers (ui/feedback_actions.py), the settings (ui/settings_controller.py)
and the first-run check (ui/first_run_controller.py).
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QMainWindow

from interview_voice.app import AppContext, InterviewKit, LoadedModels, prove_sound_devices
from interview_voice.core.errors import InputError
from interview_voice.core.events import session_end_text
from interview_voice.core.interview import NO_TIME_FOR_FOLLOW_UP, Interview
from interview_voice.engines.base import AudioInput, AudioOutput, EngineError
from interview_voice.records import EventRecorded, EventType, RecordingError, TurnRecord, is_answer
from interview_voice.runtime.session import SessionRunner
from interview_voice.runtime.session_service import InterviewSession
from interview_voice.startup import begin_recording, new_session
from interview_voice.storage.recent import RecentQuestions
from interview_voice.ui.answer_controls import AnswerControls
from interview_voice.ui.bridge import SessionBridge
from interview_voice.ui.feedback_actions import FeedbackActions
from interview_voice.ui.feedback_flow import FeedbackWorker
from interview_voice.ui.first_run_controller import FirstRunController
from interview_voice.ui.interview_page import InterviewPage, plan_choices
from interview_voice.ui.keyboard import bind_window_keys
from interview_voice.ui.kit_cache import KitCache
from interview_voice.ui.model_loader import ModelLoader
from interview_voice.ui.pages import build_pages
from interview_voice.ui.readable import fitting_size
from interview_voice.ui.settings_controller import SettingsController
from interview_voice.ui.status_line import StatusLine
from interview_voice.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from interview_voice.storage.repository import SessionStore

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SessionStart:
    """What the `session` thread is handed when Start is pressed: nothing it reads is the window's."""

    session: InterviewSession
    audio_in: AudioInput
    audio_out: AudioOutput
    kit: InterviewKit
    interview: Interview
    plan: str
    level: str
    store: SessionStore | None
    model_names: dict


class MainWindow(QMainWindow):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.session: InterviewSession | None = None
        self._thread: threading.Thread | None = None
        self._thread_session: InterviewSession | None = None  # the session its thread runs, until the thread ends
        self._closed_at: float | None = None  # when the window was closed during a session
        self.recent = RecentQuestions(context.paths.data_dir / "recent_questions.json")
        self._recovery_notice = ""  # what the banner said about sessions recovered at this start
        self.kits = KitCache(context.load_kit)
        self.loader = ModelLoader(context, self.kits)  # no parent: its signals outlive the window for its threads
        self.bridge = SessionBridge()
        self.feedback = FeedbackWorker()
        self.tasks = TaskRunner(self)  # the session's thread
        self.setWindowTitle("Interview Voice")
        self.resize(fitting_size(880, 640))
        self.page = InterviewPage(plan_choices(context.paths), context.settings.plan, context.settings.level)
        self.status = StatusLine(self.statusBar())
        self.pages = build_pages(self.page, context.player_factory)
        self.tabs, self.report, self.history = self.pages.tabs, self.pages.report, self.pages.history
        self.progress, self.compare = self.pages.progress, self.pages.compare
        self.setCentralWidget(self.tabs)
        self._connect()
        self.answer_controls = AnswerControls(self.page, self.bridge, self.status.label, lambda: self.runner, self)
        self.feedback_actions = FeedbackActions(
            self.feedback, self.pages, self.loader, self.kits, self.start_interview, self
        )
        self.bridge.stored.connect(self.feedback_actions.session_stored)
        running = self.session_running
        self.settings_controller = SettingsController(
            context,
            self.pages,
            self.status,
            self.loader,
            self.feedback,
            running,
            lambda: self.first_run_controller.open_first_run(),
            self,
        )
        self.bridge.saved.connect(self.settings_controller.after_session)
        self.first_run_controller = FirstRunController(
            context,
            self.page,
            self.loader,
            self.kits,
            running,
            self.start_interview,
            self.settings_controller.open_settings,
            self,
        )
        # Space, Ctrl+Enter, F1 and the rest: ui/shortcuts.py
        bind_window_keys(
            self, self.pages, self.answer_controls.repeat_question, lambda: self.settings_controller.open_settings()
        )
        if context.settings_problems:  # hand-edited values that were not used: said, not silently dropped
            self.page.banner.show_message(" ".join(context.settings_problems) + " Settings… changes them.", "info")

    @property
    def models(self) -> LoadedModels | None:
        return self.loader.models

    @property
    def store(self) -> SessionStore | None:
        return self.loader.store

    def session_running(self) -> bool:
        return self.session is not None

    @property
    def runner(self) -> SessionRunner | None:
        return self.session.runner if self.session is not None else None

    def _connect(self) -> None:
        """The window's own slots; each controller connects its own when it is made, after these."""
        page, status = self.page, self.status
        page.resume_button.clicked.connect(self.edit_resume)
        page.start_button.clicked.connect(lambda: self.start_interview())  # not clicked(bool) as the kit
        page.stop_button.clicked.connect(self.end_interview)
        page.done_button.clicked.connect(self.finish_answer)
        self.loader.progress.connect(status.show_progress)
        self.loader.loaded.connect(self._on_models_loaded)
        self.loader.failed.connect(self._on_load_failed)
        self.loader.store_ready.connect(self._on_store_ready)
        self.loader.plan_failed.connect(page.banner.show_message)
        self.loader.store_failed.connect(
            lambda message: page.banner.show_message(f"{message} Interviews will not be saved until this is fixed.")
        )
        self.loader.answers_recovered.connect(self._on_answers_recovered)
        self.bridge.status.connect(status.say)
        self.bridge.level.connect(lambda e: page.level_meter.set_level(e.rms, e.speaking))
        self.bridge.turn_started.connect(self._on_turn_started)
        self.bridge.partial.connect(lambda e: page.transcript.set_partial(e.turn, e.text))
        page.panel_view.follow(self.bridge)
        self.bridge.turn_finished.connect(self._on_turn_finished)
        self.bridge.recorded.connect(self._on_event_recorded)
        self.bridge.failed.connect(self._on_session_failed)
        self.bridge.finished.connect(self._on_session_finished)
        self.bridge.saved.connect(self.history.refresh)
        self.bridge.saved.connect(self._on_session_saved)
        self.bridge.not_started.connect(self._on_session_not_started)
        self.history.exported.connect(lambda target: status.say(f"Exported to {target}"))

    # loading (the loader's thread) -------------------------------------------------------------
    def load_models_in_background(self) -> None:
        self.loader.start_up(self.page.chosen_plan())

    def _on_answers_recovered(self, sessions: int) -> None:
        self.history.refresh()
        self.progress.refresh()
        banner = self.page.banner
        answer = "answer" if sessions == 1 else "answers"
        note = f"The words of the {answer} the app was cut off in were transcribed from the recording."
        if banner.isVisible() and banner.text() == self._recovery_notice:  # said with the recovery
            note = f"{self._recovery_notice} {note}"
        banner.show_message(note if "History" in note else f"{note} See History.", "info")

    def _on_store_ready(self, store, recovered: list) -> None:
        self.history.set_store(store)
        if getattr(store, "notice", ""):
            self.page.banner.show_message(store.notice, "info")
        elif recovered:
            names = ", ".join(f"{s.title} of {s.started_at.astimezone():%Y-%m-%d %H:%M}" for s in recovered)
            self._recovery_notice = (
                f"A session was cut off last time and has been recovered: {names}. You can replay it in History."
            )
            self.page.banner.show_message(self._recovery_notice, "info")

    def _on_models_loaded(self, models: LoadedModels) -> None:
        self.feedback_actions.apply_wording()
        self.status.load_progress.hide()
        self.status.say("Ready")
        self.page.question_label.setText(
            "Press “Start interview” when you are ready. Answer aloud; pause or press "
            "Space (or Ctrl+Enter) when you have finished an answer. F1 lists the keys."
        )
        self.page.start_button.setEnabled(True)
        problem = getattr(models.llm, "problem", "")  # a model on another machine that cannot be reached
        if problem:
            self.page.banner.show_message(problem)

    def _on_load_failed(self, message: str) -> None:
        self.status.load_progress.hide()
        self.status.say("Models could not be loaded")
        self.page.banner.show_message(message)
        self.page.question_label.setText("The interview cannot start until this is fixed.")

    # the session (worker thread) -----------------------------------------------
    def start_interview(self, kit: InterviewKit | None = None, redo_of: tuple[str, int] | None = None) -> None:
        """The chosen plan's interview, or a plan built in code (practice, answering again)."""
        models, page = self.models, self.page
        if models is None or self.session is not None:
            return
        page.banner.hide()
        plan, level = page.chosen_plan(), page.chosen_level()
        try:
            audio_in, audio_out = self.context.open_audio()
            kit = kit or self.kits.take(plan)
            interview = kit.new_interview(
                level=level, recent=self.recent.recent_ids(), resume=self._document("resume"), job=self._document("job")
            )
        except (EngineError, InputError) as exc:  # no device; a plan unreadable or matching no question
            page.banner.show_message(str(exc))
            return
        settings = self.context.settings
        session = self.session = new_session(
            models,
            audio_in,
            audio_out,
            kit,
            interview,
            settings,
            barge_in=settings.headset,
            emit=self.bridge.emit_event,
        )
        self._show_starting(kit)
        begin = SessionStart(session, audio_in, audio_out, kit, interview, plan, level, self.store, models.names())
        self._thread_session = session
        # the session reports through the bridge as it goes; the task only says a crash the work let through. It
        # hears the voice detector and transcribes the answer in progress when it is ended: exit waits for it.
        task = self.tasks.start(
            lambda _control: self._run_session(begin, redo_of),
            lambda _result: None,
            self._session_crashed,
            thread="session",
            native=True,
        )
        self._thread = task.thread

    def _show_starting(self, kit: InterviewKit) -> None:
        page, persona = self.page, kit.plan.persona
        page.transcript.interviewer_name = persona.name
        page.transcript.clear_turns()
        page.show_persona(persona.name, persona.role)
        page.panel_view.start([(p.name, p.role) for p in kit.plan.personas])
        page.speaker_label.setVisible(not page.panel_view.has_panel)  # the panel shows who speaks
        self._set_running(True)
        self.status.start_clock(kit.plan.minutes)
        self.tabs.setCurrentIndex(0)

    def _run_session(self, s: SessionStart, redo_of: tuple[str, int] | None) -> None:
        """On the `session` thread: the devices proved, the recording begun, the interview, then it stored."""
        session, audio_out = s.session, s.audio_out
        self.feedback.cancel(wait_s=60)  # the model words no feedback while it interviews
        try:  # a missing or vanished device is said now, before anything is recorded
            prove_sound_devices(s.audio_in, audio_out)
        except EngineError as exc:
            audio_out.close()
            self.bridge.not_started.emit(str(exc))
            return
        try:  # database writes stay off the GUI thread
            begin_recording(
                session, s.store, s.kit, s.interview, s.level, s.model_names, self.context.settings, redo_of=redo_of
            )
        except RecordingError as exc:
            self.bridge.failed.emit(f"{exc} The interview will not be saved.")
        outcome = None
        try:
            outcome = session.run()
        finally:
            audio_out.close()  # the speakers' stream stays open for the whole interview
            outcome = session.finish(outcome or session.stopped())  # files and database
            # the next interview's plan, read fresh (the user may edit their plans)
            problem = self.kits.preload(s.plan, fresh=True)
            if problem is not None:
                self.bridge.failed.emit(problem)
            self.bridge.saved.emit()
            if outcome.stored:
                self.bridge.stored.emit(outcome.session_id, redo_of)

    def _session_crashed(self, exc: BaseException) -> None:
        log.error("the session thread failed", exc_info=exc)
        self._on_session_failed(f"The interview stopped unexpectedly: {exc}")
        self._on_session_saved()  # the window is ready again (a no-op when the session was already over)

    def _document(self, key: str) -> str:
        path = self.context.paths.data_dir / f"{key}.txt"
        try:
            return path.read_text(encoding="utf-8") if path.exists() else ""
        except OSError:
            return ""

    def edit_resume(self) -> None:
        from interview_voice.ui.resume_dialog import ResumeDialog

        dialog = ResumeDialog(self.context.paths.data_dir, self)
        if dialog.exec() and dialog.text("resume").strip():
            self.status.say("Resume saved: the project deep dive will ask about your projects")

    def finish_answer(self) -> None:
        if self.session is not None:
            self.session.finish_answer()

    def end_interview(self) -> None:
        if self.session is not None:
            self.page.typed_box.send()  # an answer typed and not yet sent is kept as the last answer
            self.session.cancel()
            self.status.say("Ending…")

    def _set_running(self, running: bool) -> None:
        self.answer_controls.set_running(running)
        self.page.set_running(running, can_start=self.models is not None, focus_start=not self.tabs.currentIndex())
        if not running:
            self.status.stop_clock()

    def _on_turn_started(self, turn: TurnRecord) -> None:
        if turn.speaker == "interviewer" and turn.kind not in ("nudge", "repeat"):  # the question stays up
            self.page.question_label.setText(turn.text)
            if turn.persona:
                self.page.show_persona(turn.persona, turn.role)
        self.page.transcript.upsert(turn)

    def _on_turn_finished(self, turn: TurnRecord) -> None:
        self.page.transcript.upsert(turn)

    def _on_event_recorded(self, event: EventRecorded) -> None:
        turn = event.data.get("turn")
        if event.data.get("type") == EventType.NO_FOLLOW_UP.value and isinstance(turn, int):
            # the plan said each question is followed up: the window says why this one was not
            self.page.transcript.set_note(turn, NO_TIME_FOR_FOLLOW_UP)

    def _on_session_failed(self, message: str) -> None:
        self.page.banner.show_message(message)

    def _on_session_not_started(self, message: str) -> None:
        """The devices failed their check: nothing was recorded, and the window is ready again."""
        self.session = None
        self._set_running(False)
        self.page.panel_view.stop()
        self.page.banner.show_message(message)
        self.status.say("The interview did not start: nothing was recorded")

    def _on_session_saved(self) -> None:
        """The session thread is over; after a failure the window is ready for a new one."""
        if self.session is not None:
            self.session = None
            self._set_running(False)
            self.status.say("Interview stopped: what was recorded is saved in History")

    def _on_session_finished(self, turns: list) -> None:
        ended_early = False
        if self.session is not None:
            asked = sorted({t.question_id for t in turns if t.question_id and t.speaker == "candidate"})
            self.recent.record(self.session.runner.interview.plan.id, asked)
            ended_early = self.session.runner.cancelled
        self.session = None
        self._set_running(False)
        answers = sum(is_answer(t.speaker, t.text, t.end_reason) for t in turns)
        self.status.say(session_end_text(answers, ended_early))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        """Closing ends an interview as End does (Ctrl-C and SIGTERM come here too): the answer in
        progress is transcribed and the session stored as ended early, on the session thread. The
        window never waits for that: finish_closing does, once the window is gone."""
        self.feedback.cancel()
        if self._thread is not None and self._thread.is_alive():
            self._closed_at = time.monotonic()
            if self.session is not None:
                self.end_interview()  # an answer typed and not yet sent is kept too
        super().closeEvent(event)

    def finish_closing(self, within_s: float) -> bool:
        """After the window closed (its event loop is over): wait until within_s after the close for
        the session to be stored. True when it was (or none ran). Else the process is about to leave
        with the session unfinished: its recording is marked ended early now, and the next start
        transcribes the answer still open from its audio."""
        thread, session = self._thread, self._thread_session
        if thread is None or session is None or self._closed_at is None:
            return True
        thread.join(max(0.0, self._closed_at + within_s - time.monotonic()))
        if not thread.is_alive():
            return True
        log.warning(
            "the interview was still being saved %.1f s after the window closed: the next start finishes it", within_s
        )
        session.leave_unfinished()
        return False
