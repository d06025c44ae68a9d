"""What a session produces: words, turns with timings, session events for listeners, and stored events.

The vocabulary that core, runtime, storage and ui share. It sits below all of them
and imports nothing from the package, so any layer may use it.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Self


class StoredName(enum.StrEnum):
    """A name sessions keep on disk. A value this version does not know (an older or newer app wrote it)
    is kept as it was, as a member of its own, so every stored session still loads and saves unchanged."""

    @classmethod
    def of(cls, value: str | None) -> Self | None:
        """The member for a stored value, None for none."""
        return None if value is None else cls(value)

    @classmethod
    def _missing_(cls, value: object) -> StoredName | None:
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_, member._value_ = value.upper(), value
        return member


class TurnKind(StoredName):
    """What a turn is: the candidate's answer, or the kind of line the interviewer spoke."""

    OPENING = "opening"
    QUESTION = "question"
    PHASE = "phase"  # the next phase of a system design problem
    FOLLOW_UP = "follow_up"
    REDIRECT = "redirect"  # back to the question after an off-topic or manipulative answer
    MOVE_ON = "move_on"
    CUT_IN = "cut_in"  # the interviewer interrupts an answer that runs far past its budget
    INTERJECTION = "interjection"  # a panelist jumps in at a pause in a presentation to probe a claim
    CLOSING = "closing"
    REPEAT = "repeat"  # the question said again, at the candidate's request
    NUDGE = "nudge"  # a long silence: the interviewer checks in before moving on
    ANSWER = "answer"  # the candidate's turn


class EndReason(StoredName):
    """How a turn ended: an answer (the first ten), or an interviewer's line cut short."""

    SILENCE = "silence"  # spoke, then stayed silent long enough
    NO_SPEECH = "no_speech"  # never started speaking
    TIME_BUDGET = "time_budget"  # hard cap reached while speaking
    USER = "user"  # pressed "I'm done"
    CUT_IN = "cut_in"  # the interviewer cut in (answer far past its budget)
    CANCELLED = "cancelled"
    DEVICE_LOST = "device_lost"  # the microphone went away mid-answer
    NUDGED = "nudged"  # silent past nudge_after_s: the interviewer checks in, then listens again
    REPEAT = "repeat"  # the candidate asked to hear the question again (a key, a button or aloud)
    TYPED = "typed"  # the candidate typed the answer instead of speaking it
    BARGE_IN = "barge_in"  # an interviewer's line: the candidate spoke over it (headset mode)
    YIELDED = "yielded"  # an interviewer's line: stopped for a candidate still answering
    CRASH = "crash"  # the app stopped during the turn; closed when the session was recovered


class EventType(StoredName):
    """What a session event records (core/events.py says each in words)."""

    ENDPOINT = "endpoint"  # an answer ended: why, the silence waited, what the words were judged
    CUT_IN = "cut_in"
    BARGE_IN = "barge_in"
    EARLY_FOLLOW_UP = "early_follow_up"
    KEPT_AFTER_ANSWER = "kept_after_answer"
    RESUMED = "resumed"
    REPEAT = "repeat"
    NUDGE = "nudge"
    TYPING = "typing"
    ERROR = "error"
    RECOVERED = "recovered"  # the session was cut off and recovered at the next start
    PACE = "pace"  # how long the candidate paused and went on, learned over the session
    NO_FOLLOW_UP = "no_follow_up"  # an answer the plan would have followed up, with too little time left


@dataclass(frozen=True)
class StoredEvent:
    """A session event as it is kept: its type, when (ms on the session timeline) and what else it says."""

    type: EventType
    at_ms: float
    data: Mapping[str, object] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, event: Mapping[str, object]) -> StoredEvent:
        """From the runner's form, {"type": ..., "at_ms": ..., and the rest}."""
        at_ms = event["at_ms"]
        return cls(
            EventType(str(event["type"])),
            float(at_ms) if isinstance(at_ms, (int, float)) else 0.0,
            {k: v for k, v in event.items() if k not in ("type", "at_ms")},
        )

    def to_dict(self) -> dict:
        return {"type": self.type.value, "at_ms": self.at_ms, **self.data}


@dataclass(frozen=True)
class Word:
    text: str
    start: float  # seconds from the start of the transcribed audio
    end: float
    probability: float = 1.0


@dataclass
class TurnRecord:
    index: int
    speaker: str  # "interviewer" | "candidate"
    kind: TurnKind  # a plain string given (or set later) is read as its TurnKind
    text: str = ""
    question_id: str | None = None
    persona: str | None = None  # interviewer turns: who spoke
    role: str | None = None
    started_ms: float = 0.0  # ms since the session started
    ended_ms: float = 0.0
    # interviewer turns
    first_audio_ms: float | None = None
    latency_ms: float | None = None  # previous candidate end of speech -> this turn's own first audio
    ack_text: str | None = None  # a short acknowledgement played while the follow-up was worded
    ack_audio_ms: float | None = None
    latency_any_ms: float | None = None  # previous candidate end of speech -> first interviewer audio of any kind
    follow_up_ready_ms: float | None = None  # follow-up text ready (model or fallback)
    follow_up_source: str | None = None  # model | fallback | curated | redirect
    model_output: str | None = None  # raw model text, kept for evaluation
    fallback_reason: str | None = None  # why the model's wording was not used
    # candidate turns
    speech_start_ms: float | None = None
    speech_end_ms: float | None = None
    end_reason: EndReason | None = None  # a plain string given (or set later) is read as its EndReason
    transcribe_ms: float | None = None
    live_text: str | None = None  # what the fast model heard, when the kept transcript differs
    refine_ms: float | None = None  # the accurate model's pass over the answer
    words: list[Word] = field(default_factory=list)
    signals: dict | None = None  # computed facts about the answer (coverage, flags)
    overlap_text: str | None = None  # said while the interviewer spoke (speakers mode), kept
    resumed: int = 0  # times the candidate went on after the answer seemed to end
    # interviewer turns: each sentence played, acknowledgement first: [start_ms, end_ms, what was heard of it]
    sentences: list = field(default_factory=list)

    def __setattr__(self, name: str, value: Any) -> None:
        # a plain string (a stored turn, a caller's literal) is read as its member, however it is set
        if name == "kind":
            value = TurnKind(value)
        elif name == "end_reason" and value is not None:
            value = EndReason(value)
        object.__setattr__(self, name, value)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["kind"] = self.kind.value
        if self.end_reason is not None:
            data["end_reason"] = self.end_reason.value
        data["words"] = [{"text": w.text, "start": round(w.start, 3), "end": round(w.end, 3)} for w in self.words]
        for key, value in data.items():
            if isinstance(value, float):
                data[key] = round(value, 1)
        return {k: v for k, v in data.items() if v is not None and v != []}


# What an answer with no words shows, by how it ended: every view says the same.
_EMPTY_ANSWERS = {
    "repeat": "(asked to hear the question again)",
    "nudged": "(silence: the interviewer checked in)",
    "no_speech": "(no answer: the question was skipped after a long silence)",
}


def empty_answer_text(end_reason: str | None) -> str:
    return _EMPTY_ANSWERS.get(end_reason or "", "(no answer)")


NOT_ANSWERS = ("repeat", "nudged")  # asked to hear the question again; silent until the interviewer checked in


def is_answer(speaker: str, text: str, end_reason: str | None) -> bool:
    """Does a turn count as one of the candidate's answers (for counts and feedback)?"""
    return speaker == "candidate" and bool(text.strip()) and end_reason not in NOT_ANSWERS


def is_typed(end_reason: str | None) -> bool:
    """Was the answer typed rather than spoken? (It has text but no audio or word timings.)"""
    return end_reason == "typed"


class RecordingError(RuntimeError):
    """The session could not be kept on disk (a full disk, an unwritable folder); what was saved stays.

    The base of storage's errors: the runtime and the ui catch it without knowing storage.
    """


# Session events: what a listener receives (on the runner's thread) --------


@dataclass(frozen=True)
class StatusChanged:
    text: str


@dataclass(frozen=True)
class TurnStarted:
    turn: TurnRecord


@dataclass(frozen=True)
class TurnFinished:
    turn: TurnRecord


@dataclass(frozen=True)
class TranscriptRefined:
    turn: TurnRecord  # a finished answer, now with the accurate model's words


@dataclass(frozen=True)
class PartialTranscript:
    turn: TurnRecord
    text: str  # what the candidate has said so far (the last words may still change)


@dataclass(frozen=True)
class LevelMeasured:
    rms: float  # 0..1
    speaking: bool


@dataclass(frozen=True)
class EventRecorded:
    data: dict  # {"type": "cut_in", "at_ms": ..., ...}

    @property
    def event(self) -> StoredEvent:
        return StoredEvent.from_dict(self.data)


@dataclass(frozen=True)
class Caption:
    text: str  # what the interviewer is saying now (a sentence, or an acknowledgement)
    persona: str | None = None
    role: str | None = None


@dataclass(frozen=True)
class SessionFailed:
    message: str


@dataclass(frozen=True)
class FloorChanged:
    """The candidate has the floor: for the panel on screen, who is expected to speak next, and
    whether this is the presentation (with its time) or an answer."""

    next_persona: str | None
    presenting: bool
    budget_s: float


@dataclass(frozen=True)
class SessionFinished:
    turns: list[TurnRecord]


SessionEvent = (
    StatusChanged
    | TurnStarted
    | TurnFinished
    | TranscriptRefined
    | PartialTranscript
    | LevelMeasured
    | EventRecorded
    | Caption
    | SessionFailed
    | SessionFinished
    | FloorChanged
)
