"""What the window loads off the GUI thread, written once: the session store and its feedback service, the models.

At start-up (`start_up`) the `model-loader` thread lists the sound devices, runs start-up's steps
(interview_voice/startup.py, shared with `simulate`: it opens the store, recovering sessions a crash cut
off, loads the models and transcribes the answers a crash cut off; the loader builds the feedback service
when the store opens) and reads the chosen plan ahead. After the Settings dialog changed a model, `reload` loads them
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
from interview_voice.feedback_setup import feedback_service, note_wording
from interview_voice.runtime.feedback_service import FeedbackService
from interview_voice.runtime.note_wording import Wording
from interview_voice.startup import Startup, StartupReports
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
        """The store, the models and the answers a crash cut off (interview_voice/startup.py), then the plan."""

        def work() -> None:
            warm_up_sound()
            models = self._startup(plan).prepare().models
            if models is None:
                return
            problem = self._kits.preload(plan)  # here, not on the GUI thread when Start is pressed
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
            models = self._startup(None).load_models()
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

    def _startup(self, plan: str | None) -> Startup:
        """Start-up's steps, reporting through the loader's signals (queued to the GUI thread). plan: the
        feedback service is built on its bank once the store opens (None: no store is opened)."""
        service: list[FeedbackService | None] = [None]  # built on the store, used once cut-off answers have words

        def store_opened(store: SessionStore, recovered: list) -> None:
            self.store_ready.emit(store, recovered)
            if plan is not None:
                service[0] = plan_feedback_service(self._context, self._kits, store, plan)
                self.feedback_ready.emit(service[0])

        def answers_recovered(sessions: list[str]) -> None:
            if service[0] is not None:
                service[0].catch_up()  # their feedback, now with those answers
            self.answers_recovered.emit(len(sessions))

        reports = StartupReports(
            progress=self.progress.emit,
            store_opened=store_opened,
            store_failed=self.store_failed.emit,
            models_failed=self.failed.emit,
            answers_recovered=answers_recovered,
        )
        return Startup(self._context.open_store, self._context.load_models, reports)

    def _loaded(self, models: LoadedModels) -> None:
        self.wording = note_wording(models.llm)
        self.loaded.emit(models)

    # the store ------------------------------------------------------------------------------------
    def open_store(self, plan: str, fresh: bool = False) -> SessionStore | None:
        """On a worker thread: open the store (recovering sessions a crash cut off) and build its feedback
        service. fresh: a new, empty store after the user's data was deleted."""
        return self._startup(plan).open_store(fresh=fresh)
