"""The floor of a session: who is heard, whether the microphone is open and who reads it, and the
answer that may still go on. One object with an explicit state, owned by the runner's thread; the
loop, the listener and the speaker move it from state to state through its methods.

    IDLE ──an answer starts──> ANSWERING ──it ends──> IDLE
    IDLE ──it ended at a silence: the microphone listens on──> LISTENING_ON
    LISTENING_ON ──the interviewer's next line starts (the candidate did not go on)──> OVER_LINE
    LISTENING_ON, OVER_LINE ──the answer goes on, or the next one starts──> ANSWERING (through IDLE)
    IDLE, MIC_OPEN, LISTENING_ON, OVER_LINE ──a line the candidate may talk over──> WATCHING ──> MIC_OPEN
    IDLE ──a file per answer goes on after a check-in──> MIC_OPEN ──the next answer──> ANSWERING

Two flags (`threading.Event`s) cross threads: `playing` (the interviewer's voice is in the room; the acknowledgement's
player sets it too, the listening-on worker reads it) and `stop_playback` (set by cancel() from any
thread and by the barge-in monitor).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from enum import Enum

import numpy as np

from interview_voice.core.commands import Listen
from interview_voice.core.turn_end import Completion
from interview_voice.runtime.after_answer import AfterAnswer

log = logging.getLogger(__name__)
Heard = list[tuple[float, np.ndarray]]  # (session ms the block began, samples)


class FloorState(Enum):
    IDLE = "idle"  # nobody is listened to: the next answer starts the microphone
    MIC_OPEN = "mic_open"  # the microphone was left open for the next answer, which reads on
    # after the audio held (what a barge-in monitor heard)
    ANSWERING = "answering"  # the candidate has the floor: an answer is being heard
    LISTENING_ON = "listening_on"  # an answer ended at a silence; the microphone listens on, and speech
    # before the interviewer's next line starts resumes that answer
    OVER_LINE = "over_line"  # that line has started: the microphone still records (speakers), and
    # what it heard goes to the next answer
    WATCHING = "watching"  # the interviewer speaks while the barge-in monitor listens (headset)


# state: the states it may be entered from
_FROM: dict[FloorState, frozenset[FloorState]] = {
    FloorState.IDLE: frozenset({FloorState.ANSWERING, FloorState.LISTENING_ON, FloorState.OVER_LINE}),
    FloorState.MIC_OPEN: frozenset({FloorState.IDLE, FloorState.WATCHING}),
    FloorState.ANSWERING: frozenset({FloorState.IDLE, FloorState.MIC_OPEN}),
    FloorState.LISTENING_ON: frozenset({FloorState.IDLE}),
    FloorState.OVER_LINE: frozenset({FloorState.LISTENING_ON, FloorState.OVER_LINE}),
    FloorState.WATCHING: frozenset({FloorState.IDLE, FloorState.MIC_OPEN}),
}


@dataclass(frozen=True)
class OpenAnswer:
    """An answer that ended at a silence and may still go on: what it was listened for, the
    interview as it was when it ended (rewound to if it goes on), and how the words at its pause
    were judged (the candidate's pace learns from a pause they went on after)."""

    listen: Listen
    checkpoint: dict
    judged: Completion | None


class Floor:
    """Who has the floor and the microphone; every method runs on the runner's thread."""

    def __init__(self) -> None:
        self.state = FloorState.IDLE
        self.playing = threading.Event()  # the interviewer's voice is in the room
        self.stop_playback = threading.Event()  # the interviewer stops: cancelled, or barged in on
        self.line_ended_ms: float | None = None  # when the interviewer's last line ended (session ms)
        self.open_answer: OpenAnswer | None = None  # the last answer, while it may still go on
        self._after: AfterAnswer | None = None  # listening on (LISTENING_ON, OVER_LINE)
        self._held: Heard = []  # audio for the next answer (WATCHING, MIC_OPEN)

    def _move(self, to: FloorState) -> None:
        if self.state not in _FROM[to]:
            log.warning("the floor moved from %s to %s, which it is not meant to", self.state.value, to.value)
        log.debug("floor: %s -> %s", self.state.value, to.value)
        self.state = to

    @property
    def listening_on(self) -> bool:
        """The microphone listens on after the last answer (through the interviewer's line, if it began)."""
        return self.state in (FloorState.LISTENING_ON, FloorState.OVER_LINE)

    @property
    def mic_open(self) -> bool:
        """The microphone was left open for the next answer."""
        return self.state in (FloorState.MIC_OPEN, FloorState.WATCHING)

    # the candidate ---------------------------------------------------------------------------
    def answer_starts(self) -> None:
        """The microphone is the answer's (opened, or taken over from listening on or a monitor)."""
        self._move(FloorState.ANSWERING)

    def answer_ends(self) -> None:
        self._move(FloorState.IDLE)

    def listen_on(self, after: AfterAnswer, answer: OpenAnswer) -> None:
        """The answer ended at a silence: listen on (the caller starts `after`), in case it goes on."""
        self._after, self.open_answer = after, answer
        self._move(FloorState.LISTENING_ON)

    def forget_answer(self) -> None:
        """The last answer can no longer go on (it closed, or the question is asked again)."""
        self.open_answer = None

    def keep_mic_open(self) -> None:
        """The next answer reads on from the microphone as it is (a file per answer, after a check-in)."""
        self._move(FloorState.MIC_OPEN)

    def resumption(self) -> threading.Event:
        """Set once the candidate goes on with the last answer (never, if it is not listened on)."""
        return self._after.resumed if self._after is not None else threading.Event()

    def take_after(self) -> AfterAnswer | None:
        """Listening on ends here: the caller stops it and keeps what it heard. None if not listening on."""
        after, self._after = self._after, None
        if after is not None:
            self._move(FloorState.IDLE)
        return after

    # the interviewer -------------------------------------------------------------------------
    def line_starts(self, settle_s: float) -> bool:
        """The interviewer is about to speak: from now on speech no longer resumes the last answer.
        True if the candidate went on first (the answer resumes instead of the line)."""
        if self._after is None:
            return False
        if self._after.close_window(settle_s=settle_s):
            return True
        self._move(FloorState.OVER_LINE)
        return False

    def hold(self) -> Heard:
        """A fresh list for what a barge-in monitor hears, handed to the next answer (or the one that
        goes on); audio held from an earlier line is let go."""
        self._held = []
        return self._held

    def watching(self) -> None:
        """The barge-in monitor has the microphone while the interviewer speaks."""
        self._move(FloorState.WATCHING)

    def watched(self) -> None:
        """The monitor stopped; the microphone stays open for the answer."""
        self._move(FloorState.MIC_OPEN)

    def take_held(self) -> Heard:
        """The audio held for the answer (emptied: it is handed over once)."""
        held, self._held = self._held, []
        return held
