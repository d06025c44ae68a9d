"""The interview as a state machine: what happened in (an answer, a line said, a follow-up worded), commands out.

The runtime performs the commands (speak, listen, write a follow-up) with real
engines and feeds back what happened. Every decision lives here, taken from
computed signals, so it is tested without audio, threads or models.
"""

from __future__ import annotations

import copy
import enum
from dataclasses import dataclass

from interview_voice.core.bank import Question
from interview_voice.core.commands import Command, End, Listen, Speak, TurnKind, WriteFollowUp
from interview_voice.core.errors import InputError
from interview_voice.core.lead_in import choose_lead_in
from interview_voice.core.panel import CutIn, PanelDirector
from interview_voice.core.plan import Persona, Plan
from interview_voice.core.signals import AnswerSignals, analyse, best_probe, content_stems
from interview_voice.core.turn_end import talk_concluded
from interview_voice.core.turn_taking import TALK_CHECK_IN

__all__ = ["Command", "End", "FollowUpOutlook", "Interview", "Listen", "Speak", "TurnKind", "WriteFollowUp"]


REDIRECT_OFF_TOPIC = "Let's come back to the question I asked."
REDIRECT_INJECTION = "I'll keep to the interview, thanks. Let's stay with the question."
MOVE_ON_EMPTY = "That's fine, let's move on to the next one."
SHORT_VERSION_S = 45  # the answer budget after a cut-in asks for the short version
PROBE_TIME_S = 120  # with less time left than this, no more follow-ups
NO_TIME_FOR_FOLLOW_UP = f"No follow-up on this answer: less than {PROBE_TIME_S // 60} minutes of the plan were left."
OUT_OF_TIME = "We're out of time, so let's stop here."


# What the interviewer says before the candidate answers (the rest lead elsewhere).
_ANSWERED = {
    TurnKind.QUESTION,
    TurnKind.PHASE,
    TurnKind.FOLLOW_UP,
    TurnKind.REDIRECT,
    TurnKind.CUT_IN,
    TurnKind.INTERJECTION,
}


def _target(signals: AnswerSignals) -> int | None:
    """The key point a follow-up probes: the first one the answer missed (None: all covered,
    probe a claim instead). Covering more only moves it on, so the one predicted while
    the candidate speaks is usually the one probed."""
    return signals.missing[0] if signals.missing else None


@dataclass(frozen=True)
class FollowUpOutlook:
    """Who would word a follow-up, to what question: the interview's facts at one moment."""

    persona: Persona
    asked: str
    question: Question

    def context(self, answer_so_far: str = "") -> tuple[Persona, str, str | None]:
        """(persona, what was asked, the rubric point to probe if the answer ended as it is so far)."""
        target = _target(analyse(self.question, answer_so_far))
        return self.persona, self.asked, self.question.rubric[target] if target is not None else None


class _State(enum.Enum):
    NOT_STARTED = "not started"
    SPEAKING = "speaking"
    LISTENING = "listening"
    WRITING = "writing follow-up"
    DONE = "done"


class Interview:
    def __init__(self, plan: Plan, questions: list[Question]) -> None:
        if not questions:
            raise InputError(f"the plan {plan.id!r} found no questions to ask")
        self.plan = plan
        self.questions = questions
        self.director = PanelDirector(plan.personas)
        self.last_signals: AnswerSignals | None = None
        # the last answer would have been followed up, but too little of the plan's time was left
        self.follow_up_dropped_for_time = False
        self._index = -1
        self._phase = -1
        self._probes_done = 0
        self._last_asked = ""
        self._asked_here: list[str] = []  # everything said since the current question was asked
        self._asker: Persona = plan.persona
        self._prober: Persona = plan.persona  # who follows up on the answer being given
        self._last_kind: TurnKind | None = None
        self._cut_in_done = False
        self._interjections = 0
        self._talk: list[str] = []  # a presentation's parts so far (split by interjections and check-ins)
        self._talk_checked_in = False
        self._state = _State.NOT_STARTED

    def checkpoint(self) -> dict:
        """The interview's state now, to rewind to if the candidate turns out not to have finished."""
        shared = {id(self.plan): self.plan, id(self.questions): self.questions}  # read-only: not copied
        return copy.deepcopy(self.__dict__, shared)

    def rewind(self, checkpoint: dict) -> None:
        """Back to a checkpoint taken when an answer ended: the answer goes on, and what the
        interview decided to say after it is forgotten."""
        self.__dict__.update(copy.deepcopy(checkpoint, {id(self.plan): self.plan, id(self.questions): self.questions}))

    @property
    def current_question(self) -> Question | None:
        return self.questions[self._index] if 0 <= self._index < len(self.questions) else None

    @property
    def finished(self) -> bool:
        return self._state is _State.DONE

    def _expect(self, *states: _State) -> None:
        if self._state not in states:
            raise RuntimeError(f"interview event out of order: state is {self._state.value}")

    def _speak(
        self, text: str, kind: TurnKind, persona: Persona, question_id: str | None = None, source: str = "script"
    ) -> Speak:
        self._state = _State.SPEAKING
        self._last_kind = kind
        if kind in (TurnKind.QUESTION, TurnKind.PHASE, TurnKind.FOLLOW_UP):
            self._last_asked = text
        if kind is TurnKind.QUESTION:
            self._asked_here = []
        self._asked_here.append(text)
        return Speak(text, kind, persona, question_id, source)

    def _advance(self) -> Command:
        """The next phase of a design problem, or the next question, or the closing."""
        question = self.current_question
        self._probes_done = 0
        if question is not None and self._phase + 1 < len(self.plan.phases):
            self._phase += 1
            return self._speak(self.plan.phases[self._phase], TurnKind.PHASE, self._asker, question.id)
        self._index += 1
        self._phase = -1
        question = self.current_question
        self._cut_in_done = False
        if question is None:
            return self._speak(self.plan.closing, TurnKind.CLOSING, self.plan.persona)
        self._asker = self.director.asker_for(question)
        return self._speak(question.text, TurnKind.QUESTION, self._asker, question.id)

    def start(self) -> Command:
        self._expect(_State.NOT_STARTED)
        return self._speak(self.plan.opening, TurnKind.OPENING, self.plan.persona)

    def on_spoken(self) -> Command:
        """The interviewer finished saying the last Speak."""
        self._expect(_State.SPEAKING)
        if self._last_kind in (TurnKind.OPENING, TurnKind.MOVE_ON):
            return self._advance()
        if self._last_kind is TurnKind.CLOSING:
            self._state = _State.DONE
            return End()
        question = self.current_question
        assert question is not None
        self._state = _State.LISTENING
        self._prober = self._choose_prober(question)
        if self._last_kind is TurnKind.CUT_IN:
            return Listen(question.id, SHORT_VERSION_S)
        return Listen(
            question.id,
            question.time_budget_s,
            holds_floor=self._presenting,
            after_check_in=self._last_kind is TurnKind.NUDGE,
        )

    def _choose_prober(self, question: Question, peek: bool = False) -> Persona:
        # Chosen before the answer, from the question's topics, so that the model can read
        # this panelist's prompt while the question is asked and answered (a switch costs seconds).
        return self.director.follow_up_asker(
            self._asker, content_stems(" ".join((question.text, *question.rubric))), peek=peek
        )

    @property
    def _presenting(self) -> bool:
        """Listening to the presentation itself (the plan's first question), not to the answers
        to the panel's questions."""
        return (
            self.plan.stage == "presentation"
            and self._index == 0
            and self._probes_done == 0
            and self._last_kind in (TurnKind.QUESTION, TurnKind.INTERJECTION, TurnKind.NUDGE)
        )

    def time_left_s(self, elapsed_s: float) -> float:
        return self.plan.minutes * 60 - elapsed_s

    def on_answer(self, transcript: str, elapsed_s: float = 0.0, doubtful: frozenset[str] = frozenset()) -> Command:
        """The candidate's turn ended with this transcript (may be empty).

        elapsed_s is the session's running time: the plan's clock. Close to
        the end there are no more follow-ups; past it the interview closes.
        doubtful: words the speech model was unsure of (lower case), never said back to the candidate.
        """
        self._expect(_State.LISTENING)
        self.follow_up_dropped_for_time = False
        question = self.current_question
        assert question is not None
        presenting = self._presenting
        left = self.time_left_s(elapsed_s)
        if presenting:
            self._talk.append(transcript)
            if transcript.strip() and not talk_concluded(transcript) and not self._talk_checked_in and left > 0:
                # a long silence in the talk, with no word that it is over: check in, then listen on
                self._talk_checked_in = True
                return self._speak(TALK_CHECK_IN, TurnKind.NUDGE, self._asker, question.id, "check_in")
            transcript = " ".join(t for t in self._talk if t.strip())  # the panel asks about the whole talk
        signals = self.last_signals = analyse(question, transcript)
        if left <= 0:
            self._index = len(self.questions)
            return self._speak(f"{OUT_OF_TIME} {self.plan.closing}", TurnKind.CLOSING, self.plan.persona)
        if signals.empty:
            self._skip_remaining_phases()
            return self._speak(MOVE_ON_EMPTY, TurnKind.MOVE_ON, self._asker)
        owed = self._probes_done < self.plan.follow_ups_per_question
        if not owed or left <= PROBE_TIME_S:
            # the plan promised a follow-up: the window says why none comes (NO_TIME_FOR_FOLLOW_UP)
            self.follow_up_dropped_for_time = owed
            return self._advance()
        self._probes_done += 1
        if signals.injection:
            return self._speak(
                f"{REDIRECT_INJECTION} {self._last_asked}", TurnKind.REDIRECT, self._asker, question.id, "redirect"
            )
        target = _target(signals)
        fallback = best_probe(question, target, frozenset(self._asked_here), tuple(signals.covered))
        if signals.short or signals.evasive:
            # Too little to build on: a prepared probe, no model call.
            return self._speak(fallback, TurnKind.FOLLOW_UP, self._asker, question.id, "curated")
        if signals.off_topic and not presenting:  # a presenter chooses their own topic
            return self._speak(
                f"{REDIRECT_OFF_TOPIC} {self._last_asked}", TurnKind.REDIRECT, self._asker, question.id, "redirect"
            )
        self._state = _State.WRITING
        point = question.rubric[target] if target is not None else None
        lead_in = choose_lead_in(question, transcript, point, " ".join(self._asked_here), doubtful)
        return WriteFollowUp(
            question,
            self._last_asked,
            transcript,
            point,
            fallback,
            self._prober,
            lead_in.text if lead_in is not None else None,
        )

    def read_ahead(self, answer_so_far: str = "") -> tuple[Persona, str, str | None] | None:
        """While listening, or while asking what the candidate will answer: who would word a
        follow-up, to what question, and what it would probe if the answer ended as it is so
        far; None if no follow-up can come."""
        outlook = self.follow_up_outlook()
        return outlook.context(answer_so_far) if outlook is not None else None

    def follow_up_outlook(self) -> FollowUpOutlook | None:
        """read_ahead's facts as a frozen copy, for a worker thread to use while this changes."""
        question = self.current_question
        if question is None or self._probes_done >= self.plan.follow_ups_per_question:
            return None
        if self._state is _State.LISTENING:
            prober = self._prober
        elif self._state is _State.SPEAKING and self._last_kind in _ANSWERED:
            prober = self._choose_prober(question, peek=True)
        else:
            return None
        return FollowUpOutlook(prober, self._last_asked, question)

    def upcoming_line(self) -> tuple[str, Persona] | None:
        """While listening: what the interviewer says if it moves on after this answer (the next
        phase, question or closing), so that it can be synthesised ahead; None when not listening."""
        if self._state is not _State.LISTENING:
            return None
        if self.current_question is not None and self._phase + 1 < len(self.plan.phases):
            return self.plan.phases[self._phase + 1], self._asker
        if self._index + 1 >= len(self.questions):
            return self.plan.closing, self.plan.persona
        following = self.questions[self._index + 1]
        return following.text, self.director.asker_for(following, peek=True)

    def next_asker(self) -> Persona | None:
        """While listening: the panelist expected to speak after this answer (who follows up on it,
        or who asks the next question or closes), as planned now; None when not listening."""
        if self._state is not _State.LISTENING:
            return None
        if self.current_question is not None and self._probes_done < self.plan.follow_ups_per_question:
            return self._prober
        line = self.upcoming_line()
        return line[1] if line is not None else None

    def check_cut_in(self, speaking_seconds: float, words: int = 0) -> CutIn | None:
        """While listening: should the interviewer cut in now? (At most once per question.)"""
        question = self.current_question
        if self._state is not _State.LISTENING or question is None or self._cut_in_done:
            return None
        return self.director.cut_in_for_budget(speaking_seconds, words, question, self._asker)

    def check_interjection(self, said_so_far: str, pause_ms: float, speaking_s: float) -> CutIn | None:
        """While a candidate presents, at a pause: does a panelist jump in to probe a claim?"""
        if self._state is not _State.LISTENING or not self._presenting or len(self.plan.personas) < 2:
            return None
        return self.director.interjection(said_so_far, pause_ms, speaking_s, self._interjections)

    def on_cut_in(self, cut_in: CutIn, transcript: str) -> Command:
        """The runtime stopped listening to cut in; what was said so far is kept. A presentation
        interjection is answered and then the presentation goes on; a budget cut-in asks for
        the short version."""
        self._expect(_State.LISTENING)
        question = self.current_question
        assert question is not None
        self.last_signals = analyse(question, transcript)
        if cut_in.reason == "probe_claim":
            self._interjections += 1
            self._talk.append(transcript)
            return self._speak(cut_in.text, TurnKind.INTERJECTION, cut_in.persona, question.id, "interjection")
        self._cut_in_done = True
        return self._speak(cut_in.text, TurnKind.CUT_IN, cut_in.persona, question.id, "cut_in")

    def _skip_remaining_phases(self) -> None:
        """An empty answer skips the rest of a design problem's phases too."""
        self._phase = len(self.plan.phases)

    def on_follow_up(self, text: str, persona: Persona | None = None, lead_in: str | None = None) -> Command:
        """The follow-up is worded (by the model or the fallback). lead_in: what the interviewer
        said before it (the claim said back), already spoken: the next follow-up's prompt and the
        choice of what to say back next see it as asked."""
        self._expect(_State.WRITING)
        question = self.current_question
        assert question is not None
        speak = self._speak(text, TurnKind.FOLLOW_UP, persona or self._asker, question.id, "model")
        if lead_in:
            self._last_asked = self._asked_here[-1] = f"{lead_in} {text}"
        return speak
