"""One Settings dialog over the settings file the command line uses (`interview-voice settings`).

Save checks every page first and writes the file once: a bad value saves nothing.
What can change at once does (the text size at once; devices, headset, the pause,
voice and rate at the next interview); models that must be loaded again are
reloaded by the window.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QMessageBox, QTabWidget, QVBoxLayout, QWidget

from interview_voice.modelstore.catalog import catalog
from interview_voice.paths import AppPaths
from interview_voice.settings import Settings
from interview_voice.ui.settings_data import DataPage
from interview_voice.ui.settings_models import ModelsPage
from interview_voice.ui.settings_pages import AudioPage, DisplayPage, ListeningPage, VoicePage

log = logging.getLogger(__name__)
RELOAD_FIELDS = (
    "stt_model",
    "live_stt_model",
    "llm_model",
    "llm_endpoint_url",
    "llm_endpoint_model",
    "llm_endpoint_api_key",
)


class SettingsDialog(QDialog):
    applied = Signal(set)  # the names of the settings that changed, after they were saved

    def __init__(
        self, paths: AppPaths, settings: Settings, parent: QWidget | None = None, *, learned_pauses: str = ""
    ) -> None:
        """learned_pauses: what the interviewer learned of the candidate's pauses, for the Listening page."""
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.paths = paths
        self.settings = settings  # the app's own object: changed in place once saved
        self.tabs = QTabWidget()
        # the installed models, read once for the Voice and Models pages: a few ms of file stats (measured),
        # too little to be worth a "checking" state and a thread
        choices = catalog(paths)
        self.audio = AudioPage(settings)
        self.voice = VoicePage(choices, settings)
        self.models = ModelsPage(paths, choices, settings)
        self.listening = ListeningPage(settings, learned_pauses)
        self.display = DisplayPage(settings)
        self.data = DataPage(paths)
        for page, name in (
            (self.audio, "Audio"),
            (self.voice, "Voice"),
            (self.models, "Models"),
            (self.listening, "Listening"),
            (self.display, "Display"),
            (self.data, "Data"),
        ):
            self.tabs.addTab(page, name)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Settings message")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.models.connection.done.connect(self._after_test)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self._saving_after_test = False
        self.resize(640, 460)

    def _show_problem(self, page: QWidget, problem: str) -> None:
        self.tabs.setCurrentWidget(page)
        self.message.setStyleSheet("color: #b42318;")
        self.message.setText(problem)

    def save(self) -> None:
        """Check every page; a server not yet tested is tested first (off the GUI thread)."""
        draft = replace(self.settings)
        for page in (self.audio, self.voice, self.models, self.listening, self.display):
            problem = page.store(draft)
            if problem:
                self._show_problem(page, problem)
                return
        if self.models.needs_test():
            self._saving_after_test = True
            self.save_button.setEnabled(False)
            self.message.setStyleSheet("")
            self.message.setText("Checking the server before saving…")
            self.models.test_connection()
            return
        self._write(draft)

    def _after_test(self, problem: str) -> None:
        if not self._saving_after_test:
            return
        self._saving_after_test = False
        self.save_button.setEnabled(True)
        if not problem:
            self.save()
            return
        self._show_problem(self.models, problem)
        answer = QMessageBox.question(
            self,
            "The server did not answer",
            f"{problem}\n\nSave these settings anyway? The interview would use questions "
            "from the bank until the server answers.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.models.tested = self.models.endpoint()
            self.save()

    def _write(self, draft: Settings) -> None:
        problem = self.models.link_chosen_file(draft)
        if problem:
            self._show_problem(self.models, problem)
            return
        try:
            draft.save(self.paths.settings_file)
        except OSError as exc:
            self._show_problem(
                self.tabs.currentWidget(),
                f"The settings could not be saved to {self.paths.settings_file}: {exc.strerror or exc}. "
                "Nothing was changed.",
            )
            return
        before = asdict(self.settings)
        changed = {key for key, value in asdict(draft).items() if before[key] != value}
        for key in changed:  # in place: the app's loaders and device openers hold this object
            setattr(self.settings, key, getattr(draft, key))
        log.info("settings saved: %s changed", ", ".join(sorted(changed)) or "nothing")
        self.applied.emit(changed)
        self.accept()


def change_note(changed: set[str], running: bool) -> str:
    """What the window says once settings were saved: when each change takes effect."""
    parts = []
    if changed & set(RELOAD_FIELDS):
        parts.append("the models load again " + ("after this interview" if running else "now"))
    if "font_scale" in changed:
        parts.append("the new text size is shown now")
    if changed - set(RELOAD_FIELDS) - {"plan", "level", "first_run_done", "font_scale"}:
        parts.append("the rest applies from the next interview")
    return "Settings saved" + (": " + "; ".join(parts) if parts else "") + "."
