"""Runs one interview: performs core's commands with the engines, measures every turn.

Threads: run() owns the runner's state and the interview on the caller's thread (the session
thread). Listening (runtime.listening) and speaking (runtime.speaking) are parts of the runner and
share that state. Other threads only see: the controls (finish_answer, cancel: events), copies of
the turns in the events they receive, and frozen outlooks of the interview (the read-ahead).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import replace

import numpy as np

from interview_voice.core.check_in import ANSWERED_KINDS, nudge_line, repeat_line
from interview_voice.core.endpointing import SpeakerPace
from interview_voice.core.follow_up_prompt import PromptTemplates
from interview_voice.core.interview import Command, End, FollowUpOutlook, Interview, Listen, Speak, WriteFollowUp
from interview_voice.core.panel import CutIn
from interview_voice.core.signals import AnswerSignals
from interview_voice.core.turn_end import Completion
from interview_voice.core.turn_taking import answer_may_go_on
from interview_voice.core.types import AudioChunk, VoiceStyle
from interview_voice.engines.base import EngineError
from interview_voice.records import (
    EventRecorded,
    LevelMeasured,
    PartialTranscript,
    RecordingError,
    SessionEvent,
    SessionFailed,
    SessionFinished,
    StatusChanged,
    TranscriptRefined,
    TurnFinished,
    TurnRecord,
    TurnStarted,
    Word,
)
from interview_voice.runtime.after_answer import AfterAnswer
from interview_voice.runtime.answer_audio import AnswerAudio
from interview_voice.runtime.clock import SessionClock
from interview_voice.runtime.early_follow_up import EarlyFollowUp
from interview_voice.runtime.engines import Engines
from interview_voice.runtime.listening import Listening
from interview_voice.runtime.overlap import OverlapTranscriber
from interview_voice.runtime.reading_ahead import ReadAhead
from interview_voice.runtime.refine import Refined, TranscriptRefiner
from interview_voice.runtime.runner_state import Recorder, RunnerSettings
from interview_voice.runtime.speak_ahead import SpeechAhead
from interview_voice.runtime.speaking import Speaking
from interview_voice.runtime.typed import TypedInput

log = logging.getLogger(__name__)
SETTLE_S = 0.4  # a line never starts over speech just begun after an answer: it waits this long to see
__all__ = ["Recorder", "RunnerSettings", "SessionRunner", "frozen", "signals_record", "snapshot"]


def signals_record(signals: AnswerSignals | None) -> dict | None:
    """What the code concluded about an answer, kept with the turn for feedback."""
    if signals is None:
        return None
    return {"words": signals.words, "coverage": [round(c, 2) for c in signals.coverage],
            "on_topic": round(signals.on_topic, 2), "short": signals.short, "evasive": signals.evasive,
            "off_topic": signals.off_topic, "injection": signals.injection}


def frozen(event: SessionEvent) -> SessionEvent:
    """The event with copies of its turns as they are now, safe to read on any thread."""
    if isinstance(event, (TurnStarted, TurnFinished, TranscriptRefined, PartialTranscript)):
        return replace(event, turn=snapshot(event.turn))
    if isinstance(event, SessionFinished):
        return SessionFinished([snapshot(t) for t in event.turns])
    return event


def snapshot(turn: TurnRecord) -> TurnRecord:
    return replace(turn, words=list(turn.words), signals=dict(turn.signals) if turn.signals is not None else None)


class SessionRunner(Speaking, Listening):
    """One interview on the engines; run() on one thread (see the module's note on threads)."""

    def __init__(self, engines: Engines, interview: Interview, prompts: PromptTemplates,
                 emit: Callable[[SessionEvent], None] = lambda e: None,
                 settings: RunnerSettings = RunnerSettings(), recorder: Recorder | None = None) -> None:
        self.engines = engines
        self.interview = interview
        self.prompts = prompts
        self._listener = emit
        self.recorder = recorder
        self.settings = settings
        self.turns: list[TurnRecord] = []
        self.answer_audio = AnswerAudio()  # each answer's audio, on the recording (runtime/answer_audio)
        self.events: list[dict] = []  # cut-ins, barge-ins, endpointing decisions: stored with the session
        self.clock = SessionClock()
        self.read_ahead = ReadAhead(engines, prompts, settings.read_ahead)
        self.speech_ahead = SpeechAhead(engines.tts)
        self._refiner = TranscriptRefiner(engines.stt) if engines.refines else None
        self._cancel = threading.Event()
        self._answer_done = threading.Event()
        self._repeat = threading.Event()          # the candidate asked to hear the question again
        self.typed = TypedInput()                 # a typed answer, from the window or simulate
        self._asked: Speak | None = None          # the last line the candidate is to answer
        self._nudged = False                      # the interviewer checked in on a silence since it
        self._outlook: FollowUpOutlook | None = None  # the answer being listened to's, for typed read-aheads
        self._asked_aloud = False                 # the last answer was "could you repeat that?"
        self._stop_playback = threading.Event()   # set by cancel() or by a barge-in
        self._playing = threading.Event()        # the interviewer's voice is in the room
        # listening
        self._preroll: list[tuple[float, np.ndarray]] = []  # (session ms, audio) heard while the interviewer spoke
        self._mic_open = False
        self._after: AfterAnswer | None = None   # listening on after the last answer
        self._checkpoint: dict | None = None     # the interview as it was when that answer ended
        self._last_listen: Listen | None = None
        self._cut_in: CutIn | None = None
        self._pause_judged: float | None = None  # the pause a panel last considered jumping in at
        self._overlap_words: dict[int, list[Word]] = {}  # turn index: words said over the interviewer before it
        self._no_follow_up_said: set[int] = set()  # answers the plan's clock left without their follow-up
        # speaking
        self._pending_follow_up: TurnRecord | None = None
        self._acks = 0
        self._ack_audio: dict[tuple[str, VoiceStyle], list[AudioChunk]] = {}  # voiced once, played at once
        self._spoke_until_ms: float | None = None  # when the interviewer's last line ended
        self._yield_onset_ms: float | None = None  # when a candidate still answering spoke over the interviewer
        self._wording: list[threading.Thread] = []
        self.pace = SpeakerPace()  # how long this candidate pauses between sentences and goes on
        self._judged_at_end: Completion | None = None  # the words at the pause that ended the last answer
        self._early = EarlyFollowUp(engines, prompts, timeout_s=settings.follow_up_timeout_s,
                                    max_tokens=settings.follow_up_max_tokens)

    def emit(self, event: SessionEvent) -> None:
        """The recorder sees every event first, so nothing shown is unsaved. Listeners on other
        threads get copies of the turns: the runner goes on changing its own."""
        event = frozen(event)
        if self.recorder is not None and not isinstance(event, LevelMeasured):
            self.recorder.on_event(event)
        self._listener(event)

    def _event(self, type_: str, **data) -> None:
        """Something worth keeping with the session: cut-ins, endpointing decisions, errors."""
        self.events.append({"type": type_, "at_ms": round(self.clock.now_ms(), 1), **data})
        self.emit(EventRecorded(dict(self.events[-1])))

    # controls, callable from any thread -----------------------------------
    def finish_answer(self) -> None:
        """The candidate says they are done ("I'm done" button or key)."""
        self._answer_done.set()

    def repeat_question(self) -> None:
        """The candidate asks to hear the question again (Repeat button or key)."""
        self._repeat.set()

    def typing_started(self) -> None:
        """The candidate is typing the answer: stop listening to it."""
        self.typed.begin()

    def typing_stopped(self) -> None:
        """They cleared what they typed, to answer aloud after all."""
        self.typed.abandon()

    def typing_progress(self, text: str) -> None:
        """What the candidate has typed so far: the model reads it ahead, as it does spoken words, so
        that the follow-up is ready soon after Send."""
        outlook = self._outlook
        if outlook is not None and text.strip():
            self.read_ahead.read(outlook, text.strip())

    def submit_typed(self, text: str) -> None:
        """The typed answer is sent: it is the answer to the question being asked."""
        self.typed.submit(text)

    def cancel(self) -> None:
        self._cancel.set()
        self._stop_playback.set()

    @property
    def elapsed_s(self) -> float:
        return self.clock.now_ms() / 1000 if self.clock.started else 0.0

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    # the loop ----------------------------------------------------------------
    def run(self) -> list[TurnRecord]:
        self.clock.start()
        finished = False
        try:
            command = self.interview.start()
            while not isinstance(command, End) and not self._cancel.is_set():
                self._apply_refinements()
                if isinstance(command, Speak):
                    if self._after is not None and self._after.close_window(settle_s=SETTLE_S):
                        command = self._resume_answer()  # they went on before the interviewer spoke
                        continue
                    if not self._speak(command):
                        heard, self._preroll = self._preroll, []
                        command = self._resume_answer(heard, self._yield_onset_ms)
                        continue
                    if command.kind in ANSWERED_KINDS:
                        self._asked, self._nudged = command, False
                    command = self.interview.on_spoken()
                elif isinstance(command, Listen):
                    self._last_listen = command
                    answer = self._listen(command)
                    if not self._ask_again(answer):
                        command = self._answered(answer)
                elif isinstance(command, WriteFollowUp):
                    stop_ack = threading.Event()
                    ack = self._acknowledge(command, stop_ack) if self.settings.acknowledge else None
                    text = self._write_follow_up(command)
                    if text is None:
                        stop_ack.set()
                    if ack is not None:
                        ack.join()
                    if text is None and self._cancel.is_set():
                        break
                    if text is None:
                        command = self._resume_answer()
                        continue
                    command = self.interview.on_follow_up(text, command.persona)
            finished = True
        except RecordingError as exc:  # the recorder itself failed: tell the user, do not record it
            log.error("session stopped: %s", exc)
            self._listener(SessionFailed(str(exc)))
            raise
        except EngineError as exc:
            log.error("session stopped: %s", exc)
            self._event("error", message=str(exc))
            self.emit(SessionFailed(str(exc)))
            raise
        finally:
            self._early.drop()
            for worker in self._wording:  # the model must be idle before the caller closes it
                worker.join(timeout=30)
            if self._after is not None:
                self._keep_after_end(finished)
            self.engines.audio_in.stop()
            self.read_ahead.close()
            if not finished and self._refiner is not None:
                self._refiner.stop()
        if self._refiner is not None:
            if self._cancel.is_set():  # ended early: keep what is refined, do not make the user wait
                self._refiner.let_go()
                self._apply_refinements()
            else:
                self.emit(StatusChanged("Finishing the transcript"))
                self._apply_refinements(self._refiner.drain())
        if learned := self.pace.record():  # how long this candidate pauses and goes on: shown in Settings
            self._event("pace", **learned)
        self.emit(SessionFinished(self.turns))
        return self.turns

    def _keep_after_end(self, finished: bool) -> None:
        """The session ends while the microphone listens on after the last answer: what the
        candidate said since (over the closing, say) is recorded and kept with that answer."""
        after, self._after = self._after, None
        assert after is not None
        heard = after.stop()
        answer = self._last_candidate()
        if answer is None or not heard:
            return
        try:
            self._record_heard(heard, answer)
            if not finished:
                return  # stopped by an error: the recording keeps the audio, nothing more is run
            overlap = OverlapTranscriber.start(self.engines.live_stt, self.engines.vad,
                                               self.engines.audio_in.sample_rate, heard, answer.started_ms,
                                               said=self._said_since_answer())
            said = overlap.result() if overlap is not None else []
            if said:
                answer.words = [*answer.words, *said]
                answer.text = " ".join(t for t in (answer.text, " ".join(w.text for w in said)) if t)
                self._event("kept_after_answer", turn=answer.index, words=len(said))
                self.emit(TurnFinished(answer))
        except RecordingError as exc:
            log.error("could not keep what was said after the last answer: %s", exc)

    def _ask_again(self, answer: TurnRecord) -> bool:
        """The candidate asked for the question again, or stayed silent past the check-in time: the
        interviewer says it again (or checks in), and the same Listen starts afresh. False: an answer."""
        aloud, self._asked_aloud = self._asked_aloud, False
        if answer.end_reason not in ("repeat", "nudged") or self._asked is None or self._cancel.is_set():
            return False
        self._checkpoint = None  # the answer before this question is over: speech over the line is a barge-in
        if self.engines.audio_in.continuous:
            self.engines.audio_in.stop()  # opened afresh for the answer: nothing heard meanwhile counts
        elif not aloud:
            self._mic_open = True  # a file per answer: after a silence or a key, the same file goes on
        if answer.end_reason == "repeat":
            self._event("repeat", turn=answer.index)
            line, self._nudged = repeat_line(self._asked), False
        else:
            self._event("nudge", turn=answer.index, silent_s=round((answer.ended_ms - answer.started_ms) / 1000, 1))
            line, self._nudged = nudge_line(self._asked), True
        self._speak(line)
        return True

    def _apply_refinements(self, done: list[Refined] | None = None) -> None:
        """Keep the accurate model's words for answers it has finished (on the runner's thread)."""
        if self._refiner is None:
            return
        for refined in self._refiner.results() if done is None else done:
            turn = refined.turn
            # the refiner hears the answer's own audio: what was said over the interviewer stays in front
            said = self._overlap_words.get(turn.index, [])
            text = " ".join(t for t in (turn.overlap_text if said else "", refined.transcript.text) if t)
            if text != turn.text:
                turn.live_text = turn.text
            turn.text, turn.words = text, [*said, *refined.transcript.words]
            turn.refine_ms = refined.seconds * 1000
            self.emit(TranscriptRefined(turn))

    def _answered(self, answer: TurnRecord) -> Command:
        """What the interview does after an answer; keeps listening, in case it was only a pause."""
        self._checkpoint = None
        if answer_may_go_on(answer.end_reason) and self.settings.listen_on:
            self._checkpoint = self.interview.checkpoint()
            output_heard = not self.settings.barge_in and self.engines.audio_out.audible
            self._after = AfterAnswer(self.engines.audio_in, self.engines.vad, self.clock.now_ms, answer.ended_ms,
                                      paced=not self.engines.audio_in.realtime,
                                      echo=self._playing.is_set if output_heard else lambda: False)
            self._after.start()
        if self._cut_in is not None:
            cut_in, self._cut_in = self._cut_in, None
            command = self.interview.on_cut_in(cut_in, answer.text)
        else:
            elapsed_s = self.clock.now_ms() / 1000
            command = self.interview.on_answer(answer.text, elapsed_s=elapsed_s)
            if self.interview.follow_up_dropped_for_time and answer.index not in self._no_follow_up_said:
                self._no_follow_up_said.add(answer.index)   # once, though a pause may turn out not to end it
                self._event("no_follow_up", turn=answer.index,
                            left_s=max(round(self.interview.time_left_s(elapsed_s)), 0))
        answer.signals = signals_record(self.interview.last_signals)
        if not isinstance(command, WriteFollowUp):
            self._early.drop()  # a follow-up worded at a pause is not what comes next
        return command

    def _resume_answer(self, heard: list[tuple[float, np.ndarray]] | None = None,
                       onset_ms: float | None = None) -> Command:
        """The candidate went on: the interviewer yields, and the answer continues as the same turn.
        heard and onset_ms: what a barge-in monitor heard, when the interviewer had already begun."""
        if heard is None:
            after, self._after = self._after, None
            assert after is not None
            heard, onset_ms = after.stop(), after.resumed_at_ms
        assert self._checkpoint is not None and self._last_listen is not None
        self._early.drop()  # it was worded for an answer that goes on
        self.interview.rewind(self._checkpoint)
        self._checkpoint = None
        self._pending_follow_up = None  # never spoken (an acknowledgement may have been)
        turn = self._last_candidate()
        assert turn is not None
        turn.resumed += 1
        after_ms = (onset_ms or 0) - (turn.speech_end_ms or 0)
        self.pace.went_on(after_ms, self._judged_at_end)  # the pause they went on after: they need that long
        self._event("resumed", turn=turn.index, after_ms=round(after_ms))
        return self._answered(self._listen(self._last_listen, resume=turn, heard=heard))

    def _last_candidate(self) -> TurnRecord | None:
        for turn in reversed(self.turns):
            if turn.speaker == "candidate":
                return turn
        return None
