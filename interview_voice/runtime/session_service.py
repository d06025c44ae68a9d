"""One interview from start to stored, the same for the window and `simulate`.

start: the recording (when there is a store) and the runner; run: the conversation, with any
failure turned into a status and a message; finish: the recording closed with that status.
The caller owns the sound devices and the models, and closes them.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Protocol

from interview_voice.core.follow_up_prompt import PromptTemplates
from interview_voice.core.interview import Interview
from interview_voice.engines.base import AudioInput, AudioOutput, EngineError
from interview_voice.records import RecordingError, SessionEvent, SessionFailed, TurnRecord
from interview_voice.runtime import memory
from interview_voice.runtime.engines import Engines, LoadedModels
from interview_voice.runtime.session import Recorder, RunnerSettings, SessionRunner

log = logging.getLogger(__name__)
ENDED_EARLY = "You ended this interview early."
# Ctrl-C, `kill`, shutting down, and the terminal closing (logging out): each ends the interview as End does
ENDING_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
ENDING_NOTE = (
    "\nEnding the interview: the answer in progress is transcribed and the session saved "
    "(press Ctrl-C again to stop at once).\n"
)


class Recording(Recorder, Protocol):
    """A stored session being recorded (storage's SessionRecorder)."""

    session_id: str
    error: str | None  # set when recording stopped (a full disk): what came before is kept
    busy_notice: str  # set when the database stayed busy at the end: the session is finished later

    def close(self, status: str, duration_s: float, notice: str = "") -> None: ...

    def leave(self, status: str, duration_s: float, notice: str = "") -> None:
        """The process leaves before close(): what was heard onto the disk, and how it ended noted for
        the next start, which finishes the recording (any turn still open is closed then)."""


@dataclass(frozen=True)
class SessionOutcome:
    """How a session ended, for the window's status line and the CLI's exit code."""

    status: str  # "completed" | "failed"
    cancelled: bool  # the candidate ended it early
    elapsed_s: float
    error: str | None = None  # why it failed, worded for the user (listeners also got SessionFailed)
    session_id: str | None = None  # the stored session, when it was recorded
    stored: bool = False  # recorded to the end, without a recording error


class InterviewSession:
    """The runner on the loaded models and the session's devices, and its recording."""

    def __init__(
        self,
        models: LoadedModels,
        audio_in: AudioInput,
        audio_out: AudioOutput,
        interview: Interview,
        prompts: PromptTemplates,
        *,
        settings: RunnerSettings = RunnerSettings(),
        emit: Callable[[SessionEvent], None] = lambda e: None,
    ) -> None:
        between_turns = memory.BetweenTurns()

        def emit_and_trim(event: SessionEvent) -> None:
            emit(event)
            between_turns(event)  # the heap's freed memory back to the system between turns (runtime/memory)

        self.runner = SessionRunner(
            Engines(models, audio_in, audio_out), interview, prompts, emit=emit_and_trim, settings=settings
        )

    @property
    def recording(self) -> Recording | None:
        return self.runner.recorder  # type: ignore[return-value]  # set only by start()

    @property
    def turns(self) -> list[TurnRecord]:
        return self.runner.turns

    def start(self, open_recording: Callable[[], Recording] | None) -> None:
        """Open the stored session (database writes: call off the GUI thread). Raises
        RecordingError when it cannot be stored; the caller decides whether to go on unsaved."""
        if open_recording is not None:
            self.runner.recorder = open_recording()

    def run(self) -> SessionOutcome:
        """The whole conversation; never raises for an engine, recording or unexpected failure."""
        status, error = "completed", None
        try:
            self.runner.run()
        except (EngineError, RecordingError) as exc:
            status, error = "failed", str(exc)  # listeners already have it through SessionFailed
        except Exception as exc:  # a defect: the session stops, what was recorded is kept
            log.exception("the session crashed")
            status, error = "failed", f"The session stopped unexpectedly: {exc}"
            self.runner.emit(SessionFailed(error))
        return SessionOutcome(status, self.runner.cancelled, self.runner.elapsed_s, error)

    def stopped(self) -> SessionOutcome:
        """The outcome of a run that never returned (interrupted from outside, as by Ctrl-C)."""
        return SessionOutcome("failed", True, self.runner.elapsed_s)

    def finish(self, outcome: SessionOutcome) -> SessionOutcome:
        """Close the recording with the outcome (files and database: off the GUI thread)."""
        recording = self.recording
        if recording is None:
            return outcome
        # Stored as ended early when the candidate stopped it; the outcome's status stays "completed"
        # (nothing failed), which is what the CLI's exit code and the window's message go by.
        stored = "ended_early" if outcome.cancelled and outcome.status == "completed" else outcome.status
        recording.close(stored, outcome.elapsed_s, ENDED_EARLY if outcome.cancelled else "")
        return SessionOutcome(
            outcome.status,
            outcome.cancelled,
            outcome.elapsed_s,
            outcome.error,
            recording.session_id,
            not recording.error,
        )

    def leave_unfinished(self) -> None:
        """From another thread, when the process must leave before finish() (the window was closed
        and the answer in progress is still being transcribed): the recording is marked ended early
        now, and the next start finishes it, transcribing from its audio an answer still open."""
        recording = self.recording
        if recording is not None:
            recording.leave("ended_early", self.runner.elapsed_s, ENDED_EARLY)

    # controls, from any thread -----------------------------------------------------
    def finish_answer(self) -> None:
        self.runner.finish_answer()

    def cancel(self) -> None:
        self.runner.cancel()


@contextmanager
def ended_by_signals(end: Callable[[], None], note: str = ENDING_NOTE) -> Iterator[None]:
    """While the block runs, Ctrl-C, SIGTERM and SIGHUP call `end` (the End button's path: the answer
    in progress is transcribed, the session stored as ended early, the report written) instead of
    killing the process part way, which stored the session as failed and lost that answer's words.
    A second signal stops at once (KeyboardInterrupt). Only the main thread can set handlers: elsewhere
    the block runs as it is."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []

    def handle(signum: int, _frame) -> None:
        received.append(signum)
        if len(received) > 1:
            raise KeyboardInterrupt
        log.warning("signal %s: ending the interview as the End button does", signal.Signals(signum).name)
        try:
            os.write(2, note.encode())  # not print(): a handler may run in the middle of a print
        except OSError:
            pass
        end()

    previous = {sig: signal.signal(sig, handle) for sig in ENDING_SIGNALS}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
