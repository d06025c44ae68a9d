"""Runs one interview: a loop that asks core's Interview what to do, hands each command to the
speaker (Speak, WriteFollowUp) or the listener (Listen), and tells the interview what happened.

The parts are built here, each handed what it uses in its constructor:
  floor     runtime/floor.py        who is heard, the microphone, the answer that may still go on
  listener  runtime/listening.py    hears an answer, decides when it ends, transcribes it
  speaker   runtime/speaking.py     says lines, acknowledges, words follow-ups, notices barge-ins
  sink, log runtime/session_log.py  session events to the recorder and the window; the turns in order
  controls  runtime/controls.py     the candidate's buttons and keys, from any thread
  ahead     runtime/work_ahead.py   work begun before it is needed (read-ahead, speech, early follow-ups)

Threads: run() owns all of it on the caller's thread (the session thread). Other threads only see:
the controls (`threading.Event` flags), copies of the turns in the session events they receive, and
frozen outlooks of the interview (the read-ahead).
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
from interview_voice.core.interview import Command, End, Interview, Listen, Speak, WriteFollowUp
from interview_voice.core.lead_in import doubtful_words
from interview_voice.core.signals import AnswerSignals
from interview_voice.core.turn_taking import answer_may_go_on
from interview_voice.engines.base import EngineError
from interview_voice.records import (
    EndReason,
    EventType,
    RecordingError,
    SessionEvent,
    SessionFailed,
    SessionFinished,
    StatusChanged,
    TranscriptRefined,
    TurnFinished,
    TurnRecord,
)
from interview_voice.runtime.after_answer import AfterAnswer
from interview_voice.runtime.answer_audio import AnswerAudio
from interview_voice.runtime.clock import SessionClock
from interview_voice.runtime.controls import Controls
from interview_voice.runtime.early_follow_up import EarlyFollowUp
from interview_voice.runtime.engines import Engines
from interview_voice.runtime.floor import Floor, OpenAnswer
from interview_voice.runtime.listening import Listener
from interview_voice.runtime.overlap import OverlapTranscriber
from interview_voice.runtime.reading_ahead import ReadAhead
from interview_voice.runtime.refine import Refined, TranscriptRefiner
from interview_voice.runtime.runner_settings import RunnerSettings
from interview_voice.runtime.session_log import EventSink, Recorder, TurnLog
from interview_voice.runtime.speak_ahead import SpeechAhead
from interview_voice.runtime.speaking import Speaker
from interview_voice.runtime.typed import TypedInput
from interview_voice.runtime.work_ahead import WorkAhead

log = logging.getLogger(__name__)
SETTLE_S = 0.4  # a line never starts over speech just begun after an answer: it waits this long to see
# At the end of the turn, a follow-up begun at the pause that its pace says will be worded within this
# long is waited for in silence: an "Okay." (about half a second) would only hold the question back.
ABOUT_TO_FINISH_S = 0.35
__all__ = ["Recorder", "RunnerSettings", "SessionRunner", "signals_record"]


def signals_record(signals: AnswerSignals | None) -> dict | None:
    """What the code concluded about an answer, kept with the turn for feedback."""
    if signals is None:
        return None
    return {
        "words": signals.words,
        "coverage": [round(c, 2) for c in signals.coverage],
        "on_topic": round(signals.on_topic, 2),
        "short": signals.short,
        "evasive": signals.evasive,
        "off_topic": signals.off_topic,
        "injection": signals.injection,
    }


class SessionRunner:
    """One interview on the engines; run() on one thread (see the module's note on threads)."""

    def __init__(
        self,
        engines: Engines,
        interview: Interview,
        prompts: PromptTemplates,
        emit: Callable[[SessionEvent], None] = lambda e: None,
        settings: RunnerSettings = RunnerSettings(),
        recorder: Recorder | None = None,
    ) -> None:
        self.engines = engines
        self.interview = interview
        self._settings = settings
        self.clock = SessionClock()
        self.sink = EventSink(self.clock, emit, recorder)
        self.log = TurnLog()
        self.floor = Floor()
        self.controls = Controls()
        self.pace = SpeakerPace()  # how long this candidate pauses between sentences and goes on
        self._no_follow_up_said: set[int] = set()  # answers the plan's clock left without their follow-up
        self.answer_audio = AnswerAudio()  # each answer's audio, on the recording (runtime/answer_audio)
        self.ahead = WorkAhead(
            ReadAhead(engines, prompts, settings.read_ahead),
            SpeechAhead(engines.tts),
            EarlyFollowUp(
                engines, prompts, timeout_s=settings.follow_up_timeout_s, max_tokens=settings.follow_up_max_tokens
            ),
        )
        self.refiner = TranscriptRefiner(engines.stt) if engines.refines else None
        self.speaker = Speaker(
            engines,
            self.clock,
            self.sink,
            self.log,
            self.floor,
            self.controls,
            interview,
            prompts,
            settings,
            self.ahead,
            self.refiner,
        )
        self.listener = Listener(
            engines,
            self.clock,
            self.sink,
            self.log,
            self.floor,
            self.controls,
            interview,
            settings,
            self.ahead,
            self.pace,
            self.answer_audio,
            self.refiner,
            self.speaker.prepare_ack,
            self.speaker.prepare_lead_in,
        )
        self._asked: Speak | None = None  # the last line the candidate is to answer
        self._nudged = False  # the interviewer checked in on a silence since it

    @property
    def settings(self) -> RunnerSettings:
        """Read only: the listener and the speaker were built on them."""
        return self._settings

    @property
    def recorder(self) -> Recorder | None:
        return self.sink.recorder

    @recorder.setter
    def recorder(self, recorder: Recorder | None) -> None:
        """The recording, once it is opened (the session service opens it after building the runner)."""
        self.sink.recorder = recorder

    @property
    def turns(self) -> list[TurnRecord]:
        return self.log.turns

    @property
    def events(self) -> list[dict]:
        return self.sink.events

    @property
    def typed(self) -> TypedInput:
        return self.controls.typed

    @property
    def read_ahead(self) -> ReadAhead:
        return self.ahead.read

    @property
    def speech_ahead(self) -> SpeechAhead:
        return self.ahead.speech

    def emit(self, event: SessionEvent) -> None:
        self.sink.emit(event)

    # controls, callable from any thread -----------------------------------
    def finish_answer(self) -> None:
        """The candidate says they are done ("I'm done" button or key)."""
        self.controls.answer_done.set()

    def repeat_question(self) -> None:
        """The candidate asks to hear the question again (Repeat button or key)."""
        self.controls.repeat.set()

    def typing_started(self) -> None:
        """The candidate is typing the answer: stop listening to it."""
        self.typed.begin()

    def typing_stopped(self) -> None:
        """They cleared what they typed, to answer aloud after all."""
        self.typed.abandon()

    def typing_progress(self, text: str) -> None:
        """What the candidate has typed so far: the model reads it ahead, as it does spoken words, so
        that the follow-up is ready soon after Send."""
        outlook = self.listener.outlook
        if outlook is not None and text.strip():
            self.read_ahead.read(outlook, text.strip())

    def submit_typed(self, text: str) -> None:
        """The typed answer is sent: it is the answer to the question being asked."""
        self.typed.submit(text)

    def cancel(self) -> None:
        self.controls.cancel.set()
        self.floor.stop_playback.set()
        self.read_ahead.stop()  # the answer's last words are transcribed now: the cores are theirs

    @property
    def elapsed_s(self) -> float:
        return self.clock.now_ms() / 1000 if self.clock.started else 0.0

    @property
    def cancelled(self) -> bool:
        return self.controls.cancel.is_set()

    # the loop ----------------------------------------------------------------
    def run(self) -> list[TurnRecord]:
        self.clock.start()
        finished = False
        try:
            command = self.interview.start()
            while not isinstance(command, End) and not self.cancelled:
                self._apply_refinements()
                if isinstance(command, Speak):
                    command = self._say(command)
                elif isinstance(command, Listen):
                    command = self._hear(command)
                elif isinstance(command, WriteFollowUp):
                    command = self._follow_up(command)
            finished = True
        except RecordingError as exc:  # the recorder itself failed: tell the user, do not record it
            log.error("session stopped: %s", exc)
            self.sink.forward(SessionFailed(str(exc)))
            raise
        except EngineError as exc:
            log.error("session stopped: %s", exc)
            self.sink.event(EventType.ERROR, message=str(exc))
            self.emit(SessionFailed(str(exc)))
            raise
        finally:
            self.ahead.early.drop()
            for worker in self.ahead.wording:  # the model must be idle before the caller closes it
                worker.join(timeout=30)
            if self.floor.listening_on:
                self._keep_after_end(finished)
            self.engines.audio_in.stop()
            self.read_ahead.close()
            if not finished and self.refiner is not None:
                self.refiner.stop()
        if self.refiner is not None:
            if self.cancelled:  # ended early: keep what is refined, do not make the user wait
                self.refiner.let_go()
                self._apply_refinements()
            else:
                self.emit(StatusChanged("Finishing the transcript"))
                self._apply_refinements(self.refiner.drain())
        if learned := self.pace.record():  # how long this candidate pauses and goes on: shown in Settings
            self.sink.event(EventType.PACE, **learned)
        self.emit(SessionFinished(self.turns))
        return self.turns

    def _say(self, command: Speak) -> Command:
        if self.floor.line_starts(SETTLE_S):
            return self._resume_answer()  # they went on before the interviewer spoke
        yielded = self.speaker.say(command)
        if yielded is not None:
            return self._resume_answer(self.floor.take_held(), yielded.onset_ms)
        if command.kind in ANSWERED_KINDS:
            self._asked, self._nudged = command, False
        return self.interview.on_spoken()

    def _hear(self, command: Listen) -> Command:
        """An answer to command; the same command again when the question is to be heard again."""
        listen = replace(command, after_check_in=True) if self._nudged else command  # no second check-in
        answer = self.listener.listen(listen)
        if self._ask_again(answer):
            return command
        return self._answered(answer, listen)

    def _follow_up(self, command: WriteFollowUp) -> Command:
        """The follow-up worded (with an acknowledgement meanwhile); the loop stops if cancelled."""
        stop_ack = threading.Event()
        if not self.settings.say_back:
            command = replace(command, lead_in=None)
        ready = self.ahead.early.ready(command)
        wording = self.speaker.begin_follow_up(command)
        lead_in = wording.command.lead_in  # the claim said back, as the wording under way was begun with
        if not ready and lead_in is None and self.settings.acknowledge and wording.begun_at_pause:
            # an "Okay." now would hold back a question the model is about to finish: wait for it a moment
            ready = wording.finished_soon(ABOUT_TO_FINISH_S)
        # no "Okay." to fill a wait when the question worded at the pause is ready; a lead-in is always said
        acknowledge = self.settings.acknowledge and (lead_in is not None or not ready)
        ack, ack_ends_ms = self.speaker.acknowledge(command, stop_ack, lead_in) if acknowledge else (None, None)
        text = self.speaker.write_follow_up(command, wording, ack_ends_ms if lead_in else None, ack_ends_ms)
        if text is None:
            stop_ack.set()
        if ack is not None:
            ack.join()
        if text is None and self.cancelled:
            return command  # the loop sees the cancel and stops
        if text is None:
            return self._resume_answer()
        if lead_in and ack is None:  # not said while the question was worded: said with it
            text = f"{lead_in} {text}"
            lead_in = None
        return self.interview.on_follow_up(text, command.persona, lead_in)

    def _keep_after_end(self, finished: bool) -> None:
        """The session ends while the microphone listens on after the last answer: what the
        candidate said since (over the closing, say) is recorded and kept with that answer."""
        after = self.floor.take_after()
        assert after is not None
        heard = after.stop()
        answer = self.log.last_candidate()
        if answer is None or not heard:
            return
        try:
            self.sink.record_heard(heard, answer)
            if not finished:
                return  # stopped by an error: the recording keeps the audio, nothing more is run
            overlap = OverlapTranscriber.start(
                self.engines.live_stt,
                self.engines.vad,
                self.engines.audio_in.sample_rate,
                heard,
                answer.started_ms,
                said=self.log.said_since_answer(),
            )
            said = overlap.result() if overlap is not None else []
            if said:
                answer.words = [*answer.words, *said]
                answer.text = " ".join(t for t in (answer.text, " ".join(w.text for w in said)) if t)
                self.sink.event(EventType.KEPT_AFTER_ANSWER, turn=answer.index, words=len(said))
                self.emit(TurnFinished(answer))
        except RecordingError as exc:
            log.error("could not keep what was said after the last answer: %s", exc)

    def _ask_again(self, answer: TurnRecord) -> bool:
        """The candidate asked for the question again, or stayed silent past the check-in time: the
        interviewer says it again (or checks in), and the same Listen starts afresh. False: an answer."""
        aloud = self.listener.take_asked_aloud()
        if answer.end_reason not in ("repeat", "nudged") or self._asked is None or self.cancelled:
            return False
        self.floor.forget_answer()  # the answer before this question is over: speech over the line is a barge-in
        if self.engines.audio_in.continuous:
            self.engines.audio_in.stop()  # opened afresh for the answer: nothing heard meanwhile counts
        elif not aloud:
            self.floor.keep_mic_open()  # a file per answer: after a silence or a key, the same file goes on
        if answer.end_reason == EndReason.REPEAT:
            self.sink.event(EventType.REPEAT, turn=answer.index)
            line, self._nudged = repeat_line(self._asked), False
        else:
            self.sink.event(
                EventType.NUDGE, turn=answer.index, silent_s=round((answer.ended_ms - answer.started_ms) / 1000, 1)
            )
            line, self._nudged = nudge_line(self._asked), True
        self.speaker.say(line)
        return True

    def _apply_refinements(self, done: list[Refined] | None = None) -> None:
        """Keep the accurate model's words for answers it has finished (on the runner's thread)."""
        if self.refiner is None:
            return
        for refined in self.refiner.results() if done is None else done:
            turn = refined.turn
            # the refiner hears the answer's own audio: what was said over the interviewer stays in front
            said = self.listener.said_over_line(turn.index)
            text = " ".join(t for t in (turn.overlap_text if said else "", refined.transcript.text) if t)
            if text != turn.text:
                turn.live_text = turn.text
            turn.text, turn.words = text, [*said, *refined.transcript.words]
            turn.refine_ms = refined.seconds * 1000
            self.emit(TranscriptRefined(turn))

    def _answered(self, answer: TurnRecord, listen: Listen) -> Command:
        """What the interview does after an answer (to listen); keeps listening, in case it was only a pause."""
        self.floor.forget_answer()
        if answer_may_go_on(answer.end_reason) and self.settings.listen_on:
            open_answer = OpenAnswer(listen, self.interview.checkpoint(), self.listener.judged_at_end)
            output_heard = not self.settings.barge_in and self.engines.audio_out.audible
            after = AfterAnswer(
                self.engines.audio_in,
                self.engines.vad,
                self.clock.now_ms,
                answer.ended_ms,
                paced=not self.engines.audio_in.realtime,
                echo=self.floor.playing.is_set if output_heard else lambda: False,
            )
            self.floor.listen_on(after, open_answer)
            after.start()
        cut_in = self.listener.take_cut_in()
        if cut_in is not None:
            command = self.interview.on_cut_in(cut_in, answer.text)
        else:
            elapsed_s = self.clock.now_ms() / 1000
            command = self.interview.on_answer(answer.text, elapsed_s=elapsed_s, doubtful=doubtful_words(answer.words))
            if self.interview.follow_up_dropped_for_time and answer.index not in self._no_follow_up_said:
                self._no_follow_up_said.add(answer.index)  # once, though a pause may turn out not to end it
                self.sink.event(
                    EventType.NO_FOLLOW_UP,
                    turn=answer.index,
                    left_s=max(round(self.interview.time_left_s(elapsed_s)), 0),
                )
        answer.signals = signals_record(self.interview.last_signals)
        if not isinstance(command, WriteFollowUp):
            self.ahead.early.drop()  # a follow-up worded at a pause is not what comes next
        return command

    def _resume_answer(
        self, heard: list[tuple[float, np.ndarray]] | None = None, onset_ms: float | None = None
    ) -> Command:
        """The candidate went on: the interviewer yields, and the answer continues as the same turn.
        heard and onset_ms: what a barge-in monitor heard, when the interviewer had already begun."""
        if heard is None:
            after = self.floor.take_after()
            assert after is not None
            heard, onset_ms = after.stop(), after.resumed_at_ms
        open_answer = self.floor.open_answer
        assert open_answer is not None
        self.ahead.early.drop()  # it was worded for an answer that goes on
        self.interview.rewind(open_answer.checkpoint)
        self.floor.forget_answer()
        self.speaker.drop_pending()  # never spoken (an acknowledgement may have been)
        turn = self.log.last_candidate()
        assert turn is not None
        turn.resumed += 1
        after_ms = (onset_ms or 0) - (turn.speech_end_ms or 0)
        self.pace.went_on(after_ms, open_answer.judged)  # the pause they went on after: they need that long
        self.sink.event(EventType.RESUMED, turn=turn.index, after_ms=round(after_ms))
        listen = open_answer.listen
        return self._answered(self.listener.listen(listen, resume=turn, heard=heard), listen)
