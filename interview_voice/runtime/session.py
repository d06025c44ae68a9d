"""Runs one interview: performs core's commands with the engines, measures every turn."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Protocol

import numpy as np

from interview_voice.core.endpointing import Endpointer, EndpointSettings, EndReason
from interview_voice.core.followup import PromptTemplates, read_ahead_messages
from interview_voice.core.interview import Command, End, Interview, Listen, Speak, TurnKind, WriteFollowUp
from interview_voice.core.panel import CutIn
from interview_voice.core.signals import AnswerSignals
from interview_voice.core.turn_end import Completion, judge_pause
from interview_voice.core.types import AudioChunk, Transcript, VoiceStyle
from interview_voice.engines.base import (
    AudioDeviceError,
    AudioInput,
    AudioOutput,
    EngineError,
    LanguageModel,
    SpeechToText,
    TextToSpeech,
    VoiceActivity,
)
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
)
from interview_voice.runtime.after_answer import AfterAnswer
from interview_voice.runtime.barge_in import BargeInMonitor, clip_to_heard
from interview_voice.runtime.follow_up import FollowUpByDeadline
from interview_voice.runtime.live_transcript import LiveTranscriber, follow_pauses
from interview_voice.runtime.overlap import OverlapTranscriber
from interview_voice.runtime.priority import run_in_background
from interview_voice.runtime.refine import Refined, TranscriptRefiner
from interview_voice.runtime.speak_ahead import SpeechAhead

log = logging.getLogger(__name__)


@dataclass
class Engines:
    stt: SpeechToText
    tts: TextToSpeech
    llm: LanguageModel
    vad: VoiceActivity
    audio_in: AudioInput
    audio_out: AudioOutput
    stt_live: SpeechToText | None = None  # a faster model for turn-taking; stt then refines what is kept

    @property
    def live_stt(self) -> SpeechToText:
        return self.stt_live or self.stt

    @property
    def refines(self) -> bool:
        return self.stt_live is not None and self.stt_live is not self.stt


ACKNOWLEDGEMENTS = ("Okay.", "Right.", "I see.", "Thanks.")


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


INTERJECT_PAUSE_MS = 700  # a pause this long in a presentation is where a panelist may jump in
YIELD_WITHIN_MS = 1500  # headset: speech this soon into the line after an answer continues that answer
FILE_PAUSE_WAIT_S = 5.0  # longest wait, on a file, for the words up to a pause
PREPARE_PROBE_MS = 800  # the curated probe is voiced this long before the wording deadline
SPEECH_PAD_S = 0.3  # audio kept after the last speech frame: Whisper invents words in long silence


def _style(persona) -> VoiceStyle:
    return VoiceStyle(persona.voice, persona.rate, persona.pitch, persona.volume)


def signals_record(signals: AnswerSignals | None) -> dict | None:
    """What the code concluded about an answer, kept with the turn for feedback."""
    if signals is None:
        return None
    return {"words": signals.words, "coverage": [round(c, 2) for c in signals.coverage],
            "on_topic": round(signals.on_topic, 2), "short": signals.short, "evasive": signals.evasive,
            "off_topic": signals.off_topic, "injection": signals.injection}


class Recorder(Protocol):
    """Keeps the session as it happens (storage implements it); may raise on a full disk."""

    def interviewer_audio(self, at_ms: float, chunk: AudioChunk, turn: TurnRecord) -> None: ...

    def candidate_audio(self, at_ms: float, block: np.ndarray, turn: TurnRecord) -> None: ...

    def on_event(self, event: SessionEvent) -> None: ...


class SessionRunner:
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
        self.candidate_audio: list[np.ndarray] = []
        self._cancel = threading.Event()
        self._answer_done = threading.Event()
        self._t0 = 0.0
        self._skew_s = 0.0
        self._pending_follow_up: TurnRecord | None = None
        self._cut_in: CutIn | None = None
        self._acks = 0
        self._stop_playback = threading.Event()   # set by cancel() or by a barge-in
        self._preroll: list[tuple[float, np.ndarray]] = []  # (session ms, audio) heard while the interviewer spoke
        self._mic_open = False
        self._after: AfterAnswer | None = None   # listening on after the last answer
        self._checkpoint: dict | None = None     # the interview as it was when that answer ended
        self._last_listen: Listen | None = None
        self._playing = threading.Event()        # the interviewer's voice is in the room
        self._spoke_until_ms: float | None = None  # when the interviewer's last line ended
        self._yield_onset_ms: float | None = None  # when a candidate still answering spoke over the interviewer
        self._wording: list[threading.Thread] = []
        # follow-ups given up on: stopped at their next word
        self._ack_audio: dict[tuple[str, VoiceStyle], list[AudioChunk]] = {}
        self._pause_judged: float | None = None  # the pause a panel last considered jumping in at
        self._reading_ahead = threading.Lock()
        self._read_ahead_threads: list[threading.Thread] = []
        self._read_ahead_closed = False  # set when the session ends: the model may be closed next
        self._read_ahead_guard = threading.Lock()
        self._refiner = TranscriptRefiner(engines.stt) if engines.refines else None
        self.speech_ahead = SpeechAhead(engines.tts)
        self.events: list[dict] = []  # cut-ins, and later barge-ins: stored with the session

    def emit(self, event: SessionEvent) -> None:
        """The recorder sees every event first, so nothing shown is unsaved."""
        if self.recorder is not None and not isinstance(event, LevelMeasured):
            self.recorder.on_event(event)
        self._listener(event)

    def _event(self, type_: str, **data) -> None:
        """Something worth keeping with the session: cut-ins, endpointing decisions, errors."""
        self.events.append({"type": type_, "at_ms": round(self._now_ms(), 1), **data})
        self.emit(EventRecorded(self.events[-1]))

    # controls, callable from any thread -----------------------------------
    def finish_answer(self) -> None:
        """The candidate says they are done ("I'm done" button or key)."""
        self._answer_done.set()

    def cancel(self) -> None:
        self._cancel.set()
        self._stop_playback.set()

    @property
    def elapsed_s(self) -> float:
        return self._now_ms() / 1000 if self._t0 else 0.0

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    # the loop ----------------------------------------------------------------
    def _now_ms(self) -> float:
        """Session time as heard: wall time, plus the audio that file-backed devices skip through."""
        return (time.monotonic() - self._t0 + self._skew_s) * 1000.0

    def _audio_took(self, audio_s: float, wall_s: float, device) -> None:
        # Sound cards take real time to play or record; files do not, unless paced.
        if not getattr(device, "realtime", True) and audio_s > wall_s:
            self._skew_s += audio_s - wall_s

    def run(self) -> list[TurnRecord]:
        self._t0 = time.monotonic()
        try:
            command = self.interview.start()
            while not isinstance(command, End) and not self._cancel.is_set():
                self._apply_refinements()
                if isinstance(command, Speak):
                    if self._after is not None and self._after.close_window():
                        command = self._resume_answer()  # they went on before the interviewer spoke
                        continue
                    if not self._speak(command):
                        heard, self._preroll = self._preroll, []
                        command = self._resume_answer(heard, self._yield_onset_ms)
                        continue
                    command = self.interview.on_spoken()
                elif isinstance(command, Listen):
                    self._last_listen = command
                    command = self._answered(self._listen(command))
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
            for worker in self._wording:  # the model must be idle before the caller closes it
                worker.join(timeout=30)
            if self._after is not None:
                self._after.stop()
            self.engines.audio_in.stop()
            self._end_reading_ahead()
        if self._refiner is not None:
            if self._cancel.is_set():  # ended early: keep what is refined, do not make the user wait
                self._apply_refinements()
            else:
                self.emit(StatusChanged("Finishing the transcript"))
                self._apply_refinements(self._refiner.drain())
        self.emit(SessionFinished(self.turns))
        return self.turns

    def _apply_refinements(self, done: list[Refined] | None = None) -> None:
        """Keep the accurate model's words for answers it has finished (on the runner's thread)."""
        if self._refiner is None:
            return
        for refined in self._refiner.results() if done is None else done:
            turn = refined.turn
            if refined.transcript.text != turn.text:
                turn.live_text = turn.text
            turn.text, turn.words = refined.transcript.text, refined.transcript.words
            turn.refine_ms = refined.seconds * 1000
            self.emit(TranscriptRefined(turn))

    def _answered(self, answer: TurnRecord) -> Command:
        """What the interview does after an answer; keeps listening, in case it was only a pause."""
        self._checkpoint = None
        if answer.end_reason == EndReason.SILENCE.value and self.settings.listen_on:
            self._checkpoint = self.interview.checkpoint()
            output_heard = not self.settings.barge_in and getattr(self.engines.audio_out, "audible", True)
            self._after = AfterAnswer(self.engines.audio_in, self.engines.vad, self._now_ms, answer.ended_ms,
                                      paced=not getattr(self.engines.audio_in, "realtime", True),
                                      echo=self._playing.is_set if output_heard else lambda: False)
            self._after.start()
        if self._cut_in is not None:
            cut_in, self._cut_in = self._cut_in, None
            command = self.interview.on_cut_in(cut_in, answer.text)
        else:
            command = self.interview.on_answer(answer.text, elapsed_s=self._now_ms() / 1000)
        answer.signals = signals_record(self.interview.last_signals)
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
        self.interview.rewind(self._checkpoint)
        self._checkpoint = None
        self._pending_follow_up = None  # never spoken (an acknowledgement may have been)
        turn = self._last_candidate()
        assert turn is not None
        turn.resumed += 1
        self._event("resumed", turn=turn.index, after_ms=round((onset_ms or 0) - (turn.speech_end_ms or 0)))
        return self._answered(self._listen(self._last_listen, resume=turn, heard=heard))

    def _last_candidate(self) -> TurnRecord | None:
        for turn in reversed(self.turns):
            if turn.speaker == "candidate":
                return turn
        return None

    def _speak(self, command: Speak) -> bool:
        """Say a line; False if the interviewer yielded to a candidate who was still answering."""
        turn, self._pending_follow_up = self._pending_follow_up, None
        if turn is None or command.kind is not TurnKind.FOLLOW_UP:
            turn = TurnRecord(0, "interviewer", command.kind.value, question_id=command.question_id,
                              started_ms=self._now_ms())
        turn.index = len(self.turns)
        turn.text = command.text
        turn.persona = command.persona.name
        turn.role = command.persona.role
        if turn.follow_up_source is None and command.kind in (TurnKind.FOLLOW_UP, TurnKind.REDIRECT, TurnKind.CUT_IN,
                                                              TurnKind.INTERJECTION):
            turn.follow_up_source = command.source
        self.turns.append(turn)
        self.emit(TurnStarted(turn))
        self.emit(StatusChanged("Interviewer speaking"))
        previous = self._last_candidate()
        monitor = self._monitor_barge_in(turn) if self._barge_in_possible(command) else None
        heard: list[str] = []
        for chunk in self.speech_ahead.synthesize(command.text, _style(command.persona)):
            if self._stop_playback.is_set():
                break
            if self.recorder is not None:
                self.recorder.interviewer_audio(self._now_ms(), chunk, turn)
            if turn.first_audio_ms is None:
                turn.first_audio_ms = self._now_ms()
                self._read_ahead()  # while the candidate listens: the next follow-up's prompt, cold
                if previous is not None and previous.speech_end_ms is not None and \
                        previous.index == turn.index - 1:
                    turn.latency_ms = turn.first_audio_ms - previous.speech_end_ms
                    turn.latency_any_ms = min(turn.first_audio_ms, turn.ack_audio_ms or turn.first_audio_ms) \
                        - previous.speech_end_ms
            if self._refiner is not None:  # from the first sound on: it must not delay that sound
                self._refiner.interviewer_speaking(True)
            before = time.monotonic()
            self._playing.set()
            try:
                played = self.engines.audio_out.play(chunk, self._stop_playback)
            finally:
                self._playing.clear()
            self._audio_took(played, time.monotonic() - before, self.engines.audio_out)
            heard.append(clip_to_heard(chunk.text, played / chunk.duration if chunk.duration else 1.0))
            if self._stop_playback.is_set():
                break  # before synthesising another sentence
        if self._refiner is not None:
            self._refiner.interviewer_speaking(False)
        if monitor is not None:
            barged = monitor.finish()
            if barged is not None:
                turn.text = " ".join(h for h in heard if h)
                turn.end_reason = "barge_in"
                if self._went_on(turn, monitor.onset_ms):
                    # the candidate was still answering: the line stops, the answer goes on
                    turn.end_reason, self._yield_onset_ms = "yielded", monitor.onset_ms
                self._event("barge_in", turn=turn.index, stop_ms=round(barged, 1), heard=turn.text,
                            yielded=turn.end_reason == "yielded")
        turn.ended_ms = self._spoke_until_ms = self._now_ms()
        self.emit(TurnFinished(turn))
        return turn.end_reason != "yielded"

    def _went_on(self, turn: TurnRecord, onset_ms: float | None) -> bool:
        """Did a barge-in come from a candidate still answering: right after an answer that ended at
        a silence, within the first moments of the interviewer's next line?"""
        previous = self._last_candidate()
        return (self._checkpoint is not None and onset_ms is not None and turn.first_audio_ms is not None
                and previous is not None and previous.index == turn.index - 1
                and onset_ms - turn.first_audio_ms <= YIELD_WITHIN_MS)

    def _barge_in_possible(self, command: Speak) -> bool:
        # Only in headset mode, on a live (or paced) microphone, when the candidate answers next.
        return (self.settings.barge_in and getattr(self.engines.audio_in, "realtime", True)
                and command.kind in (TurnKind.QUESTION, TurnKind.PHASE, TurnKind.FOLLOW_UP, TurnKind.REDIRECT,
                                     TurnKind.INTERJECTION))

    def _monitor_barge_in(self, turn: TurnRecord) -> "BargeInMonitor":
        self._preroll = []
        # A live microphone stays open after an answer: the monitor listens on, with the last second heard.
        # A file per answer opens the next one instead.
        open_mic = self._after is not None and getattr(self.engines.audio_in, "continuous", True)
        if self._after is not None:
            heard, self._after = self._after.stop(), None
            if open_mic:
                self._preroll.extend((t, b) for t, b in heard if t >= self._now_ms() - 1000 * BargeInMonitor.KEEP_S)
        monitor = BargeInMonitor(self.engines.audio_in, self.engines.vad, self._stop_playback,
                                 self.settings.barge_in_speech_ms, self._preroll, self._cancel, self._now_ms)
        monitor.start(open_mic=open_mic)
        self._mic_open = True
        return monitor

    def _listen(self, command: Listen, resume: TurnRecord | None = None,
                heard: Sequence[tuple[float, np.ndarray]] = ()) -> TurnRecord:
        """Listen to an answer; resume: an answer that goes on, with what was heard since it seemed to end."""
        engines = self.engines
        if resume is None:
            turn = TurnRecord(len(self.turns), "candidate", "answer", question_id=command.question_id,
                              started_ms=self._now_ms())
            self.turns.append(turn)
            self.emit(TurnStarted(turn))
        else:
            turn = resume
            turn.ended_ms, turn.end_reason = 0.0, None  # in progress again: the window shows the words live
            self.emit(TurnStarted(turn))
        self.emit(StatusChanged("Listening: answer aloud, then pause or press “I'm done”"))
        frame = engines.vad.frame_samples
        frame_ms = 1000.0 * frame / engines.audio_in.sample_rate
        endpointing = self.settings.endpointing
        if command.holds_floor:  # presenting: pausing between points is not the end
            endpointing = replace(endpointing, finished_silence_ms=max(endpointing.finished_silence_ms, 2500),
                                  end_silence_ms=max(endpointing.end_silence_ms, 3000),
                                  thinking_grace_ms=max(endpointing.thinking_grace_ms, 4000),
                                  more_coming_ms=max(endpointing.more_coming_ms, 5000))
        endpointer = Endpointer(endpointing, frame_ms=frame_ms,
                                max_turn_s=command.time_budget_s * 2)

        asked = next((t for t in reversed(self.turns) if t.speaker == "interviewer"), None)
        first_answer = asked is None or asked.kind == TurnKind.QUESTION.value
        judged: dict[str, Completion] = {}
        realtime = getattr(engines.audio_in, "realtime", True)

        def finished_hint() -> Completion | None:
            if endpointer.speech_end_ms is None:
                return None
            text = live.pause_text(endpointer.speech_end_ms / 1000)
            waited = time.monotonic()
            while text is None and not realtime and time.monotonic() - waited < FILE_PAUSE_WAIT_S:
                # a file is read faster than it plays: give the words the time the silence would have
                time.sleep(0.01)
                text = live.pause_text(endpointer.speech_end_ms / 1000)
            if text is None:
                return None
            if text not in judged:
                judged[text] = judge_pause(text, first_turn_of_question=first_answer,
                                           asked=asked.text if asked is not None else "")
                log.debug("after %.0f ms of silence the words %r sound %s", endpointer.silence_ms, text[-60:],
                          judged[text].value)
            return judged[text]

        endpointer.finished_hint = finished_hint
        engines.vad.reset()
        self._answer_done.clear()
        self._read_ahead()
        upcoming = self.interview.upcoming_line()
        if upcoming is not None:
            self.speech_ahead.prepare(upcoming[0], _style(upcoming[1]))
        self._prepare_ack()
        blocks: list[np.ndarray] = []
        pending = np.zeros(0, np.float32)
        listening = threading.Event()
        listening.set()
        live = LiveTranscriber(engines.live_stt, engines.audio_in.sample_rate,
                               on_partial=lambda text: self._partial(turn, text),
                               on_stable=self._read_ahead,
                               on_pause=lambda text: self._read_ahead(text, at_pause=listening.is_set))
        preroll, self._preroll = self._preroll, []
        self._stop_playback.clear()
        recorded: set[int] = set()  # replayed blocks the recorder already has
        overlap: OverlapTranscriber | None = None
        if resume is not None:  # the answer so far, then what was heard after it
            so_far = self.candidate_audio.pop() if self.candidate_audio else np.zeros(0, np.float32)
            preroll = [(turn.started_ms, so_far), *heard]
            recorded.add(id(so_far))
        elif self._after is not None:  # listening on since the last answer, through the interviewer's line
            after, self._after = self._after, None
            heard_all, spoke_until = after.stop(), self._spoke_until_ms or self._now_ms()
            overlap = OverlapTranscriber.start(engines.live_stt, engines.vad, engines.audio_in.sample_rate,
                                               [(t, b) for t, b in heard_all if t < spoke_until], turn.started_ms,
                                               said=self._said_since_answer())
            preroll = [(t, b) for t, b in heard_all if t >= spoke_until] + preroll
            if not getattr(engines.audio_in, "continuous", True):
                engines.audio_in.start()  # a file per answer: this answer's file starts now
        elif not self._mic_open:
            engines.audio_in.start()
        self._mic_open = False
        lost: AudioDeviceError | None = None
        try:
            reason = None
            while reason is None:
                if self._cancel.is_set():
                    reason = EndReason.CANCELLED
                    break
                if self._answer_done.is_set():
                    reason = EndReason.USER
                    break
                before = time.monotonic()
                heard_at: float | None
                block: np.ndarray | None
                if preroll:
                    heard_at, block = preroll.pop(0)
                    endpointer.hold = resume is not None and bool(preroll)  # up to the newest audio heard
                else:
                    try:
                        heard_at, block = None, engines.audio_in.read(timeout=0.5)
                    except AudioDeviceError as exc:  # unplugged: keep and transcribe what was heard
                        lost, reason = exc, EndReason.DEVICE_LOST
                        break
                if block is None:
                    continue
                if heard_at is None:
                    self._audio_took(block.size / engines.audio_in.sample_rate, time.monotonic() - before,
                                     engines.audio_in)
                blocks.append(block)
                live.push(block)
                if self.recorder is not None and id(block) not in recorded:
                    at = heard_at if heard_at is not None else \
                        self._now_ms() - 1000 * block.size / engines.audio_in.sample_rate
                    self.recorder.candidate_audio(at, block, turn)
                pending = np.concatenate([pending, block])
                while pending.size >= frame and reason is None:
                    piece, pending = pending[:frame], pending[frame:]
                    was_speech_end, was_silence = endpointer.speech_end_ms, endpointer.silence_ms
                    reason = endpointer.feed(engines.vad.speech_probability(piece))
                    follow_pauses(live, endpointer.speech_end_ms, was_silence, endpointer.silence_ms, frame_ms)
                    if reason is None and endpointer.speech_start_ms is not None:
                        self._cut_in = self._interruption(turn, endpointer, live)
                        reason = EndReason.CUT_IN if self._cut_in is not None else None
                    if endpointer.speech_start_ms is not None and turn.speech_start_ms is None:
                        turn.speech_start_ms = self._now_ms()
                    if endpointer.speech_end_ms != was_speech_end:
                        turn.speech_end_ms = self._now_ms()  # wall time of the latest speech frame
                    self.emit(LevelMeasured(min(1.0, float(np.sqrt(np.mean(piece ** 2))) * 4), endpointer.speaking))
        finally:
            listening.clear()  # a read-ahead from a pause that has not started yet is no use now
            if reason is not EndReason.SILENCE or not self.settings.listen_on:
                engines.audio_in.stop()  # else it listens on, in case the candidate only paused
        self._event("endpoint", turn=turn.index, reason=reason.value if reason else None,
                    speech_s=round((endpointer.speech_end_ms or 0) / 1000
                                   - (endpointer.speech_start_ms or 0) / 1000, 2))
        audio = np.concatenate(blocks) if blocks else np.zeros(0, np.float32)
        self.candidate_audio.append(audio)
        turn.end_reason = reason.value if reason else None
        turn.ended_ms = self._now_ms()
        if turn.speech_end_ms is None:
            turn.speech_end_ms = turn.ended_ms  # "I'm done" before the VAD heard speech
        if reason is not EndReason.NO_SPEECH and reason is not EndReason.CANCELLED:
            self.emit(StatusChanged("Transcribing"))
            started = time.monotonic()
            end_s = covered_s = None
            if endpointer.speech_end_ms is not None:
                end_s = endpointer.speech_end_ms / 1000 + SPEECH_PAD_S
                covered_s = endpointer.speech_end_ms / 1000
            transcript = Transcript(live.finish(end_s, covered_s))
            turn.transcribe_ms = (time.monotonic() - started) * 1000
            turn.text = transcript.text
            turn.words = transcript.words
            if self._refiner is not None and transcript.text:
                self._refiner.add(turn, audio if end_s is None else audio[: int(end_s * engines.audio_in.sample_rate)])
        else:
            live.finish(0.0)
        if overlap is not None and (said := overlap.result()):  # spoken over the interviewer: kept, marked
            turn.overlap_text = " ".join(w.text for w in said)
            turn.words = [*said, *turn.words]
            turn.text = f"{turn.overlap_text} {turn.text}".strip()
        self.emit(TurnFinished(turn))
        if lost is not None:
            cause = str(lost).rstrip(".")
            raise AudioDeviceError(f"{cause[:1].upper()}{cause[1:]}. Your answer up to that moment is saved; check "
                                   "the microphone, then start a new interview.") from lost
        return turn

    def _interruption(self, turn: TurnRecord, endpointer: Endpointer, live: LiveTranscriber) -> CutIn | None:
        """Does the interviewer cut in now: past the answer's budget, or (a panel, during a
        presentation) at a pause after a claim worth probing?"""
        if endpointer.speech_start_ms is None or endpointer.speech_end_ms is None:
            return None  # not called before the candidate speaks; this tells the type checker so
        speaking_s = (endpointer.elapsed_ms - endpointer.speech_start_ms) / 1000
        cut_in = self.interview.check_cut_in(speaking_s)
        pause = endpointer.speech_end_ms
        if cut_in is None and endpointer.silence_ms >= INTERJECT_PAUSE_MS and pause != self._pause_judged:
            said = live.pause_text(pause / 1000)  # once the words up to this pause are known
            if said is not None:
                self._pause_judged = pause
                cut_in = self.interview.check_interjection(said, endpointer.silence_ms, speaking_s)
        if cut_in is not None:
            self._event("cut_in", reason=cut_in.reason, persona=cut_in.persona.name, turn=turn.index,
                        answer_seconds=round(speaking_s, 1))
        return cut_in

    def _partial(self, turn: TurnRecord, text: str) -> None:
        """What the candidate has said so far, shown while they speak."""
        self.emit(PartialTranscript(turn, text))

    def _read_ahead(self, answer_so_far: str = "", at_pause: Callable[[], bool] | None = None) -> None:
        """Let the model read the prompt while the candidate answers: at the start, the system
        prompt and the question; later, the stable part of the answer too (skipped while a
        previous read-ahead still runs). at_pause: everything said up to a pause, read while
        the silence lasts (the follow-up may start from it in a moment); it waits its turn
        behind a running read-ahead, and is dropped if at_pause() is False by then."""
        prefill = getattr(self.engines.llm, "prefill", None)
        context = self.interview.read_ahead(answer_so_far)
        if not (self.settings.read_ahead and prefill and context):
            return
        if answer_so_far and at_pause is None and self._reading_ahead.locked():
            return
        messages = read_ahead_messages(self.prompts, *context, answer_so_far)

        def work() -> None:
            if at_pause is None:
                run_in_background()  # it only saves time later: the conversation and the window come first
            with self._reading_ahead:
                if at_pause is not None and not at_pause():
                    return
                started = time.monotonic()
                prefill(messages)
                log.debug("read ahead %d characters of the answer%s in %.2f s", len(answer_so_far),
                          " at a pause" if at_pause else "", time.monotonic() - started)

        with self._read_ahead_guard:  # callers run on several threads
            if self._read_ahead_closed:
                return
            self._read_ahead_threads = [t for t in self._read_ahead_threads if t.is_alive()]
            thread = threading.Thread(target=work, name="read-ahead", daemon=True)
            self._read_ahead_threads.append(thread)
            thread.start()

    def _end_reading_ahead(self) -> None:
        """No read-ahead starts from now on, and the running ones finish: whoever owns the
        model may close it as soon as run() returns."""
        with self._read_ahead_guard:
            self._read_ahead_closed = True
            running = list(self._read_ahead_threads)
        for thread in running:
            thread.join()

    def _pending(self, command: WriteFollowUp) -> TurnRecord:
        # The follow-up's TurnRecord exists from the moment the answer ends, so the
        # acknowledgement, the ready time and the source are stored with the turn that speaks it.
        if self._pending_follow_up is None:
            self._pending_follow_up = TurnRecord(len(self.turns), "interviewer", TurnKind.FOLLOW_UP.value,
                                                 question_id=command.question.id, started_ms=self._now_ms(),
                                                 persona=command.persona.name, role=command.persona.role)
        return self._pending_follow_up

    def _said_since_answer(self) -> str:
        """What the interviewer said since the last answer (acknowledgement included)."""
        said: list[str] = []
        for turn in reversed(self.turns):
            if turn.speaker == "candidate":
                break
            said = [turn.ack_text or "", turn.text, *said]
        return " ".join(t for t in said if t)

    def _ack_chunks(self, text: str, style: VoiceStyle) -> list[AudioChunk]:
        """An acknowledgement's audio, voiced once: it must sound the moment an answer ends."""
        key = (text, style)
        if key not in self._ack_audio:
            self._ack_audio[key] = list(self.engines.tts.synthesize(text, style))
        return self._ack_audio[key]

    def _prepare_ack(self) -> None:
        """While the candidate answers: voice the acknowledgement the next follow-up would start with."""
        context = self.interview.read_ahead()
        if self.settings.acknowledge and context is not None:
            text, style = ACKNOWLEDGEMENTS[self._acks % len(ACKNOWLEDGEMENTS)], _style(context[0])
            if (text, style) not in self._ack_audio:
                threading.Thread(target=self._ack_chunks, args=(text, style), name="ack-ahead", daemon=True).start()

    def _acknowledge(self, command: WriteFollowUp, stop: threading.Event) -> threading.Thread:
        """Play a short acknowledgement while the model words the follow-up (stop: the candidate went on)."""
        turn = self._pending(command)
        turn.ack_text = ACKNOWLEDGEMENTS[self._acks % len(ACKNOWLEDGEMENTS)]
        self._acks += 1
        chunks = self._ack_chunks(turn.ack_text, _style(command.persona))

        def play() -> None:
            for chunk in chunks:
                if turn.ack_audio_ms is None:
                    turn.ack_audio_ms = self._now_ms()
                if stop.is_set() or self._cancel.is_set():
                    break
                if self.recorder is not None:
                    try:
                        self.recorder.interviewer_audio(self._now_ms(), chunk, turn)
                    except RecordingError:  # the recorder stops the session at the runner's next step
                        break
                before = time.monotonic()
                self._playing.set()
                try:
                    played = self.engines.audio_out.play(chunk, stop)
                finally:
                    self._playing.clear()
                self._audio_took(played, time.monotonic() - before, self.engines.audio_out)

        player = threading.Thread(target=play, name="acknowledgement", daemon=True)
        player.start()
        return player

    def _write_follow_up(self, command: WriteFollowUp) -> str | None:
        """The follow-up's words: the model's, or the curated probe once the deadline counted from
        the end of speech has passed. None if the candidate went on meanwhile."""
        self.emit(StatusChanged("Interviewer thinking"))
        answer = self._last_candidate()
        deadline_ms = (answer.speech_end_ms if answer is not None and answer.speech_end_ms is not None
                       else self._now_ms()) + 1000 * self.settings.follow_up_deadline_s
        wording = FollowUpByDeadline(self.engines.llm, self.prompts, command,
                                     timeout_s=self.settings.follow_up_timeout_s,
                                     max_tokens=self.settings.follow_up_max_tokens)
        resumed = self._after.resumed if self._after is not None else threading.Event()
        worded = wording.wait(self._now_ms, deadline_ms, lambda: resumed.is_set() or self._cancel.is_set(),
                              (PREPARE_PROBE_MS, lambda: self.speech_ahead.prepare(command.fallback,
                                                                                   _style(command.persona))))
        self._wording.append(wording.worker)
        if worded is None:
            return None  # the candidate has the floor again (or the session was cancelled)
        turn = self._pending(command)
        turn.follow_up_ready_ms = self._now_ms()
        turn.follow_up_source, turn.model_output, turn.fallback_reason = worded.source, worded.raw, worded.rejected
        return worded.text
