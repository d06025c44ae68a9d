"""What the window loads off the GUI thread, written once: the session store and its feedback service, the models.

At start-up (`start_up`) the `model-loader` thread lists the sound devices, opens the store (recovering
sessions a crash cut off), builds the feedback service, loads the models, transcribes the answers a crash
cut off and reads the chosen plan ahead. After the Settings dialog changed a model, `reload` loads them
again; after the user's data was deleted, `open_store(fresh=True)` opens an empty store. Each step reports
through the loader's signals, queued to the GUI thread, where the loader keeps what was loaded (`models`,
`store`) before the window's slots run.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from interview_voice.app import AppContext, LoadedModels, sound_devices
from interview_voice.core.errors import InputError
from interview_voice.core.feedback.rewording import load_reword_prompts
from interview_voice.engines.base import EngineError
from interview_voice.feedback_setup import feedback_service
from interview_voice.paths import resource_dir
from interview_voice.records import RecordingError
from interview_voice.runtime.cut_off_answers import transcribe_cut_off_answers
from interview_voice.runtime.feedback_service import FeedbackService, Wording
from interview_voice.ui.kit_cache import KitCache
from interview_voice.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from interview_voice.storage.repository import SessionStore

log = logging.getLogger(__name__)


def warm_up_sound() -> None:
    """List the sound devices once, on the loader's thread: the first listing starts PortAudio (50-90 ms
    measured), which the Settings dialog and the audio check would otherwise pay on the GUI thread."""
    started = time.perf_counter()
    try:
        sound_devices()  # a problem is said where devices are shown; here only the start-up matters
    except Exception:  # noqa: BLE001 - never keep the models from loading
        log.warning("listing the sound devices ahead failed", exc_info=True)
    log.debug("sound devices listed in %.0f ms", (time.perf_counter() - started) * 1000)


def wording_for(models: LoadedModels) -> Wording | None:
    """The interviewer model words the notes; without its prompt file the template wording stays."""
    try:
        return Wording(models.llm, load_reword_prompts(resource_dir("prompts") / "feedback.toml"))
    except (OSError, KeyError, ValueError) as exc:
        log.warning("feedback notes keep their template wording: %s", exc)
        return None


def plan_feedback_service(
    context: AppContext, kits: KitCache, store: SessionStore, plan: str
) -> FeedbackService | None:
    """On a worker thread: the feedback service on the chosen plan's bank (the plan is kept for the first
    interview), its sessions' feedback brought up to date; None while no plan can be read."""
    try:
        kit = context.load_kit(plan)
    except InputError as exc:
        log.warning("no feedback until a plan can be read: %s", exc)
        return None
    kits.keep(plan, kit)
    service = feedback_service(store, context.paths, questions=kit.bank.questions)
    service.catch_up()  # sessions cut off by a crash, or scored by an older method
    return service


class ModelLoader(QObject):
    """Loads off the GUI thread and says how it went; holds the models and the store once they are loaded."""

    progress = Signal(str, float)
    loaded = Signal(object)  # LoadedModels
    failed = Signal(str)
    store_ready = Signal(object, object)  # the session store, sessions recovered after a crash
    store_failed = Signal(str)
    plan_failed = Signal(str)  # the chosen plan cannot be read (the message says why)
    feedback_ready = Signal(object)  # the feedback service, once the store and the bank are read
    answers_recovered = Signal(int)  # sessions whose cut-off answer was transcribed from its recording

    def __init__(self, context: AppContext, kits: KitCache, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._context, self._kits = context, kits
        self.models: LoadedModels | None = None  # on the GUI thread; None until loaded and while loading again
        self.store: SessionStore | None = None
        self.wording: Wording | None = None  # how the loaded model words the feedback notes
        self._tasks = TaskRunner(self)
        # connected first: what was loaded is kept before any other slot hears of it
        self.store_ready.connect(self._keep_store)
        self.loaded.connect(self._keep_models)

    def _keep_store(self, store: SessionStore, _recovered: object) -> None:
        self.store = store

    def _keep_models(self, models: LoadedModels) -> None:
        self.models = models

    def drop_store(self) -> SessionStore | None:
        """The store, no longer handed out (it is about to be closed)."""
        store, self.store = self.store, None
        return store

    # the two ways models are loaded ------------------------------------------------------------
    def start_up(self, plan: str) -> None:
        def work() -> None:
            warm_up_sound()
            store, service = self.open_store(plan)
            models = self._load_models()
            if models is None:
                return
            if store is not None:
                self._transcribe_cut_off(store, service, models)
            problem = self._kits.read_ahead(plan)  # here, not on the GUI thread when Start is pressed
            if problem is not None:
                self.plan_failed.emit(problem)
            self._loaded(models)

        self._run(work)

    def reload(self) -> None:
        """Load the models again with the saved settings (the store stays open); none is handed out meanwhile."""
        old, self.models = self.models, None

        def work() -> None:
            if old is not None and hasattr(old.llm, "close"):
                old.llm.close()  # its memory first: two interviewer models may not fit
            models = self._load_models()
            if models is not None:
                self._loaded(models)

        self._run(work)

    def _run(self, work: Callable[[], None]) -> None:
        """work on the `model-loader` thread (it calls the engines' native code: exit waits for it); it reports
        through the loader's signals as it goes, so only an unexpected failure comes back through the task."""
        self._tasks.start(
            lambda _control: work(), lambda _result: None, self._crashed, thread="model-loader", native=True
        )

    def _crashed(self, exc: BaseException) -> None:  # on the GUI thread
        log.error("loading failed unexpectedly", exc_info=exc)
        self.failed.emit(f"Loading failed unexpectedly: {exc}")

    def _load_models(self) -> LoadedModels | None:
        try:
            return self._context.load_models(self.progress.emit)
        except EngineError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # never leave the window waiting
            log.exception("model loading failed")
            self.failed.emit(f"Loading the models failed unexpectedly: {exc}")
        return None

    def _loaded(self, models: LoadedModels) -> None:
        self.wording = wording_for(models)
        self.loaded.emit(models)

    # the store ------------------------------------------------------------------------------------
    def open_store(self, plan: str, fresh: bool = False) -> tuple[SessionStore | None, FeedbackService | None]:
        """On a worker thread: open the store (recovering sessions a crash cut off) and build its feedback
        service. fresh: a new, empty store after the user's data was deleted."""
        open_store = self._context.open_store
        if open_store is None:  # a context without storage (some tests, scripts)
            return None, None
        if not fresh:
            self.progress.emit("Opening your sessions", 0.01)
        store: SessionStore | None = None
        service: FeedbackService | None = None
        try:
            store, recovered = open_store()
            self.store_ready.emit(store, [] if fresh else recovered)
            service = plan_feedback_service(self._context, self._kits, store, plan)
            self.feedback_ready.emit(service)
        except Exception as exc:  # said in the banner: never leave the window waiting at "Opening your sessions"
            if fresh:
                message = f"A new session list could not be started: {exc}"
            elif isinstance(exc, RecordingError):
                message = str(exc)
            else:
                log.exception("opening the session store failed")
                message = f"Your sessions could not be opened: {exc}"
            self.store_failed.emit(message)
        return store, service

    def _transcribe_cut_off(self, store: SessionStore, service: FeedbackService | None, models: LoadedModels) -> None:
        """On the loader thread: the words of answers a crash cut off, from their recording."""
        changed = transcribe_cut_off_answers(store, models.stt, status=lambda m: self.progress.emit(m, 0.95))
        if changed:
            if service is not None:
                service.catch_up()  # their feedback, now with those answers
            self.answers_recovered.emit(len(changed))
