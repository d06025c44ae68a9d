"""The Interview tab: the plan and level, Start and End, the question, the meter, the ways to answer, the transcript.

A widget of its own: it builds and lays out its controls and knows how they look while an interview
runs. The window (ui/main_window.py) and its controllers (ui/answer_controls.py, ui/settings_controller.py)
wire them to the session and the settings.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from interview_voice.app import plan_folders
from interview_voice.core.bank import LEVELS
from interview_voice.core.plan import available_plans, plan_title
from interview_voice.paths import AppPaths
from interview_voice.ui.appearance import on_font_change, set_relative_font
from interview_voice.ui.panel_view import PanelView
from interview_voice.ui.typed_answer import TypedAnswerBox
from interview_voice.ui.widgets import Banner, LevelMeter, TranscriptView

REPEAT_KEY = "R"
LEVEL_NAMES = {
    "junior": "Junior",
    "mid": "Mid-level",
    "senior": "Senior",
    "lead": "Lead",
    "architect": "Architect",
    "research": "Research scientist",
}


def plan_choices(paths: AppPaths) -> list[tuple[str, str]]:
    """(title, plan id) of every plan in the plan folders; a plan in an earlier folder hides one of its name later."""
    choices: list[tuple[str, str]] = []
    for folder in plan_folders(paths):
        for plan_id in available_plans(folder):
            if all(plan_id != known for _, known in choices):
                choices.append((plan_title(folder / f"{plan_id}.toml"), plan_id))
    return choices


class InterviewPage(QWidget):
    """The Interview tab's controls. Built once; set_running says whether an interview is on."""

    def __init__(self, plans: Sequence[tuple[str, str]], plan: str, level: str) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 8)
        layout.setSpacing(12)
        top = self._header_row()
        choices = self._choices_row(plans, plan, level)  # a row of their own, so the window fits 800 px wide
        layout.addLayout(top)
        layout.addLayout(choices)
        self.plan_details = QLabel("")  # the chosen plan's description and length
        self.plan_details.setWordWrap(True)
        self.plan_details.setStyleSheet("color: #5b6472;")
        layout.addWidget(self.plan_details)
        self.banner = Banner()
        layout.addWidget(self.banner)
        self._add_question(layout)
        self._add_captions(layout)
        self._add_answer_rows(layout)
        self.transcript = TranscriptView()
        # In a short window the transcript (it scrolls) gives up height, never the question above it
        self._transcript_shows_lines()
        on_font_change(self.transcript, self._transcript_shows_lines)
        self.question_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        layout.addWidget(self.transcript, 1)
        self._set_tab_order()

    # building -------------------------------------------------------------------------------------
    def _header_row(self) -> QHBoxLayout:
        top = QHBoxLayout()
        title = QLabel("Interview Voice")
        set_relative_font(title, 1.75, bold=True)
        top.addWidget(title)
        top.addStretch(1)
        self.start_button = QPushButton("Start interview")
        self.start_button.setAccessibleDescription("Starts the chosen interview; the interviewer speaks first")
        self.start_button.setEnabled(False)
        self.start_button.setDefault(True)
        top.addWidget(self.start_button)
        self.stop_button = QPushButton("End")
        self.stop_button.setEnabled(False)
        top.addWidget(self.stop_button)
        return top

    def _choices_row(self, plans: Sequence[tuple[str, str]], plan: str, level: str) -> QHBoxLayout:
        choices = QHBoxLayout()
        plan_label = QLabel("&Interview:")
        choices.addWidget(plan_label)
        self.plan_box = QComboBox()
        plan_label.setBuddy(self.plan_box)  # Alt+I
        self.plan_box.setAccessibleName("Interview plan")
        for title, plan_id in plans:
            self.plan_box.addItem(title, plan_id)
        selected = self.plan_box.findData(plan)
        if selected >= 0:
            self.plan_box.setCurrentIndex(selected)
        self.plan_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.plan_box.setMinimumContentsLength(12)  # it takes any room left; 12 letters when room is short
        choices.addWidget(self.plan_box, 1)
        level_label = QLabel("&Level:")
        choices.addWidget(level_label)
        self.level_box = QComboBox()
        level_label.setBuddy(self.level_box)  # Alt+L
        self.level_box.setAccessibleName("Candidate level")
        for name in LEVELS:
            self.level_box.addItem(LEVEL_NAMES[name], name)
        self.level_box.setCurrentIndex(max(0, self.level_box.findData(level)))
        # as wide as "Mid-level" when room is short (larger text): the list shows the long names in full
        self.level_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.level_box.setMinimumContentsLength(9)
        choices.addWidget(self.level_box)
        self.resume_button = QPushButton("Resume…")
        choices.addWidget(self.resume_button)
        self.settings_button = QPushButton("Settings…")  # devices, voice, models, the pause, your data
        choices.addWidget(self.settings_button)
        return choices

    def _add_question(self, layout: QVBoxLayout) -> None:
        self.speaker_label = QLabel("")
        self.speaker_label.setStyleSheet("color: #5b6472;")
        self.speaker_label.hide()  # shown while an interview runs: before one, the plan's details say who asks
        layout.addWidget(self.speaker_label)
        self.panel_view = PanelView()  # a panel's names, who speaks, who is next, the phase
        layout.addWidget(self.panel_view)
        self.question_label = QLabel("Models are loading. The interview can start when they are ready.")
        self.question_label.setWordWrap(True)
        set_relative_font(self.question_label, 1.5)
        self.question_label.setAccessibleDescription("What the interviewer is asking now")
        self._question_fits_two_lines()
        on_font_change(self.question_label, self._question_fits_two_lines)
        self.question_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.question_label.setStyleSheet(
            "background: #f7f8fa; border: 1px solid #e1e4e8; border-radius: 8px; padding: 14px;"
        )
        layout.addWidget(self.question_label)

    def _add_captions(self, layout: QVBoxLayout) -> None:
        """What the interviewer says, as it is said, and the notices of a check-in or a skipped question."""
        self.caption_label = QLabel("")
        self.caption_label.setAccessibleName("Caption: what the interviewer is saying")
        self.caption_label.setWordWrap(True)
        self.caption_label.setStyleSheet("color: #1d3f72; font-style: italic;")
        self.caption_label.hide()
        layout.addWidget(self.caption_label)
        self.notice_label = QLabel("")
        self.notice_label.setAccessibleName("Notice")
        self.notice_label.setWordWrap(True)
        self.notice_label.setStyleSheet("background: #fff6db; color: #6b4e00; padding: 8px; border-radius: 6px;")
        self.notice_label.hide()
        layout.addWidget(self.notice_label)

    def _add_answer_rows(self, layout: QVBoxLayout) -> None:
        """The microphone's meter with I'm done and Repeat, then the typed answer."""
        meter_row = QHBoxLayout()
        meter_row.addWidget(QLabel("Microphone"))
        self.level_meter = LevelMeter()
        meter_row.addWidget(self.level_meter, 1)
        self.done_button = QPushButton("I'm done  (Space)")
        self.done_button.setEnabled(False)
        meter_row.addWidget(self.done_button)
        layout.addLayout(meter_row)
        self.repeat_button = QPushButton(f"Repeat question  ({REPEAT_KEY})")
        self.repeat_button.setToolTip(f"Hear the question again ({REPEAT_KEY}); you can also say “repeat”")
        self.repeat_button.setEnabled(False)
        meter_row.addWidget(self.repeat_button)
        self.typed_box = TypedAnswerBox()
        layout.addWidget(self.typed_box)

    def _set_tab_order(self) -> None:
        """Tab follows the work: choose, start, answer, then the devices and the transcript."""
        order = [
            self.plan_box,
            self.level_box,
            self.resume_button,
            self.settings_button,
            self.start_button,
            self.stop_button,
            self.done_button,
            self.repeat_button,
            self.typed_box.edit,
            self.typed_box.send_button,
            self.transcript,
        ]
        for before, after in zip(order, order[1:]):
            QWidget.setTabOrder(before, after)

    def _question_fits_two_lines(self) -> None:
        """Room for two lines of the question at any text size (its padding is 14 px a side)."""
        lines = 2 * QFontMetrics(self.question_label.font()).lineSpacing()
        self.question_label.setMinimumHeight(max(90, lines + 32))

    def _transcript_shows_lines(self) -> None:
        """The transcript gives up height first, but always shows two lines."""
        self.transcript.setMinimumHeight(max(60, 2 * QFontMetrics(self.transcript.font()).lineSpacing() + 12))

    # reading and showing --------------------------------------------------------------------------
    def chosen_plan(self) -> str:
        return self.plan_box.currentData()

    def chosen_level(self) -> str:
        return self.level_box.currentData()

    def show_persona(self, name: str, role: str | None) -> None:
        self.speaker_label.setText(f"{name}, {role}")

    def set_running(self, running: bool, can_start: bool, focus_start: bool) -> None:
        """During an interview: End and I'm done, the choices locked, the room given to the transcript.
        focus_start: after one, the focus goes back to Start (when the user is on this tab)."""
        self.start_button.setEnabled(not running and can_start)
        self.plan_box.setEnabled(not running)
        self.level_box.setEnabled(not running)
        self.resume_button.setEnabled(not running)
        self.stop_button.setEnabled(running)
        self.done_button.setEnabled(running)
        # the plan's description is for choosing; during the interview the room goes to the transcript
        self.plan_details.setVisible(not running)
        if not running:
            self.speaker_label.hide()
        if running:
            # Space then ends the answer, never the interview
            self.done_button.setFocus(Qt.FocusReason.OtherFocusReason)
        elif self.start_button.isEnabled() and focus_start:
            self.start_button.setFocus(Qt.FocusReason.OtherFocusReason)
        if not running:
            self.level_meter.set_level(0.0, False)
