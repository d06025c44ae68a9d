"""What a long history costs: opening the store, `sessions list/show/report`, History and Progress.

    QT_QPA_PLATFORM=offscreen PYTHONPATH=. .venv/bin/python benchmarks/history_scale.py \
        [--sizes 30,300,3000] [--base /tmp/base-26] [--repeat 3]

Builds a data folder per size with that many finished sessions (16 turns each: 8 questions
and 8 answers of about 90 words with their word timings and feedback; about 36 KB a session,
like the sessions of a real week), then times, in child processes of each checkout given
(--base: today's code, e.g. `git worktree add /tmp/base-26 3c4f7eb`; this checkout as "new"),
on the same folders:

- open: `app.open_store` (the crash check included), in process, after the imports;
- list / show / report: the CLI's wall time (`sessions list`, `sessions show ID`, `sessions
  report ID --json`), and the list's peak RSS;
- history: the window's History view from `set_store` to the first screen filled, and the time
  that filling took on the GUI thread;
- progress: the Progress view's GUI-thread time (its update and one paint of all its charts),
  and the whole load.

The best of --repeat runs is printed (the machine is shared; the least disturbed run is the
closest to the code's own cost). Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AREAS = ("ml_fundamentals", "mlops", "system_design", "responsible_ai", "behavioral")
WORDS = (
    "so the first thing I would do is look at how the label is defined and whether the features are "
    "available at prediction time then I would build a simple baseline and compare it"
).split()


def build(data_dir: Path, sessions: int, seed: int = 7) -> None:
    """A data folder with `sessions` finished sessions, written straight into the app's own schema."""
    sys.path.insert(0, str(ROOT))
    from interview_voice.storage.db import open_database

    open_database(data_dir / "sessions.db").dispose()  # the schema, migrated as the app does
    (data_dir / "sessions").mkdir(exist_ok=True)
    rng = random.Random(seed)
    db = sqlite3.connect(data_dir / "sessions.db")
    start = datetime(2024, 1, 1, 9, 0)
    turn_id = 0
    for n in range(sessions):
        sid = str(uuid.UUID(int=rng.getrandbits(128)))
        when = start + timedelta(hours=8 * n)
        areas = [AREAS[(n + q) % len(AREAS)] for q in range(8)]
        feedback = {
            "feedback_version": 99,
            "stage": "onsite",
            "headline": {
                "answers": 8,
                "wpm": 120 + rng.random() * 40,
                "fillers_per_min": rng.random() * 4,
                "long_pauses": rng.randrange(6),
                "coverage": rng.random(),
            },
            "questions": [{"area": a, "coverage": rng.random()} for a in areas],
        }
        db.execute(
            "INSERT INTO sessions (id, plan, title, level, status, started_at, ended_at, duration_s, personas,"
            " models, settings, questions, notice, feedback) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                sid,
                "ml_engineer",
                f"ML engineer interview {n}",
                "mid",
                "completed",
                when,
                when + timedelta(minutes=20),
                1200.0,
                json.dumps([{"name": "Alex", "role": "lead"}]),
                json.dumps({"llm": "test"}),
                json.dumps({"end_silence_ms": 700}),
                json.dumps([f"q{q}" for q in range(8)]),
                "",
                json.dumps(feedback),
            ),
        )
        db.executemany(
            "INSERT INTO audio_tracks (session_id, kind, path, sample_rate, seconds) VALUES (?,?,?,?,?)",
            [(sid, k, f"{sid}/{k}.wav", r, 1200.0) for k, r in (("candidate", 16000), ("interviewer", 22050))],
        )
        words = []
        for index in range(16):
            turn_id += 1
            candidate = index % 2 == 1
            text = (
                " ".join(WORDS[(index + i) % len(WORDS)] for i in range(90))
                if candidate
                else "Tell me how you would approach a model whose accuracy dropped after launch?"
            )
            fb = {"wpm": 130.0, "fillers": 2, "coverage": 0.5, "points": ["baseline", "features"]} if candidate else {}
            db.execute(
                "INSERT INTO turns (id, session_id, \"index\", speaker, kind, persona, role, text, question_id,"
                " started_ms, ended_ms, interrupted, end_reason, timings, follow_up, signals, feedback)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    turn_id,
                    sid,
                    index,
                    "candidate" if candidate else "interviewer",
                    "answer" if candidate else "question",
                    "" if candidate else "Alex",
                    "",
                    text,
                    f"q{index // 2}",
                    index * 75000.0,
                    index * 75000.0 + 70000,
                    0,
                    "silence" if candidate else "played",
                    json.dumps({"latency_ms": 900.0}),
                    "{}",
                    "{}",
                    json.dumps(fb),
                ),
            )
            if candidate:
                words += [
                    (turn_id, w, index * 75 + i * 0.4, index * 75 + i * 0.4 + 0.3, 0.9)
                    for i, w in enumerate(text.split())
                ]
        db.executemany("INSERT INTO words (turn_id, text, start, \"end\", probability) VALUES (?,?,?,?,?)", words)
    db.commit()
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()


# Run in a child process, with PYTHONPATH at the checkout measured: prints one JSON line.
CHILD_OPEN = """
import json, sys, time
from interview_voice.app import open_store
from interview_voice.paths import default_paths
t = time.perf_counter(); store, _ = open_store(default_paths()); print(json.dumps({"open": time.perf_counter() - t}))
"""

CHILD_VIEWS = """
import json, sys, time
from PySide6.QtWidgets import QApplication
app = QApplication([])
from interview_voice.app import open_store
from interview_voice.paths import default_paths
from interview_voice.ui.history import HistoryView
from interview_voice.ui.progress_view import ProgressView
store, _ = open_store(default_paths())
out = {}

def timed(view, name, key):
    inner = getattr(view, name)
    def wrapper(*args, **kwargs):
        t = time.perf_counter()
        try:
            return inner(*args, **kwargs)
        finally:
            out[key] = out.get(key, 0.0) + time.perf_counter() - t
    setattr(view, name, wrapper)

history = HistoryView(player_factory=lambda paths: None)
history.resize(1000, 700)
history.show()
timed(history, "_show_sessions", "history_gui")
done = []
history.listed.connect(lambda _: done.append(time.perf_counter()))
t = time.perf_counter()
history.set_store(store)
while not done:
    app.processEvents()
    time.sleep(0.001)
app.processEvents()
out["history_first_screen"] = done[0] - t
out["history_rows"] = history.table.rowCount()

progress = ProgressView()
progress.resize(1000, 800)
progress.show()
timed(progress, "show_progress", "progress_gui")
t = time.perf_counter()
progress.set_store(store)
while progress.progress is None:
    app.processEvents()
    time.sleep(0.001)
out["progress_load"] = time.perf_counter() - t
t = time.perf_counter()
progress.grab()   # paints every chart, as the screen would
out["progress_gui"] += time.perf_counter() - t
print(json.dumps(out))
"""


def child_env(checkout: Path, data: Path) -> dict:
    # run in the checkout too: `python -c` and `-m` put the working directory first on the path
    return {
        **os.environ,
        "PYTHONPATH": str(checkout),
        "INTERVIEW_VOICE_DATA_DIR": str(data),
        "INTERVIEW_VOICE_CONFIG_DIR": str(data / "config"),
        "QT_QPA_PLATFORM": "offscreen",
    }


def run_child(argv: list[str], env: dict) -> tuple[float, str]:
    """(wall seconds, stdout) of one child process."""
    t = time.perf_counter()
    proc = subprocess.run(argv, env=env, capture_output=True, text=True, cwd=env["PYTHONPATH"])
    wall = time.perf_counter() - t
    if proc.returncode != 0:
        raise RuntimeError(f"{argv[-3:]} failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return wall, proc.stdout


def measure(checkout: Path, data: Path, session_id: str) -> dict:
    env = child_env(checkout, data)
    python = sys.executable
    cli = [python, "-m", "interview_voice"]
    result = {}
    result["open"] = json.loads(run_child([python, "-c", CHILD_OPEN], env)[1])["open"]
    result["list"] = run_child(cli + ["sessions", "list"], env)[0]
    result["list_rss"] = list_rss(cli + ["sessions", "list"], env)
    result["show"] = run_child(cli + ["sessions", "show", session_id[:8]], env)[0]
    result["report"] = run_child(cli + ["sessions", "report", session_id[:8], "--json"], env)[0]
    result.update(json.loads(run_child([python, "-c", CHILD_VIEWS], env)[1].strip().splitlines()[-1]))
    return result


def list_rss(argv: list[str], env: dict) -> float:
    """Peak RSS of one child, in MB (GNU time is not everywhere: a wrapper reads its own maximum)."""
    wrapper = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)"
    )
    out = subprocess.run(
        [sys.executable, "-c", wrapper, *argv],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=env["PYTHONPATH"],
    )
    return float(out.stdout.strip())


def best(runs: list[dict]) -> dict:
    return {k: min(r[k] for r in runs) for k in runs[0]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="30,300,3000")
    parser.add_argument("--base", type=Path, help="a checkout of today's code, measured beside this one")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    checkouts = ([("today", args.base.resolve())] if args.base else []) + [("new", ROOT)]
    tmp = Path(tempfile.mkdtemp(prefix="history-scale-"))
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        data = tmp / f"data-{size}"
        data.mkdir()
        t = time.perf_counter()
        build(data, size)
        mb = (data / "sessions.db").stat().st_size / 1e6
        print(f"built {size} sessions ({mb:.1f} MB) in {time.perf_counter() - t:.1f} s", file=sys.stderr)
        with sqlite3.connect(data / "sessions.db") as db:
            newest = db.execute("SELECT id FROM sessions ORDER BY started_at DESC LIMIT 1").fetchone()[0]
        for repeat in range(args.repeat):
            for name, checkout in checkouts:  # alternated, so the shared load falls on both alike
                result = measure(checkout, data, newest)
                rows.append((size, mb, name, repeat, result))
    print(
        f"\n{'sessions':>8} {'MB':>6} {'code':6} {'open s':>7} {'list s':>7} {'list MB':>8} {'show s':>7} "
        f"{'report s':>8} {'hist s':>7} {'hist gui ms':>11} {'rows':>5} {'prog s':>7} {'prog gui ms':>11}"
    )
    for size in sorted({r[0] for r in rows}):
        for name, _ in checkouts:
            runs = [r[4] for r in rows if r[0] == size and r[2] == name]
            mb = next(r[1] for r in rows if r[0] == size)
            b = best(runs)
            print(
                f"{size:>8} {mb:>6.1f} {name:6} {b['open']:>7.2f} {b['list']:>7.2f} {b['list_rss']:>8.0f} "
                f"{b['show']:>7.2f} {b['report']:>8.2f} {b['history_first_screen']:>7.2f} "
                f"{b['history_gui'] * 1000:>11.0f} {b['history_rows']:>5.0f} {b['progress_load']:>7.2f} "
                f"{b['progress_gui'] * 1000:>11.0f}"
            )
    print(f"\ndata folders: {tmp} (delete when done)", file=sys.stderr)


if __name__ == "__main__":
    main()
