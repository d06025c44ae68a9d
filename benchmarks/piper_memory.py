"""One Piper voice: resident memory and synthesis speed with onnxruntime's CPU memory arena kept, given
back after long sentences, given back after long sentences and at each line's end (the app's), and off.

    nice -n 10 .venv/bin/python benchmarks/piper_memory.py [--voice piper-joe-medium] [--rounds 3]
        [--modes keep,shrink_after_long,line_end,off] [--lines FILE]

Each run is a child process that sets up memory as `cli.main` does (two malloc arenas), loads the
voice through the app's PiperTextToSpeech with its memory_arena set to the mode ("keep" is
PiperVoice.load's own), speaks the 20 interviewer lines below (short and long, as an interview has
them; --lines: a file's lines, one a line, said in order and then in reverse order, e.g. the
"Interviewer:" lines of `simulate` runs, as many as a 45-minute interview has), giving freed heap
back after each as the session service does, and notes the
RSS after loading and after each line, the peak (VmHWM), the wall and CPU time (user and system)
and the page faults of the synthesis. The arena keeps the buffers of the longest sentence voiced,
so the lines go from short to long and back. Runs alternate the modes, `--rounds` times each, so
the machine's load falls on all alike; the medians are printed. Asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINES = [
    "Hello.",
    "Thanks for joining me today.",
    "Let's start with something practical.",
    "How would you predict which customers are about to cancel their subscription?",
    "Okay.",
    "What made thirty days the right window for you?",
    "Tell me about a time a model you trained behaved differently in production than it did offline, "
    "what you looked at first, and how you found the cause.",
    "Right.",
    "How did you choose the threshold you deployed with?",
    "Let's move on to evaluation.",
    "Suppose the positive class is one percent of your data, the labels arrive three weeks late, and the "
    "business cares about the customers you would actually contact: how do you evaluate the model before "
    "launch, and how do you monitor it afterwards, given that you cannot see the true label for a while?",
    "Why that metric and not accuracy?",
    "Mm-hm.",
    "What would you change if the data grew ten times?",
    "Walk me through how you would design the feature pipeline so that the features computed for training "
    "and the features computed at serving time cannot drift apart, including how you would test it.",
    "Good.",
    "How do you decide when a model needs retraining?",
    "We're short on time, so let's take one more question.",
    "What is the difference between bagging and boosting, and when would you pick one over the other?",
    "That's all from me. Thank you for your time, and good luck with the rest of your preparation.",
]


MODES = ("keep", "off", "shrink_after_long", "line_end")


def _status_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def child(mode: str, voice: str, lines: list[str]) -> None:
    from interview_voice.app import load_tts
    from interview_voice.engines import tts_piper
    from interview_voice.paths import default_paths
    from interview_voice.runtime.memory import give_back, limit_arenas

    limit_arenas()  # as cli.main does, before any thread starts
    tts_piper.PiperTextToSpeech.memory_arena = mode
    before = _status_mb("VmRSS")
    tts = load_tts(default_paths(), voice)
    loaded = _status_mb("VmRSS")
    per_line = []
    audio_s = wall_s = cpu_s = 0.0
    usage = resource.getrusage(resource.RUSAGE_SELF)
    for line in lines:
        wall, cpu = time.perf_counter(), time.process_time()
        chunks = list(tts.synthesize(line))
        wall_s += time.perf_counter() - wall
        cpu_s += time.process_time() - cpu
        audio_s += sum(c.samples.size / c.sample_rate for c in chunks)
        give_back()  # as the session service does after each of the interviewer's turns
        per_line.append(round(_status_mb("VmRSS"), 1))
    used = resource.getrusage(resource.RUSAGE_SELF)
    print(
        json.dumps(
            {
                "user_s": round(used.ru_utime - usage.ru_utime, 2),
                "sys_s": round(used.ru_stime - usage.ru_stime, 2),
                "faults": used.ru_minflt - usage.ru_minflt,
                "arena": mode,
                "before_mb": round(before, 1),
                "loaded_mb": round(loaded, 1),
                "after_mb": per_line[-1],
                "peak_mb": round(_status_mb("VmHWM"), 1),
                "per_line_mb": per_line,
                "audio_s": round(audio_s, 2),
                "wall_s": round(wall_s, 3),
                "cpu_s": round(cpu_s, 3),
            }
        )
    )


def run(mode: str, voice: str, lines_file: Path | None) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--voice", voice]
        + (["--lines", str(lines_file)] if lines_file else []),
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--voice", default="piper-joe-medium")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument(
        "--modes",
        default="keep,shrink_after_long,line_end,off",
        help="keep (the arena as PiperVoice.load has it), shrink_after_long, line_end (the app's), off",
    )
    parser.add_argument("--lines", type=Path, help="a file of interviewer lines, one a line (said forth and back)")
    parser.add_argument("--child", choices=MODES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    lines = LINES
    if args.lines:
        read = [line.strip() for line in args.lines.read_text(encoding="utf-8").splitlines() if line.strip()]
        lines = read + read[::-1]
    if args.child:
        child(args.child, args.voice, lines)
        return
    modes = args.modes.split(",")
    results: dict[str, list[dict]] = {mode: [] for mode in modes}
    for _ in range(args.rounds):
        for mode in modes:
            result = run(mode, args.voice, args.lines)
            results[mode].append(result)
            print(
                f"{mode:17}: loaded {result['loaded_mb']:.0f} MB, after {len(lines)} lines "
                f"{result['after_mb']:.0f} MB, peak {result['peak_mb']:.0f} MB; {result['audio_s']:.1f} s of audio "
                f"in {result['wall_s']:.2f} s wall, {result['cpu_s']:.2f} s CPU ({result['user_s']:.2f} user, "
                f"{result['sys_s']:.2f} system; {result['faults']} page faults)",
                flush=True,
            )
    print(f"\nmedians of {args.rounds} run(s) each, {args.voice}, {len(lines)} lines:")
    print(
        f"{'arena':17} {'loaded MB':>10} {'after MB':>9} {'peak MB':>8} {'wall s':>7} {'CPU s':>6} {'user s':>7} "
        f"{'sys s':>6} {'faults':>8} {'RTF':>6}"
    )
    for mode in modes:
        rows = results[mode]

        def med(key: str, rows: list[dict] = rows) -> float:
            return statistics.median(r[key] for r in rows)

        print(
            f"{mode:17} {med('loaded_mb'):10.0f} {med('after_mb'):9.0f} {med('peak_mb'):8.0f} "
            f"{med('wall_s'):7.2f} {med('cpu_s'):6.2f} {med('user_s'):7.2f} {med('sys_s'):6.2f} "
            f"{med('faults'):8.0f} {med('wall_s') / med('audio_s'):6.3f}"
        )
    print("RSS after each line (first run of each):")
    for mode in modes:
        print(f"  {mode:17}: {results[mode][0]['per_line_mb']}")


if __name__ == "__main__":
    main()
