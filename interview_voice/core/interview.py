"""The interview as a state machine: events in, commands out.

The runtime performs the commands (speak, listen, write a follow-up) with real
engines and feeds back what happened. All decisions live here, so they are
tested without audio, threads or models.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from interview_voice.core.bank import Question, QuestionBank
from interview_voice.core.plan import Plan
from interview_voice.core.text import normalize_words

MIN_WORDS_FOR_FOLLOW_UP = 5


class TurnKind(str, enum.Enum):
    OPENING = "opening"
    QUESTION = "question"
    FOLLOW_UP = "follow_up"
    CLOSING = "closing"
    MOVE_ON = "move_on"


# Commands ---------------------------------------------------------------

@dataclass(frozen=True)
class Speak:
    text: str
    kind: TurnKind
    question_id: str | None = None


@dataclass(frozen=True)
class Listen:
    question_id: str
    time_budget_s: int


@dataclass(frozen=True)
class WriteFollowUp:
    question: Question
    asked: str        # what the interviewer last asked (question or follow-up)
    answer: str
    fallback: str     # curated probe to use when the model fails


@dataclass(frozen=True)
class End:
    pass


Command = Speak | Listen | WriteFollowUp | End


class _State(enum.Enum):
    NOT_STARTED = "not started"
    SPEAKING = "speaking"
    LISTENING = "listening"
    WRITING = "writing follow-up"
    DONE = "done"


class Interview:
    def __init__(self, plan: Plan, bank: QuestionBank) -> None:
        self.plan = plan
        self._questions = [bank.get(q) for q in plan.question_ids]
        self._index = -1
        self._follow_ups_done = 0
        self._last_asked = ""
        self._last_kind: TurnKind | None = None
        self._state = _State.NOT_STARTED

    @property
    def current_question(self) -> Question | None:
        return self._questions[self._index] if 0 <= self._index < len(self._questions) else None

    @property
    def finished(self) -> bool:
        return self._state is _State.DONE

    def _expect(self, *states: _State) -> None:
        if self._state not in states:
            raise RuntimeError(f"interview event out of order: state is {self._state.value}")

    def _speak(self, text: str, kind: TurnKind, question_id: str | None = None) -> Speak:
        self._state = _State.SPEAKING
        self._last_kind = kind
        if kind in (TurnKind.QUESTION, TurnKind.FOLLOW_UP):
            self._last_asked = text
        return Speak(text, kind, question_id)

    def _next_question(self) -> Command:
        self._index += 1
        self._follow_ups_done = 0
        question = self.current_question
        if question is None:
            return self._speak(self.plan.closing, TurnKind.CLOSING)
        return self._speak(question.text, TurnKind.QUESTION, question.id)

    def start(self) -> Command:
        self._expect(_State.NOT_STARTED)
        return self._speak(self.plan.opening, TurnKind.OPENING)

    def on_spoken(self) -> Command:
        """The interviewer finished saying the last Speak."""
        self._expect(_State.SPEAKING)
        if self._last_kind is TurnKind.OPENING or self._last_kind is TurnKind.MOVE_ON:
            return self._next_question()
        if self._last_kind is TurnKind.CLOSING:
            self._state = _State.DONE
            return End()
        question = self.current_question
        assert question is not None
        self._state = _State.LISTENING
        return Listen(question.id, question.time_budget_s)

    def on_answer(self, transcript: str) -> Command:
        """The candidate's turn ended with this transcript (may be empty)."""
        self._expect(_State.LISTENING)
        question = self.current_question
        assert question is not None
        words = normalize_words(transcript)
        if not words:
            return self._speak("That's fine, let's move on to the next one.", TurnKind.MOVE_ON)
        if self._follow_ups_done < self.plan.follow_ups_per_question and len(words) >= MIN_WORDS_FOR_FOLLOW_UP:
            self._state = _State.WRITING
            fallback = question.follow_ups[self._follow_ups_done % len(question.follow_ups)]
            return WriteFollowUp(question, self._last_asked, transcript, fallback)
        return self._next_question()

    def on_follow_up(self, text: str) -> Command:
        """The follow-up is worded (by the model or the fallback)."""
        self._expect(_State.WRITING)
        self._follow_ups_done += 1
        question = self.current_question
        assert question is not None
        return self._speak(text, TurnKind.FOLLOW_UP, question.id)
