"""The first-run check over the window: offered once after the models load (or fail to), reopened from
Settings, and the practice question it offers."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from interview_voice.app import AppContext, InterviewKit
from interview_voice.core.errors import InputError
from interview_voice.core.practice import warm_up_plan
from interview_voice.engines.llm_http import without_credentials
from interview_voice.modelstore.catalog import catalog, find
from interview_voice.settings import Settings
from interview_voice.ui.feedback_actions import StartInterview
from interview_voice.ui.first_run import FirstRunDialog
from interview_voice.ui.interview_page import InterviewPage
from interview_voice.ui.kit_cache import KitCache
from interview_voice.ui.model_loader import ModelLoader


def device_opener(context: AppContext) -> Callable[[str], object]:
    """Opens "input" or "output" alone; contexts with no single-device opener (tests on recordings) open
    both and keep one."""
    if context.open_device is not None:
        return context.open_device

    def one_of_both(kind: str) -> object:
        audio_in, audio_out = context.open_audio()
        return audio_in if kind == "input" else audio_out

    return one_of_both


def speakers_label(settings: Settings) -> str:
    """The chosen speakers as the user knows them."""
    chosen = settings.output_device
    if not chosen:
        return "the system's default speakers"
    from interview_voice.engines.sound_names import sound_devices

    listed = {d.id: d.label for d in sound_devices("output")[0]}
    return listed.get(chosen, chosen.removeprefix("pulse:"))


class FirstRunController(QObject):
    """Opens the check once, when offer is set (by the app's entry point: tests and scripts open the window
    without it), after the models loaded or failed to and while no interview runs."""

    def __init__(
        self,
        context: AppContext,
        page: InterviewPage,
        loader: ModelLoader,
        kits: KitCache,
        running: Callable[[], bool],
        start_interview: StartInterview,
        open_settings: Callable[[str], object],
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self.context, self.page, self.loader, self._kits = context, page, loader, kits
        self._running, self._start, self._open_settings = running, start_interview, open_settings
        self._window = window  # the dialog's parent
        self.offer = False
        self.dialog: FirstRunDialog | None = None  # while it is open
        self._load_problem = ""
        loader.loaded.connect(lambda _models: self.maybe_first_run())
        loader.failed.connect(self._remember_load_problem)

    def _remember_load_problem(self, message: str) -> None:
        self._load_problem = message
        self.maybe_first_run()

    def maybe_first_run(self) -> None:
        if self.offer and not self.context.settings.first_run_done and self.dialog is None and not self._running():
            self.open_first_run()

    def model_lines(self) -> list[str]:
        settings, choices = self.context.settings, catalog(self.context.paths)
        lines = []
        for role, model_id, what in (
            ("tts", settings.tts_voice, "Interviewer's voice"),
            ("stt", settings.stt_model, "Speech recognition"),
            ("llm", settings.llm_model, "Interviewer"),
        ):
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
        if self.loader.models is not None:
            lines.append("All models are loaded: the interview can start.")
        elif self._load_problem:
            lines.append(f"The models could not be loaded: {self._load_problem}")
        else:
            lines.append("The models are still loading.")
        return lines

    def open_first_run(self) -> FirstRunDialog:
        models, settings = self.loader.models, self.context.settings
        open_device, label = device_opener(self.context), speakers_label(settings)
        synthesize = (lambda text: models.tts.synthesize(text)) if models is not None else None
        dialog = self.dialog = FirstRunDialog(
            self.context.paths,
            settings,
            open_device,
            label,
            synthesize,
            self.model_lines(),
            vad=models.vad if models else None,
            parent=self._window,
        )
        if models is None:
            dialog.practice_button.setEnabled(False)
            dialog.practice_button.setToolTip("The models are needed for a practice question")
        dialog.practice_requested.connect(self.start_warm_up)
        dialog.settings_requested.connect(lambda: self._open_settings("Audio"))
        dialog.finished.connect(self._first_run_closed)
        dialog.open()
        return dialog

    def _first_run_closed(self, _result: int) -> None:
        self.dialog = None

    def start_warm_up(self) -> None:
        try:
            kit = self._kits.get(self.page.chosen_plan())
        except InputError as exc:
            self.page.banner.show_message(str(exc))
            return
        self._start(InterviewKit(kit.bank, warm_up_plan(kit.plan, kit.bank.questions), kit.prompts), None)
