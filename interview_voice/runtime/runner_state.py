"""What the runner's parts (the loop, listening, speaking) share, declared in one place.
SessionRunner sets all of it in __init__; everything here belongs to the runner's thread unless
its comment says otherwise."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from interview_voice.core.endpointing import EndpointSettings, SpeakerPace
from interview_voice.core.follow_up_prompt import PromptTemplates
from interview_voice.core.interview import FollowUpOutlook, Interview, Speak
from interview_voice.core.panel import CutIn
from interview_voice.core.turn_end import Completion
from interview_voice.core.types import AudioChunk, VoiceStyle
from interview_voice.records import SessionEvent, TurnRecord, Word
from interview_voice.runtime.answer_audio import AnswerAudio
from interview_voice.runtime.clock import SessionClock
from interview_voice.runtime.early_follow_up import EarlyFollowUp
from interview_voice.runtime.engines import Engines
from interview_voice.runtime.floor import Floor
from interview_voice.runtime.reading_ahead import ReadAhead
from interview_voice.runtime.refine import TranscriptRefiner
from interview_voice.runtime.speak_ahead import SpeechAhead
from interview_voice.runtime.typed import TypedInput


@dataclass(frozen=True)
class RunnerSettings:
    endpointing: EndpointSettings = EndpointSettings()
    follow_up_timeout_s: float = 8.0  # past this the curated probe is used
    follow_up_deadline_s: float = 2.5  # ... or past this long after the end of speech, whichever is first
    follow_up_max_tokens: int = 60
    acknowledge: bool = True          # "Okay." while the follow-up is being worded, as people do
    read_ahead: bool = True           # the model reads the prompt while the candidate answers
    barge_in: bool = False            # headset mode: speaking over the interviewer stops it.
                                      # Off (speakers): the microphone is ignored while it speaks.
    barge_in_speech_ms: int = 150     # speech this long over the interviewer counts as barging in
    listen_on: bool = True            # after an answer, speech before the interviewer's next line resumes it
    early_follow_up: bool = True      # start wording the follow-up at a pause that sounds like the end


class Recorder(Protocol):
    """Keeps the session as it happens (storage implements it); may raise on a full disk."""

    def interviewer_audio(self, at_ms: float, chunk: AudioChunk, turn: TurnRecord) -> None: ...

    def candidate_audio(self, at_ms: float, block: np.ndarray, turn: TurnRecord, *,
                        over_line: bool = False) -> int | None: ...

    def read_candidate(self, first: int, count: int) -> np.ndarray: ...

    def on_event(self, event: SessionEvent) -> None: ...


class RunnerState:
    engines: Engines
    interview: Interview
    prompts: PromptTemplates
    settings: RunnerSettings
    recorder: Recorder | None
    turns: list[TurnRecord]
    answer_audio: AnswerAudio          # where each answer's audio is on the recording; read from any thread
    events: list[dict]
    clock: SessionClock                 # read from any thread
    read_ahead: ReadAhead               # called from the live-transcript worker too
    speech_ahead: SpeechAhead
    _refiner: TranscriptRefiner | None
    _cancel: threading.Event            # set from any thread
    _answer_done: threading.Event       # set from any thread
    _repeat: threading.Event            # set from any thread
    typed: TypedInput                   # called from any thread
    _asked: Speak | None
    _nudged: bool
    _asked_aloud: bool
    _outlook: FollowUpOutlook | None     # read from any thread (typed read-aheads)
    floor: Floor                        # its events are set from any thread
    # listening
    _overlap_words: dict[int, list[Word]]
    _cut_in: CutIn | None
    _pause_judged: float | None
    # speaking
    _pending_follow_up: TurnRecord | None
    _acks: int
    _ack_audio: dict[tuple[str, VoiceStyle], list[AudioChunk]]  # filled by the ack-ahead thread too
    _yield_onset_ms: float | None
    _wording: list[threading.Thread]
    pace: SpeakerPace
    _judged_at_end: Completion | None
    _early: EarlyFollowUp

    # implemented by the runner and its parts
    def emit(self, event: SessionEvent) -> None:
        raise NotImplementedError

    def _event(self, type_: str, **data) -> None:
        raise NotImplementedError

    def _last_candidate(self) -> TurnRecord | None:
        raise NotImplementedError

    def _prepare_ack(self) -> None:
        raise NotImplementedError

    def _said_since_answer(self) -> str:
        raise NotImplementedError

    def _record_heard(self, blocks: Sequence[tuple[float, np.ndarray]], turn: TurnRecord) -> None:
        raise NotImplementedError
