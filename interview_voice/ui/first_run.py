"""Before the first real interview: check the microphone and the speakers, see the models, try one question.

Shown once (remembered in the settings, whether finished or skipped) and reopened
from Settings. Every sound runs on a worker thread; with no microphone or no
speakers it says so and the candidate can go on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from interview_voice.core.types import AudioChunk
from interview_voice.paths import AppPaths
from interview_voice.settings import Settings
from interview_voice.ui.first_run_audio import LISTEN_S, AudioCheck
from interview_voice.ui.widgets import BusyButton, LevelMeter

log = logging.getLogger(__name__)
METER_GAIN = 5.0  # speech at a normal distance is RMS 0.05-0.2: shown as a quarter to a full bar


def _text(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


def _hint(text: str, choice: QRadioButton) -> QLabel:
    """What a choice means, wrapped under it and lined up with its text."""
    label = _text(text)
    style = choice.style()
    indent = style.pixelMetric(QStyle.PixelMetric.PM_ExclusiveIndicatorWidth) + style.pixelMetric(
        QStyle.PixelMetric.PM_RadioButtonLabelSpacing
    )
    label.setContentsMargins(indent, 0, 0, 0)
    choice.setAccessibleDescription(text)
    return label


class FirstRunDialog(QDialog):
    practice_requested = Signal()
    settings_requested = Signal()

    def __init__(
        self,
        paths: AppPaths,
        settings: Settings,
        open_device: Callable[[str], object],
        speakers_name: str,
        synthesize: Callable[[str], Iterator[AudioChunk]] | None,
        model_lines: list[str],
        vad=None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Before your first interview")
        self.paths, self.settings = paths, settings
        self._open_device, self._synthesize, self._vad = open_device, synthesize, vad
        self._speakers_name = speakers_name
        self.check = AudioCheck(self)
        self.check.level.connect(lambda rms, speaking: self.meter.set_level(min(1.0, rms * METER_GAIN), speaking))
        self.check.heard.connect(self._heard)
        self.check.played.connect(self._played)

        intro = _text(
            "A two-minute check, so that your first interview is about your answers and not your "
            "microphone. Every step can be skipped."
        )
        sections = (
            intro,
            self._microphone_step(),
            self._speakers_step(settings.headset, speakers_name),
            self._models_step(model_lines),
            self._practice_step(),
        )
        scroll = self._scrolling(sections)
        buttons = self._buttons()
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        self.resize(620, 560)
        self.finished.connect(self._remember)
        self._listen_busy, self._play_busy = BusyButton(self.listen_button), BusyButton(self.play_button)

    # building ------------------------------------------------------------------------------
    def _microphone_step(self) -> QGroupBox:
        mic = QGroupBox("1. Your microphone")
        self.meter = LevelMeter()
        self.listen_button = QPushButton(f"Test: say something ({LISTEN_S:.0f} s)")
        self.listen_button.clicked.connect(self.listen)
        self.mic_result = _text("Press the button and say a sentence, as you would answer a question.")
        row = QHBoxLayout()
        row.addWidget(self.listen_button)
        row.addWidget(self.meter, 1)
        box = QVBoxLayout(mic)
        box.addLayout(row)
        box.addWidget(self.mic_result)
        return mic

    def _speakers_step(self, headset: bool, speakers_name: str) -> QGroupBox:
        out = QGroupBox("2. What you listen with")
        # short choices, each with its consequence wrapped beneath: a radio button's text never wraps, and a
        # long one made the whole page scroll sideways with larger text
        self.headset_radio = QRadioButton("A headset or earphones")
        self.speakers_radio = QRadioButton("Speakers")
        headset_hint = _hint("You can interrupt the interviewer by speaking.", self.headset_radio)
        speakers_hint = _hint("The microphone pauses while the interviewer speaks.", self.speakers_radio)
        group = QButtonGroup(self)
        group.addButton(self.headset_radio)
        group.addButton(self.speakers_radio)
        (self.headset_radio if headset else self.speakers_radio).setChecked(True)
        self.headset_radio.toggled.connect(self._headset_changed)
        self.play_button = QPushButton("Play a sample sentence")
        self.play_button.clicked.connect(self.play)
        self.play_result = _text(f"It plays through {speakers_name}.")
        box = QVBoxLayout(out)
        box.addWidget(self.headset_radio)
        box.addWidget(headset_hint)
        box.addWidget(self.speakers_radio)
        box.addWidget(speakers_hint)
        play_row = QHBoxLayout()
        play_row.addWidget(self.play_button)
        play_row.addStretch(1)
        box.addLayout(play_row)
        box.addWidget(self.play_result)
        if self._synthesize is None:
            self.play_button.setEnabled(False)
            self.play_result.setText(
                "The interviewer's voice is not loaded, so no sample can be played (see the models below)."
            )
        return out

    def _models_step(self, model_lines: list[str]) -> QGroupBox:
        models = QGroupBox("3. Models")
        self.models_label = _text("\n".join(model_lines))
        QVBoxLayout(models).addWidget(self.models_label)
        return models

    def _practice_step(self) -> QGroupBox:
        practice = QGroupBox("4. A practice question (optional)")
        self.practice_button = QPushButton("Practise one question (about a minute)")
        self.practice_button.clicked.connect(self._practice)
        box = QVBoxLayout(practice)
        box.addWidget(
            _text(
                "One easy question, no follow-up: to get used to answering aloud and to the pause "
                "that hands the turn over. It is saved in History like any session."
            )
        )
        practice_row = QHBoxLayout()
        practice_row.addWidget(self.practice_button)
        practice_row.addStretch(1)
        box.addLayout(practice_row)
        return practice

    @staticmethod
    def _scrolling(sections: tuple[QWidget, ...]) -> QScrollArea:
        content = QWidget()
        column = QVBoxLayout(content)
        # wrapped text keeps its height: the page scrolls instead
        column.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        for widget in sections:
            column.addWidget(widget)
        column.addStretch(1)
        scroll = QScrollArea()  # holds at 800x600 and at 200 % scaling
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        return scroll

    def _buttons(self) -> QHBoxLayout:
        self.settings_button = QPushButton("Settings…")
        self.settings_button.clicked.connect(self._open_settings)
        self.skip_button = QPushButton("Skip")
        self.skip_button.clicked.connect(self.reject)
        self.done_button = QPushButton("Done")
        self.done_button.setDefault(True)
        self.done_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.settings_button)
        buttons.addStretch(1)
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.done_button)
        return buttons

    # the checks ----------------------------------------------------------------------------
    def listen(self) -> None:
        self._listen_busy.busy()
        self.mic_result.setText("Listening… say something.")
        if self._vad is not None and hasattr(self._vad, "reset"):
            self._vad.reset()
        self.check.listen(lambda: self._open_device("input"), self._vad)

    def _heard(self, ok: bool, message: str) -> None:
        self._listen_busy.ready()
        self.mic_result.setText(message)
        self.mic_result.setStyleSheet("" if ok else "color: #b42318;")

    def play(self) -> None:
        if self._synthesize is None:
            return
        self._play_busy.busy()
        self.play_result.setText("Playing…")
        self.check.play(lambda: self._open_device("output"), self._synthesize, self._speakers_name)

    def _played(self, ok: bool, message: str) -> None:
        self._play_busy.ready()
        self.play_result.setText(message)
        self.play_result.setStyleSheet("" if ok else "color: #b42318;")

    def _headset_changed(self, headset: bool) -> None:
        self.settings.headset = headset
        self._save()

    # leaving ---------------------------------------------------------------------------------
    def _practice(self) -> None:
        self.accept()
        self.practice_requested.emit()

    def _open_settings(self) -> None:
        self.accept()
        self.settings_requested.emit()

    def _remember(self, _result: int) -> None:
        """Finished or skipped, it is not shown by itself again."""
        self.check.stop()
        self.settings.first_run_done = True
        self._save()

    def _save(self) -> None:
        try:
            self.settings.save(self.paths.settings_file)
        except OSError as exc:
            log.warning("settings not saved: %s", exc)
