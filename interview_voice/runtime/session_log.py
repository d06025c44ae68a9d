"""What a session leaves behind as it happens: the turn log (its turns, in order) and the event sink
(every event to the recorder first, then to the window or the CLI; the events kept with the session;
audio the microphone heard outside an answer's own listening, onto the recording)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Protocol

import numpy as np

from interview_voice.core.types import AudioChunk
from interview_voice.records import (
    EventRecorded,
    EventType,
    LevelMeasured,
    PartialTranscript,
    SessionEvent,
    SessionFinished,
    TranscriptRefined,
    TurnFinished,
    TurnRecord,
    TurnStarted,
)
from interview_voice.runtime.clock import SessionClock

log = logging.getLogger(__name__)


class Recorder(Protocol):
    """Keeps the session as it happens (storage implements it); may raise on a full disk."""

    def interviewer_audio(self, at_ms: float, chunk: AudioChunk, turn: TurnRecord) -> None: ...

    def candidate_audio(
        self, at_ms: float, block: np.ndarray, turn: TurnRecord, *, over_line: bool = False
    ) -> int | None: ...

    def read_candidate(self, first: int, count: int) -> np.ndarray: ...

    def on_event(self, event: SessionEvent) -> None: ...


def frozen(event: SessionEvent) -> SessionEvent:
    """The event with copies of its turns as they are now, safe to read on any thread."""
    if isinstance(event, (TurnStarted, TurnFinished, TranscriptRefined, PartialTranscript)):
        return replace(event, turn=snapshot(event.turn))
    if isinstance(event, SessionFinished):
        return SessionFinished([snapshot(t) for t in event.turns])
    return event


def snapshot(turn: TurnRecord) -> TurnRecord:
    return replace(turn, words=list(turn.words), signals=dict(turn.signals) if turn.signals is not None else None)


class TurnLog:
    """The session's turns in order; changed on the runner's thread only (others get copies)."""

    def __init__(self) -> None:
        self.turns: list[TurnRecord] = []

    def last_candidate(self) -> TurnRecord | None:
        return next((t for t in reversed(self.turns) if t.speaker == "candidate"), None)

    def said_since_answer(self) -> str:
        """What the interviewer said since the last answer (acknowledgement included)."""
        said: list[str] = []
        for turn in reversed(self.turns):
            if turn.speaker == "candidate":
                break
            said = [turn.ack_text or "", turn.text, *said]
        return " ".join(t for t in said if t)


class EventSink:
    """Where what happens goes. The recorder sees every event first, so nothing shown is unsaved;
    `forward` (the window's bridge, the CLI's printer) gets copies of the turns, as the runner goes
    on changing its own. emit() and event() run on the runner's thread (and the acknowledgement's)."""

    def __init__(
        self, clock: SessionClock, forward: Callable[[SessionEvent], None], recorder: Recorder | None = None
    ) -> None:
        self.clock = clock
        self.forward = forward
        self.recorder = recorder  # set once the recording is opened (the session service)
        self.events: list[dict] = []  # cut-ins, barge-ins, endpointing decisions: stored with the session

    def emit(self, event: SessionEvent) -> None:
        event = frozen(event)
        if self.recorder is not None and not isinstance(event, LevelMeasured):
            self.recorder.on_event(event)
        self.forward(event)

    def event(self, type_: EventType, **data) -> None:
        """Something worth keeping with the session: cut-ins, endpointing decisions, errors (its stored form,
        `StoredEvent`, is made from this dict by the recorder)."""
        self.events.append({"type": type_.value, "at_ms": round(self.clock.now_ms(), 1), **data})
        self.emit(EventRecorded(dict(self.events[-1])))

    def record_heard(self, blocks: Sequence[tuple[float, np.ndarray]], turn: TurnRecord) -> None:
        """Audio heard outside an answer's own listening (while the interviewer spoke), onto the
        candidate track at its time: the recording holds every second the microphone heard."""
        if self.recorder is not None:
            for at_ms, block in blocks:
                self.recorder.candidate_audio(at_ms, block, turn, over_line=True)  # the answer's own starts later
