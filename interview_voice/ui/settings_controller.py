"""The window's settings: the Settings dialog and the remembered plan and level.

What a changed setting needs is done here: the text size at once, the voice and the models (through
the loader) once no interview is running, and deleting all data (the store closed, a fresh one opened).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import cast

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QWidget

from interview_voice.app import AppContext, LoadedModels, plan_folders
from interview_voice.core.events import learned_pauses
from interview_voice.core.plan_info import plan_info
from interview_voice.core.types import VoiceStyle
from interview_voice.engines.base import EngineError
from interview_voice.storage.errors import StorageError
from interview_voice.storage.wipe import delete_all
from interview_voice.ui.appearance import apply_font_scale
from interview_voice.ui.feedback_flow import FeedbackWorker
from interview_voice.ui.first_run_audio import SAMPLE_TEXT, AudioCheck
from interview_voice.ui.first_run_controller import device_opener, speakers_label
from interview_voice.ui.model_loader import ModelLoader
from interview_voice.ui.pages import WindowPages
from interview_voice.ui.settings_dialog import RELOAD_FIELDS, SettingsDialog, change_note
from interview_voice.ui.status_line import StatusLine
from interview_voice.ui.tasks import TaskControl, TaskRunner

log = logging.getLogger(__name__)


class SettingsController(QObject):
    """Opens Settings over the window, and applies what it changed.

    running() says whether an interview is in progress (what waits for its end is applied when the
    window calls after_session); open_first_run opens the audio check (ui/first_run_controller.py)."""

    def __init__(
        self,
        context: AppContext,
        pages: WindowPages,
        status: StatusLine,
        loader: ModelLoader,
        feedback: FeedbackWorker,
        running: Callable[[], bool],
        open_first_run: Callable[[], object],
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self.context, self.pages, self.status, self.loader = context, pages, status, loader
        self._feedback, self._running, self._open_first_run = feedback, running, open_first_run
        self._window = window  # the dialog's parent
        self.settings_dialog: SettingsDialog | None = None
        self._reload_pending = False
        self._voice_pending = False
        self._voice_sample: AudioCheck | None = None
        self.tasks = TaskRunner(self)  # loading a voice, deleting all data
        page = pages.interview
        page.settings_button.clicked.connect(lambda: self.open_settings())
        # Ctrl+, is bound with the window's other keys (ui/shortcuts.py)
        page.plan_box.currentIndexChanged.connect(self._remember_choice)
        page.level_box.currentIndexChanged.connect(self._remember_choice)
        self._show_plan_details()

    # plan and level -------------------------------------------------------------------------
    def _remember_choice(self) -> None:
        settings, page = self.context.settings, self.pages.interview
        settings.plan = page.chosen_plan() or settings.plan
        settings.level = page.chosen_level() or settings.level
        self._show_plan_details()
        self._save_settings()

    def _show_plan_details(self) -> None:
        plan = self.pages.interview.chosen_plan()
        path = next(
            (f / f"{plan}.toml" for f in plan_folders(self.context.paths) if (f / f"{plan}.toml").exists()), None
        )
        self.pages.interview.plan_details.setText(plan_info(path).summary() if path is not None else "")

    def _save_settings(self) -> None:
        try:
            self.context.settings.save(self.context.paths.settings_file)
        except OSError as exc:
            self.pages.interview.banner.show_message(
                f"Your choice applies now but could not be saved: {exc.strerror or exc}"
            )

    # the Settings dialog ----------------------------------------------------------------------
    def open_settings(self, tab: str = "") -> SettingsDialog:
        if self.settings_dialog is not None and self.settings_dialog.isVisible():
            self.settings_dialog.raise_()
            return self.settings_dialog
        dialog = self.settings_dialog = SettingsDialog(
            self.context.paths, self.context.settings, self._window, learned_pauses=self._learned_pauses()
        )
        dialog.applied.connect(self._settings_applied)
        dialog.audio.audio_check_requested.connect(self._audio_check_from_settings)
        dialog.data.delete_requested.connect(self.delete_all_data)
        dialog.voice.listen_requested.connect(self._play_voice_sample)
        dialog.finished.connect(lambda _result: self._stop_voice_sample())
        if tab:
            for index in range(dialog.tabs.count()):
                if dialog.tabs.tabText(index) == tab:
                    dialog.tabs.setCurrentIndex(index)
        dialog.open()  # window-modal, without a nested event loop
        return dialog

    def _learned_pauses(self) -> str:
        """What the interviewer learned of the candidate's pauses in the latest interview ("" if nothing)."""
        store = self.loader.store
        if store is None:
            return ""
        try:
            data = store.latest_event("pace")
        except StorageError as exc:  # Settings open without it
            log.info("what was learned of the pauses is not shown: %s", exc)
            return ""
        return learned_pauses(data) if data else ""

    def _play_voice_sample(self, voice: str, rate: float) -> None:
        """The Voice page's Listen: a sample in the chosen voice at the chosen rate, played off the GUI thread."""
        page = self.settings_dialog.voice if self.settings_dialog is not None else None
        if page is None:
            return
        models = self.loader.models
        if self._running():
            page.show_listening(False, "The interview is using the speakers: listen once it is over.")
            return
        if models is None:
            page.show_listening(False, "The voice is still loading: try again in a moment.")
            return
        tts = models.tts
        # the engine applies the saved rate on top of a style's own: ask for the chosen one
        style = VoiceStyle(
            voice if voice in getattr(tts, "voices", ()) else "",
            rate / max(float(getattr(tts, "speaking_rate", 1.0)), 0.01),
        )
        self._stop_voice_sample()
        check = self._voice_sample = AudioCheck(self)
        check.played.connect(self._voice_sample_played)
        open_device = device_opener(self.context)
        page.show_listening(True, "Playing a sample…")
        check.play(
            lambda: open_device("output"),
            lambda _text: tts.synthesize(SAMPLE_TEXT, style),
            speakers_label(self.context.settings),
        )

    def _voice_sample_played(self, ok: bool, message: str) -> None:
        if self.settings_dialog is not None and self.settings_dialog.isVisible():
            self.settings_dialog.voice.show_listening(False, message)

    def _stop_voice_sample(self) -> None:
        check, self._voice_sample = self._voice_sample, None
        if check is not None:
            check.stop(wait_s=0.0)  # the sample stops at once; its thread ends on its own

    def _audio_check_from_settings(self) -> None:
        dialog = self.settings_dialog
        if dialog is not None:
            dialog.save()  # the check uses the devices just chosen; a bad value keeps the dialog open
            if dialog.isVisible():
                return
        self._open_first_run()

    def _settings_applied(self, changed: set) -> None:
        running = self._running()
        self.status.say(change_note(changed, running))
        if "font_scale" in changed:  # the window and any dialog open over it, at once
            apply_font_scale(cast(QApplication, QApplication.instance()), self.context.settings.font_scale)
        if changed & set(RELOAD_FIELDS):
            self._reload_pending = True
        if changed & {"tts_voice", "speaking_rate"}:
            self._voice_pending = True
        if not running:
            self.after_session()

    def after_session(self) -> None:
        """What waited for the interview to end: the voice, the pace, loading models again."""
        if self._running():
            return
        models = self.loader.models
        if self._voice_pending and models is not None and not self._reload_pending:
            self._voice_pending = False
            self._apply_voice(models)
        if self._reload_pending:
            self._reload_pending = False
            self.reload_models()

    def _apply_voice(self, models: LoadedModels) -> None:
        tts, settings = models.tts, self.context.settings
        if hasattr(tts, "speaking_rate"):
            tts.speaking_rate = settings.speaking_rate
        if hasattr(tts, "set_voice") and getattr(tts, "name", "") != settings.tts_voice:
            voice = settings.tts_voice

            def failed(exc: BaseException) -> None:
                if not isinstance(exc, EngineError):
                    log.error("loading the voice %s failed", voice, exc_info=exc)
                    return
                self.pages.interview.banner.show_message(f"The voice {voice} cannot be used: {exc}")

            # loading a voice takes a moment: not on the GUI thread; Piper is native code, so exit waits for it
            self.tasks.start(
                lambda _control: tts.set_voice(voice), lambda _result: None, failed, thread="voice-loader", native=True
            )

    def reload_models(self) -> None:
        """Load the models again with the saved settings (the store stays open)."""
        self.pages.interview.start_button.setEnabled(False)
        self.status.loading()
        self.loader.reload()

    # deleting all data ----------------------------------------------------------------------------
    def delete_all_data(self) -> None:
        if self._running():
            if self.settings_dialog is not None:
                self.settings_dialog.data.deleted(["an interview is running: end it first"])
            return
        feedback, loader = self._feedback, self.loader
        feedback.service = None  # no new feedback on the old store; the new store brings its own
        store = loader.drop_store()
        history, progress = self.pages.history, self.pages.progress
        history.store = progress.store = None  # nothing reads the closing store; the new one refreshes them
        plan, paths = self.pages.interview.chosen_plan(), self.context.paths

        def work(control: TaskControl) -> None:
            feedback.cancel(wait_s=10)  # feedback being worded writes to the store: let it stop first
            if store is not None:
                store.close()
            control.progress(delete_all(paths))  # what could not be deleted, said before the new store opens
            loader.open_store(plan, fresh=True)  # a fresh, empty store

        self.tasks.start(work, lambda _result: None, on_progress=self._data_deleted, thread="delete-data")

    def _data_deleted(self, problems: list) -> None:
        if self.settings_dialog is not None:
            self.settings_dialog.data.deleted(problems)
        self.status.say(
            "All your data was deleted."
            if not problems
            else "Some of your data could not be deleted: see Settings, Data."
        )
