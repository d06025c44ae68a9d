"""The Settings dialog's Audio, Voice and Listening pages."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from interview_voice.app import sound_devices
from interview_voice.modelstore.catalog import ModelChoice
from interview_voice.settings import (
    LONG_PAUSES_MS,
    MAX_FONT_SCALE,
    MAX_RATE,
    MAX_SILENCE_MS,
    MIN_FONT_SCALE,
    MIN_RATE,
    MIN_SILENCE_MS,
    Settings,
)
from interview_voice.ui.widgets import BusyButton


def _note(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: #5b6472;")
    return label


class AudioPage(QWidget):
    audio_check_requested = Signal()

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.input_box, self.output_box = QComboBox(), QComboBox()
        self.input_box.setAccessibleName("Microphone")
        self.output_box.setAccessibleName("Speakers or headphones")
        self.problem_label = _note("")
        self.refresh_button = QPushButton("Look again")
        self.refresh_button.setToolTip("List the devices again, after plugging one in")
        self.refresh_button.clicked.connect(
            lambda: self.fill(self.input_box.currentData() or "", self.output_box.currentData() or "")
        )
        self.headset_box = QCheckBox("I wear a headset (I can interrupt the interviewer by speaking)")
        self.headset_box.setChecked(settings.headset)
        self.check_button = QPushButton("Check my microphone and speakers…")
        self.check_button.clicked.connect(self.audio_check_requested)
        form = QFormLayout()
        form.addRow("Microphone:", self.input_box)
        form.addRow("Speakers:", self.output_box)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        row = QHBoxLayout()
        row.addWidget(self.refresh_button)
        row.addWidget(self.check_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.headset_box)
        layout.addWidget(
            _note(
                "With speakers, the microphone hears the interviewer too, so it does not listen while "
                "the interviewer speaks. With a headset it always listens: speak over a question "
                "to cut it short."
            )
        )
        layout.addStretch(1)
        self.fill(settings.input_device, settings.output_device)

    def fill(self, chosen_input: str, chosen_output: str) -> None:
        inputs, outputs, problem = sound_devices()
        for box, devices, chosen in ((self.input_box, inputs, chosen_input), (self.output_box, outputs, chosen_output)):
            box.clear()
            box.addItem("System default", "")
            for device in devices:
                box.addItem(device.label, device.id)
            if chosen and box.findData(chosen) < 0:  # kept, and said to be away, rather than silently dropped
                box.addItem(f"{chosen.removeprefix('pulse:')} (not connected now)", chosen)
            box.setCurrentIndex(max(0, box.findData(chosen)))
        self.problem_label.setText(problem)
        self.problem_label.setVisible(bool(problem))

    def store(self, settings: Settings) -> str:
        settings.input_device = self.input_box.currentData() or ""
        settings.output_device = self.output_box.currentData() or ""
        settings.headset = self.headset_box.isChecked()
        return ""


class VoicePage(QWidget):
    listen_requested = Signal(str, float)  # the voice and the speaking rate chosen here, not yet saved

    def __init__(self, choices: list[ModelChoice], settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.voice_box = QComboBox()
        self.voice_box.setAccessibleName("Interviewer voice")
        for choice in choices:
            if choice.role == "tts" and choice.usable:
                self.voice_box.addItem(choice.name, choice.id)
        if self.voice_box.findData(settings.tts_voice) < 0:
            self.voice_box.addItem(f"{settings.tts_voice} (not installed)", settings.tts_voice)
        self.voice_box.setCurrentIndex(self.voice_box.findData(settings.tts_voice))
        self.rate_slider = QSlider(Qt.Orientation.Horizontal)
        self.rate_slider.setAccessibleName("Speaking rate")
        self.rate_slider.setRange(int(MIN_RATE * 100), int(MAX_RATE * 100))
        self.rate_slider.setSingleStep(5)
        self.rate_slider.setPageStep(10)
        self.rate_slider.setValue(round(settings.speaking_rate * 100))
        self.rate_label = QLabel()
        self.rate_slider.valueChanged.connect(self._show_rate)
        self._show_rate(self.rate_slider.value())
        rate_row = QHBoxLayout()
        rate_row.addWidget(self.rate_slider, 1)
        rate_row.addWidget(self.rate_label)
        self.listen_button = QPushButton("Listen")
        self.listen_button.setToolTip("Hear a sample sentence in this voice at this rate (before saving)")
        self.listen_button.clicked.connect(
            lambda: self.listen_requested.emit(self.voice_box.currentData() or "", self.rate_slider.value() / 100)
        )
        self._listen_busy = BusyButton(self.listen_button)
        self.listen_result = QLabel("")
        self.listen_result.setWordWrap(True)
        self.listen_result.setAccessibleName("Voice sample")
        listen_row = QHBoxLayout()
        listen_row.addWidget(self.listen_button)
        listen_row.addWidget(self.listen_result, 1)
        form = QFormLayout()
        form.addRow("Interviewer voice:", self.voice_box)
        form.addRow("Speaking rate:", rate_row)
        form.addRow("", listen_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(
            _note(
                "A panel's interviewers keep their own voices and paces; the rate speeds all of "
                "them up or slows them down. Both apply from the next interview."
            )
        )
        layout.addStretch(1)

    def show_listening(self, playing: bool, message: str) -> None:
        """While the sample plays, Listen waits (and then has the focus back); then what happened, in words."""
        if playing:
            self._listen_busy.busy()
        else:
            self._listen_busy.ready()
        self.listen_result.setText(message)

    def _show_rate(self, value: int) -> None:
        rate = value / 100
        words = "normal" if abs(rate - 1) < 0.025 else ("slower" if rate < 1 else "faster")
        self.rate_label.setText(f"{rate:.2f}× ({words})")

    def store(self, settings: Settings) -> str:
        settings.tts_voice = self.voice_box.currentData() or settings.tts_voice
        settings.speaking_rate = round(self.rate_slider.value() / 100, 2)
        return ""


class ListeningPage(QWidget):
    def __init__(self, settings: Settings, learned: str = "", parent: QWidget | None = None) -> None:
        """learned: what the interviewer learned of the candidate's pauses in the latest interview."""
        super().__init__(parent)
        self.pause_slider = QSlider(Qt.Orientation.Horizontal)
        self.pause_slider.setAccessibleName("Pause before the interviewer takes over")
        self.pause_slider.setRange(MIN_SILENCE_MS // 100, MAX_SILENCE_MS // 100)  # tenths of a second
        self.pause_slider.setPageStep(5)
        self.pause_slider.setValue(round(settings.end_silence_ms / 100))
        self.pause_label = QLabel()
        self.pause_slider.valueChanged.connect(self._show)
        self._show(self.pause_slider.value())
        row = QHBoxLayout()
        row.addWidget(self.pause_slider, 1)
        row.addWidget(self.pause_label)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>How long you may pause before the interviewer takes over</b>"))
        layout.addLayout(row)
        layout.addWidget(
            _note(
                "When you stop speaking after a finished sentence, the interviewer waits this long "
                "before answering. A sentence left hanging (\"and then…\") gets two seconds more, "
                "and a pause after \"let me think\" or \"there are three reasons\" three. "
                "If you are cut off while thinking, make it longer; you can always press "
                "\"I'm done\" to hand over at once. Applies from the next interview."
            )
        )
        self.learned_label = _note(
            f"In your latest interview: {learned[:1].lower()}{learned[1:]} After a pause "
            "like yours between sentences the interviewer waits a little longer than it "
            "(up to 1.2 s more than this setting); it learns your pace again in each "
            "interview."
            if learned
            else "The interviewer learns how long you pause between sentences and goes on "
            "learning in each interview: after your first one, what it learned is shown here."
        )
        self.learned_label.setAccessibleName("What the interviewer learned of your pauses")
        layout.addWidget(self.learned_label)
        self.long_pauses_box = QCheckBox("I take long pauses, even in the middle of a sentence")
        self.long_pauses_box.setChecked(settings.long_pauses)
        layout.addWidget(self.long_pauses_box)
        layout.addWidget(
            _note(
                f"The interviewer then waits at least {LONG_PAUSES_MS / 1000:.1f} s after every pause, "
                "the end of your answer too, so that it does not take over while you look for the next "
                "words. Press \"I'm done\" to hand over sooner. Applies from the next interview."
            )
        )
        layout.addStretch(1)

    def _show(self, tenths: int) -> None:
        self.pause_label.setText(f"{tenths / 10:.1f} s")

    def store(self, settings: Settings) -> str:
        settings.end_silence_ms = self.pause_slider.value() * 100
        settings.long_pauses = self.long_pauses_box.isChecked()
        return ""


class DisplayPage(QWidget):
    """The text size over the system's: the window and its dialogs take it on as soon as it is saved."""

    SIZES = (MIN_FONT_SCALE, 1.15, 1.25, 1.5, 1.75, MAX_FONT_SCALE)

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from interview_voice.ui.appearance import clamp_scale

        self.size_box = QComboBox()
        self.size_box.setAccessibleName("Text size")
        current = clamp_scale(settings.font_scale)
        for size in sorted(set(self.SIZES) | {current}):
            self.size_box.addItem(f"{size:.0%}" + (" (the system's size)" if size == 1.0 else ""), size)
        self.size_box.setCurrentIndex(self.size_box.findData(current))
        form = QFormLayout()
        form.addRow("Text size:", self.size_box)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_note("Over the size your system sets. Applies as soon as you save."))
        layout.addStretch(1)

    def store(self, settings: Settings) -> str:
        settings.font_scale = float(self.size_box.currentData())
        return ""
