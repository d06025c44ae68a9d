"""Memory over a long interview: the RSS of `simulate` after each turn, today's code beside the new.

    PYTHONPATH=. .venv/bin/python benchmarks/memory_per_turn.py --base /tmp/base-26 \
        [--answers 16 | --minutes 45] [--realtime] [--stt whisper-tiny.en --llm smollm2-135m-instruct-q4_1 |
        --default-models]

Runs `interview-voice simulate` once per checkout (--base: today's code, e.g. `git worktree add
/tmp/base-26 main`; this checkout as "new"), both at the same time so the machine's load falls on
both alike, each in its own checkout's folder (`python -m` puts the working folder first on the
path), on a plan of its own with enough questions for the spoken answers (the test answers
repeated). --minutes M: a plan that closes after M minutes, with answers enough to fill them (two
test answers said as one, four follow-ups a question; use with --realtime). --default-models: the
app's own default models (the settings' defaults), not the small test models.

Samples each child's RSS (and its anonymous part: the heap, not the mapped model files) and its
threads from /proc every 0.2 s, and notes the RSS at each turn `simulate` prints; the machine's
1-minute load average every 30 s. Prints RSS per turn; then, on the session's clock (from the first
turn), the RSS at 5 minutes and at the last turn, the growth between them, the highest RSS after 5
minutes, the growth per turn after the first fifth of the turns (a least-squares slope), the median
RSS of the last minute against that of minute 5-6 (the trim between turns swings RSS by 70-100 MB,
so one sample can mislead), and the peak (the kernel's VmHWM, spikes between samples too); the
threads at 5 minutes, at the end and the most; the load during the runs. Asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import wave
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETTLED_S = 300.0  # growth is counted from this far into the session
ANSWER_S = 18.0  # --minutes: one answer (two test answers said as one) and the interviewer's next line
PLAN = """title = "Memory benchmark"
description = "Many questions in a row, for benchmarks/memory_per_turn.py."
stage = "technical_screen"
question_count = {questions}
areas = ["ml_fundamentals", "deep_learning", "data_features", "evaluation", "mlops", "nlp_llm",
         "computer_vision", "responsible_ai", "distributed_scale"]
follow_ups_per_question = {follow_ups}
minutes = {minutes}
opening = "Hello. Many questions today, one after the other."
closing = "That is all. Thank you."

[[persona]]
name = "Priya"
role = "senior machine learning engineer"
style = "neutral"
"""
MAX_QUESTIONS = 30  # a plan asks at most 30


def memory_mb(pid: int) -> tuple[float, float]:
    """(RSS, its anonymous part) in MB; zeros once the process is gone."""
    rss, anon, _ = status(pid)
    return rss, anon


def status(pid: int) -> tuple[float, float, int]:
    """(RSS MB, its anonymous part MB, threads); zeros once the process is gone."""
    rss = anon = 0.0
    threads = 0
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1]) / 1024
                elif line.startswith("RssAnon:"):
                    anon = int(line.split()[1]) / 1024
                elif line.startswith("Threads:"):
                    threads = int(line.split()[1])
    except OSError:
        pass
    return rss, anon, threads


def high_water_mb(pid: int) -> float:
    """The kernel's own peak RSS (VmHWM) in MB: a spike between two samples counts too."""
    try:
        with open(f"/proc/{pid}/status") as fh:
            return next((int(line.split()[1]) / 1024 for line in fh if line.startswith("VmHWM:")), 0.0)
    except OSError:
        return 0.0


class Run:
    """One simulate child: its RSS at each printed turn, its samples over time and its peak."""

    def __init__(self, name: str, checkout: Path, argv: list[str], env: dict) -> None:
        self.name, self.peak = name, 0.0
        self.turns: list[tuple[float, float, float]] = []  # (s since start, RSS MB, anonymous MB)
        self.samples: list[tuple[float, float, float]] = []
        self.threads: list[tuple[float, int]] = []  # (s since start, threads in the process)
        self.started = time.monotonic()
        self.first_turn: float | None = None
        # in the checkout: `python -m` puts the working directory first on the path
        self.proc = subprocess.Popen(
            argv,
            env={**env, "PYTHONPATH": str(checkout)},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=checkout,
        )
        self.stderr = ""
        threading.Thread(target=self._sample, daemon=True).start()
        threading.Thread(target=self._read_errors, daemon=True).start()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _sample(self) -> None:
        while self.proc.poll() is None:
            rss, anon, threads = status(self.proc.pid)
            if rss:
                self.peak = max(self.peak, rss, high_water_mb(self.proc.pid))
                self.samples.append((time.monotonic() - self.started, rss, anon))
                self.threads.append((time.monotonic() - self.started, threads))
            time.sleep(0.2)

    def _read_errors(self) -> None:
        self.stderr = self.proc.stderr.read()

    def _read(self) -> None:
        for line in self.proc.stdout:
            if line.startswith(("Candidate:", "Interviewer:")):
                now = time.monotonic() - self.started
                if self.first_turn is None:
                    self.first_turn = now
                self.turns.append((now, *memory_mb(self.proc.pid)))

    def at(self, session_s: float) -> tuple[float, float] | None:
        """(RSS, anonymous) sampled closest after session_s on the session's clock."""
        if self.first_turn is None:
            return None
        due = self.first_turn + session_s
        return next(((rss, anon) for t, rss, anon in self.samples if t >= due), None)

    def thread_counts(self) -> str:
        """Threads in the process: at 5 minutes on the session's clock, at the last turn, and the most."""
        if not self.threads or self.first_turn is None or not self.turns:
            return f"{self.name:6}: no threads sampled"
        due, last = self.first_turn + SETTLED_S, self.turns[-1][0]
        at_5 = next((n for t, n in self.threads if t >= due), None)
        at_end = next((n for t, n in reversed(self.threads) if t <= last), self.threads[-1][1])
        during = [n for t, n in self.threads if self.first_turn <= t <= last] or [0]
        return (
            f"{self.name:6}: threads at 5 min {at_5 if at_5 is not None else '-'}, at the end {at_end}, "
            f"most {max(during)}, median {statistics.median(during):.0f}"
        )

    def summary(self) -> str:
        if not self.turns or self.first_turn is None:
            return f"{self.name:6}: no turns"
        last_t, last_rss, last_anon = self.turns[-1]
        length_min = (last_t - self.first_turn) / 60
        settled = self.at(SETTLED_S)
        after = [(i, mb) for i, (_, mb, _) in enumerate(self.turns) if i >= len(self.turns) // 5]
        line = f"{self.name:6}: {len(self.turns)} turns in {length_min:.1f} min; peak {self.peak:.0f} MB"
        if settled is None or last_t - self.first_turn < SETTLED_S:
            return line + "; shorter than 5 minutes"
        highest = max(rss for t, rss, _ in self.samples if self.first_turn + SETTLED_S <= t <= last_t)
        # the trim between turns makes a saw-tooth of 70-100 MB: one sample at 5 minutes may be a low or a high
        early = [
            rss for t, rss, _ in self.samples if self.first_turn + SETTLED_S <= t < self.first_turn + SETTLED_S + 60
        ]
        late = [rss for t, rss, _ in self.samples if last_t - 60 <= t <= last_t]
        smoothed = statistics.median(late) - statistics.median(early) if early and late else float("nan")
        return (
            line + f"; at 5 min {settled[0]:.0f} MB (heap {settled[1]:.0f}), at the end {last_rss:.0f} MB "
            f"(heap {last_anon:.0f}): {last_rss - settled[0]:+.0f} MB after 5 min "
            f"(heap {last_anon - settled[1]:+.0f}), highest after 5 min {highest - settled[0]:+.0f} MB; "
            f"{slope(after):.2f} MB/turn after the first fifth; median of the last minute against minute 5-6: "
            f"{smoothed:+.0f} MB"
        )


def imported_from(checkout: Path, env: dict) -> str:
    """The package a child run in this checkout imports (proof that "today" runs today's code)."""
    probe = subprocess.run(
        [sys.executable, "-c", "import interview_voice; print(interview_voice.__file__)"],
        env={**env, "PYTHONPATH": str(checkout)},
        cwd=checkout,
        capture_output=True,
        text=True,
    )
    return probe.stdout.strip() or probe.stderr.strip()[-200:]


def join(parts: list[Path], out: Path, pause_s: float = 0.3) -> None:
    """Answer files said one after the other, with a short breath between (same format each)."""
    with wave.open(str(parts[0])) as first:
        params = first.getparams()
    frames = []
    for part in parts:
        with wave.open(str(part)) as wav:
            frames.append(wav.readframes(wav.getnframes()))
    gap = b"\0" * (int(pause_s * params.framerate) * params.sampwidth * params.nchannels)
    with wave.open(str(out), "wb") as wav:
        wav.setparams(params)
        wav.writeframes(gap.join(frames))


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
    parser.add_argument("--answers", type=int, help="spoken answers (default 16, or enough for --minutes)")
    parser.add_argument("--minutes", type=int, help="the plan's length: it closes after this many minutes")
    parser.add_argument("--realtime", action="store_true")
    parser.add_argument("--stt", default="whisper-tiny.en")
    parser.add_argument("--llm", default="smollm2-135m-instruct-q4_1")
    parser.add_argument("--default-models", action="store_true", help="the app's default models, not --stt/--llm")
    parser.add_argument("--answers-dir", type=Path, help="WAV answers to repeat (default: the test answers)")
    args = parser.parse_args()
    count = args.answers or (int(args.minutes * 60 / ANSWER_S) if args.minutes else 16)
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
    for n in range(count):
        if args.minutes:  # longer answers, so that 30 questions fill the time
            join([waves[n % len(waves)], waves[(n + 1) % len(waves)]], answers / f"answer{n:03d}.wav")
        else:
            shutil.copy(waves[n % len(waves)], answers / f"answer{n:03d}.wav")
    sys.path.insert(0, str(ROOT))
    from interview_voice.paths import default_paths

    models = default_paths().models_dir  # the installed models, shared by both runs
    per_question = 5 if args.minutes else 2  # a long plan asks four follow-ups: more answers per question
    plan = PLAN.format(
        questions=min(MAX_QUESTIONS, (count + per_question - 1) // per_question),
        follow_ups=per_question - 1,
        minutes=args.minutes or 60,
    )
    chosen = [] if args.default_models else ["--stt", args.stt, "--llm", args.llm]
    runs = []
    checkouts = ([("today", args.base.resolve())] if args.base else []) + [("new", ROOT)]
    for name, checkout in checkouts:
        data = tmp / f"data-{name}"
        (data / "plans").mkdir(parents=True)
        (data / "plans" / "memory-bench.toml").write_text(plan, encoding="utf-8")
        env = {
            **os.environ,
            "INTERVIEW_VOICE_DATA_DIR": str(data),
            "INTERVIEW_VOICE_CONFIG_DIR": str(tmp / "cfg"),
            "INTERVIEW_VOICE_MODELS_DIR": str(models),
            "HF_HUB_OFFLINE": "1",
        }
        argv = [
            sys.executable,
            "-m",
            "interview_voice",
            "simulate",
            "--plan",
            "memory-bench",
            "--answers",
            str(answers),
            "--out",
            str(tmp / f"out-{name}"),
            *chosen,
        ]
        print(f"{name}: {imported_from(checkout, env)}", flush=True)
        runs.append(Run(name, checkout, argv + (["--realtime"] if args.realtime else []), env))
    print(
        f"{count} answers, plan of {args.minutes or 60} minutes, models: "
        f"{'the defaults' if args.default_models else ' '.join(chosen)}",
        flush=True,
    )
    loads: list[float] = []  # the machine's 1-minute load average, every 30 s while the runs go on
    while any(run.proc.poll() is None for run in runs):
        loads.append(os.getloadavg()[0])
        for _ in range(150):
            if all(run.proc.poll() is not None for run in runs):
                break
            time.sleep(0.2)
    for run in runs:
        run.proc.wait()
        run.reader.join()
        if run.proc.returncode not in (0, 1):
            print(f"{run.name}: simulate exited {run.proc.returncode}: {run.stderr[-1500:]}", file=sys.stderr)
    longest = max(len(r.turns) for r in runs)
    print(f"\n{'turn':>4}  " + "  ".join(f"{r.name + ' min':>9} {r.name + ' MB':>9} {'heap':>6}" for r in runs))
    for i in range(longest):
        cells = [
            f"{(r.turns[i][0] - (r.first_turn or 0)) / 60:>9.1f} {r.turns[i][1]:>9.0f} {r.turns[i][2]:>6.0f}"
            if i < len(r.turns)
            else " " * 26
            for r in runs
        ]
        print(f"{i + 1:>4}  " + "  ".join(cells))
    print()
    for r in runs:
        print(r.summary())
    for r in runs:
        print(r.thread_counts())
    if loads:
        print(
            f"load average (1 min) during the runs: median {statistics.median(loads):.1f}, "
            f"least {min(loads):.1f}, most {max(loads):.1f} ({len(loads)} samples, {os.cpu_count()} cores)"
        )
    print(f"load average at the end: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    print(f"\nfolders: {tmp} (delete when done)", file=sys.stderr)


if __name__ == "__main__":
    main()
