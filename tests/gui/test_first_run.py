"""The first-run check in the window, on recordings as the microphone: it hears speech or says it did not,
plays the sample, works with no microphone or no speakers, is shown once, and its practice question runs."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from interview_voice.app import AppContext, load_kit
from interview_voice.engines.audio_file import FileAudioInput, FileAudioOutput
from interview_voice.engines.base import AudioDeviceError
from interview_voice.paths import AppPaths
from interview_voice.settings import Settings
from interview_voice.ui.main_window import MainWindow
from tests.fakes.engines import answer_tone
from tests.gui.windows import fake_models


class Devices:
    """The microphone plays one recording; the speakers keep what they were given."""

    def __init__(self, recording: np.ndarray | None, speakers: bool = True) -> None:
        self.recording, self.speakers = recording, speakers
        self.outputs: list[FileAudioOutput] = []

    def open(self, kind: str):
        if kind == "input":
            if self.recording is None:
                raise AudioDeviceError("No microphone was found. Plug one in and try again.")
            return FileAudioInput([self.recording])
        if not self.speakers:
            raise AudioDeviceError("No speaker or headphones was found. Plug them in and try again.")
        self.outputs.append(FileAudioOutput(None, 16_000))
        return self.outputs[-1]

    def both(self):
        return self.open("input"), self.open("output")


def first_run_window(qtbot, paths: AppPaths, devices: Devices, settings: Settings | None = None) -> MainWindow:
    context = AppContext(
        paths=paths,
        settings=settings or Settings(),
        load_models=fake_models,
        open_audio=devices.both,
        load_kit=lambda plan: load_kit(paths, plan),
        open_device=devices.open,
    )
    window = MainWindow(context)
    window.first_run_controller.offer = True
    qtbot.addWidget(window)
    window.show()
    window.load_models_in_background()
    qtbot.waitUntil(lambda: window.page.start_button.isEnabled(), timeout=5000)
    if window.first_run_controller.offer and not window.context.settings.first_run_done:
        # the models' "loaded" reaches the window's slots one queued call at a time
        qtbot.waitUntil(lambda: window.first_run_controller.dialog is not None, timeout=5000)
    return window


def speech() -> np.ndarray:
    return np.concatenate([np.zeros(8000, np.float32), answer_tone(0, 1.5), np.zeros(16000, np.float32)])


def test_the_check_hears_speech_plays_the_sample_and_is_shown_once(qtbot, paths):
    devices = Devices(speech())
    window = first_run_window(qtbot, paths, devices)
    dialog = window.first_run_controller.dialog
    assert dialog is not None and dialog.isVisible()
    assert "All models are loaded" in dialog.models_label.text()
    qtbot.mouseClick(dialog.listen_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: dialog.listen_button.isEnabled(), timeout=10000)
    assert dialog.mic_result.text().startswith("I heard you: 1.")
    qtbot.mouseClick(dialog.play_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: dialog.play_button.isEnabled(), timeout=10000)
    assert dialog.play_result.text().startswith("Played ")
    assert "the system's default speakers" in dialog.play_result.text()
    assert devices.outputs[0].played_samples > 16_000  # the sample reached the speakers
    qtbot.mouseClick(dialog.headset_radio, Qt.LeftButton, pos=QPoint(8, dialog.headset_radio.height() // 2))
    assert Settings.load(paths.settings_file).headset is True
    qtbot.mouseClick(dialog.skip_button, Qt.LeftButton)
    assert not dialog.isVisible() and window.first_run_controller.dialog is None
    assert Settings.load(paths.settings_file).first_run_done is True
    window.close()
    again = first_run_window(qtbot, paths, devices, Settings.load(paths.settings_file))
    assert again.first_run_controller.dialog is None  # once is enough
    settings = again.settings_controller.open_settings("Audio")
    qtbot.mouseClick(settings.audio.check_button, Qt.LeftButton)  # and it can be reopened from Settings
    assert again.first_run_controller.dialog is not None and again.first_run_controller.dialog.isVisible()


def test_silence_is_said_to_be_silence(qtbot, paths):
    window = first_run_window(qtbot, paths, Devices(np.zeros(16000 * 5, np.float32)))
    dialog = window.first_run_controller.dialog
    qtbot.mouseClick(dialog.listen_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: dialog.listen_button.isEnabled(), timeout=10000)
    assert dialog.mic_result.text().startswith("I heard nothing at all")


def test_no_microphone_and_no_speakers_are_said_and_the_candidate_can_go_on(qtbot, paths):
    window = first_run_window(qtbot, paths, Devices(None, speakers=False))
    dialog = window.first_run_controller.dialog
    qtbot.mouseClick(dialog.listen_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: dialog.listen_button.isEnabled(), timeout=10000)
    assert dialog.mic_result.text() == (
        "The microphone cannot be used: No microphone was found. Plug one in and try again."
    )
    qtbot.mouseClick(dialog.play_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: dialog.play_button.isEnabled(), timeout=10000)
    assert dialog.play_result.text().startswith("The sample cannot be played: No speaker or headphones was found")
    qtbot.mouseClick(dialog.done_button, Qt.LeftButton)
    assert not dialog.isVisible()
    assert Settings.load(paths.settings_file).first_run_done is True


def test_the_practice_question_is_one_question_with_no_follow_up(qtbot, paths):
    window = first_run_window(qtbot, paths, Devices(speech()))
    dialog = window.first_run_controller.dialog
    with qtbot.waitSignal(window.bridge.finished, timeout=15000) as finished:
        qtbot.mouseClick(dialog.practice_button, Qt.LeftButton)
    turns = finished.args[0]
    asked = [t for t in turns if t.speaker == "interviewer" and t.question_id]
    assert [t.question_id for t in asked] == ["rec-walk-through-background"]
    assert sum(t.speaker == "candidate" for t in turns) == 1
    assert Settings.load(paths.settings_file).first_run_done is True


def test_listen_on_the_voice_page_plays_a_sample_at_the_rate_chosen_before_saving(qtbot, paths):
    devices = Devices(speech())
    window = first_run_window(qtbot, paths, devices, Settings(first_run_done=True))
    dialog = window.settings_controller.open_settings("Voice")
    page = dialog.voice
    assert dialog.tabs.currentWidget() is page and page.listen_button.isVisible()
    played = []
    for rate in (0.8, 1.25):
        page.rate_slider.setValue(round(rate * 100))
        qtbot.mouseClick(page.listen_button, Qt.LeftButton)
        qtbot.waitUntil(
            lambda: page.listen_button.isEnabled() and page.listen_result.text().startswith("Played"), timeout=10000
        )
        played.append(devices.outputs[-1].played_samples)
    # the sample follows the slider: at 1.25x it is as much shorter as the rate says
    assert played[0] > 0 and played[1] / played[0] == pytest.approx(0.8 / 1.25, rel=0.05)
    assert window.context.settings.speaking_rate == 1.0  # listening saves nothing


def test_after_the_microphone_test_the_focus_is_back_on_its_button(qtbot, paths):
    """Disabling the focused button while it listened left the focus on the headset choice,
    where the next Space changed it."""
    devices = Devices(speech())
    window = first_run_window(qtbot, paths, devices)
    dialog = window.first_run_controller.dialog
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    dialog.listen_button.setFocus(Qt.TabFocusReason)
    qtbot.waitUntil(dialog.listen_button.hasFocus, timeout=1000)
    qtbot.keyClick(dialog.listen_button, Qt.Key_Space)
    qtbot.waitUntil(lambda: not dialog.listen_button.isEnabled(), timeout=2000)
    qtbot.waitUntil(lambda: dialog.listen_button.isEnabled(), timeout=10000)
    assert dialog.mic_result.text().startswith("I heard you")
    assert dialog.listen_button.hasFocus(), QApplication.focusWidget()


@pytest.mark.parametrize("scale", [1.0, 1.5])
def test_with_larger_text_the_check_scrolls_only_down_and_shows_every_choice_whole(qtbot, paths, scale):
    """At 150 % the headset and speakers choices (a radio button's text never wraps) made the page wider than
    the dialog: every line was cut at the right edge, behind a sideways scroll bar."""
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QAbstractButton, QLabel, QScrollArea

    from interview_voice.ui.appearance import apply_appearance, apply_font_scale
    from interview_voice.ui.first_run import FirstRunDialog

    app = QApplication.instance()
    font, style = QFont(app.font()), app.style().name()
    try:
        apply_appearance(app, scale)
        dialog = FirstRunDialog(paths, Settings(), lambda _name: None, "System default", None, ["Speech: tiny.en"])
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        qtbot.wait(50)  # wrapped text is laid out in a later pass
        assert dialog.width() <= 800 and dialog.height() <= 600
        scroll = dialog.findChild(QScrollArea)
        assert not scroll.horizontalScrollBar().isVisible()
        viewport = scroll.viewport()
        content = scroll.widget()
        shown = [w for w in content.findChildren(QAbstractButton) + content.findChildren(QLabel) if w.isVisible()]
        assert dialog.headset_radio in shown and dialog.speakers_radio in shown
        for widget in shown:
            left = widget.mapTo(viewport, widget.rect().topLeft()).x()
            assert 0 <= left and left + widget.width() <= viewport.width(), widget.text()
            assert widget.width() >= widget.minimumSizeHint().width(), widget.text()
    finally:
        apply_font_scale(app, 1.0)
        app.setFont(font)
        app.setStyle(style)
