"""The interviewer's side of a session: speaking lines, acknowledging, wording follow-ups, and
noticing a candidate who speaks over it."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

from interview_voice.core.endpointing import EndReason
from interview_voice.core.follow_up_prompt import PromptTemplates
from interview_voice.core.interview import Interview, Speak, TurnKind, WriteFollowUp
from interview_voice.core.plan import Persona
from interview_voice.core.turn_taking import acknowledgement, can_talk_over, candidate_went_on
from interview_voice.core.types import AudioChunk, VoiceStyle
from interview_voice.records import (
    Caption,
    EventType,
    RecordingError,
    StatusChanged,
    TurnFinished,
    TurnRecord,
    TurnStarted,
)
from interview_voice.runtime.barge_in import BargeInMonitor, clip_to_heard
from interview_voice.runtime.clock import SessionClock
from interview_voice.runtime.controls import Controls
from interview_voice.runtime.engines import Engines
from interview_voice.runtime.floor import Floor
from interview_voice.runtime.follow_up import FollowUpByDeadline
from interview_voice.runtime.refine import TranscriptRefiner
from interview_voice.runtime.runner_settings import RunnerSettings
from interview_voice.runtime.session_log import EventSink, TurnLog
from interview_voice.runtime.work_ahead import WorkAhead
from interview_voice.threads import start_thread

log = logging.getLogger(__name__)
PREPARE_PROBE_MS = 800  # the curated probe is voiced this long before the wording deadline
# After "Okay." the silence before the follow-up stays under 2.5 s even with this much more for a model
# whose pace says it is about to finish (the acknowledgement ends about 1 s after the answer).
ON_COURSE_GRACE_MS = 800
# The model may word its question while the lead-in plays ("You mentioned an AUC of 0.91.", about
# two seconds): the deadline is at least this long after the lead-in's end, so the silence after it
# stays short (the curated probe is voiced ahead, PREPARE_PROBE_MS before the deadline).
AFTER_LEAD_IN_MS = 400


def voice_style(persona: Persona) -> VoiceStyle:
    return VoiceStyle(persona.voice, persona.rate, persona.pitch, persona.volume)


@dataclass(frozen=True)
class Yielded:
    """The interviewer stopped its line for a candidate still answering, whose voice began at onset_ms."""

    onset_ms: float | None


class Speaker:
    """The interviewer of one session on the engines. Runs on the runner's thread, except the
    acknowledgement's player (its own thread)."""

    def __init__(
        self,
        engines: Engines,
        clock: SessionClock,
        sink: EventSink,
        log: TurnLog,
        floor: Floor,
        controls: Controls,
        interview: Interview,
        prompts: PromptTemplates,
        settings: RunnerSettings,
        ahead: WorkAhead,
        refiner: TranscriptRefiner | None,
    ) -> None:
        self.engines, self.clock, self.sink, self.log, self.floor = engines, clock, sink, log, floor
        self.emit, self._event = sink.emit, sink.event
        self._cancel = controls.cancel
        self.interview, self.prompts, self.settings = interview, prompts, settings
        self.ahead, self._refiner = ahead, refiner
        self._pending_follow_up: TurnRecord | None = None  # the follow-up's turn, from the end of the answer on
        self._acks = 0
        self._ack_audio: dict[tuple[str, VoiceStyle], list[AudioChunk]] = {}  # voiced once (the ack-ahead thread)
        # the one lead-in voiced ahead (each is said once: they are not kept like the acknowledgements)
        self._lead_in_audio: tuple[tuple[str, VoiceStyle], list[AudioChunk]] | None = None

    def say(self, command: Speak) -> Yielded | None:
        """Say a line; Yielded if the interviewer stopped for a candidate who was still answering."""
        turn, self._pending_follow_up = self._pending_follow_up, None
        if turn is None or command.kind is not TurnKind.FOLLOW_UP:
            turn = TurnRecord(
                0, "interviewer", command.kind, question_id=command.question_id, started_ms=self.clock.now_ms()
            )
        turn.index = len(self.log.turns)
        turn.text = command.text
        turn.persona = command.persona.name
        turn.role = command.persona.role
        if turn.follow_up_source is None and command.kind in (
            TurnKind.FOLLOW_UP,
            TurnKind.REDIRECT,
            TurnKind.CUT_IN,
            TurnKind.INTERJECTION,
        ):
            turn.follow_up_source = command.source
        self.log.turns.append(turn)
        self.emit(TurnStarted(turn))
        self.emit(StatusChanged("Interviewer speaking"))
        previous = self.log.last_candidate()
        monitor = self._monitor_barge_in(turn) if self._barge_in_possible(command) else None
        heard: list[str] = []
        yielded: Yielded | None = None
        for chunk in self.ahead.speech.synthesize(command.text, voice_style(command.persona)):
            if self.floor.stop_playback.is_set():
                break
            at_ms = self.clock.now_ms()
            if turn.first_audio_ms is None:
                turn.first_audio_ms = self.clock.now_ms()
                # while the candidate listens: the next follow-up's prompt, cold
                self.ahead.read.read(self.interview.follow_up_outlook())
                if previous is not None and previous.speech_end_ms is not None and previous.index == turn.index - 1:
                    turn.latency_ms = turn.first_audio_ms - previous.speech_end_ms
                    turn.latency_any_ms = (
                        min(turn.first_audio_ms, turn.ack_audio_ms or turn.first_audio_ms) - previous.speech_end_ms
                    )
            if self._refiner is not None:  # from the first sound on: it must not delay that sound
                self._refiner.interviewer_speaking(True)
            if chunk.text:
                self.emit(Caption(chunk.text, turn.persona, turn.role))  # shown as it is said
            played = self._play(turn, chunk, at_ms, self.floor.stop_playback)
            heard.append(clip_to_heard(chunk.text, played / chunk.duration if chunk.duration else 1.0))
            if self.floor.stop_playback.is_set():
                break  # before synthesising another sentence
        if self._refiner is not None:
            self._refiner.interviewer_speaking(False)
        if monitor is not None:
            barged = monitor.finish()
            self.floor.watched()
            if barged is not None:
                turn.text = " ".join(h for h in heard if h)
                turn.end_reason = EndReason.BARGE_IN
                if self._went_on(turn, monitor.onset_ms):
                    # the candidate was still answering: the line stops, the answer goes on
                    turn.end_reason, yielded = EndReason.YIELDED, Yielded(monitor.onset_ms)
                self._event(
                    EventType.BARGE_IN,
                    turn=turn.index,
                    stop_ms=round(barged, 1),
                    heard=turn.text,
                    yielded=turn.end_reason == EndReason.YIELDED,
                )
        turn.ended_ms = self.floor.line_ended_ms = self.clock.now_ms()
        self.emit(TurnFinished(turn))
        return yielded

    def _play(self, turn: TurnRecord, chunk: AudioChunk, at_ms: float, stop: threading.Event) -> float:
        """Record and play one sentence of the interviewer's; the seconds played before stop."""
        if self.sink.recorder is not None:
            self.sink.recorder.interviewer_audio(at_ms, chunk, turn)
        before = time.monotonic()
        self.floor.playing.set()
        try:
            played = self.engines.audio_out.play(chunk, stop)
        finally:
            self.floor.playing.clear()
        self.clock.audio_took(played, time.monotonic() - before, self.engines.audio_out.realtime)
        if chunk.text:  # when each sentence was heard: the replay highlights the interviewer's words with it
            heard = clip_to_heard(chunk.text, played / chunk.duration if chunk.duration else 1.0)
            turn.sentences.append([round(at_ms, 1), round(at_ms + played * 1000, 1), heard])
        return played

    def _went_on(self, turn: TurnRecord, onset_ms: float | None) -> bool:
        """Did a barge-in come from a candidate still answering: right after an answer that ended at
        a silence, within the first moments of the interviewer's next line?"""
        previous = self.log.last_candidate()
        return candidate_went_on(
            onset_ms,
            turn.first_audio_ms,
            follows_answer=previous is not None and previous.index == turn.index - 1,
            answer_ended_at_silence=self.floor.open_answer is not None,
        )

    def _barge_in_possible(self, command: Speak) -> bool:
        # A microphone read faster than it is spoken cannot overlap the interviewer's voice.
        return self.engines.audio_in.realtime and can_talk_over(command.kind, self.settings.barge_in)

    def _monitor_barge_in(self, turn: TurnRecord) -> "BargeInMonitor":
        held = self.floor.hold()
        # A live microphone stays open after an answer: the monitor listens on, with the last second heard.
        # A file per answer opens the next one instead.
        open_mic = self.floor.listening_on and self.engines.audio_in.continuous
        after = self.floor.take_after()
        if after is not None:
            heard = after.stop()
            since = self.clock.now_ms() - 1000 * BargeInMonitor.KEEP_S if open_mic else float("inf")
            previous = self.log.last_candidate()
            if previous is not None:  # what is not handed on is still recorded
                self.sink.record_heard([(t, b) for t, b in heard if t < since], previous)
            held.extend((t, b) for t, b in heard if t >= since)
        monitor = BargeInMonitor(
            self.engines.audio_in,
            self.engines.vad,
            self.floor.stop_playback,
            self.settings.barge_in_speech_ms,
            held,
            self._cancel,
            self.clock.now_ms,
        )
        monitor.start(open_mic=open_mic)
        self.floor.watching()
        return monitor

    def _ack_chunks(self, text: str, style: VoiceStyle) -> list[AudioChunk]:
        """An acknowledgement's audio, voiced once: it must sound the moment an answer ends."""
        key = (text, style)
        if key not in self._ack_audio:
            self._ack_audio[key] = list(self.engines.tts.synthesize(text, style))
        return self._ack_audio[key]

    def _lead_in_chunks(self, text: str, style: VoiceStyle) -> list[AudioChunk]:
        """A lead-in's audio: the one voiced ahead if it is this one, else voiced now."""
        ahead = self._lead_in_audio
        if ahead is not None and ahead[0] == (text, style):
            return ahead[1]
        chunks = list(self.engines.tts.synthesize(text, style))
        self._lead_in_audio = ((text, style), chunks)
        return chunks

    def prepare_lead_in(self, command: WriteFollowUp) -> None:
        """At a pause that sounds like the end: voice the lead-in the follow-up would start with."""
        if command.lead_in and self.settings.acknowledge:
            start_thread("ack-ahead", self._lead_in_chunks, command.lead_in, voice_style(command.persona), native=True)

    def prepare_ack(self) -> None:
        """While the candidate answers: voice the acknowledgement the next follow-up would start with."""
        context = self.interview.read_ahead()
        if self.settings.acknowledge and context is not None:
            text, style = acknowledgement(self._acks), voice_style(context[0])
            if (text, style) not in self._ack_audio:
                start_thread("ack-ahead", self._ack_chunks, text, style, native=True)

    def acknowledge(
        self, command: WriteFollowUp, stop: threading.Event, lead_in: str | None = None
    ) -> tuple[threading.Thread, float]:
        """Play a short acknowledgement, or the lead-in (the candidate's claim said back), while the
        model words the follow-up (stop: the candidate went on). Returns the player and the session
        ms its audio ends at if it plays through."""
        turn = self._pending(command)
        style = voice_style(command.persona)
        if lead_in:
            turn.ack_text = lead_in
            chunks = self._lead_in_chunks(lead_in, style)
        else:
            turn.ack_text = acknowledgement(self._acks)
            self._acks += 1
            chunks = self._ack_chunks(turn.ack_text, style)
        ends_ms = self.clock.now_ms() + 1000 * sum(chunk.duration for chunk in chunks)

        def play() -> None:
            for chunk in chunks:
                if turn.ack_audio_ms is None:
                    turn.ack_audio_ms = self.clock.now_ms()
                if stop.is_set() or self._cancel.is_set():
                    break
                if chunk.text:
                    self.emit(Caption(chunk.text, turn.persona, turn.role))
                try:
                    self._play(turn, chunk, self.clock.now_ms(), stop)
                except RecordingError:  # the recorder stops the session at the runner's next step
                    break

        return start_thread("acknowledgement", play, native=True), ends_ms

    def _pending(self, command: WriteFollowUp) -> TurnRecord:
        # The follow-up's TurnRecord exists from the moment the answer ends, so the
        # acknowledgement, the ready time and the source are stored with the turn that speaks it.
        if self._pending_follow_up is None:
            self._pending_follow_up = TurnRecord(
                len(self.log.turns),
                "interviewer",
                TurnKind.FOLLOW_UP,
                question_id=command.question.id,
                started_ms=self.clock.now_ms(),
                persona=command.persona.name,
                role=command.persona.role,
            )
        return self._pending_follow_up

    def drop_pending(self) -> None:
        """The candidate went on: the follow-up prepared for the answer is never spoken (its
        acknowledgement may have been)."""
        self._pending_follow_up = None

    def begin_follow_up(self, command: WriteFollowUp) -> FollowUpByDeadline:
        """The model words the follow-up from now on: the wording begun at the pause if it was for
        this answer (with the lead-in it was begun with), else a new one."""
        self.emit(StatusChanged("Interviewer thinking"))
        return self.ahead.early.take(command) or FollowUpByDeadline(
            self.engines.llm,
            self.prompts,
            command,
            timeout_s=self.settings.follow_up_timeout_s,
            max_tokens=self.settings.follow_up_max_tokens,
        )

    def write_follow_up(
        self,
        command: WriteFollowUp,
        wording: FollowUpByDeadline,
        lead_in_ends_ms: float | None = None,
        ack_ends_ms: float | None = None,
    ) -> str | None:
        """The follow-up's words: the model's, or the curated probe once the deadline counted from
        the end of speech has passed (or AFTER_LEAD_IN_MS after the lead-in's end, if that is
        later). ack_ends_ms: when the acknowledgement or lead-in playing now ends (the question
        worded before then is voiced meanwhile). None if the candidate went on meanwhile."""
        answer = self.log.last_candidate()
        deadline_ms = (
            answer.speech_end_ms if answer is not None and answer.speech_end_ms is not None else self.clock.now_ms()
        ) + 1000 * self.settings.follow_up_deadline_s
        if lead_in_ends_ms is not None:
            deadline_ms = max(deadline_ms, lead_in_ends_ms + AFTER_LEAD_IN_MS)
        resumed = self.floor.resumption()
        acknowledged = self._pending_follow_up is not None and self._pending_follow_up.ack_text is not None
        worded = wording.wait(
            self.clock.now_ms,
            deadline_ms,
            lambda: resumed.is_set() or self._cancel.is_set(),
            (PREPARE_PROBE_MS, lambda: self.ahead.speech.prepare(command.fallback, voice_style(command.persona))),
            grace_ms=ON_COURSE_GRACE_MS if acknowledged else 0.0,
        )
        if wording.worker not in self.ahead.wording:
            self.ahead.wording.append(wording.worker)
        if worded is None:
            return None  # the candidate has the floor again (or the session was cancelled)
        if ack_ends_ms is not None and self.clock.now_ms() < ack_ends_ms:
            # the acknowledgement or lead-in is still playing: the question is voiced meanwhile, to follow it at once
            self.ahead.speech.prepare(worded.text, voice_style(command.persona))
        turn = self._pending(command)
        turn.follow_up_ready_ms = self.clock.now_ms()
        turn.follow_up_source, turn.model_output, turn.fallback_reason = worded.source, worded.raw, worded.rejected
        return worded.text
