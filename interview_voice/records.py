"""What a session produces: words, turns with timings, and events for listeners.

The vocabulary that core, runtime, storage and ui share. It sits below all of them
and imports nothing from the package, so any layer may use it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Word:
    text: str
    start: float  # seconds from the start of the transcribed audio
    end: float
    probability: float = 1.0


@dataclass
class TurnRecord:
    index: int
    speaker: str                 # "interviewer" | "candidate"
    kind: str                    # opening | question | follow_up | move_on | closing | answer
    text: str = ""
    question_id: str | None = None
    persona: str | None = None   # interviewer turns: who spoke
    role: str | None = None
    started_ms: float = 0.0      # ms since the session started
    ended_ms: float = 0.0
    # interviewer turns
    first_audio_ms: float | None = None
    latency_ms: float | None = None          # previous candidate end of speech -> this turn's own first audio
    ack_text: str | None = None              # a short acknowledgement played while the follow-up was worded
    ack_audio_ms: float | None = None
    latency_any_ms: float | None = None      # previous candidate end of speech -> first interviewer audio of any kind
    follow_up_ready_ms: float | None = None  # follow-up text ready (model or fallback)
    follow_up_source: str | None = None      # model | fallback | curated | redirect
    model_output: str | None = None          # raw model text, kept for evaluation
    fallback_reason: str | None = None       # why the model's wording was not used
    # candidate turns
    speech_start_ms: float | None = None
    speech_end_ms: float | None = None
    end_reason: str | None = None
    transcribe_ms: float | None = None
    live_text: str | None = None             # what the fast model heard, when the kept transcript differs
    refine_ms: float | None = None           # the accurate model's pass over the answer
    words: list[Word] = field(default_factory=list)
    signals: dict | None = None              # computed facts about the answer (coverage, flags)
    overlap_text: str | None = None          # said while the interviewer spoke (speakers mode), kept
    resumed: int = 0                         # times the candidate went on after the answer seemed to end
    # interviewer turns: each sentence played, acknowledgement first: [start_ms, end_ms, what was heard of it]
    sentences: list = field(default_factory=list)

    def to_dict(self) -> dict:
        data = asdict(self)
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


# Events a listener receives (on the runner's thread) ----------------------

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


@dataclass(frozen=True)
class Caption:
    text: str          # what the interviewer is saying now (a sentence, or an acknowledgement)
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


SessionEvent = (StatusChanged | TurnStarted | TurnFinished | TranscriptRefined | PartialTranscript | LevelMeasured
                | EventRecorded | Caption | SessionFailed | SessionFinished | FloorChanged)
