"""Memory over a long interview: the RSS of `simulate` after each turn, today's code beside the new.

    PYTHONPATH=. .venv/bin/python benchmarks/memory_per_turn.py --base /tmp/base-26 \
        [--answers 16] [--realtime] [--stt whisper-tiny.en --llm smollm2-135m-instruct-q4_1]

Runs `interview-voice simulate` once per checkout (--base: today's code, e.g. `git worktree add
/tmp/base-26 3c4f7eb`; this checkout as "new"), both at the same time so the machine's load
falls on both alike, on a plan of its own with enough questions for --answers spoken answers
(the test answers repeated). Samples each child's RSS from /proc every 0.2 s and notes it at
each turn `simulate` prints. Prints RSS per turn, growth per turn after the first fifth of the
turns (a least-squares slope), and the peak. Asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLAN = """title = "Memory benchmark"
description = "Many questions in a row, for benchmarks/memory_per_turn.py."
stage = "technical_screen"
question_count = {questions}
areas = ["ml_fundamentals", "deep_learning", "data_features", "evaluation", "mlops", "nlp_llm",
         "computer_vision", "responsible_ai", "distributed_scale"]
follow_ups_per_question = 1
minutes = 60
opening = "Hello. Many questions today, one after the other."
closing = "That is all. Thank you."

[[persona]]
name = "Priya"
role = "senior machine learning engineer"
style = "neutral"
"""


def rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class Run:
    """One simulate child: its RSS at each printed turn and its peak."""

    def __init__(self, name: str, checkout: Path, argv: list[str], env: dict) -> None:
        self.name, self.turns, self.peak = name, [], 0.0
        self.started = time.monotonic()
        # in the checkout: `python -m` puts the working directory first on the path
        self.proc = subprocess.Popen(argv, env={**env, "PYTHONPATH": str(checkout)}, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, cwd=checkout)
        self.stderr = ""
        threading.Thread(target=self._sample, daemon=True).start()
        threading.Thread(target=self._read_errors, daemon=True).start()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _sample(self) -> None:
        while self.proc.poll() is None:
            self.peak = max(self.peak, rss_mb(self.proc.pid))
            time.sleep(0.2)

    def _read_errors(self) -> None:
        self.stderr = self.proc.stderr.read()

    def _read(self) -> None:
        for line in self.proc.stdout:
            if line.startswith(("Candidate:", "Interviewer:")):
                self.turns.append((time.monotonic() - self.started, rss_mb(self.proc.pid)))


def slope(points: list[tuple[int, float]]) -> float:
    """Least-squares MB per turn."""
    n = len(points)
    if n < 2:
        return float("nan")
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    den = sum((x - mx) ** 2 for x, _ in points)
    return sum((x - mx) * (y - my) for x, y in points) / den if den else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", type=Path, help="a checkout of today's code, run beside this one")
    parser.add_argument("--answers", type=int, default=16)
    parser.add_argument("--realtime", action="store_true")
    parser.add_argument("--stt", default="whisper-tiny.en")
    parser.add_argument("--llm", default="smollm2-135m-instruct-q4_1")
    parser.add_argument("--answers-dir", type=Path, help="WAV answers to repeat (default: the test answers)")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="memory-bench-"))
    source = args.answers_dir
    if source is None:
        sys.path.insert(0, str(ROOT))
        from tests.conftest import CANDIDATE_ANSWERS, _speak

        source = tmp / "spoken"
        source.mkdir()
        for n, text in enumerate(CANDIDATE_ANSWERS, 1):
            _speak(text, source / f"answer{n}.wav")
    waves = sorted(source.glob("*.wav"))
    answers = tmp / "answers"
    answers.mkdir()
    for n in range(args.answers):
        shutil.copy(waves[n % len(waves)], answers / f"answer{n:03d}.wav")
    sys.path.insert(0, str(ROOT))
    from interview_voice.paths import default_paths

    models = default_paths().models_dir   # the installed models (`make setup-test`), shared by both runs
    runs = []
    for name, checkout in ([("today", args.base)] if args.base else []) + [("new", ROOT)]:
        data = tmp / f"data-{name}"
        (data / "plans").mkdir(parents=True)
        (data / "plans" / "memory-bench.toml").write_text(PLAN.format(questions=(args.answers + 1) // 2),
                                                           encoding="utf-8")
        env = {**os.environ, "INTERVIEW_VOICE_DATA_DIR": str(data), "INTERVIEW_VOICE_CONFIG_DIR": str(tmp / "cfg"),
               "INTERVIEW_VOICE_MODELS_DIR": str(models), "HF_HUB_OFFLINE": "1"}
        argv = [sys.executable, "-m", "interview_voice", "simulate", "--plan", "memory-bench", "--answers",
                str(answers), "--out", str(tmp / f"out-{name}"), "--stt", args.stt, "--llm", args.llm]
        runs.append(Run(name, checkout, argv + (["--realtime"] if args.realtime else []), env))
    for run in runs:
        run.proc.wait()
        run.reader.join()
        if run.proc.returncode not in (0, 1):
            print(f"{run.name}: simulate exited {run.proc.returncode}: {run.stderr[-1500:]}", file=sys.stderr)
    longest = max(len(r.turns) for r in runs)
    print(f"\n{'turn':>4}  " + "  ".join(f"{r.name + ' s':>8} {r.name + ' MB':>9}" for r in runs))
    for i in range(longest):
        cells = [f"{r.turns[i][0]:>8.0f} {r.turns[i][1]:>9.0f}" if i < len(r.turns) else " " * 18 for r in runs]
        print(f"{i + 1:>4}  " + "  ".join(cells))
    print()
    for r in runs:
        after = [(i, mb) for i, (_, mb) in enumerate(r.turns) if i >= len(r.turns) // 5]
        grown = after[-1][1] - after[0][1] if after else float("nan")
        print(f"{r.name:6}: {len(r.turns)} turns in {r.turns[-1][0] if r.turns else 0:.0f} s; "
              f"{slope(after):.2f} MB/turn after the first fifth ({grown:+.0f} MB in all); peak {r.peak:.0f} MB")
    print(f"\nfolders: {tmp} (delete when done)", file=sys.stderr)


if __name__ == "__main__":
    main()
