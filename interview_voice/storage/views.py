"""The read model: a stored session as frozen plain data.

The session store hands these out instead of its ORM rows, so the ui and the runtime never
hold a database object (no lazy loads, no detached rows, nothing shared across threads that
the database could still change). Built once per read; cheap next to the query itself.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace
from datetime import datetime

from interview_voice.storage.schema import EventRow, SessionRow, TrackRow, TurnRow, WordRow

# The stored statuses, as people read them. "ended_early": the candidate pressed End before the plan's end.
STATUS_LABELS = {
    "recording": "recording",
    "completed": "completed",
    "ended_early": "ended early",
    "interrupted": "cut off (recovered)",
    "failed": "failed",
}
FINISHED_STATUSES = ("completed", "ended_early", "interrupted")  # what there is feedback for


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status.replace("_", " "))


@dataclass(frozen=True)
class SessionSummary:
    """One line of the history: a session without its turns."""

    id: str
    title: str
    plan: str
    level: str
    status: str
    started_at: datetime
    duration_s: float
    answers: int  # answers with words in them (records.is_answer)
    notice: str


@dataclass(frozen=True)
class WordView:
    text: str
    start: float  # seconds on the session timeline
    end: float
    probability: float


@dataclass(frozen=True)
class TurnView:
    index: int
    speaker: str
    kind: str
    persona: str
    role: str
    text: str
    question_id: str | None
    started_ms: float
    ended_ms: float | None  # None: cut off by a crash
    interrupted: bool
    end_reason: str | None
    timings: dict  # latency, first audio, audio_start_s …
    follow_up: dict
    signals: dict
    feedback: dict  # {} until computed
    words: tuple[WordView, ...]


@dataclass(frozen=True)
class TrackView:
    kind: str
    path: str  # relative to the sessions folder
    sample_rate: int
    seconds: float


@dataclass(frozen=True)
class EventView:
    type: str
    at_ms: float
    data: dict


@dataclass(frozen=True)
class SessionView:
    id: str
    plan: str
    title: str
    level: str
    status: str
    started_at: datetime
    ended_at: datetime | None
    duration_s: float
    personas: list
    models: dict
    settings: dict
    questions: list
    notice: str
    feedback: dict
    redo_of_session: str | None
    redo_of_turn: int | None
    turns: tuple[TurnView, ...]
    tracks: tuple[TrackView, ...]
    events: tuple[EventView, ...]

    def with_answer_feedback(self, turn_index: int, feedback: dict) -> SessionView:
        """The same session with one answer's feedback replaced (the model's wording arrived)."""
        turns = tuple(replace(t, feedback=feedback) if t.index == turn_index else t for t in self.turns)
        return replace(self, turns=turns)


def _json(value, empty):
    # JSON columns may hold None in old rows; copy them so a view never shares state with a row
    return copy.deepcopy(value) if value is not None else empty


def word_view(row: WordRow) -> WordView:
    return WordView(row.text, row.start, row.end, row.probability)


def turn_view(row: TurnRow) -> TurnView:
    return TurnView(
        index=row.index,
        speaker=row.speaker,
        kind=row.kind,
        persona=row.persona,
        role=row.role,
        text=row.text,
        question_id=row.question_id,
        started_ms=row.started_ms,
        ended_ms=row.ended_ms,
        interrupted=row.interrupted,
        end_reason=row.end_reason,
        timings=_json(row.timings, {}),
        follow_up=_json(row.follow_up, {}),
        signals=_json(row.signals, {}),
        feedback=_json(row.feedback, {}),
        words=tuple(word_view(w) for w in row.words),
    )


def track_view(row: TrackRow) -> TrackView:
    return TrackView(row.kind, row.path, row.sample_rate, row.seconds)


def event_view(row: EventRow) -> EventView:
    return EventView(row.type, row.at_ms, _json(row.data, {}))


def session_view(row: SessionRow) -> SessionView:
    """Call it inside the database session, with the turns, words, tracks and events loaded."""
    return SessionView(
        id=row.id,
        plan=row.plan,
        title=row.title,
        level=row.level,
        status=row.status,
        started_at=row.started_at,
        ended_at=row.ended_at,
        duration_s=row.duration_s,
        personas=_json(row.personas, []),
        models=_json(row.models, {}),
        settings=_json(row.settings, {}),
        questions=_json(row.questions, []),
        notice=row.notice,
        feedback=_json(row.feedback, {}),
        redo_of_session=row.redo_of_session,
        redo_of_turn=row.redo_of_turn,
        turns=tuple(turn_view(t) for t in row.turns),
        tracks=tuple(track_view(t) for t in row.tracks),
        events=tuple(event_view(e) for e in row.events),
    )
