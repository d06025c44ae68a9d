"""Start-up and the start of a session, the same for the window and `simulate`, without Qt.

In the spirit of dangerzone's startup runner: one sequence of steps that reports through callbacks
and never decides how a problem is shown. The window runs it on its `model-loader` thread and turns the
callbacks into queued signals (ui/model_loader.py); `simulate` runs it on the main thread and prints them
(commands/simulate.py).

    startup = Startup(context.open_store, context.load_models, StartupReports(progress=...))
    ready = startup.prepare()  # the store (sessions a crash cut off recovered), the models, cut-off answers
    session = new_session(ready.models, audio_in, audio_out, kit, interview, settings, emit=...)
    begin_recording(session, ready.store, kit, interview, level, ready.models.names(), settings)

`sessions rebuild` runs the last step alone (`transcribe_cut_off_loading`), loading only the speech model.

Every step runs on the caller's thread, and that is never the GUI's: opening the store, loading the
models and transcribing take from a second to a minute.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from interview_voice.app import InterviewKit, start_recording
from interview_voice.core.endpointing import endpointing_for
from interview_voice.core.interview import Interview
from interview_voice.engines.base import AudioInput, AudioOutput, EngineError, SpeechToText
from interview_voice.records import RecordingError, SessionEvent
from interview_voice.runtime.cut_off_answers import transcribe_cut_off_answers
from interview_voice.runtime.engines import LoadedModels
from interview_voice.runtime.session import RunnerSettings
from interview_voice.runtime.session_service import InterviewSession
from interview_voice.settings import Settings

log = logging.getLogger(__name__)
Progress = Callable[[str, float], None]
OPENING = "Opening your sessions"
CUT_OFF_AT = 0.95  # where transcribing cut-off answers sits on the loading bar: after the models, before Ready


def _nothing(*_args: object) -> None:
    return None


@dataclass(frozen=True)
class StartupReports:
    """What start-up says as it goes, each called on the thread that runs it."""

    progress: Progress = _nothing  # a step begins: its wording, and how far loading is (0-1)
    store_opened: Callable[[Any, list], None] = _nothing  # the store, the sessions recovered after a crash
    store_failed: Callable[[str], None] = _nothing  # why the sessions cannot be opened, worded for the user
    models_failed: Callable[[str], None] = _nothing  # why the models cannot be loaded, worded for the user
    answers_recovered: Callable[[list[str]], None] = _nothing  # sessions whose cut-off answer now has words


@dataclass(frozen=True)
class Ready:
    """What start-up brought up: None for what could not be (its callback said why)."""

    store: Any  # the SessionStore
    models: LoadedModels | None


class Startup:
    """The steps, each usable alone (the window loads the models again after Settings, and opens a fresh store
    after deleting all data), and `prepare`, which runs them in order."""

    def __init__(
        self,
        open_store: Callable[[], tuple] | None,
        load_models: Callable[[Progress], LoadedModels] | None,
        reports: StartupReports = StartupReports(),
    ) -> None:
        self._open_store, self._load_models, self.reports = open_store, load_models, reports

    def prepare(self) -> Ready:
        """Open the store (recovering sessions a crash cut off), load the models, then give words to the
        answers a crash cut off (before any session starts, so nothing else uses the speech model)."""
        store = self.open_store()
        models = self.load_models()
        if models is not None and store is not None:
            self.transcribe_cut_off(store, models.stt)
        return Ready(store, models)

    def open_store(self, fresh: bool = False) -> Any:
        """The session store, or None (no storage in this context, or it could not be opened: store_failed
        said why; store_failed is also said when store_opened's own work failed, the store still returned).
        fresh: a new, empty store after the user's data was deleted (no sessions to recover)."""
        if self._open_store is None:  # a context without storage (some tests, scripts)
            return None
        if not fresh:
            self.reports.progress(OPENING, 0.01)
        store = None
        try:
            store, recovered = self._open_store()
            # in the try: what the caller builds on the store (the window's feedback service) failing is said alike
            self.reports.store_opened(store, [] if fresh else recovered)
        except Exception as exc:  # worded for the user: never left waiting at "Opening your sessions"
            if fresh:
                message = f"A new session list could not be started: {exc}"
            elif isinstance(exc, RecordingError):
                message = str(exc)
            else:
                log.exception("opening the session store failed")
                message = f"Your sessions could not be opened: {exc}"
            self.reports.store_failed(message)
        return store  # opened even when what was built on it failed, as the window always had it

    def load_models(self) -> LoadedModels | None:
        """Every model, or None (models_failed said why; nothing is said in a context that loads none)."""
        if self._load_models is None:
            return None
        try:
            return self._load_models(self.reports.progress)
        except EngineError as exc:
            self.reports.models_failed(str(exc))
        except Exception as exc:  # never leave the caller waiting
            log.exception("model loading failed")
            self.reports.models_failed(f"Loading the models failed unexpectedly: {exc}")
        return None

    def transcribe_cut_off(self, store: Any, stt: SpeechToText) -> list[str]:
        """The words of answers a crash cut off, from their recording; the sessions that gained some."""
        changed = transcribe_cut_off_answers(store, stt, status=lambda m: self.reports.progress(m, CUT_OFF_AT))
        if changed:
            self.reports.answers_recovered(changed)
        return changed

    def transcribe_cut_off_loading(self, store: Any, load_stt: Callable[[], SpeechToText]) -> list[str] | None:
        """The same step for a start that needs no other model (`sessions rebuild`): the speech model alone is
        loaded, and only when an answer waits for it (every model costs 14 s and 1.8 GB against 2.6 s and
        0.3 GB for the speech model, the default ones on 2 cores). None when it could not be loaded
        (models_failed said why)."""
        if not store.answers_to_transcribe():
            return []
        try:
            stt = load_stt()
        except EngineError as exc:
            self.reports.models_failed(f"the answers a crash cut off could not be transcribed: {exc}")
            return None
        return self.transcribe_cut_off(store, stt)


def new_session(
    models: LoadedModels,
    audio_in: AudioInput,
    audio_out: AudioOutput,
    kit: InterviewKit,
    interview: Interview,
    settings: Settings,
    *,
    barge_in: bool,
    emit: Callable[[SessionEvent], None],
) -> InterviewSession:
    """The session on the loaded models and this session's devices, timed by the user's settings."""
    runner_settings = RunnerSettings(endpointing=endpointing_for(settings.pause_ms()), barge_in=barge_in)
    return InterviewSession(models, audio_in, audio_out, interview, kit.prompts, settings=runner_settings, emit=emit)


def begin_recording(
    session: InterviewSession,
    store: Any,
    kit: InterviewKit,
    interview: Interview,
    level: str,
    model_names: dict,
    settings: Settings,
    redo_of: tuple[str, int] | None = None,
) -> None:
    """The stored session opened (database writes: never on the GUI thread); with no store the session runs
    unsaved. Raises RecordingError: the caller says it, and decides whether to go on."""
    session.start(
        None
        if store is None
        else lambda: start_recording(store, kit, interview, level, model_names, settings, redo_of=redo_of)
    )
