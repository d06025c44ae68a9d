"""The interview window: start, hear the question, answer aloud, see the transcript."""

from __future__ import annotations

import logging
import threading
import time

from PySide6.QtWidgets import QMainWindow

from interview_voice.app import (
    AppContext,
    InterviewKit,
    LoadedModels,
    prove_sound_devices,
    sound_devices,
    start_recording,
)
from interview_voice.core.endpointing import endpointing_for
from interview_voice.core.errors import InputError
from interview_voice.core.events import session_end_text
from interview_voice.core.interview import NO_TIME_FOR_FOLLOW_UP
from interview_voice.engines.base import EngineError
from interview_voice.records import EventRecorded, EventType, RecordingError, TurnRecord, is_answer
from interview_voice.runtime.cut_off_answers import transcribe_cut_off_answers
from interview_voice.runtime.session import RunnerSettings, SessionRunner
from interview_voice.runtime.session_service import InterviewSession
from interview_voice.storage.recent import RecentQuestions
from interview_voice.ui.answer_controls import AnswerControls
from interview_voice.ui.bridge import LoaderBridge, SessionBridge
from interview_voice.ui.feedback_actions import FeedbackActions, wording_for
from interview_voice.ui.feedback_flow import FeedbackWorker
from interview_voice.ui.interview_layout import InterviewLayout
from interview_voice.ui.keyboard import bind_window_keys
from interview_voice.ui.kit_cache import KitCache
from interview_voice.ui.readable import fitting_size
from interview_voice.ui.settings_actions import SettingsActions

log = logging.getLogger(__name__)


def warm_up_sound() -> None:
    """List the sound devices once, on the loader's thread: the first listing starts PortAudio (50-90 ms
    measured), which the Settings dialog and the audio check would otherwise pay on the GUI thread."""
    started = time.perf_counter()
    try:
        sound_devices()   # a problem is said where devices are shown; here only the start-up matters
    except Exception:  # noqa: BLE001 - never keep the models from loading
        log.warning("listing the sound devices ahead failed", exc_info=True)
    log.debug("sound devices listed in %.0f ms", (time.perf_counter() - started) * 1000)


class MainWindow(InterviewLayout, AnswerControls, FeedbackActions, SettingsActions, QMainWindow):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.models: LoadedModels | None = None
        self.session: InterviewSession | None = None
        self._thread: threading.Thread | None = None
        self._thread_session: InterviewSession | None = None   # the session its thread runs, until the thread ends
        self._closed_at: float | None = None           # when the window was closed during a session
        self.recent = RecentQuestions(context.paths.data_dir / "recent_questions.json")
        self.store = None
        self._recovery_notice = ""   # what the banner said about sessions recovered at this start
        self.kits = KitCache(context.load_kit)
        self.loader = LoaderBridge()
        self.bridge = SessionBridge()
        self.setWindowTitle("Interview Voice")
        self.resize(fitting_size(880, 640))
        self._build()
        self._connect()
        if context.settings_problems:   # hand-edited values that were not used: said, not silently dropped
            self.banner.show_message(" ".join(context.settings_problems) + " Settings… changes them.", "info")

    @property
    def runner(self) -> SessionRunner | None:
        return self.session.runner if self.session is not None else None

    def _connect(self) -> None:
        self.start_button.clicked.connect(lambda: self.start_interview())  # not clicked(bool) as the kit
        self.stop_button.clicked.connect(self.end_interview)
        self.done_button.clicked.connect(self.finish_answer)
        bind_window_keys(self)   # Space, Ctrl+Enter, F1 and the rest: ui/shortcuts.py
        self.loader.progress.connect(self._on_load_progress)
        self.loader.loaded.connect(self._on_models_loaded)
        self.loader.failed.connect(self._on_load_failed)
        self.loader.store_ready.connect(self._on_store_ready)
        self.loader.plan_failed.connect(self.banner.show_message)
        self.loader.store_failed.connect(lambda message: self.banner.show_message(
            f"{message} Interviews will not be saved until this is fixed."))
        self.bridge.status.connect(self.status_label.setText)
        self.bridge.level.connect(lambda e: self.level_meter.set_level(e.rms, e.speaking))
        self.bridge.turn_started.connect(self._on_turn_started)
        self.bridge.partial.connect(lambda e: self.transcript.set_partial(e.turn, e.text))
        self.panel_view.follow(self.bridge)
        self.bridge.turn_finished.connect(self._on_turn_finished)
        self.bridge.recorded.connect(self._on_event_recorded)
        self.bridge.failed.connect(self._on_session_failed)
        self.bridge.finished.connect(self._on_session_finished)
        self.bridge.saved.connect(self.history.refresh)
        self.bridge.saved.connect(self._on_session_saved)
        self.bridge.not_started.connect(self._on_session_not_started)
        self.history.exported.connect(lambda target: self.status_label.setText(f"Exported to {target}"))
        self.feedback = FeedbackWorker()
        self.bridge.stored.connect(self._on_session_stored)
        self.feedback.bridge.metrics_ready.connect(self._on_feedback_ready)
        self.feedback.bridge.metrics_updated.connect(self._on_feedback_updated)
        self.feedback.bridge.answer_worded.connect(self.report.update_answer)
        self.feedback.bridge.finished.connect(self._on_feedback_finished)
        self.feedback.bridge.failed.connect(self._on_feedback_failed)
        self.loader.feedback_ready.connect(self._on_feedback_service)
        self.loader.answers_recovered.connect(self._on_answers_recovered)
        self.report.practise_requested.connect(self.start_practice)
        self.history.replay.redo_requested.connect(self.start_redo)
        self.history.replay.compare_requested.connect(self.show_attempts)
        self.history.report_requested.connect(self.show_report_for)
        self._connect_answer_controls()
        self._connect_settings()

    # model loading (worker thread) ---------------------------------------------
    def load_models_in_background(self) -> None:
        plan = self.plan_box.currentData()

        def work() -> None:
            warm_up_sound()
            store = service = None
            if self.context.open_store is not None:
                self.loader.progress.emit("Opening your sessions", 0.01)
                try:
                    store, recovered = self.context.open_store()
                    self.loader.store_ready.emit(store, recovered)
                    service = self._feedback_service(store, plan)
                    self.loader.feedback_ready.emit(service)
                except RecordingError as exc:
                    self.loader.store_failed.emit(str(exc))
                except Exception as exc:  # never leave the window waiting at "Opening your sessions"
                    log.exception("opening the session store failed")
                    self.loader.store_failed.emit(f"Your sessions could not be opened: {exc}")
            try:
                models = self.context.load_models(self.loader.progress.emit)
            except EngineError as exc:
                self.loader.failed.emit(str(exc))
            except Exception as exc:  # never let a loader crash pass silently
                log.exception("model loading failed")
                self.loader.failed.emit(f"Loading the models failed unexpectedly: {exc}")
            else:
                if store is not None:
                    self._transcribe_cut_off(store, service, models)
                problem = self.kits.read_ahead(plan)  # here, not on the GUI thread when Start is pressed
                if problem is not None:
                    self.loader.plan_failed.emit(problem)
                self._wording = wording_for(models)
                self.loader.loaded.emit(models)

        threading.Thread(target=work, name="model-loader", daemon=True).start()

    def _transcribe_cut_off(self, store, service, models: LoadedModels) -> None:
        """On the loader thread: the words of answers a crash cut off, from their recording."""
        changed = transcribe_cut_off_answers(store, models.stt, status=lambda m: self.loader.progress.emit(m, 0.95))
        if changed:
            if service is not None:
                service.catch_up()  # their feedback, now with those answers
            self.loader.answers_recovered.emit(len(changed))

    def _on_answers_recovered(self, sessions: int) -> None:
        self.history.refresh()
        self.progress.refresh()
        answer = "answer" if sessions == 1 else "answers"
        note = f"The words of the {answer} the app was cut off in were transcribed from the recording."
        if self.banner.isVisible() and self.banner.text() == self._recovery_notice:  # said with the recovery
            note = f"{self._recovery_notice} {note}"
        self.banner.show_message(note if "History" in note else f"{note} See History.", "info")

    def _on_store_ready(self, store, recovered: list) -> None:
        self.store = store
        self.history.set_store(store)
        if getattr(store, "notice", ""):
            self.banner.show_message(store.notice, "info")
        elif recovered:
            names = ", ".join(f"{s.title} of {s.started_at.astimezone():%Y-%m-%d %H:%M}" for s in recovered)
            self._recovery_notice = (f"A session was cut off last time and has been recovered: {names}. "
                                     "You can replay it in History.")
            self.banner.show_message(self._recovery_notice, "info")

    def _on_load_progress(self, message: str, fraction: float) -> None:
        self.status_label.setText(message + "…" if fraction < 1 else message)
        self.load_progress.setValue(int(fraction * 100))

    def _on_models_loaded(self, models: LoadedModels) -> None:
        self.models = models
        self._apply_wording()
        self.load_progress.hide()
        self.status_label.setText("Ready")
        self.question_label.setText("Press “Start interview” when you are ready. Answer aloud; pause or press "
                                    "Space (or Ctrl+Enter) when you have finished an answer. F1 lists the keys.")
        self.start_button.setEnabled(True)
        if getattr(models.llm, "problem", ""):
            self.banner.show_message(models.llm.problem)

    def _on_load_failed(self, message: str) -> None:
        self.load_progress.hide()
        self.status_label.setText("Models could not be loaded")
        self.banner.show_message(message)
        self.question_label.setText("The interview cannot start until this is fixed.")

    # the session (worker thread) -----------------------------------------------
    def start_interview(self, kit: InterviewKit | None = None, redo_of: tuple[str, int] | None = None) -> None:
        """The chosen plan's interview, or a plan built in code (practice, answering again)."""
        if self.models is None or self.session is not None:
            return
        self.banner.hide()
        plan, level = self.plan_box.currentData(), self.level_box.currentData()
        try:
            audio_in, audio_out = self.context.open_audio()
            kit = kit or self.kits.take(plan)
            interview = kit.new_interview(level=level, recent=self.recent.recent_ids(),
                                          resume=self._document("resume"), job=self._document("job"))
        except (EngineError, InputError) as exc:  # no device; a plan unreadable or matching no question
            self.banner.show_message(str(exc))
            return
        settings = RunnerSettings(endpointing=endpointing_for(self.context.settings.end_silence_ms),
                                  barge_in=self.context.settings.headset)
        session = self.session = InterviewSession(self.models, audio_in, audio_out, interview, kit.prompts,
                                                  settings=settings, emit=self.bridge.emit_event)
        store, names = self.store, self.models.names()
        persona = kit.plan.persona
        self.transcript.interviewer_name = persona.name
        self.transcript.clear_turns()
        self.speaker_label.setText(f"{persona.name}, {persona.role}")
        self.panel_view.start([(p.name, p.role) for p in kit.plan.personas])
        self.speaker_label.setVisible(not self.panel_view.has_panel)  # the panel shows who speaks
        self._set_running(True)
        self._plan_minutes = kit.plan.minutes
        self._started_at = time.monotonic()
        self._tick()
        self.clock_timer.start()
        self.tabs.setCurrentIndex(0)
        feedback = self.feedback

        def work() -> None:
            feedback.cancel(wait_s=60)   # the model words no feedback while it interviews
            try:   # a missing or vanished device is said now, before anything is recorded
                prove_sound_devices(audio_in, audio_out)
            except EngineError as exc:
                audio_out.close()
                self.bridge.not_started.emit(str(exc))
                return
            try:  # database writes stay off the GUI thread
                session.start(None if store is None else lambda: start_recording(
                    store, kit, interview, level, names, self.context.settings, redo_of=redo_of))
            except RecordingError as exc:
                self.bridge.failed.emit(f"{exc} The interview will not be saved.")
            outcome = None
            try:
                outcome = session.run()
            finally:
                audio_out.close()  # the speakers' stream stays open for the whole interview
                outcome = session.finish(outcome or session.stopped())  # files and database
                # the next interview's plan, read fresh (the user may edit their plans)
                problem = self.kits.read_ahead(plan, fresh=True)
                if problem is not None:
                    self.bridge.failed.emit(problem)
                self.bridge.saved.emit()
                if outcome.stored:
                    self.bridge.stored.emit(outcome.session_id, redo_of)

        self._thread_session = session
        self._thread = threading.Thread(target=work, name="session", daemon=True)
        self._thread.start()

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
            self.status_label.setText("Resume saved: the project deep dive will ask about your projects")

    def finish_answer(self) -> None:
        if self.session is not None:
            self.session.finish_answer()

    def end_interview(self) -> None:
        if self.session is not None:
            self.typed_box.send()   # an answer typed and not yet sent is kept as the last answer
            self.session.cancel()
            self.status_label.setText("Ending…")

    def _on_turn_started(self, turn: TurnRecord) -> None:
        if turn.speaker == "interviewer" and turn.kind not in ("nudge", "repeat"):  # the question stays up
            self.question_label.setText(turn.text)
            if turn.persona:
                self.speaker_label.setText(f"{turn.persona}, {turn.role}")
        self.transcript.upsert(turn)

    def _on_turn_finished(self, turn: TurnRecord) -> None:
        self.transcript.upsert(turn)

    def _on_event_recorded(self, event: EventRecorded) -> None:
        turn = event.data.get("turn")
        if event.data.get("type") == EventType.NO_FOLLOW_UP.value and isinstance(turn, int):
            # the plan said each question is followed up: the window says why this one was not
            self.transcript.set_note(turn, NO_TIME_FOR_FOLLOW_UP)

    def _on_session_failed(self, message: str) -> None:
        self.banner.show_message(message)

    def _on_session_not_started(self, message: str) -> None:
        """The devices failed their check: nothing was recorded, and the window is ready again."""
        self.session = None
        self._set_running(False)
        self.panel_view.stop()
        self.banner.show_message(message)
        self.status_label.setText("The interview did not start: nothing was recorded")

    def _on_session_saved(self) -> None:
        """The session thread is over; after a failure the window is ready for a new one."""
        if self.session is not None:
            self.session = None
            self._set_running(False)
            self.status_label.setText("Interview stopped: what was recorded is saved in History")

    def _on_session_finished(self, turns: list) -> None:
        ended_early = False
        if self.session is not None:
            asked = sorted({t.question_id for t in turns if t.question_id and t.speaker == "candidate"})
            self.recent.record(self.session.runner.interview.plan.id, asked)
            ended_early = self.session.runner.cancelled
        self.session = None
        self._set_running(False)
        answers = sum(is_answer(t.speaker, t.text, t.end_reason) for t in turns)
        self.status_label.setText(session_end_text(answers, ended_early))

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        """Closing ends an interview as End does (Ctrl-C and SIGTERM come here too): the answer in
        progress is transcribed and the session stored as ended early, on the session thread. The
        window never waits for that: finish_closing does, once the window is gone."""
        self.feedback.cancel()
        if self._thread is not None and self._thread.is_alive():
            self._closed_at = time.monotonic()
            if self.session is not None:
                self.end_interview()   # an answer typed and not yet sent is kept too
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
        log.warning("the interview was still being saved %.1f s after the window closed: the next start finishes "
                    "it", within_s)
        session.leave_unfinished()
        return False
