"""Carries session events from the runner's thread to the GUI thread as Qt signals."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from interview_voice.records import (
    Caption,
    EventRecorded,
    FloorChanged,
    LevelMeasured,
    PartialTranscript,
    SessionEvent,
    SessionFailed,
    SessionFinished,
    StatusChanged,
    TranscriptRefined,
    TurnFinished,
    TurnStarted,
)


class SessionBridge(QObject):
    status = Signal(str)
    turn_started = Signal(object)
    turn_finished = Signal(object)
    # One object payload: a (float, bool) signal emitted from a worker thread
    # corrupted the refcount of True/False in PySide6 6.12 (fatal at exit).
    level = Signal(object)
    failed = Signal(str)
    finished = Signal(object)
    saved = Signal()  # the session's recording is closed and stored
    not_started = Signal(str)  # the sound devices failed their check: nothing was recorded (why)
    stored = Signal(str, object)  # the stored session's id, and (session id, turn index) when it was a redo
    partial = Signal(object)  # PartialTranscript: what the candidate has said so far
    floor = Signal(object)  # FloorChanged: the candidate has the floor; who is next (the panel view)
    caption = Signal(object)  # Caption: a sentence the interviewer is saying now
    recorded = Signal(object)  # EventRecorded: something kept with the session (a follow-up left out for time)

    def emit_event(self, event: SessionEvent) -> None:
        """Called on the runner's thread; Qt queues each signal to the GUI thread."""
        if isinstance(event, LevelMeasured):
            self.level.emit(event)
        elif isinstance(event, PartialTranscript):
            self.partial.emit(event)
        elif isinstance(event, Caption):
            self.caption.emit(event)
        elif isinstance(event, StatusChanged):
            self.status.emit(event.text)
        elif isinstance(event, TurnStarted):
            self.turn_started.emit(event.turn)
        elif isinstance(event, (TurnFinished, TranscriptRefined)):
            self.turn_finished.emit(event.turn)
        elif isinstance(event, SessionFailed):
            self.failed.emit(event.message)
        elif isinstance(event, SessionFinished):
            self.finished.emit(event.turns)
        elif isinstance(event, FloorChanged):
            self.floor.emit(event)
        elif isinstance(event, EventRecorded):
            self.recorded.emit(event)


class LoaderBridge(QObject):
    progress = Signal(str, float)
    loaded = Signal(object)
    failed = Signal(str)
    store_ready = Signal(object, object)  # the session store, sessions recovered after a crash
    store_failed = Signal(str)
    plan_failed = Signal(str)  # the chosen plan cannot be read (the message says why)
    feedback_ready = Signal(object)  # the feedback service, once the store and the bank are read
    answers_recovered = Signal(int)  # sessions whose cut-off answer was transcribed from its recording
