"""`interview-voice simulate`: a whole interview on the real engines, answers from files.

One file per candidate turn, in name order: a .wav is spoken, a .txt is typed (the runner gets it
as the window's Send would hand it over, when listening for that turn begins).
"""

from __future__ import annotations

import logging
import sys
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from interview_voice.app import load_kit, load_models, open_store, read_text_document
from interview_voice.commands.startup_reports import printed_reports
from interview_voice.core.errors import InputError
from interview_voice.core.interview import NO_TIME_FOR_FOLLOW_UP
from interview_voice.core.plan import PlanError
from interview_voice.core.userfile import read_user_text
from interview_voice.engines.audio_file import FileAudioInput, FileAudioOutput, WavStream, read_wav_mono
from interview_voice.engines.base import EngineError
from interview_voice.engines.scripted_mic import ScriptedMicrophone
from interview_voice.feedback_setup import feedback_service, note_wording
from interview_voice.paths import default_paths
from interview_voice.records import (
    EventRecorded,
    EventType,
    RecordingError,
    StatusChanged,
    TurnFinished,
    TurnStarted,
    empty_answer_text,
    is_typed,
)
from interview_voice.runtime.feedback_service import FeedbackService
from interview_voice.runtime.note_wording import Wording
from interview_voice.runtime.point_judge import model_judge
from interview_voice.runtime.report import build_report, write_report
from interview_voice.runtime.session import SessionRunner
from interview_voice.runtime.session_service import ended_by_signals
from interview_voice.settings import Settings
from interview_voice.startup import Startup, begin_recording, new_session
from interview_voice.storage.errors import StorageError

log = logging.getLogger(__name__)
ANSWER_SUFFIXES = (".wav", ".txt")


class ScriptedAnswers(FileAudioInput):
    """The answer files as a microphone: a .wav plays; a .txt is typed when its turn's listening
    starts (the "microphone" is silent for it, and the runner does not listen while it is typed)."""

    def __init__(self, files: list[Path], *, realtime: bool = False) -> None:
        self.typed = {i: _typed_answer(p) for i, p in enumerate(files) if p.suffix.lower() == ".txt"}
        super().__init__(
            [np.zeros(0, np.float32) if i in self.typed else read_wav_mono(p) for i, p in enumerate(files)],
            realtime=realtime,
        )
        self.type_answer = lambda text: None  # set to the runner's submit_typed

    def start(self) -> None:
        super().start()
        if self._turn in self.typed:
            self.type_answer(self.typed[self._turn])


def _typed_answer(path: Path) -> str:
    try:
        text = read_user_text(path).strip()
    except ValueError as exc:  # binary data
        raise InputError(str(exc)) from exc
    if not text:
        raise InputError(f"{path} is empty: write the typed answer in it (or delete it)")
    return text


def answer_files(folder: Path) -> list[Path]:
    """The answers in name order: spoken (.wav) and typed (.txt)."""
    if not folder.is_dir():
        return []
    return sorted(
        (p for p in folder.iterdir() if p.suffix.lower() in ANSWER_SUFFIXES and p.is_file()), key=lambda p: p.name
    )


def _print_event(event) -> None:
    if isinstance(event, TurnFinished) and (event.turn.text or event.turn.speaker == "candidate"):
        t = event.turn
        who = "Candidate" if t.speaker == "candidate" else "Interviewer"
        extra = f"  [latency {t.latency_ms:.0f} ms]" if t.latency_ms is not None else ""
        extra += "  [typed]" if is_typed(t.end_reason) else ""
        said = f"{t.ack_text} {t.text}" if t.ack_text else t.text or empty_answer_text(t.end_reason)
        print(f"{who}: {said}{extra}", flush=True)
        if t.overlap_text:
            print(f"  (said over the interviewer, kept at the start of this answer: {t.overlap_text})", flush=True)
    elif isinstance(event, EventRecorded) and event.data.get("type") == EventType.NO_FOLLOW_UP.value:
        print(f"  ({NO_TIME_FOR_FOLLOW_UP})", flush=True)
    elif isinstance(event, StatusChanged):
        log.info(event.text)


def _microphone(answers: list[Path], realtime: bool) -> ScriptedAnswers | ScriptedMicrophone:
    """Answer files as a microphone: in real time a person who talks to the end of each answer
    whatever the interviewer does; else one file per answer, read as fast as it is asked for."""
    if not realtime:
        return ScriptedAnswers(answers)
    for path in answers:  # each is checked now, and read again when it is said: none is held meanwhile
        if path.suffix.lower() != ".txt":
            read_wav_mono(path)
    return ScriptedMicrophone([_typed_answer(p) if p.suffix.lower() == ".txt" else p for p in answers])


def _listener(microphone: ScriptedAnswers | ScriptedMicrophone):
    """The events printed; each new answer the runner listens for cues the person's next one."""
    heard: set[int] = set()

    def emit(event) -> None:
        if (
            isinstance(microphone, ScriptedMicrophone)
            and isinstance(event, TurnStarted)
            and event.turn.speaker == "candidate"
            and event.turn.index not in heard
        ):
            heard.add(event.turn.index)
            microphone.answer_started()
        _print_event(event)

    return emit


def _write_outputs(out: Path, report: dict, runner: SessionRunner, audio_out: FileAudioOutput, rate: int) -> str | None:
    """Write the report first (smallest, most useful), then the audio; None or the error."""
    try:
        write_report(report, out / "report.json")
        audio_out.close()
        _write_answers(out / "candidate.wav", runner, rate)
    except (OSError, RecordingError) as exc:
        return getattr(exc, "strerror", None) or str(exc)
    return None


def _write_answers(path: Path, runner: SessionRunner, rate: int) -> None:
    """Every answer's audio one after the other, read back from the recording an answer at a time."""
    answers = [t for t in runner.turns if t.speaker == "candidate"]
    if not answers:
        return
    wav = WavStream(path, rate)
    try:
        for turn in answers:
            wav.write(runner.answer_audio.audio(turn.index))
    finally:
        wav.close()


def _feedback(service: FeedbackService, runner: SessionRunner, interview, wording: Wording | None = None):
    """Per-answer and session feedback on the live turns, computed as for a stored session (the feedback
    service; each answer's audio read back from the recording), notes worded as the window words a stored
    session's (`Wording.notes`) when wording is given; or None."""
    try:
        questions = {**service.questions, **{q.id: q for q in interview.questions}}
        judge = model_judge(wording.llm) if wording is not None else None
        answers, session = service.compute(
            runner.turns, runner.events, lambda turn: runner.answer_audio.audio(turn.index), questions, judge=judge
        )
        if wording is not None:  # one model budget for the report: what the key points took is not the notes'
            spent = judge.spent_s if judge is not None else 0.0
            answers = replace(wording, budget_s=max(0.0, wording.budget_s - spent)).notes(answers)
        return answers, session
    except StorageError as exc:  # a full disk: said plainly, the report is still written
        log.error("could not compute the feedback: %s", exc)
        return None
    except Exception:  # feedback must never cost the recorded session its report
        log.exception("could not compute the feedback")
        return None


def run(args) -> int:
    answers_dir, out = Path(args.answers), Path(args.out)
    answers = answer_files(answers_dir)
    if not answers:
        print(
            f"error: no answers in {answers_dir}: put one .wav (spoken) or .txt (typed) file per answer there, "
            "in name order",
            file=sys.stderr,
        )
        return 2
    paths = default_paths()
    settings = Settings.load(paths.settings_file)
    if args.stt:
        settings.stt_model = args.stt
    if args.live_stt:
        settings.live_stt_model = "" if args.live_stt == "same" else args.live_stt
    if args.llm:
        settings.llm_model = args.llm
    try:
        resume = read_text_document(Path(args.resume)) if args.resume else ""
        job = read_text_document(Path(args.job)) if args.job else ""
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        out.mkdir(parents=True, exist_ok=True)
        kit = load_kit(paths, args.plan)
        audio_in = _microphone(answers, args.realtime)
    except (EngineError, PlanError, InputError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    # start-up as the window runs it (interview_voice/startup.py), its reports printed
    ready = Startup(
        lambda: open_store(paths), lambda progress: load_models(paths, settings, progress), printed_reports()
    ).prepare()
    store, models = ready.store, ready.models
    if store is None or models is None:  # the report said why
        return 2
    audio_out = FileAudioOutput(out / "interviewer.wav", realtime=args.realtime)
    model_names = models.names()
    try:
        interview = kit.new_interview(level=args.level or settings.level, seed=args.seed, resume=resume, job=job)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    barge_in = args.barge_in and args.realtime
    session = new_session(
        models, audio_in, audio_out, kit, interview, settings, barge_in=barge_in, emit=_listener(audio_in)
    )
    audio_in.type_answer = session.runner.submit_typed
    if isinstance(audio_in, ScriptedMicrophone):
        audio_in.typed_pending = lambda: session.runner.typed.active
    service = feedback_service(store, paths, questions=kit.bank.questions)  # computes and stores the feedback
    try:
        begin_recording(session, store, kit, interview, args.level or settings.level, model_names, settings)
    except RecordingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    started = datetime.now(timezone.utc)
    runner, outcome = session.runner, None
    with ended_by_signals(session.cancel):  # Ctrl-C and SIGTERM end it as End does: the answer is kept
        try:
            outcome = session.run()
        finally:  # whatever happened (a second Ctrl-C too), keep what was recorded
            outcome = outcome or session.stopped()
            wording = note_wording(models.llm) if args.word_feedback else None
            feedback = _feedback(service, runner, interview, wording)
            models.llm.close()
            outcome = session.finish(outcome)
            report = build_report(
                runner.turns,
                plan=args.plan,
                questions=[q.id for q in interview.questions],
                events=runner.events,
                realtime=args.realtime,
                started_at=started,
                models=model_names,
                session_id=outcome.session_id,
                feedback=feedback,
            )
            written = _write_outputs(out, report, runner, audio_out, audio_in.sample_rate)
    if outcome.error is not None:
        print(f"error: {outcome.error}", file=sys.stderr)
    if written is not None:
        print(f"error: could not write the results to {out}: {written}", file=sys.stderr)
        return 1
    _store_feedback(
        service,
        outcome.session_id,
        args.plan,
        feedback,
        wording is not None,
    )
    summary = report["summary"]
    if session.recording is not None and session.recording.busy_notice:
        print(f"note: {session.recording.busy_notice}", file=sys.stderr)
    kept = "saved" if outcome.status == "completed" else "stopped early (what was recorded is kept)"
    print(
        f"\nsession {(outcome.session_id or '')[:8]} {kept}; wrote {out / 'report.json'}: {summary['turns']} turns, "
        f"{summary['follow_ups_from_model']}/"
        f"{summary['follow_ups']} follow-ups from the model, latency p50 {summary['latency_ms']['p50']} ms"
    )
    return 0 if outcome.status == "completed" else 1


def _store_feedback(service: FeedbackService, session_id: str | None, plan: str, feedback, worded: bool) -> None:
    """The feedback computed for report.json, stored with the session for `sessions report` and the window."""
    if feedback is None or session_id is None:
        return
    answers, summary = feedback
    try:
        data = service.save(session_id, plan, answers, summary, wording="model" if worded else "template")
    except RecordingError as exc:
        print(f"note: feedback not stored: {exc}", file=sys.stderr)
        return
    head = data["headline"]
    coverage = "–" if head["coverage"] is None else f"{head['coverage']:.0%}"
    delivery = (
        f"{head['wpm']:.0f} words/min, {head['fillers_per_min']:.1f} fillers/min"
        if head["wpm"] is not None and head["fillers_per_min"] is not None
        else "too little speech, or too noisy, for pace and fillers"
    )
    if head.get("typed_answers"):
        delivery = (
            "all typed (no pace or fillers)"
            if head["typed_answers"] == head["answers"]
            else f"{delivery} over the {head['answers'] - head['typed_answers']} spoken, {head['typed_answers']} typed"
        )
    print(
        f"feedback: {head['answers']} answers, key points covered {coverage}, {delivery}; "
        f"`interview-voice sessions report {session_id[:8]}` shows it"
    )
