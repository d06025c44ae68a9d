"""`interview-voice feedback WAV --question ID`: feedback on one recorded answer to a bank question."""

from __future__ import annotations

import difflib
import json
import sys
from pathlib import Path

import numpy as np

from interview_voice.app import load_stt
from interview_voice.core.bank import load_bank
from interview_voice.core.feedback import AnswerFeedback, answer_feedback
from interview_voice.core.feedback.wording import clock
from interview_voice.core.types import Transcript
from interview_voice.engines.audio_file import read_wav_mono
from interview_voice.engines.base import EngineError
from interview_voice.paths import default_paths, resource_dir
from interview_voice.runtime.fillers import detect_fillers
from interview_voice.settings import Settings

SILENCE_RMS = 0.003  # quieter than this throughout is silence (about -50 dBFS)


def _fail(message: str, code: int = 2) -> int:
    print(f"error: {message}", file=sys.stderr)
    return code


def run(args) -> int:
    paths = default_paths()
    settings = Settings.load(paths.settings_file)
    wav = Path(args.wav)
    if not wav.is_file():
        return _fail(f"no such file: {wav}")
    bank = load_bank([resource_dir("assets") / "questions", paths.data_dir / "questions"])
    question = bank.questions.get(args.question)
    if question is None:
        close = difflib.get_close_matches(args.question, list(bank.questions), n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else " (see the ids in assets/questions/*.toml)"
        return _fail(f"no question {args.question!r} in the bank{hint}")
    try:
        audio = read_wav_mono(wav)
    except EngineError as exc:
        return _fail(f"{str(exc).rstrip(': ')} (expected a WAV file: PCM 16-bit or 32-bit float)")
    if audio.size == 0 or float(np.sqrt(np.mean(np.square(audio)))) < SILENCE_RMS:
        return _fail(f"{wav} is silent: there is no answer to give feedback on", 1)
    try:
        stt = load_stt(paths, args.stt or settings.stt_model)
        transcript = Transcript(list(stt.transcribe(audio, full_window=True)))
    except EngineError as exc:
        return _fail(str(exc))
    if not transcript.words:
        return _fail(f"no speech was recognised in {wav}", 1)
    feedback = answer_feedback(
        question,
        transcript.words,
        text=transcript.text,
        extra_fillers=detect_fillers(audio, transcript.words),
        snr_db=_snr(audio),
    )
    if args.word_feedback:
        feedback = _reworded(paths, settings, args, feedback)
    if args.json:
        print(
            json.dumps(
                {
                    "file": str(wav),
                    "question": question.text,
                    "transcript": transcript.text,
                    "stt": stt.name,
                    **feedback.to_dict(),
                },
                indent=2,
                ensure_ascii=False,
            )
        )
    else:
        print(f"{question.text}\n\nYou said: {transcript.text}\n")
        print(render(feedback))
    return 0


def _snr(audio: np.ndarray) -> float | None:
    """The recording's speech-to-noise ratio (None when it cannot be measured: its figures are shown)."""
    from interview_voice.runtime.audio_quality import measure_snr, silero_vad

    try:
        return measure_snr(audio, silero_vad())
    except (EngineError, OSError, RuntimeError, ValueError) as exc:
        print(f"note: the recording's noise could not be measured ({exc})", file=sys.stderr)
        return None


def _reworded(paths, settings, args, feedback: AnswerFeedback) -> AnswerFeedback:
    """The note worded as the window and `simulate` word theirs (`Wording.notes`, one answer)."""
    from interview_voice.app import load_llm
    from interview_voice.feedback_setup import note_wording

    if args.llm:
        settings.llm_model = args.llm
    try:
        llm = load_llm(paths, settings)
    except EngineError as exc:
        print(f"note: the model could not be loaded, keeping the template wording ({exc})", file=sys.stderr)
        return feedback
    try:
        wording = note_wording(llm)
        if wording is None:
            print("note: the feedback prompt could not be read, keeping the template wording", file=sys.stderr)
            return feedback
        return wording.notes({0: feedback})[0]
    finally:
        llm.close()


def render(feedback: AnswerFeedback) -> str:
    """A short plain-text report of one answer's feedback."""
    d = feedback.to_dict()
    lines = []
    if d["went_well"]:
        lines.append(f"Went well: {d['went_well']['text']}")
    if d["work_on"]:
        lines.append(f"Work on: {d['work_on']['text']}")
    pace = (
        f"{d['wpm']:.0f} words a minute ({d['pace'].replace('_', ' ')}, usual {d['pace_band'][0]}-{d['pace_band'][1]})"
        if d["wpm"] is not None
        else "too short to measure"
    )
    noisy = d.get("too_noisy")
    if noisy:
        pace = f"too noisy to judge (speech {d['snr_db']:.0f} dB over the background)"
    lines += [
        "",
        f"Pace: {pace}; talk time {d['talk_time_s']:.0f} s of a {d['time_budget_s']} s budget",
        "Fillers: too noisy to judge"
        if noisy
        else f"Fillers: {len(d['fillers'])} ("
        + (
            f"{d['fillers_per_min']:.1f} a minute)"
            if d["fillers_per_min"] is not None
            else "too little speech for a rate)"
        )
        + (": " + ", ".join(f"{f['word']} at {clock(f['at_s'])}" for f in d["fillers"][:8]) if d["fillers"] else ""),
        f"Long pauses: {len(d['long_pauses'])}"
        + (
            "".join(
                f"; {p['seconds']:.1f} s after \"{p['after']}\" at {clock(p['at_s'])}" for p in d["long_pauses"][:5]
            )
        ),
        f"Hedges: {len(d['hedges'])}" + (": " + ", ".join(h["phrase"] for h in d["hedges"][:6]) if d["hedges"] else ""),
        "",
        "Key points:",
    ]
    mark = {"covered": "[x]", "partial": "[~]", "missed": "[ ]"}
    for r in d["rubric"]:
        lines.append(f"  {mark[r['status']]} {r['point']}" + (f"  \"{r['evidence']}\"" if r["evidence"] else ""))
    if d["star"]:
        lines.append(
            "STAR: "
            + ", ".join(f"{p} {'yes' if d['star'][p] else 'no'}" for p in ("situation", "task", "action", "result"))
            + f"; result with a number: {'yes' if d['star']['result_has_number'] else 'no'}"
            + f"; \"I\" {d['star']['i_count']}, \"we\" {d['star']['we_count']}"
        )
    specifics = d["specifics"]
    lines.append(
        f"Specifics: {len(specifics['numbers'])} number(s), technologies: "
        + (", ".join(t["name"] for t in specifics["technologies"]) or "none")
    )
    for flag in d["red_flags"]:
        lines.append(f"Red flag: {flag['flag']}" + (f"  \"{flag['evidence']}\"" if flag["evidence"] else ""))
    if d["flags"]:
        lines.append("Flags: " + ", ".join(d["flags"]))
    return "\n".join(lines)
