"""The interview window: start, hear the question, answer aloud, see the transcript."""

from __future__ import annotations

import logging
import threading
import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from interview_voice.app import AppContext, InterviewKit, LoadedModels, plan_folders, sound_devices, start_recording
from interview_voice.core.bank import LEVELS
from interview_voice.core.endpointing import endpointing_for
from interview_voice.core.plan import available_plans, plan_title
from interview_voice.engines.base import EngineError
from interview_voice.records import RecordingError, TurnRecord
from interview_voice.runtime.session import Engines, RunnerSettings, SessionRunner
from interview_voice.storage.recent import RecentQuestions
from interview_voice.ui.bridge import LoaderBridge, SessionBridge
from interview_voice.ui.compare_view import CompareView
from interview_voice.ui.feedback_actions import FeedbackActions, wording_for
from interview_voice.ui.feedback_flow import FeedbackWorker
from interview_voice.ui.history import HistoryView
from interview_voice.ui.progress_view import ProgressView
from interview_voice.ui.report_view import ReportView
from interview_voice.ui.widgets import Banner, LevelMeter, TranscriptView

log = logging.getLogger(__name__)
LEVEL_NAMES = {"junior": "Junior", "mid": "Mid-level", "senior": "Senior", "lead": "Lead",
               "architect": "Architect", "research": "Research scientist"}


class MainWindow(FeedbackActions, QMainWindow):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.models: LoadedModels | None = None
        self.runner: SessionRunner | None = None
        self._thread: threading.Thread | None = None
        self.recent = RecentQuestions(context.paths.data_dir / "recent_questions.json")
        self.store = None
        self._kits: dict[str, InterviewKit] = {}  # a plan read ahead, used once: reading the bank takes ~50 ms
        self.loader = LoaderBridge()
        self.bridge = SessionBridge()
        self.setWindowTitle("Interview Voice")
        self.resize(880, 640)
        self._build()
        self._connect()

    # layout ------------------------------------------------------------------
    def _build(self) -> None:
        root = QWidget()
        layout = QVBoxLayout(root)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(12)

        top = QHBoxLayout()
        title = QLabel("Interview Voice")
        title.setFont(QFont(title.font().family(), 16, QFont.Bold))
        top.addWidget(title)
        top.addStretch(1)
        # the choices on a row of their own, so the window fits 800 px wide
        choices = QHBoxLayout()
        choices.addWidget(QLabel("Interview:"))
        self.plan_box = QComboBox()
        self.plan_box.setAccessibleName("Interview plan")
        for folder in plan_folders(self.context.paths):
            for plan_id in available_plans(folder):
                if self.plan_box.findData(plan_id) < 0:
                    self.plan_box.addItem(plan_title(folder / f"{plan_id}.toml"), plan_id)
        selected = self.plan_box.findData(self.context.settings.plan)
        if selected >= 0:
            self.plan_box.setCurrentIndex(selected)
        self.plan_box.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.plan_box.setMinimumContentsLength(16)
        choices.addWidget(self.plan_box, 1)
        choices.addWidget(QLabel("Level:"))
        self.level_box = QComboBox()
        self.level_box.setAccessibleName("Candidate level")
        for level in LEVELS:
            self.level_box.addItem(LEVEL_NAMES[level], level)
        self.level_box.setCurrentIndex(max(0, self.level_box.findData(self.context.settings.level)))
        choices.addWidget(self.level_box)
        self.resume_button = QPushButton("Resume…")
        self.resume_button.setToolTip("Paste your resume and the job description for the project deep dive")
        self.resume_button.clicked.connect(self.edit_resume)
        choices.addWidget(self.resume_button)
        self.start_button = QPushButton("Start interview")
        self.start_button.setEnabled(False)
        self.start_button.setDefault(True)
        top.addWidget(self.start_button)
        self.stop_button = QPushButton("End")
        self.stop_button.setEnabled(False)
        top.addWidget(self.stop_button)
        layout.addLayout(top)
        layout.addLayout(choices)

        self.banner = Banner()
        layout.addWidget(self.banner)

        self.speaker_label = QLabel("")
        self.speaker_label.setStyleSheet("color: #5b6472;")
        layout.addWidget(self.speaker_label)
        self.question_label = QLabel("Models are loading. The interview can start when they are ready.")
        self.question_label.setWordWrap(True)
        self.question_label.setFont(QFont(self.question_label.font().family(), 15))
        self.question_label.setMinimumHeight(90)
        self.question_label.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        self.question_label.setStyleSheet(
            "background: #f7f8fa; border: 1px solid #e1e4e8; border-radius: 8px; padding: 14px;")
        layout.addWidget(self.question_label)

        meter_row = QHBoxLayout()
        meter_row.addWidget(QLabel("Your level"))
        self.level_meter = LevelMeter()
        meter_row.addWidget(self.level_meter, 1)
        self.done_button = QPushButton("I'm done  (Space)")
        self.done_button.setEnabled(False)
        meter_row.addWidget(self.done_button)
        layout.addLayout(meter_row)
        layout.addLayout(self._device_row())

        self.transcript = TranscriptView()
        layout.addWidget(self.transcript, 1)

        self.clock_label = QLabel("")
        self.clock_label.setAccessibleName("Interview clock")
        self.clock_timer = QTimer(self)
        self.clock_timer.setInterval(1000)
        self.clock_timer.timeout.connect(self._tick)
        self._started_at = 0.0
        self.status_label = QLabel("Starting")
        self.load_progress = QProgressBar()
        self.load_progress.setRange(0, 100)
        self.load_progress.setMaximumWidth(260)
        self.statusBar().addWidget(self.status_label, 1)
        self.statusBar().addPermanentWidget(self.clock_label)
        self.statusBar().addPermanentWidget(self.load_progress)
        self.tabs = QTabWidget()
        self.tabs.addTab(root, "Interview")
        self.history = HistoryView(self.context.player_factory) if self.context.player_factory else HistoryView()
        self.report = ReportView()
        self.progress = ProgressView()
        self.compare = CompareView()
        self.tabs.insertTab(1, self.report, "Report")
        self.tabs.addTab(self.history, "History")
        self.tabs.addTab(self.progress, "Progress")
        self.tabs.addTab(self.compare, "Answer again")
        self.setCentralWidget(self.tabs)

    def _device_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        inputs, outputs, problem = sound_devices()
        self.input_box, self.output_box = QComboBox(), QComboBox()
        for box, names, chosen, label in ((self.input_box, inputs, self.context.settings.input_device, "Microphone"),
                                          (self.output_box, outputs, self.context.settings.output_device, "Speakers")):
            box.setAccessibleName(f"{label} device")
            box.addItem("System default", "")
            for name in names:
                box.addItem(name, name)
            box.setCurrentIndex(max(0, box.findData(chosen)))
            box.currentIndexChanged.connect(self._devices_changed)
            row.addWidget(QLabel(f"{label}:"))
            row.addWidget(box, 1)
        self.headset_box = QCheckBox("Headset: I can interrupt by speaking")
        self.headset_box.setChecked(self.context.settings.headset)
        self.headset_box.toggled.connect(self._devices_changed)
        row.addWidget(self.headset_box)
        if problem:
            self.input_box.setToolTip(problem)
        return row

    def _devices_changed(self) -> None:
        settings = self.context.settings
        settings.input_device = self.input_box.currentData() or ""
        settings.output_device = self.output_box.currentData() or ""
        settings.headset = self.headset_box.isChecked()
        try:
            settings.save(self.context.paths.settings_file)
        except OSError as exc:
            self.banner.show_message(f"Your choice applies now but could not be saved: {exc.strerror}")

    def _connect(self) -> None:
        self.start_button.clicked.connect(lambda: self.start_interview())  # not clicked(bool) as the kit
        self.stop_button.clicked.connect(self.end_interview)
        self.done_button.clicked.connect(self.finish_answer)
        QShortcut(QKeySequence(Qt.Key_Space), self, activated=self.finish_answer)
        self.loader.progress.connect(self._on_load_progress)
        self.loader.loaded.connect(self._on_models_loaded)
        self.loader.failed.connect(self._on_load_failed)
        self.loader.store_ready.connect(self._on_store_ready)
        self.loader.store_failed.connect(lambda message: self.banner.show_message(
            f"{message} Interviews will not be saved until this is fixed."))
        self.bridge.status.connect(self.status_label.setText)
        self.bridge.level.connect(lambda e: self.level_meter.set_level(e.rms, e.speaking))
        self.bridge.turn_started.connect(self._on_turn_started)
        self.bridge.partial.connect(lambda e: self.transcript.set_partial(e.turn, e.text))
        self.bridge.turn_finished.connect(self._on_turn_finished)
        self.bridge.failed.connect(self._on_session_failed)
        self.bridge.finished.connect(self._on_session_finished)
        self.bridge.saved.connect(self.history.refresh)
        self.bridge.saved.connect(self._on_session_saved)
        self.feedback = FeedbackWorker()
        self.bridge.stored.connect(self._on_session_stored)
        self.feedback.bridge.metrics_ready.connect(self._on_feedback_ready)
        self.feedback.bridge.metrics_updated.connect(self._on_feedback_updated)
        self.feedback.bridge.answer_worded.connect(self.report.update_answer)
        self.feedback.bridge.finished.connect(self._on_feedback_finished)
        self.feedback.bridge.failed.connect(self.banner.show_message)
        self.loader.feedback_ready.connect(self._on_feedback_service)
        self.report.practise_requested.connect(self.start_practice)
        self.history.replay.redo_requested.connect(self.start_redo)
        self.history.replay.compare_requested.connect(self.show_attempts)
        self.history.report_requested.connect(self.show_report_for)

    # model loading (worker thread) ---------------------------------------------
    def load_models_in_background(self) -> None:
        plan = self.plan_box.currentData()

        def work() -> None:
            if self.context.open_store is not None:
                self.loader.progress.emit("Opening your sessions", 0.01)
                try:
                    store, recovered = self.context.open_store()
                    self.loader.store_ready.emit(store, recovered)
                    self.loader.feedback_ready.emit(self._feedback_service(store, plan))
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
                try:  # read the chosen plan here, not on the GUI thread when Start is pressed
                    self._kits.setdefault(plan, self.context.load_kit(plan))
                except ValueError:
                    pass  # reported when the user presses Start
                self._wording = wording_for(models)
                self.loader.loaded.emit(models)

        threading.Thread(target=work, name="model-loader", daemon=True).start()

    def _on_store_ready(self, store, recovered: list) -> None:
        self.store = store
        self.history.set_store(store)
        if getattr(store, "notice", ""):
            self.banner.show_message(store.notice, "info")
        elif recovered:
            names = ", ".join(f"{s.title} of {s.started_at.astimezone():%Y-%m-%d %H:%M}" for s in recovered)
            self.banner.show_message(f"A session was cut off last time and has been recovered: {names}. "
                                     "You can replay it in History.", "info")

    def _on_load_progress(self, message: str, fraction: float) -> None:
        self.status_label.setText(message + "…" if fraction < 1 else message)
        self.load_progress.setValue(int(fraction * 100))

    def _on_models_loaded(self, models: LoadedModels) -> None:
        self.models = models
        self._apply_wording()
        self.load_progress.hide()
        self.status_label.setText("Ready")
        self.question_label.setText("Press “Start interview” when you are ready. Answer aloud; pause or press "
                                    "Space when you have finished an answer.")
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
        if self.models is None or self.runner is not None:
            return
        self.banner.hide()
        plan = self.plan_box.currentData()
        try:
            audio_in, audio_out = self.context.open_audio()
            kit = kit or self._kits.pop(plan, None) or self.context.load_kit(plan)
        except (EngineError, ValueError) as exc:
            self.banner.show_message(str(exc))
            return
        m = self.models
        engines = Engines(m.stt, m.tts, m.llm, m.vad, audio_in, audio_out, stt_live=m.stt_live)
        settings = RunnerSettings(endpointing=endpointing_for(self.context.settings.end_silence_ms),
                                  barge_in=self.context.settings.headset)
        try:
            interview = kit.new_interview(level=self.level_box.currentData(), recent=self.recent.recent_ids(),
                                          resume=self._document("resume"), job=self._document("job"))
        except ValueError as exc:  # a custom plan that matches no question
            self.banner.show_message(str(exc))
            return
        self.runner = SessionRunner(engines, interview, kit.prompts, emit=self.bridge.emit_event, settings=settings)
        store, level = self.store, self.level_box.currentData()
        models = {"stt": m.stt.name, "tts": m.tts.name, "llm": m.llm.name,
                  **({"stt_live": m.stt_live.name} if m.stt_live else {})}
        persona = kit.plan.persona
        self.transcript.interviewer_name = persona.name
        self.transcript.clear_turns()
        self.speaker_label.setText(f"{persona.name}, {persona.role}")
        self._set_running(True)
        self._plan_minutes = kit.plan.minutes
        self._started_at = time.monotonic()
        self._tick()
        self.clock_timer.start()
        runner = self.runner
        self.tabs.setCurrentIndex(0)
        feedback = self.feedback

        def work() -> None:
            status = "completed"
            feedback.cancel(wait_s=60)   # the model words no feedback while it interviews
            if store is not None:  # database writes stay off the GUI thread
                try:
                    runner.recorder = start_recording(store, kit, interview, level, models, self.context.settings,
                                                      redo_of=redo_of)
                except RecordingError as exc:
                    self.bridge.failed.emit(f"{exc} The interview will not be saved.")
            try:
                runner.run()
            except (EngineError, RecordingError):
                status = "failed"  # already reported through SessionFailed
            except Exception as exc:
                status = "failed"
                log.exception("the session crashed")
                self.bridge.failed.emit(f"The session stopped unexpectedly: {exc}")
            finally:
                audio_out.close()  # the speakers' stream stays open for the whole interview
                if runner.recorder is not None:  # files and database, off the GUI thread
                    notice = "You ended this interview early." if runner.cancelled else ""
                    runner.recorder.close(status, runner.elapsed_s, notice)
                try:  # the next interview's plan, read fresh (the user may edit their plans) off the GUI thread
                    self._kits[plan] = self.context.load_kit(plan)
                except ValueError:
                    pass  # reported when the user presses Start
                self.bridge.saved.emit()
                if runner.recorder is not None and not runner.recorder.error:
                    self.bridge.stored.emit(runner.recorder.session_id, redo_of)

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
        if self.runner is not None:
            self.runner.finish_answer()

    def end_interview(self) -> None:
        if self.runner is not None:
            self.runner.cancel()
            self.status_label.setText("Ending…")

    def _tick(self) -> None:
        elapsed = int(time.monotonic() - self._started_at)
        self.clock_label.setText(f"{elapsed // 60}:{elapsed % 60:02d} of {self._plan_minutes} min")

    def _set_running(self, running: bool) -> None:
        self.start_button.setEnabled(not running and self.models is not None)
        self.plan_box.setEnabled(not running)
        self.level_box.setEnabled(not running)
        self.resume_button.setEnabled(not running)
        self.stop_button.setEnabled(running)
        self.done_button.setEnabled(running)
        if not running:
            self.level_meter.set_level(0.0, False)
            self.clock_timer.stop()

    def _on_turn_started(self, turn: TurnRecord) -> None:
        if turn.speaker == "interviewer":
            self.question_label.setText(turn.text)
            if turn.persona:
                self.speaker_label.setText(f"{turn.persona}, {turn.role}")
        self.transcript.upsert(turn)

    def _on_turn_finished(self, turn: TurnRecord) -> None:
        self.transcript.upsert(turn)

    def _on_session_failed(self, message: str) -> None:
        self.banner.show_message(message)

    def _on_session_saved(self) -> None:
        """The session thread is over; after a failure the window is ready for a new one."""
        if self.runner is not None:
            self.runner = None
            self._set_running(False)
            self.status_label.setText("Interview stopped: what was recorded is saved in History")

    def _on_session_finished(self, turns: list) -> None:
        if self.runner is not None:
            asked = sorted({t.question_id for t in turns if t.question_id and t.speaker == "candidate"})
            self.recent.record(self.runner.interview.plan.id, asked)
        self.runner = None
        self._set_running(False)
        self.status_label.setText(f"Interview finished: {sum(t.speaker == 'candidate' for t in turns)} answers")

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self.feedback.cancel()
        if self.runner is not None:
            self.runner.cancel()
        if self._thread is not None:
            self._thread.join(timeout=5.0)  # what is not closed by then is recovered at the next start
        super().closeEvent(event)
