"""The interview tab's widgets: the plan and level, the question, the meter, the transcript."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from interview_voice.app import plan_folders
from interview_voice.core.bank import LEVELS
from interview_voice.core.plan import available_plans, plan_title
from interview_voice.ui.appearance import on_font_change, set_relative_font
from interview_voice.ui.compare_view import CompareView
from interview_voice.ui.history import HistoryView
from interview_voice.ui.panel_view import PanelView
from interview_voice.ui.progress_view import ProgressView
from interview_voice.ui.readable import centred
from interview_voice.ui.report_view import ReportView
from interview_voice.ui.widgets import Banner, LevelMeter, TranscriptView

LEVEL_NAMES = {"junior": "Junior", "mid": "Mid-level", "senior": "Senior", "lead": "Lead",
               "architect": "Architect", "research": "Research scientist"}


class InterviewLayout:
    """Builds the main window's widgets (mixed into MainWindow, which wires them to the session)."""

    def _build(self) -> None:
        root = QWidget()
        layout = QVBoxLayout(root)
        layout.setContentsMargins(14, 12, 14, 8)
        layout.setSpacing(12)

        top = QHBoxLayout()
        title = QLabel("Interview Voice")
        set_relative_font(title, 1.75, bold=True)
        top.addWidget(title)
        top.addStretch(1)
        # the choices on a row of their own, so the window fits 800 px wide
        choices = QHBoxLayout()
        plan_label = QLabel("&Interview:")
        choices.addWidget(plan_label)
        self.plan_box = QComboBox()
        plan_label.setBuddy(self.plan_box)   # Alt+I
        self.plan_box.setAccessibleName("Interview plan")
        for folder in plan_folders(self.context.paths):
            for plan_id in available_plans(folder):
                if self.plan_box.findData(plan_id) < 0:
                    self.plan_box.addItem(plan_title(folder / f"{plan_id}.toml"), plan_id)
        selected = self.plan_box.findData(self.context.settings.plan)
        if selected >= 0:
            self.plan_box.setCurrentIndex(selected)
        self.plan_box.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.plan_box.setMinimumContentsLength(12)   # it takes any room left; 12 letters when room is short
        choices.addWidget(self.plan_box, 1)
        level_label = QLabel("&Level:")
        choices.addWidget(level_label)
        self.level_box = QComboBox()
        level_label.setBuddy(self.level_box)   # Alt+L
        self.level_box.setAccessibleName("Candidate level")
        for level in LEVELS:
            self.level_box.addItem(LEVEL_NAMES[level], level)
        self.level_box.setCurrentIndex(max(0, self.level_box.findData(self.context.settings.level)))
        # as wide as "Mid-level" when room is short (larger text): the list shows the long names in full
        self.level_box.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.level_box.setMinimumContentsLength(9)
        choices.addWidget(self.level_box)
        self.resume_button = QPushButton("Resume…")
        self.resume_button.clicked.connect(self.edit_resume)
        choices.addWidget(self.resume_button)
        self.settings_button = QPushButton("Settings…")  # devices, voice, models, the pause, your data
        choices.addWidget(self.settings_button)
        self.start_button = QPushButton("Start interview")
        self.start_button.setAccessibleDescription("Starts the chosen interview; the interviewer speaks first")
        self.start_button.setEnabled(False)
        self.start_button.setDefault(True)
        top.addWidget(self.start_button)
        self.stop_button = QPushButton("End")
        self.stop_button.setEnabled(False)
        top.addWidget(self.stop_button)
        layout.addLayout(top)
        layout.addLayout(choices)
        self.plan_details = QLabel("")   # the chosen plan's description and length
        self.plan_details.setWordWrap(True)
        self.plan_details.setStyleSheet("color: #5b6472;")
        layout.addWidget(self.plan_details)

        self.banner = Banner()
        layout.addWidget(self.banner)

        self.speaker_label = QLabel("")
        self.speaker_label.setStyleSheet("color: #5b6472;")
        self.speaker_label.hide()   # shown while an interview runs: before one, the plan's details say who asks
        layout.addWidget(self.speaker_label)
        self.panel_view = PanelView()   # a panel's names, who speaks, who is next, the phase
        layout.addWidget(self.panel_view)
        self.question_label = QLabel("Models are loading. The interview can start when they are ready.")
        self.question_label.setWordWrap(True)
        set_relative_font(self.question_label, 1.5)
        self.question_label.setAccessibleDescription("What the interviewer is asking now")
        self._question_fits_two_lines()
        on_font_change(self.question_label, self._question_fits_two_lines)
        self.question_label.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        self.question_label.setStyleSheet("background: #f7f8fa; border: 1px solid #e1e4e8; border-radius: 8px; "
                                          "padding: 14px;")
        layout.addWidget(self.question_label)
        self._add_captions(layout)

        meter_row = QHBoxLayout()
        meter_row.addWidget(QLabel("Microphone"))
        self.level_meter = LevelMeter()
        meter_row.addWidget(self.level_meter, 1)
        self.done_button = QPushButton("I'm done  (Space)")
        self.done_button.setEnabled(False)
        meter_row.addWidget(self.done_button)
        layout.addLayout(meter_row)
        self._add_answer_controls(layout, meter_row)

        self.transcript = TranscriptView()
        # In a short window the transcript (it scrolls) gives up height, never the question above it
        self._transcript_shows_lines()
        on_font_change(self.transcript, self._transcript_shows_lines)
        self.question_label.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Minimum)
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
        self.tabs.addTab(centred(root, 60), "Interview")   # a readable column on wide screens
        self.history = HistoryView(self.context.player_factory) if self.context.player_factory else HistoryView()
        self.report = ReportView()
        self.progress = ProgressView()
        self.compare = CompareView()
        self.tabs.insertTab(1, self.report, "Report")
        self.tabs.addTab(self.history, "History")
        self.tabs.addTab(self.progress, "Progress")
        self.tabs.addTab(self.compare, "Answer again")
        self.setCentralWidget(self.tabs)
        # Tab follows the work: choose, start, answer, then the devices and the transcript
        order = [self.plan_box, self.level_box, self.resume_button, self.settings_button, self.start_button,
                 self.stop_button, self.done_button, self.repeat_button, self.typed_box.edit,
                 self.typed_box.send_button, self.transcript]
        for before, after in zip(order, order[1:]):
            QWidget.setTabOrder(before, after)

    def _question_fits_two_lines(self) -> None:
        """Room for two lines of the question at any text size (its padding is 14 px a side)."""
        lines = 2 * QFontMetrics(self.question_label.font()).lineSpacing()
        self.question_label.setMinimumHeight(max(90, lines + 32))

    def _transcript_shows_lines(self) -> None:
        """The transcript gives up height first, but always shows two lines."""
        self.transcript.setMinimumHeight(max(60, 2 * QFontMetrics(self.transcript.font()).lineSpacing() + 12))

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
        self._answer_controls_running(running)
        # the plan's description is for choosing; during the interview the room goes to the transcript
        self.plan_details.setVisible(not running)
        if not running:
            self.speaker_label.hide()
        if running:
            self.done_button.setFocus(Qt.OtherFocusReason)   # Space then ends the answer, never the interview
        elif self.start_button.isEnabled() and not self.tabs.currentIndex():
            self.start_button.setFocus(Qt.OtherFocusReason)
        if not running:
            self.level_meter.set_level(0.0, False)
            self.clock_timer.stop()

