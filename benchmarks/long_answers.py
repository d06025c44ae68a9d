"""Long answers heard to their last word: human recordings joined into 15-30 s answers. Prints tables, asserts nothing.

    .venv/bin/python benchmarks/long_answers.py [--model whisper-tiny.en] [--isa GENERIC,AVX2,AVX512] [--runs 3]

A candidate's answer is often 15-30 s in one Whisper window; Whisper can end such a
window early and drop the last clause. Each answer here is made of real human
sentences (benchmarks/human_speech.py) with 0.4-0.7 s pauses between them. For every
instruction set CTranslate2 may pick on this CPU (each in its own process, as the
choice is made at start-up), it counts the answers whose last sentence was lost, and
the word error rate, for plain faster-whisper (its defaults: beam 5, no VAD, the
whole window) and for the app's adapter as the live pass and the kept transcript use it.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from human_speech import human_clips  # noqa: E402
from wer_text import edit_distance, normalise  # noqa: E402

GAPS_S = (0.4, 0.7, 0.5, 0.6, 0.45)


def long_answers() -> dict[str, tuple[np.ndarray, str, str]]:
    """name -> (audio, reference, the reference's last sentence)."""
    clips = {c.name: c for c in human_clips()}
    groups = {
        "librivox 1-5": [f"librivox-{n}" for n in ("0870", "0880", "0890", "0920", "0930")],
        "librivox 5-1": [f"librivox-{n}" for n in ("0930", "0920", "0890", "0880", "0870")],
        "cards 1-5": [f"cards-{n}" for n in ("001", "002", "003", "004", "005")],
        "mixed": ["librivox-0880", "cards-002", "librivox-0920", "cards-004", "forever"],
        "mixed, fast 1.25x": ["librivox-0870", "cards-003", "librivox-0930", "cards-005", "goforward"],
    }
    answers = {}
    for name, members in groups.items():
        parts: list[np.ndarray] = []
        for i, member in enumerate(members):
            parts += [clips[member].audio, np.zeros(int(GAPS_S[i % len(GAPS_S)] * 16_000), np.float32)]
        audio = np.concatenate(parts)
        if "fast" in name:  # faster talk by resampling the time axis (pitch rises too; a stress case)
            audio = np.interp(np.arange(0, audio.size, 1.25), np.arange(audio.size), audio).astype(np.float32)
        reference = " ".join(clips[m].text for m in members)
        answers[name] = (audio, reference, clips[members[-1]].text)
    return answers


def lost_ending(hypothesis: list[str], last_sentence: str) -> bool:
    """The last sentence counts as heard when most of its words are among the last words."""
    last = normalise(last_sentence)
    tail = set(hypothesis[-(len(last) + 4) :])
    return sum(w in tail for w in last) < 0.6 * len(last)


def child(model: str, runs: int) -> dict:
    from faster_whisper import WhisperModel

    from interview_voice.engines import stt_whisper
    from interview_voice.paths import default_paths

    model_dir = default_paths().models_dir / "stt" / model
    plain = WhisperModel(str(model_dir), device="cpu", compute_type="int8", cpu_threads=2, local_files_only=True)
    stt = stt_whisper.WhisperSpeechToText(model_dir, threads=2)
    settings = {
        "plain faster-whisper": lambda a: " ".join(s.text for s in plain.transcribe(a, language="en")[0]),
        "app live pass (quick)": lambda a: " ".join(s.text for s in stt.transcribe(a, quick=True)),
        "app kept transcript": lambda a: " ".join(s.text for s in stt.transcribe(a)),
    }
    rows = {}
    answers = long_answers()
    for label, run in settings.items():
        lost = errors = words = 0
        for _ in range(runs):
            for audio, reference, last in answers.values():
                hyp = normalise(run(audio))
                ref = normalise(reference)
                lost += lost_ending(hyp, last)
                errors += edit_distance(ref, hyp)
                words += len(ref)
        rows[label] = {"lost": lost, "answers": runs * len(answers), "wer": errors / words}
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="whisper-tiny.en")
    parser.add_argument("--isa", default="")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.model, args.runs)))
        return
    flags = set(Path("/proc/cpuinfo").read_text().split())
    isas = (
        args.isa.split(",")
        if args.isa
        else ["GENERIC"] + [isa for isa, flag in (("AVX2", "avx2"), ("AVX512", "avx512f")) if flag in flags]
    )
    seconds = {name: round(a.size / 16_000, 1) for name, (a, _r, _l) in long_answers().items()}
    print(f"{args.model}: {len(seconds)} long answers of human speech, {seconds} s, {args.runs} runs each")
    print(f"  {'instruction set':<10} {'setting':<24} {'last sentence lost':>20} {'WER':>7}")
    for isa in isas:
        done = subprocess.run(
            [sys.executable, __file__, "--child", "--model", args.model, "--runs", str(args.runs)],
            capture_output=True,
            text=True,
            env={**os.environ, "CT2_FORCE_CPU_ISA": isa},
        )
        if done.returncode:
            print(f"  {isa:<10} failed: {done.stderr.strip().splitlines()[-1:]}")
            continue
        for label, row in json.loads(done.stdout.strip().splitlines()[-1]).items():
            print(f"  {isa:<10} {label:<24} {row['lost']:>12} of {row['answers']:<5} {100 * row['wer']:>6.1f}%")


if __name__ == "__main__":
    main()
