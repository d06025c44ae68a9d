"""When has the candidate finished speaking? Pure logic over VAD probabilities."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from interview_voice.core.turn_end import Completion
from interview_voice.records import EndReason


@dataclass(frozen=True)
class EndpointSettings:
    threshold: float = 0.5  # speech probability that counts as speech
    undecided_silence_ms: int = 900  # silence that ends the turn when nothing says whether the answer is over
    finished_silence_ms: int = 500  # ... when the words so far end a finished sentence
    thinking_grace_ms: int = 2600  # ... when they stop mid-thought (no full stop): past a 2-2.5 s search for a word
    more_coming_ms: int = 3500  # ... when they announced more ("let me think", "first, ...", "and um")
    min_speech_ms: int = 250  # shorter bursts (a cough, a click) do not start a turn
    no_speech_timeout_s: float = 20.0  # no speech at all: the turn ends empty
    # No speech this long: the interviewer checks in ("take your time...") instead of giving up;
    # None, or not before the timeout, for no check-in. Shorter silences are thinking time, left alone.
    nudge_after_s: float | None = 15.0


def endpointing_for(end_silence_ms: int) -> EndpointSettings:
    """The user's one setting: the silence after a finished sentence that ends an answer.
    Unknown words wait 400 ms more; a stop mid-thought 2.1 s more, past the 2-2.5 s people take to
    find a word mid-sentence; announced thinking 3 s more."""
    return EndpointSettings(
        finished_silence_ms=end_silence_ms,
        undecided_silence_ms=end_silence_ms + 400,
        thinking_grace_ms=end_silence_ms + 2100,
        more_coming_ms=end_silence_ms + 3000,
    )


PACE_MARGIN = 1.2  # a speaker who went on after a pause this long between sentences gets 20 % more
PACE_EXTRA_MAX_MS = 1200  # ... but a finished sentence never waits more than this beyond the setting
PACE_MIN_PAUSE_MS = 250  # shorter gaps are between words, not a speaker's habit
THINKING_MIN_PAUSE_MS = 1000  # a pause mid-thought this long is worth telling the candidate about


class SpeakerPace:
    """How long this candidate pauses between sentences and goes on: the pauses after finished
    sentences that were not the end of the answer, over this session. A candidate who takes a
    second between sentences is not interrupted at half a second."""

    def __init__(self, keep: int = 8) -> None:
        self._pauses: list[float] = []
        self._keep = keep
        self.longest_thinking_ms: float | None = None  # the longest pause mid-thought they went on after
        self._longest_between: float | None = None  # ... between sentences, over the whole session

    def went_on(self, pause_ms: float, completion: Completion | None) -> None:
        """They spoke again after a pause of pause_ms after words judged so."""
        if completion is Completion.FINISHED and pause_ms >= PACE_MIN_PAUSE_MS:
            self._pauses = [*self._pauses, pause_ms][-self._keep :]
            self._longest_between = max(pause_ms, self._longest_between or 0.0)
        elif completion in (Completion.HANGING, Completion.MORE_COMING) and pause_ms >= THINKING_MIN_PAUSE_MS:
            # not used for waits (a hanging thought already waits its longest): told to the candidate
            self.longest_thinking_ms = max(pause_ms, self.longest_thinking_ms or 0.0)

    @property
    def longest_between_ms(self) -> float | None:
        """The longest pause between sentences they went on after, over the session."""
        return self._longest_between

    def record(self) -> dict[str, int]:
        """What was learned, for the session's record (empty: nothing yet)."""
        learned = {"between_sentences_ms": self._longest_between, "mid_sentence_ms": self.longest_thinking_ms}
        return {k: round(v) for k, v in learned.items() if v is not None}

    @property
    def longest_ms(self) -> float | None:
        """The longest recent pause between sentences they went on after (None: none yet)."""
        return max(self._pauses) if self._pauses else None

    def finished_wait_ms(self, s: EndpointSettings) -> float:
        """The silence after a finished sentence, for this speaker."""
        longest = self.longest_ms
        if longest is None:
            return s.finished_silence_ms
        return min(max(s.finished_silence_ms, longest * PACE_MARGIN), s.finished_silence_ms + PACE_EXTRA_MAX_MS)


def wait_ms(s: EndpointSettings, completion: Completion | None, pace: SpeakerPace | None = None) -> float:
    """The silence that ends the turn after words judged so (and this speaker's pace)."""
    if completion is Completion.FINISHED:
        return pace.finished_wait_ms(s) if pace is not None else s.finished_silence_ms
    if completion is Completion.HANGING:
        return s.thinking_grace_ms
    if completion is Completion.MORE_COMING:
        return max(s.more_coming_ms, s.thinking_grace_ms)
    if completion is Completion.UNKNOWN:  # the words up to the pause are not transcribed yet (a busy machine):
        return s.thinking_grace_ms  # wait for them rather than act on older words, up to a hanging thought's
    return s.undecided_silence_ms  # no words to judge at all


@dataclass
class Endpointer:
    settings: EndpointSettings
    frame_ms: float
    max_turn_s: float | None = None
    # What the words said up to this pause tell (core.turn_end.judge_pause); None: not known yet.
    finished_hint: Callable[[], Completion | None] = lambda: None
    pace: SpeakerPace | None = None  # this speaker's pauses between sentences, learned over the session

    def __post_init__(self) -> None:
        self.elapsed_ms = 0.0
        self._speech_run_ms = 0.0
        self._silence_run_ms = 0.0
        self.speech_start_ms: float | None = None
        self.speech_end_ms: float | None = None  # end of the last speech frame
        self.ended: EndReason | None = None
        self.hold = False  # set while an answer that went on is replayed: its old pause does not end it
        self.judged: Completion | None = None  # what the words said at the newest pause were judged

    def _silence_needed(self) -> float:
        s = self.settings
        if self._silence_run_ms < min(s.finished_silence_ms, s.undecided_silence_ms):
            return float("inf")  # too early to ask
        self.judged = self.finished_hint()
        return wait_ms(s, self.judged, self.pace)

    @property
    def silence_ms(self) -> float:
        """How long the current silence has lasted (0 while speaking)."""
        return self._silence_run_ms

    @property
    def speaking(self) -> bool:
        return self.speech_start_ms is not None and self._silence_run_ms == 0.0

    def feed(self, probability: float) -> EndReason | None:
        """Advance by one frame; returns the reason once the turn has ended."""
        if self.ended:
            return self.ended
        self.elapsed_ms += self.frame_ms
        s = self.settings
        if probability >= s.threshold:
            if self._silence_run_ms and self.speech_start_ms is not None and self.pace is not None and not self.hold:
                self.pace.went_on(self._silence_run_ms, self.judged)
            self.judged = None
            self._speech_run_ms += self.frame_ms
            self._silence_run_ms = 0.0
            if self.speech_start_ms is None and self._speech_run_ms >= s.min_speech_ms:
                self.speech_start_ms = self.elapsed_ms - self._speech_run_ms
            if self.speech_start_ms is not None:
                self.speech_end_ms = self.elapsed_ms
        else:
            self._speech_run_ms = 0.0
            self._silence_run_ms += self.frame_ms
        if self.speech_start_ms is None:
            if (
                s.nudge_after_s is not None
                and s.nudge_after_s < s.no_speech_timeout_s
                and self.elapsed_ms >= s.nudge_after_s * 1000
            ):
                self.ended = EndReason.NUDGED
            elif self.elapsed_ms >= s.no_speech_timeout_s * 1000:
                self.ended = EndReason.NO_SPEECH
        elif not self.hold and self._silence_run_ms >= self._silence_needed():
            self.ended = EndReason.SILENCE
        if self.ended is None and self.max_turn_s is not None and self.elapsed_ms >= self.max_turn_s * 1000:
            self.ended = EndReason.TIME_BUDGET
        return self.ended
