"""The window's settings actions: the Settings dialog, the first-run check, the remembered plan and level."""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

from interview_voice.app import InterviewKit, LoadedModels, plan_folders
from interview_voice.core.errors import InputError
from interview_voice.core.events import learned_pauses
from interview_voice.core.plan_info import plan_info
from interview_voice.core.practice import warm_up_plan
from interview_voice.core.types import VoiceStyle
from interview_voice.engines.base import EngineError
from interview_voice.engines.llm_http import without_credentials
from interview_voice.modelstore.catalog import catalog, find
from interview_voice.storage.errors import StorageError
from interview_voice.storage.recent import RecentQuestions
from interview_voice.storage.wipe import delete_all
from interview_voice.ui.appearance import apply_font_scale
from interview_voice.ui.settings_dialog import RELOAD_FIELDS, SettingsDialog, change_note

log = logging.getLogger(__name__)


class _Done(QObject):
    deleted = Signal(list)     # what could not be deleted
    voice_failed = Signal(str)


class SettingsActions:
    """Mixed into MainWindow (which provides context, models, session, store, loader, banner and the boxes)."""

    settings_dialog: SettingsDialog | None = None
    first_run = None
    offer_first_run = False   # set by the app's entry point: tests and scripts open the window without it
    _load_problem = ""
    _reload_pending = False

    def _connect_settings(self) -> None:
        self._settings_done = _Done(self)
        self._settings_done.deleted.connect(self._data_deleted)
        self._settings_done.voice_failed.connect(self.banner.show_message)
        self.settings_button.clicked.connect(lambda: self.open_settings())
        # Ctrl+, is bound with the window's other keys (ui/shortcuts.py)
        self.plan_box.currentIndexChanged.connect(self._remember_choice)
        self.level_box.currentIndexChanged.connect(self._remember_choice)
        self.bridge.saved.connect(self._after_session)
        self.loader.loaded.connect(lambda _models: self.maybe_first_run())
        self.loader.failed.connect(self._remember_load_problem)
        self._show_plan_details()

    # plan and level -------------------------------------------------------------------------
    def _remember_choice(self) -> None:
        settings = self.context.settings
        settings.plan = self.plan_box.currentData() or settings.plan
        settings.level = self.level_box.currentData() or settings.level
        self._show_plan_details()
        self._save_settings()

    def _show_plan_details(self) -> None:
        plan = self.plan_box.currentData()
        path = next((f / f"{plan}.toml" for f in plan_folders(self.context.paths) if (f / f"{plan}.toml").exists()),
                    None)
        self.plan_details.setText(plan_info(path).summary() if path is not None else "")

    def _save_settings(self) -> None:
        try:
            self.context.settings.save(self.context.paths.settings_file)
        except OSError as exc:
            self.banner.show_message(f"Your choice applies now but could not be saved: {exc.strerror or exc}")

    # the Settings dialog ----------------------------------------------------------------------
    def open_settings(self, tab: str = "") -> SettingsDialog:
        if self.settings_dialog is not None and self.settings_dialog.isVisible():
            self.settings_dialog.raise_()
            return self.settings_dialog
        dialog = self.settings_dialog = SettingsDialog(self.context.paths, self.context.settings, self,
                                                       learned_pauses=self._learned_pauses())
        dialog.applied.connect(self._settings_applied)
        dialog.audio.audio_check_requested.connect(self._audio_check_from_settings)
        dialog.data.delete_requested.connect(self.delete_all_data)
        dialog.voice.listen_requested.connect(self._play_voice_sample)
        dialog.finished.connect(lambda _result: self._stop_voice_sample())
        if tab:
            for index in range(dialog.tabs.count()):
                if dialog.tabs.tabText(index) == tab:
                    dialog.tabs.setCurrentIndex(index)
        dialog.open()   # window-modal, without a nested event loop
        return dialog

    def _learned_pauses(self) -> str:
        """What the interviewer learned of the candidate's pauses in the latest interview ("" if nothing)."""
        if self.store is None:
            return ""
        try:
            data = self.store.latest_event("pace")
        except StorageError as exc:  # Settings open without it
            log.info("what was learned of the pauses is not shown: %s", exc)
            return ""
        return learned_pauses(data) if data else ""

    def _play_voice_sample(self, voice: str, rate: float) -> None:
        """The Voice page's Listen: a sample in the chosen voice at the chosen rate, played off the GUI thread."""
        from interview_voice.ui.first_run_audio import SAMPLE_TEXT, AudioCheck

        page = self.settings_dialog.voice if self.settings_dialog is not None else None
        if page is None:
            return
        if self.session is not None:
            page.show_listening(False, "The interview is using the speakers: listen once it is over.")
            return
        if self.models is None:
            page.show_listening(False, "The voice is still loading: try again in a moment.")
            return
        tts = self.models.tts
        # the engine applies the saved rate on top of a style's own: ask for the chosen one
        style = VoiceStyle(voice if voice in getattr(tts, "voices", ()) else "",
                           rate / max(float(getattr(tts, "speaking_rate", 1.0)), 0.01))
        self._stop_voice_sample()
        check = self._voice_sample = AudioCheck(self)
        check.played.connect(self._voice_sample_played)
        open_device = self.context.open_device or self._device_from_open_audio
        page.show_listening(True, "Playing a sample…")
        check.play(lambda: open_device("output"), lambda _text: tts.synthesize(SAMPLE_TEXT, style),
                   self._speakers_label())

    def _voice_sample_played(self, ok: bool, message: str) -> None:
        if self.settings_dialog is not None and self.settings_dialog.isVisible():
            self.settings_dialog.voice.show_listening(False, message)

    def _stop_voice_sample(self) -> None:
        check, self._voice_sample = getattr(self, "_voice_sample", None), None
        if check is not None:
            check.stop(wait_s=0.0)   # the sample stops at once; its thread ends on its own

    def _audio_check_from_settings(self) -> None:
        dialog = self.settings_dialog
        if dialog is not None:
            dialog.save()   # the check uses the devices just chosen; a bad value keeps the dialog open
            if dialog.isVisible():
                return
        self.open_first_run()

    def _settings_applied(self, changed: set) -> None:
        running = self.session is not None
        self.status_label.setText(change_note(changed, running))
        if "font_scale" in changed:   # the window and any dialog open over it, at once
            apply_font_scale(QApplication.instance(), self.context.settings.font_scale)
        if changed & set(RELOAD_FIELDS):
            self._reload_pending = True
        if changed & {"tts_voice", "speaking_rate"}:
            self._voice_pending = True
        if not running:
            self._after_session()

    def _after_session(self) -> None:
        """What waited for the interview to end: the voice, the pace, loading models again."""
        if self.session is not None:
            return
        if getattr(self, "_voice_pending", False) and self.models is not None and not self._reload_pending:
            self._voice_pending = False
            self._apply_voice(self.models)
        if self._reload_pending:
            self._reload_pending = False
            self.reload_models()

    def _apply_voice(self, models: LoadedModels) -> None:
        tts, settings = models.tts, self.context.settings
        if hasattr(tts, "speaking_rate"):
            tts.speaking_rate = settings.speaking_rate
        if hasattr(tts, "set_voice") and getattr(tts, "name", "") != settings.tts_voice:
            def work() -> None:   # loading a voice takes a moment: not on the GUI thread
                try:
                    tts.set_voice(settings.tts_voice)
                except EngineError as exc:
                    self._settings_done.voice_failed.emit(f"The voice {settings.tts_voice} cannot be used: {exc}")
            threading.Thread(target=work, name="voice-loader", daemon=True).start()

    def reload_models(self) -> None:
        """Load the models again with the saved settings (the store stays open)."""
        old, self.models = self.models, None
        self.start_button.setEnabled(False)
        self.load_progress.setValue(0)
        self.load_progress.show()

        def work() -> None:
            if old is not None and hasattr(old.llm, "close"):
                old.llm.close()   # its memory first: two interviewer models may not fit
            try:
                models = self.context.load_models(self.loader.progress.emit)
            except EngineError as exc:
                self.loader.failed.emit(str(exc))
            except Exception as exc:  # never leave the window waiting
                log.exception("reloading the models failed")
                self.loader.failed.emit(f"Loading the models failed unexpectedly: {exc}")
            else:
                from interview_voice.ui.feedback_actions import wording_for

                self._wording = wording_for(models)
                self.loader.loaded.emit(models)

        threading.Thread(target=work, name="model-loader", daemon=True).start()

    # deleting all data ----------------------------------------------------------------------------
    def delete_all_data(self) -> None:
        if self.session is not None:
            if self.settings_dialog is not None:
                self.settings_dialog.data.deleted(["an interview is running: end it first"])
            return
        feedback = self.feedback
        feedback.service = None   # no new feedback on the old store; the new store brings its own
        store, self.store = self.store, None
        self.history.store = self.progress.store = None   # nothing reads the closing store; the new one refreshes them
        plan, paths, open_store = self.plan_box.currentData(), self.context.paths, self.context.open_store

        def work() -> None:
            feedback.cancel(wait_s=10)   # feedback being worded writes to the store: let it stop first
            if store is not None:
                store.close()
            problems = delete_all(paths)
            self._settings_done.deleted.emit(problems)
            if open_store is not None:   # a fresh, empty store
                try:
                    fresh, _ = open_store()
                except Exception as exc:  # noqa: BLE001 - said in the banner, the window goes on
                    self.loader.store_failed.emit(f"A new session list could not be started: {exc}")
                    return
                self.loader.store_ready.emit(fresh, [])
                self.loader.feedback_ready.emit(self._feedback_service(fresh, plan))

        threading.Thread(target=work, name="delete-data", daemon=True).start()

    def _data_deleted(self, problems: list) -> None:
        self.recent = RecentQuestions(self.context.paths.data_dir / "recent_questions.json")
        if self.settings_dialog is not None:
            self.settings_dialog.data.deleted(problems)
        self.status_label.setText("All your data was deleted." if not problems else
                                  "Some of your data could not be deleted: see Settings, Data.")

    # the first run -----------------------------------------------------------------------------------
    def _remember_load_problem(self, message: str) -> None:
        self._load_problem = message
        self.maybe_first_run()

    def maybe_first_run(self) -> None:
        if (self.offer_first_run and not self.context.settings.first_run_done and self.first_run is None
                and self.session is None):
            self.open_first_run()

    def model_lines(self) -> list[str]:
        settings, choices = self.context.settings, catalog(self.context.paths)
        lines = []
        for role, model_id, what in (("tts", settings.tts_voice, "Interviewer's voice"),
                                     ("stt", settings.stt_model, "Speech recognition"),
                                     ("llm", settings.llm_model, "Interviewer")):
            if role == "llm" and model_id == "endpoint":
                # a hand-edited address with a password in it is refused when it loads, and never shown
                lines.append(f"{what}: the server at {without_credentials(settings.llm_endpoint_url)}")
                continue
            choice = find(choices, role, model_id)
            if choice is None or choice.status.value == "missing":
                state = "not installed: Interview Voice offers to download it when it starts"
            else:
                state = "installed" if choice.usable else f"{choice.status.value}: {choice.detail}"
            lines.append(f"{what}: {choice.name if choice else model_id} ({state})")
        if self.models is not None:
            lines.append("All models are loaded: the interview can start.")
        elif self._load_problem:
            lines.append(f"The models could not be loaded: {self._load_problem}")
        else:
            lines.append("The models are still loading.")
        return lines

    def open_first_run(self):
        from interview_voice.ui.first_run import FirstRunDialog

        models, settings = self.models, self.context.settings
        open_device = self.context.open_device or self._device_from_open_audio
        label = self._speakers_label()
        synthesize = (lambda text: models.tts.synthesize(text)) if models is not None else None
        dialog = self.first_run = FirstRunDialog(self.context.paths, settings, open_device, label, synthesize,
                                                 self.model_lines(), vad=models.vad if models else None, parent=self)
        if models is None:
            dialog.practice_button.setEnabled(False)
            dialog.practice_button.setToolTip("The models are needed for a practice question")
        dialog.practice_requested.connect(self.start_warm_up)
        dialog.settings_requested.connect(lambda: self.open_settings("Audio"))
        dialog.finished.connect(lambda _result: setattr(self, "first_run", None))
        dialog.open()
        return dialog

    def _device_from_open_audio(self, kind: str):
        """Contexts with no single-device opener (tests on recordings): open both, keep one."""
        audio_in, audio_out = self.context.open_audio()
        return audio_in if kind == "input" else audio_out

    def _speakers_label(self) -> str:
        chosen = self.context.settings.output_device
        if not chosen:
            return "the system's default speakers"
        from interview_voice.engines.sound_names import sound_devices

        listed = {d.id: d.label for d in sound_devices("output")[0]}
        return listed.get(chosen, chosen.removeprefix("pulse:"))

    def start_warm_up(self) -> None:
        try:
            kit = self.kits.get(self.plan_box.currentData())
        except InputError as exc:
            self.banner.show_message(str(exc))
            return
        self.start_interview(InterviewKit(kit.bank, warm_up_plan(kit.plan, kit.bank.questions), kit.prompts))
