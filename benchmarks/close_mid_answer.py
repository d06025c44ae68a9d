"""Closing the window while the candidate answers: seconds from the close to the process's exit, and what was kept.

    .venv/bin/python benchmarks/close_mid_answer.py --base /tmp/close-before [--runs 4] [--busy 0,1]

The real app (`interview-voice gui`, offscreen) on the default models, its microphone and speakers a
PulseAudio null sink (tests/virtual_audio.py, headset: the candidate's voice goes into the "voice" sink).
A small driver in the child presses Start when the models are loaded and, when the first answer
begins, plays a human answer into the microphone (LibriVox sentences from benchmarks/human_speech.py,
about 20 s, 0.2 s apart) and closes the window --after seconds later, as the close button does. The parent times
from that close to the process's exit (the same monotonic clock), then reads what the data folder
holds: the session's status, the answer's words and end reason, whether its ending was left to the
next start. Today's code (--base, a checkout) and this checkout alternate, each child in its own
checkout's folder with it on PYTHONPATH, quiet and with --busy processes spinning. Prints a table;
asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

DRIVER = r'''
import subprocess, sys, time
from PySide6.QtCore import QTimer
from interview_voice import cli
from interview_voice.ui.main_window import MainWindow

clip, after_s = sys.argv[1], float(sys.argv[2])
loaded, started = MainWindow._on_models_loaded, MainWindow._on_turn_started
answering = []

def on_loaded(self, models):
    loaded(self, models)
    QTimer.singleShot(300, self.start_interview)

def on_turn_started(self, turn):
    started(self, turn)
    if turn.speaker == "candidate" and not answering:
        player = subprocess.Popen(["paplay", "--device=voice", clip], stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)   # never holding the parent's pipe open
        answering.append(player)
        print(f"PLAYER {player.pid}", flush=True)
        def close():
            print(f"CLOSE {time.monotonic():.4f} {time.time():.4f}", flush=True)
            self.close()   # as the close button: closeEvent
        QTimer.singleShot(int(after_s * 1000), close)

MainWindow._on_models_loaded = on_loaded
MainWindow._on_turn_started = on_turn_started

import importlib, threading
def traced(module, owner, name):
    """Each call's start (>) and end (<) on the monotonic clock, with its thread, where the code has it."""
    try:
        cls = getattr(importlib.import_module(module), owner)
    except (ImportError, AttributeError):
        return
    original = getattr(cls, name, None)
    if original is None:
        return
    def call(*args, **kwargs):
        who = threading.current_thread().name
        print(f"STEP {owner}.{name}> {time.monotonic():.4f} {who}", flush=True)
        try:
            return original(*args, **kwargs)
        finally:
            print(f"STEP {owner}.{name}< {time.monotonic():.4f} {who}", flush=True)
    setattr(cls, name, call)
for traced_call in (
    ("interview_voice.runtime.listening", "Listener", "_close_answer"),
    ("interview_voice.runtime.live_transcript", "LiveTranscriber", "finish"),
    ("interview_voice.runtime.live_transcript", "LiveTranscriber", "_transcribe"),
    ("interview_voice.runtime.reading_ahead", "ReadAhead", "close"),
    ("interview_voice.engines.llm_llama", "LlamaLanguageModel", "prefill"),
    ("interview_voice.engines.llm_llama", "LlamaLanguageModel", "close"),
    ("interview_voice.engines.stt_whisper", "WhisperSpeechToText", "transcribe"),
    ("interview_voice.runtime.refine", "TranscriptRefiner", "let_go"),
    ("interview_voice.runtime.session_service", "InterviewSession", "finish"),
    ("interview_voice.runtime.session_service", "InterviewSession", "leave_unfinished"),
    ("interview_voice.storage.recorder", "SessionRecorder", "close"),
    ("interview_voice.storage.recorder", "SessionRecorder", "leave"),
):
    traced(*traced_call)

import atexit, os, threading
def tasks():
    """The process's threads as it leaves: id=name/niceness/state, for the parent's reading of strace."""
    found = []
    for tid in os.listdir("/proc/self/task"):
        try:
            stat = open(f"/proc/self/task/{tid}/stat").read()
        except OSError:
            continue
        name, rest = stat[stat.index("(") + 1 : stat.rindex(")")], stat[stat.rindex(")") + 2 :].split()
        found.append(f"{tid}={name.replace(' ', '_')}/{rest[16]}/{rest[0]}")
    return " ".join(found)
def leaving():
    print(f"STEP atexit {time.monotonic():.4f}", flush=True)
    print(f"TASKS {tasks()}", flush=True)
atexit.register(leaving)   # registered first: runs last
def finish_closing(self, within_s):
    print(f"STEP loop-over {time.monotonic():.4f}", flush=True)
    done = finish(self, within_s)
    print(f"STEP session-waited {time.monotonic():.4f} stored={done}", flush=True)
    return done
def exit_code_when_idle(code, timeout_s=10.0):
    busy = [t.name for t in native_workers.busy_native_workers()]
    print(f"STEP engines-wait {time.monotonic():.4f} busy={busy}", flush=True)
    code = when_idle(code, timeout_s)
    print(f"STEP engines-waited {time.monotonic():.4f} threads={[t.name for t in threading.enumerate()]}", flush=True)
    return code
if hasattr(MainWindow, "finish_closing"):   # the stages of leaving, where the code has them
    import os
    from interview_voice.runtime import native_workers
    leave = os._exit
    def _exit(code):
        print(f"STEP os._exit {time.monotonic():.4f}", flush=True)
        print(f"TASKS {tasks()}", flush=True)
        leave(code)
    os._exit = _exit
    finish, when_idle = MainWindow.finish_closing, native_workers.exit_code_when_idle
    MainWindow.finish_closing = finish_closing
    native_workers.exit_code_when_idle = exit_code_when_idle
sys.exit(cli.main(["gui"]))
'''


def trimmed(audio: np.ndarray) -> np.ndarray:
    """The clip without the silence before its first and after its last 20 ms of sound."""
    frames = audio[: audio.size // 320 * 320].reshape(-1, 320)
    loud = np.flatnonzero(np.sqrt((frames**2).mean(axis=1)) > 0.01)
    return audio[loud[0] * 320 : (loud[-1] + 1) * 320] if loud.size else audio


def answer_clip(path: Path) -> float:
    """About 20 s of one LibriVox reader (pocketsphinx test data), his sentences 0.2 s apart: an answer
    that no pause ends before the window is closed."""
    from human_speech import human_clips

    from interview_voice.engines.audio_file import write_wav

    clips = [trimmed(c.audio) for c in human_clips() if c.name.startswith("librivox")]
    gap = np.zeros(int(0.2 * 16_000), np.float32)
    audio = np.concatenate([piece for clip in clips for piece in (clip, gap)])
    write_wav(path, audio, 16_000)
    return audio.size / 16_000


def kept(data_dir: Path) -> dict:
    """What the data folder holds about the newest session, as the process left it."""
    db_path = data_dir / "sessions.db"
    if not db_path.exists():
        return {"status": "no database"}
    with sqlite3.connect(db_path) as db:
        row = db.execute("select id, status from sessions order by started_at desc limit 1").fetchone()
        if row is None:
            return {"status": "no session"}
        session_id, status = row
        answer = db.execute(
            "select text, end_reason from turns where session_id = ? and speaker = 'candidate' "
            'order by "index" desc limit 1',
            (session_id,),
        ).fetchone()
    outcome_file = data_dir / "sessions" / session_id / "outcome.json"
    outcome = {}
    if outcome_file.exists():
        text = outcome_file.read_text(encoding="utf-8").strip()
        outcome = json.loads(text) if text else {}
    text, reason = answer if answer else ("", None)
    return {
        "status": status,
        "words": len((text or "").split()),
        "end_reason": reason,
        "left_open": bool(outcome.get("left_open")),
        "outcome": outcome.get("status"),
    }


def run_once(checkout: Path, clip: Path, after_s: float, work: Path, env: dict[str, str], strace: bool = False) -> dict:
    data, config = work / "data", work / "cfg"
    config.mkdir(parents=True)
    (config / "settings.json").write_text(json.dumps({"first_run_done": True, "headset": True}))
    child_env = {
        **env,
        "PYTHONPATH": str(checkout),
        "INTERVIEW_VOICE_DATA_DIR": str(data),
        "INTERVIEW_VOICE_CONFIG_DIR": str(config),
        "QT_QPA_PLATFORM": "offscreen",
        "HF_HUB_OFFLINE": "1",
    }
    log = (work / "stderr.txt").open("w")
    child = subprocess.Popen(
        [
            *(
                ["strace", "-f", "--seccomp-bpf", "-ttt", "-e", "trace=exit_group", "-o", str(work / "strace.txt")]
                if strace
                else []
            ),
            sys.executable,
            "-c",
            DRIVER,
            str(clip),
            str(after_s),
        ],
        env=child_env,
        cwd=checkout,  # `-c` puts the working folder first on sys.path: it must be the checkout
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
    )
    closed_at = player = None
    names: dict[str, str] = {}  # thread id: name/niceness/state as the process left
    steps: list[str] = []  # the stages of leaving, seconds after the close
    watchdog = threading.Timer(400, child.kill)  # a session that never reached its first answer
    watchdog.start()
    assert child.stdout is not None
    for line in child.stdout:  # ends when the child exits (its stdout closes)
        if line.startswith("CLOSE "):
            closed_at, closed_wall = (float(x) for x in line.split()[1:3])
        elif line.startswith("TASKS "):
            names = dict(t.split("=", 1) for t in line.split()[1:])
        elif line.startswith("PLAYER "):
            player = int(line.split()[1])
        elif line.startswith("STEP ") and closed_at is not None:
            step, at, *rest = line.split()[1:]
            if strace and step in ("os._exit", "atexit") and player is not None:
                os.kill(player, 15)  # strace waits for every process it follows: not for the rest of the clip
            steps.append(f"{step} +{float(at) - closed_at:.2f} s {' '.join(rest)}")
    child.wait(timeout=300)
    exited_at = time.monotonic()
    if strace and closed_at is not None:  # when the process asked to leave and its threads were gone, wall clock
        lines = [line.split() for line in (work / "strace.txt").read_text().splitlines()]
        after = [(int(w[0]), float(w[1]) - closed_wall, " ".join(w[2:])) for w in lines if float(w[1]) > closed_wall]
        after = [a for a in after if a[0] != player]
        steps += [f"exit_group +{at:.2f} s (pid {pid})" for pid, at, what in after if "exit_group(" in what]
        gone = sorted(at for _pid, at, what in after if what.startswith("+++ exited"))
        last = sorted((at, pid) for pid, at, what in after if what.startswith("+++ exited"))[-4:]
        steps += [f"gone +{at:.2f} s {names.get(str(pid), pid)}" for at, pid in last]
        if gone:
            steps.append(
                f"threads-gone {len(gone)}: first +{gone[0]:.2f} s, "
                f"median +{gone[len(gone) // 2]:.2f} s, last +{gone[-1]:.2f} s"
            )
    watchdog.cancel()
    log.close()
    stderr = (work / "stderr.txt").read_text(errors="replace")
    if player is not None:
        try:
            os.kill(player, 15)  # the answer may still be playing into the sink
        except ProcessLookupError:
            pass
    if closed_at is None:
        raise SystemExit(
            f"{checkout}: the window was never closed mid-answer (exit {child.returncode}):\n{stderr[-3000:]}"
        )
    aborted = any(k in stderr for k in ("Traceback", "terminate called", "Aborted", "Segmentation"))
    return {"exit_s": exited_at - closed_at, "code": child.returncode, "aborted": aborted, **kept(data), "steps": steps}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", type=Path, required=True, help="a checkout of today's code (git worktree add)")
    parser.add_argument("--runs", type=int, default=4)
    parser.add_argument("--busy", default="0,1", help="spinning processes per condition, comma-separated")
    parser.add_argument("--codes", default="today,new", help="which checkouts run: today, new or both")
    parser.add_argument("--after", type=float, default=8.0, help="seconds into the answer the window is closed")
    parser.add_argument(
        "--strace", action="store_true", help="run each child under strace: when it called exit_group, among the steps"
    )
    args = parser.parse_args()
    from interview_voice.paths import cache_dir, default_paths
    from tests.virtual_audio import null_sink

    checkouts = {k: v for k, v in {"today": args.base.resolve(), "new": ROOT}.items() if k in args.codes.split(",")}
    results: dict[tuple[int, str], list[dict]] = {}
    loads: dict[int, tuple[float, float]] = {}
    with tempfile.TemporaryDirectory() as tmp, null_sink(Path(tmp) / "pulse", headset=True) as env:
        # the sound server's HOME is its own: the models and the interviewer library's proof stay the user's
        env = {
            **env,
            "INTERVIEW_VOICE_MODELS_DIR": str(default_paths().models_dir),
            "INTERVIEW_VOICE_CACHE_DIR": str(cache_dir()),
        }
        clip = Path(tmp) / "answer.wav"
        seconds = answer_clip(clip)
        print(f"answer: {seconds:.1f} s of human speech; the window closes {args.after:.0f} s into it", file=sys.stderr)
        for busy in (int(b) for b in args.busy.split(",")):
            spinners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(busy)]
            try:
                for run in range(args.runs):
                    for label, checkout in checkouts.items():
                        result = run_once(
                            checkout, clip, args.after, Path(tmp) / f"{label}-{busy}-{run}", env, args.strace
                        )
                        print(f"busy {busy}, run {run + 1}, {label}: {result}", file=sys.stderr, flush=True)
                        results.setdefault((busy, label), []).append(result)
                loads[busy] = os.getloadavg()[:2]
            finally:
                for spinner in spinners:
                    spinner.kill()
                    spinner.wait()
    print(
        "\n| load | code | runs | close to exit, s: p50 / max | exit codes | aborted | status as left "
        "| answer words (median) | answer ended | left to the next start |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for (busy, label), rows in results.items():
        times = [r["exit_s"] for r in rows]
        one, five = loads[busy]
        condition = f"{busy} busy (load {one:.1f} / {five:.1f})" if busy else f"quiet (load {one:.1f} / {five:.1f})"
        statuses = ", ".join(sorted({str(r["status"]) for r in rows}))
        reasons = ", ".join(sorted({str(r.get("end_reason")) for r in rows}))
        print(
            f"| {condition} | {label} | {len(rows)} | {statistics.median(times):.2f} / {max(times):.2f} "
            f"| {', '.join(str(r['code']) for r in rows)} | {sum(r['aborted'] for r in rows)} | {statuses} "
            f"| {statistics.median(r.get('words', 0) for r in rows):.0f} | {reasons} "
            f"| {sum(r.get('left_open', False) for r in rows)} |"
        )


if __name__ == "__main__":
    main()
