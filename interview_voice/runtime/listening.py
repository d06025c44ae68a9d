"""The candidate's side of a session: hearing an answer, deciding when it ends, transcribing it.
The Listener runs on the runner's thread, with the live transcriber's worker calling back (partial
words, and the read-ahead on a frozen outlook)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from interview_voice.core.check_in import after_nudge, asks_to_repeat
from interview_voice.core.endpointing import Endpointer, EndReason, SpeakerPace
from interview_voice.core.interview import FollowUpOutlook, Interview, Listen, TurnKind, WriteFollowUp
from interview_voice.core.panel import CutIn
from interview_voice.core.turn_end import Completion, judge_pause, talk_concluded
from interview_voice.core.turn_taking import may_interject, presentation_endpointing
from interview_voice.core.types import Transcript
from interview_voice.engines.base import AudioDeviceError
from interview_voice.records import (
    EventType,
    FloorChanged,
    LevelMeasured,
    PartialTranscript,
    StatusChanged,
    TurnFinished,
    TurnRecord,
    TurnStarted,
    Word,
)
from interview_voice.runtime.answer_audio import AnswerAudio
from interview_voice.runtime.clock import SessionClock
from interview_voice.runtime.controls import Controls
from interview_voice.runtime.engines import Engines
from interview_voice.runtime.floor import Floor
from interview_voice.runtime.live_transcript import LiveTranscriber, follow_pauses
from interview_voice.runtime.overlap import OverlapTranscriber
from interview_voice.runtime.reading_ahead import GIVE_WAY_S
from interview_voice.runtime.refine import TranscriptRefiner
from interview_voice.runtime.runner_settings import RunnerSettings
from interview_voice.runtime.session_log import EventSink, TurnLog
from interview_voice.runtime.speaking import voice_style
from interview_voice.runtime.work_ahead import WorkAhead

log = logging.getLogger(__name__)
FILE_PAUSE_WAIT_S = 5.0  # longest wait, on a file, for the words up to a pause
EARLY_AFTER_MS = 150  # silence before a follow-up may be started at a pause (shorter gaps are between words)
SPEECH_PAD_S = 0.3  # audio kept after the last speech frame: Whisper invents words in long silence

# Answers that end before anything is heard: nothing to transcribe unless speech had begun.
_NOT_HEARD = (EndReason.TYPED, EndReason.REPEAT, EndReason.NUDGED)
Heard = list[tuple[float, np.ndarray]]  # (session ms, audio) heard before this answer's listening began


class PauseJudge:
    """At a pause: do the words so far sound finished? (core.turn_end judges; this finds the words
    up to the pause, waiting for them when a file is read faster than it plays.)"""

    def __init__(
        self,
        endpointer: Endpointer,
        live: LiveTranscriber,
        realtime: bool,
        asked: TurnRecord | None,
        talk: bool = False,
    ):
        """talk: a presentation, which only words that close it end at a short pause."""
        self._endpointer, self._live, self._realtime, self._talk = endpointer, live, realtime, talk
        self._first_answer = asked is None or asked.kind == TurnKind.QUESTION.value
        self._asked = asked.text if asked is not None else ""
        self._judged: dict[str, Completion] = {}

    def __call__(self) -> Completion | None:
        pause_ms = self._endpointer.speech_end_ms
        if pause_ms is None:
            return None
        text = self._live.pause_text(pause_ms / 1000)
        waited = time.monotonic()
        while text is None and not self._realtime and time.monotonic() - waited < FILE_PAUSE_WAIT_S:
            time.sleep(0.01)  # the words get the time the silence would have taken
            text = self._live.pause_text(pause_ms / 1000)
        if text is None:  # the live pass has not reached this pause yet: the endpointer waits for it
            return Completion.UNKNOWN
        if text not in self._judged and self._talk:
            self._judged[text] = Completion.FINISHED if talk_concluded(text) else Completion.MORE_COMING
        elif text not in self._judged:
            self._judged[text] = judge_pause(text, first_turn_of_question=self._first_answer, asked=self._asked)
            log.debug(
                "after %.0f ms of silence the words %r sound %s",
                self._endpointer.silence_ms,
                text[-60:],
                self._judged[text].value,
            )
        return self._judged[text]


@dataclass
class _Answer:
    """One answer being heard."""

    turn: TurnRecord
    endpointer: Endpointer
    live: LiveTranscriber
    resumed: bool
    preroll: Heard  # audio to go through before the microphone's
    recorded: list[np.ndarray]  # replayed blocks the recording already has (held: an id can be reused)
    overlap: OverlapTranscriber | None  # words said over the interviewer's line, being transcribed
    pending: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32))
    lost: AudioDeviceError | None = None
    typed: str | None = None  # the answer as typed, when the candidate typed it
    early_pause: float | None = None  # the pause a follow-up was last considered at (its speech end, ms)
    early_voiced: float | None = None  # ... and the one whose early follow-up was voiced ahead


class Listener:
    """Hears the answers of one session on the engines; what the loop needs of the last answer
    it reads through the methods below."""

    def __init__(
        self,
        engines: Engines,
        clock: SessionClock,
        sink: EventSink,
        log: TurnLog,
        floor: Floor,
        controls: Controls,
        interview: Interview,
        settings: RunnerSettings,
        ahead: WorkAhead,
        pace: SpeakerPace,
        answer_audio: AnswerAudio,
        refiner: TranscriptRefiner | None,
        prepare_ack: Callable[[], None],
        prepare_lead_in: Callable[[WriteFollowUp], None] = lambda command: None,
    ) -> None:
        """pace: the candidate's, learned over the session; prepare_ack: voices the acknowledgement the
        next follow-up would start with (the speaker's); prepare_lead_in: voices a follow-up's lead-in
        (the claim said back) when it is begun at a pause."""
        self.engines, self.clock, self.sink, self.log, self.floor = engines, clock, sink, log, floor
        self.emit, self._event = sink.emit, sink.event
        self._cancel, self._answer_done, self._repeat = controls.cancel, controls.answer_done, controls.repeat
        self.typed = controls.typed
        self.interview, self.settings, self.pace, self.answer_audio = interview, settings, pace, answer_audio
        self.read_ahead, self.speech_ahead = ahead.read, ahead.speech
        self._early, self._wording = ahead.early, ahead.wording
        self._refiner, self._prepare_ack, self._prepare_lead_in = refiner, prepare_ack, prepare_lead_in
        self._outlook: FollowUpOutlook | None = None  # the answer being listened to's, for typed read-aheads
        self._cut_in: CutIn | None = None
        self._pause_judged: float | None = None  # the pause a panel last considered jumping in at
        self._judged_at_end: Completion | None = None  # the words at the pause that ended the last answer
        self._asked_aloud = False  # the last answer was "could you repeat that?"
        self._overlap_words: dict[int, list[Word]] = {}  # turn index: words said over the interviewer before it

    @property
    def outlook(self) -> FollowUpOutlook | None:
        """The interview's outlook for the answer being listened to (read from any thread)."""
        return self._outlook

    @property
    def judged_at_end(self) -> Completion | None:
        """How the words at the pause that ended the last answer were judged."""
        return self._judged_at_end

    def take_cut_in(self) -> CutIn | None:
        """The interviewer's cut-in that ended the last answer, once."""
        cut_in, self._cut_in = self._cut_in, None
        return cut_in

    def take_asked_aloud(self) -> bool:
        """The last answer asked in words to hear the question again (once)."""
        aloud, self._asked_aloud = self._asked_aloud, False
        return aloud

    def said_over_line(self, index: int) -> list[Word]:
        """The words said over the interviewer's line before answer `index`."""
        return self._overlap_words.get(index, [])

    def listen(
        self, command: Listen, resume: TurnRecord | None = None, heard: Sequence[tuple[float, np.ndarray]] = ()
    ) -> TurnRecord:
        """Listen to an answer; resume: an answer that goes on, with what was heard since it seemed to end."""
        engines = self.engines
        self._repeat.clear()  # before the window hears that listening began
        turn = self._answer_turn(command, resume)
        # The microphone is the answer's before anything is prepared for it: on a busy machine that
        # preparation took seconds, and a candidate who answered at once lost their first words (or
        # had them taken for words said over the interviewer's line).
        opened = self._open_input(turn, resume, heard)
        endpointing = self.settings.endpointing
        if command.holds_floor:
            endpointing = presentation_endpointing(endpointing)
        if command.after_check_in:  # the interviewer has checked in once: a further silence moves on
            endpointing = after_nudge(endpointing)
        endpointer = Endpointer(
            endpointing,
            frame_ms=1000.0 * engines.vad.frame_samples / engines.audio_in.sample_rate,
            max_turn_s=command.time_budget_s * 2,
            pace=None if command.holds_floor else self.pace,
        )  # a talk's pauses are its own
        asked = next((t for t in reversed(self.log.turns) if t.speaker == "interviewer"), None)
        engines.vad.reset()
        self._answer_done.clear()
        outlook = self._outlook = self.interview.follow_up_outlook()  # frozen: for the live transcriber's worker
        self.read_ahead.read(outlook)
        upcoming = self.interview.upcoming_line()
        if upcoming is not None:
            self.speech_ahead.prepare(upcoming[0], voice_style(upcoming[1]))
        self._prepare_ack()
        listening = threading.Event()
        listening.set()
        live = LiveTranscriber(
            engines.live_stt,
            engines.audio_in.sample_rate,
            on_partial=lambda text: self.emit(PartialTranscript(turn, text)),
            on_stable=lambda text: self.read_ahead.read(outlook, text),
            on_pause=lambda text: self.read_ahead.read(
                outlook,
                text,
                at_pause=lambda: listening.is_set() and not self._early.pending,
                give_way_s=GIVE_WAY_S if self.settings.early_follow_up else 0.0,
            ),
        )
        endpointer.finished_hint = PauseJudge(endpointer, live, engines.audio_in.realtime, asked, command.holds_floor)
        answer = _Answer(turn, endpointer, live, resume is not None, *opened)
        reason = None
        try:
            reason = self._hear(answer)
            while reason is EndReason.TYPED and answer.typed is None:  # typing, not yet sent
                reason = self._await_typing(answer)
        finally:
            listening.clear()  # a read-ahead from a pause that has not started yet is no use now
            self._outlook = None
            self.floor.answer_ends()
            if reason is not EndReason.SILENCE or not self.settings.listen_on:
                engines.audio_in.stop()  # else it listens on, in case the candidate only paused
        return self._close_answer(answer, reason)

    def _await_typing(self, answer: _Answer) -> EndReason | None:
        """The candidate is typing: the microphone is not listened to until they send the answer
        (TYPED), ask to hear the question again (REPEAT; the box keeps what they typed), or clear
        the box to answer aloud after all (listening goes on)."""
        audio_in = self.engines.audio_in
        if audio_in.continuous:
            audio_in.stop()  # no talking over a typing candidate, nor an answer ended by the room's silence
        self._event(EventType.TYPING, turn=answer.turn.index)
        self.emit(StatusChanged("Listening paused while you type: press Send (Ctrl+Enter) when you are done"))
        answer.typed = self.typed.wait(lambda: self._cancel.is_set() or self._repeat.is_set())
        if answer.typed is not None:
            return EndReason.TYPED
        if self._cancel.is_set():
            return EndReason.CANCELLED
        if self._repeat.is_set():
            return EndReason.REPEAT
        if audio_in.continuous:
            audio_in.start()
        self.emit(StatusChanged("Listening: answer aloud, then pause or press “I'm done”"))
        return self._hear(answer)

    def _answer_turn(self, command: Listen, resume: TurnRecord | None) -> TurnRecord:
        if resume is None:
            turn = TurnRecord(
                len(self.log.turns),
                "candidate",
                TurnKind.ANSWER,
                question_id=command.question_id,
                started_ms=self.clock.now_ms(),
            )
            self.log.turns.append(turn)
        else:
            turn = resume
            turn.ended_ms, turn.end_reason = 0.0, None  # in progress again: the window shows the words live
        self.emit(TurnStarted(turn))
        following = self.interview.next_asker()
        self.emit(FloorChanged(following.name if following else None, command.holds_floor, command.time_budget_s))
        self.emit(StatusChanged("Listening: answer aloud, then pause or press “I'm done”"))
        return turn

    def _open_input(
        self, turn: TurnRecord, resume: TurnRecord | None, heard: Sequence[tuple[float, np.ndarray]]
    ) -> tuple[Heard, list[np.ndarray], OverlapTranscriber | None]:
        """What was heard before listening began, and the microphone opened if it is not yet."""
        engines = self.engines
        preroll = self.floor.take_held()
        self.floor.stop_playback.clear()
        recorded: list[np.ndarray] = []
        overlap = None
        if resume is not None:  # the answer so far, then what was heard after it
            before = self.answer_audio.audio(turn.index)  # read back from the recording
            preroll = [(turn.started_ms, before), *heard]
            recorded.append(before)
        elif (after := self.floor.take_after()) is not None:  # listening on since the last answer, through the line
            heard_all, spoke_until = after.stop(), self.floor.line_ended_ms or self.clock.now_ms()
            over_line = [(t, b) for t, b in heard_all if t < spoke_until]
            self.sink.record_heard(over_line, turn)  # the candidate track keeps what was said over the line
            overlap = OverlapTranscriber.start(
                engines.live_stt,
                engines.vad,
                engines.audio_in.sample_rate,
                over_line,
                turn.started_ms,
                said=self.log.said_since_answer(),
            )
            preroll = [(t, b) for t, b in heard_all if t >= spoke_until] + preroll
            if not engines.audio_in.continuous:
                engines.audio_in.start()  # a file per answer: this answer's file starts now
        elif not self.floor.mic_open:
            engines.audio_in.start()
        self.floor.answer_starts()
        return preroll, recorded, overlap

    def _hear(self, answer: _Answer) -> EndReason | None:
        """Blocks of audio until the answer ends; the reason it ended."""
        audio_in, frame = self.engines.audio_in, self.engines.vad.frame_samples
        reason = None
        while reason is None:
            if self._cancel.is_set():
                return EndReason.CANCELLED
            if self.typed.active:
                return EndReason.TYPED
            if self._repeat.is_set():
                return EndReason.REPEAT
            if self._answer_done.is_set():
                return EndReason.USER
            before = time.monotonic()
            heard_at: float | None
            block: np.ndarray | None
            if answer.preroll:
                heard_at, block = answer.preroll.pop(0)
                answer.endpointer.hold = answer.resumed and bool(answer.preroll)  # up to the newest audio heard
            else:
                try:
                    heard_at, block = None, audio_in.read(timeout=0.5)
                except AudioDeviceError as exc:  # unplugged: keep and transcribe what was heard
                    answer.lost = exc
                    return EndReason.DEVICE_LOST
            if block is None:
                continue
            if heard_at is None:
                self.clock.audio_took(block.size / audio_in.sample_rate, time.monotonic() - before, audio_in.realtime)
            answer.live.push(block)
            if not any(block is kept for kept in answer.recorded):
                at = (
                    heard_at if heard_at is not None else self.clock.now_ms() - 1000 * block.size / audio_in.sample_rate
                )
                self.answer_audio.heard(self.sink.recorder, at, block, answer.turn)
            answer.pending = np.concatenate([answer.pending, block])
            while answer.pending.size >= frame and reason is None:
                piece, answer.pending = answer.pending[:frame], answer.pending[frame:]
                reason = self._feed(answer, piece)
        return reason

    def _feed(self, answer: _Answer, piece: np.ndarray) -> EndReason | None:
        """One VAD frame: the end of the answer, or a cut-in, or None to go on."""
        endpointer, turn = answer.endpointer, answer.turn
        was_speech_end, was_silence = endpointer.speech_end_ms, endpointer.silence_ms
        reason = endpointer.feed(self.engines.vad.speech_probability(piece))
        follow_pauses(answer.live, endpointer.speech_end_ms, was_silence, endpointer.silence_ms, endpointer.frame_ms)
        if reason is None and endpointer.speech_start_ms is not None:
            self._cut_in = self._interruption(turn, endpointer, answer.live)
            reason = EndReason.CUT_IN if self._cut_in is not None else None
        if reason is None:
            self._word_early(answer)
        if endpointer.speech_start_ms is not None and turn.speech_start_ms is None:
            turn.speech_start_ms = self.clock.now_ms()
        if endpointer.speech_end_ms != was_speech_end:
            turn.speech_end_ms = self.clock.now_ms()  # wall time of the latest speech frame
        self.emit(LevelMeasured(min(1.0, float(np.sqrt(np.mean(piece**2))) * 4), endpointer.speaking))
        return reason

    def _word_early(self, answer: _Answer) -> None:
        """At a pause whose words sound finished, start wording the follow-up the interview would
        ask if the answer ended here; drop it when the candidate goes on."""
        endpointer, early = answer.endpointer, self._early
        if endpointer.speaking:
            if early.pending:
                early.drop()
            return
        pause = endpointer.speech_end_ms
        if early.pending and answer.early_voiced != pause and (worded := early.worded()) is not None:
            answer.early_voiced = pause  # its first sentence is voiced before the turn ends
            self.speech_ahead.prepare(worded[0], voice_style(worded[1]))
        if (
            not self.settings.early_follow_up
            or pause is None
            or pause == answer.early_pause
            or endpointer.silence_ms < EARLY_AFTER_MS
            or answer.overlap is not None
            or self.typed.active
        ):
            return
        text = answer.live.pause_text(pause / 1000)
        if text is None:
            return  # the words up to this pause are not transcribed yet: try again at the next frame
        answer.early_pause = pause
        if endpointer.finished_hint() is not Completion.FINISHED:
            return
        checkpoint = self.interview.checkpoint()  # what the interview would do: asked, then forgotten
        try:
            command = self.interview.on_answer(
                text, elapsed_s=self.clock.now_ms() / 1000, doubtful=answer.live.doubtful_words()
            )
        finally:
            self.interview.rewind(checkpoint)
        if isinstance(command, WriteFollowUp) and not self.settings.say_back:
            command = replace(command, lead_in=None)
        if isinstance(command, WriteFollowUp) and (wording := early.start(command)) is not None:
            self._wording.append(wording.worker)
            answer.live.hold_padding(wording.worker.is_alive)
            self._prepare_lead_in(command)
            self._event(EventType.EARLY_FOLLOW_UP, turn=answer.turn.index, pause_ms=round(pause, 1))

    def _close_answer(self, answer: _Answer, reason: EndReason | None) -> TurnRecord:
        """The answer's transcript, kept with what was said over the interviewer."""
        turn, endpointer, live = answer.turn, answer.endpointer, answer.live
        if reason is EndReason.CANCELLED and answer.typed is None:
            answer.typed = self.typed.take()  # a typed answer sent as the interview was ended is kept
            reason = EndReason.TYPED if answer.typed is not None else reason
        self._judged_at_end = endpointer.judged
        # why the turn ended, kept with the session: a wrong take-over can be found in the replay
        judgement = (
            {
                "words": endpointer.judged.value,
                "waited_ms": round(endpointer.silence_ms),
                "pace_ms": round(endpointer.pace.longest_ms)
                if endpointer.pace and endpointer.pace.longest_ms
                else None,
            }
            if reason is EndReason.SILENCE and endpointer.judged is not None
            else {}
        )
        self._event(
            EventType.ENDPOINT,
            turn=turn.index,
            reason=reason.value if reason else None,
            speech_s=round((endpointer.speech_end_ms or 0) / 1000 - (endpointer.speech_start_ms or 0) / 1000, 2),
            **judgement,
        )
        turn.end_reason = reason
        turn.ended_ms = self.clock.now_ms()
        spoke = endpointer.speech_start_ms is not None  # typed, or asked again, after saying something
        if turn.speech_end_ms is None or answer.typed is not None:
            turn.speech_end_ms = turn.ended_ms  # "I'm done" before the VAD heard speech; Send
        # ended with End while answering: what was said is the answer, transcribed like any other
        if reason is not EndReason.NO_SPEECH and (spoke or reason not in (*_NOT_HEARD, EndReason.CANCELLED)):
            self.emit(StatusChanged("Transcribing"))
            started = time.monotonic()
            end_s = covered_s = None
            if endpointer.speech_end_ms is not None:
                # a pass that heard the pad after the last word, as the final pass would (the live
                # transcriber makes one during the silence)
                end_s = covered_s = endpointer.speech_end_ms / 1000 + SPEECH_PAD_S
            transcript = Transcript(live.finish(end_s, covered_s, whole=self._refiner is None))
            turn.transcribe_ms = (time.monotonic() - started) * 1000
            turn.text = transcript.text
            turn.words = transcript.words
            if self._refiner is not None and transcript.text and answer.typed is None:
                heard = None if end_s is None else int(end_s * self.engines.audio_in.sample_rate)
                self._refiner.add(turn, self.answer_audio.loader(turn.index, heard))  # read back when its turn comes
        else:
            live.finish(0.0)
        if answer.typed is not None:  # what they said before they began typing comes first
            turn.text = f"{turn.text} {answer.typed}".strip()
        elif reason in (EndReason.SILENCE, EndReason.USER) and asks_to_repeat(turn.text):
            turn.end_reason, self._asked_aloud = EndReason.REPEAT, True  # "could you repeat that?"
        if answer.overlap is not None and (found := answer.overlap.result()):
            self._overlap_words[turn.index] = found  # the accurate model's pass keeps them too
        # said over the interviewer, kept in front (an answer that went on is transcribed again from its own
        # audio: the words said over the line before it stay)
        if said := self._overlap_words.get(turn.index):
            turn.overlap_text = " ".join(w.text for w in said)
            turn.words = [*said, *turn.words]
            turn.text = f"{turn.overlap_text} {turn.text}".strip()
        self.emit(TurnFinished(turn))
        if answer.lost is not None:
            cause = str(answer.lost).rstrip(".")
            raise AudioDeviceError(
                f"{cause[:1].upper()}{cause[1:]}. Your answer up to that moment is saved; check "
                "the microphone, then start a new interview."
            ) from answer.lost
        return turn

    def _interruption(self, turn: TurnRecord, endpointer: Endpointer, live: LiveTranscriber) -> CutIn | None:
        """Does the interviewer cut in now: past the answer's budget, or (a panel, during a
        presentation) at a pause after a claim worth probing?"""
        if endpointer.speech_start_ms is None or endpointer.speech_end_ms is None:
            return None  # not called before the candidate speaks; this tells the type checker so
        speaking_s = (endpointer.elapsed_ms - endpointer.speech_start_ms) / 1000
        cut_in = self.interview.check_cut_in(speaking_s)
        pause = endpointer.speech_end_ms
        if cut_in is None and may_interject(endpointer.silence_ms, pause, self._pause_judged):
            said = live.pause_text(pause / 1000)  # once the words up to this pause are known
            if said is not None:
                self._pause_judged = pause
                cut_in = self.interview.check_interjection(said, endpointer.silence_ms, speaking_s)
        if cut_in is not None:
            self._event(
                EventType.CUT_IN,
                reason=cut_in.reason,
                persona=cut_in.persona.name,
                turn=turn.index,
                answer_seconds=round(speaking_s, 1),
            )
        return cut_in
