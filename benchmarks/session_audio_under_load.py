"""Whole sessions on a busy machine: underruns and breaks in what the sound card played, and the recording.

    .venv/bin/python benchmarks/session_audio_under_load.py --base /tmp/base-25 [--rounds 1] [--busy 2]
        [--modes simulate,window]

benchmarks/audio_under_load.py plays a plan's interviewer lines on their own. This one runs whole
sessions of the short first interview (two questions, a follow-up each: every kind of line, a
lead-in, the model's follow-ups, the closing) on the default models, while `--busy` processes spin
(`python -c 'while True: pass'`), the sound card a PulseAudio null sink (tests/virtual_audio.py,
headset: the app plays to "phones", the microphone hears "voice"), and records what reached the
speakers with `parec` on the "phones" monitor:

- simulate: `interview-voice simulate --realtime` with its speakers the real sound card
  (`SoundDeviceOutput`, as the window opens it) instead of the paced file it writes; the answers are
  espeak-ng files, as in benchmarks/turn_latency.py;
- window: `interview-voice gui` under Xvfb (offscreen without xvfb-run), headset on, the real
  microphone and speakers; a small driver presses Start when the models are loaded and plays each
  answer into the "voice" sink when the window starts listening for it, then saves a screenshot of
  the window (window-at-the-end.png) and closes it when the session is saved.

Today's code (--base, a checkout) and this checkout alternate in the same run, each child in its own
checkout's folder with it on PYTHONPATH, under the same load. Counted per session:
- underflows: callbacks PortAudio flagged `output_underflow` (the speakers ran dry);
- ALSA underruns: "underrun occurred" lines ALSA wrote to stderr;
- breaks in words: runs of digital silence longer than 20 ms in the played stream with speech right
  before and after (pauses between sentences fade out first);
- speech played / meant: seconds of sound in the played stream against the sentences handed to the
  speakers;
- the stored recording: how many of the sentences handed to the speakers are on the session's
  interviewer track sample for sample (16-bit), in order, and breaks in words on that track.
Prints a table; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
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

from turn_latency import ANSWERS as TURN_LATENCY_ANSWERS  # noqa: E402

RATE = 22_050  # the "phones" sink's rate and Piper's: the played stream is not resampled
MIN_GAP_S = 0.02
EDGE_S = 0.015
SPEECH_RMS = 0.01
ANSWERS = [*TURN_LATENCY_ANSWERS, "No more questions from me, thank you."]  # and a reply for any turn past them

# Counts what the speakers were handed and what PortAudio flagged, in either mode; the sentences
# handed over are saved for the comparison with the stored recording.
COUNTING = r'''
import json, os, sys, threading
import numpy as np
from interview_voice.engines import audio_sd

underflows, meant, lock = [0], [], threading.Lock()
_callback, _play = audio_sd.SoundDeviceOutput._callback, audio_sd.SoundDeviceOutput.play

import time
calls = []   # (arrival, underflow flagged) of every callback

def callback(self, outdata, frames, time_info, status):
    calls.append((time.monotonic(), bool(status.output_underflow)))
    if status.output_underflow:
        underflows[0] += 1
    _callback(self, outdata, frames, time_info, status)

def late():
    """Callbacks that came more than 60 ms after the one before (20 ms apart when on time), and the wait
    before each callback that flagged an underflow."""
    gaps = [(b[0] - a[0], b[1]) for a, b in zip(calls, calls[1:])]
    return {"late_callbacks": sum(1 for g, _ in gaps if 0.06 < g < 1.0),
            "longest_wait_ms": round(1000 * max((g for g, _ in gaps if g < 1.0), default=0.0)),
            "waits_before_underflows_ms": [round(1000 * g) for g, flagged in gaps if flagged][:20]}

def play(self, chunk, cancel=None):
    with lock:
        meant.append(np.asarray(chunk.samples, np.float32).copy())
    return _play(self, chunk, cancel)

audio_sd.SoundDeviceOutput._callback, audio_sd.SoundDeviceOutput.play = callback, play

def report():
    np.savez(os.environ["BENCH_MEANT"], *meant)
    print("BENCH " + json.dumps({"underflows": underflows[0], "sentences": len(meant),
                                 "meant_s": sum(m.size for m in meant) / 22050, **late()}), flush=True)
'''

SIMULATE = (
    COUNTING
    + r'''
from interview_voice import cli
from interview_voice.commands import simulate
from interview_voice.engines.audio_file import FileAudioOutput

class Speakers:
    """simulate's interviewer through the sound card, and into interviewer.wav as simulate writes it."""
    realtime = True
    audible = False   # the answers come from files

    def __init__(self, path, sample_rate=22050, *, realtime=False):
        self.file = FileAudioOutput(path, sample_rate, realtime=False)
        self.card = audio_sd.SoundDeviceOutput()
        self.card.prove()   # as the window opens them before the interview

    def play(self, chunk, cancel=None):
        self.file.play(chunk)
        return self.card.play(chunk, cancel)

    def close(self):
        self.card.close()
        self.file.close()

    def __getattr__(self, name):
        return getattr(self.file, name)

simulate.FileAudioOutput = Speakers
code = cli.main(["simulate", "--plan", "first-interview", "--realtime", "--seed", "1",
                 "--answers", sys.argv[1], "--out", sys.argv[2]])
report()
sys.exit(code)
'''
)

WINDOW = (
    COUNTING
    + r'''
import subprocess, time
from pathlib import Path
from PySide6.QtCore import QTimer
from interview_voice import cli
from interview_voice.ui.main_window import MainWindow

answers = sorted(Path(sys.argv[1]).glob("*.wav"))
loaded, started, saved = MainWindow._on_models_loaded, MainWindow._on_turn_started, MainWindow._on_session_saved
heard = set()

def on_loaded(self, models):
    loaded(self, models)
    QTimer.singleShot(300, self.start_interview)

def on_turn_started(self, turn):
    started(self, turn)
    if turn.speaker == "candidate" and turn.index not in heard:
        clip = answers[min(len(heard), len(answers) - 1)]
        heard.add(turn.index)
        subprocess.Popen(["paplay", "--device=voice", str(clip)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

def on_saved(self):
    saved(self)
    report()
    self.grab().save(os.environ["BENCH_SHOT"])   # the window as the session left it
    QTimer.singleShot(1500, self.close)

MainWindow._on_models_loaded, MainWindow._on_turn_started = on_loaded, on_turn_started
MainWindow._on_session_saved = on_saved
sys.exit(cli.main(["gui"]))
'''
)


def busy(n: int) -> list[subprocess.Popen]:
    return [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(n)]


def silent_runs(audio: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) of every run of digital silence longer than MIN_GAP_S."""
    quiet = np.abs(audio) < 1e-6
    edges = np.flatnonzero(np.diff(np.concatenate([[0], quiet.astype(np.int8), [0]])))
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True) if b - a > MIN_GAP_S * RATE]


def rms(piece: np.ndarray) -> float:
    return float(np.sqrt(np.mean(piece**2))) if piece.size else 0.0


def breaks(audio: np.ndarray) -> list[tuple[int, int]]:
    """Runs of digital silence over 20 ms with speech right before and after: a cut inside a word."""
    edge = int(EDGE_S * RATE)
    return [
        (a, b)
        for a, b in silent_runs(audio)
        if a > edge
        and b < audio.size
        and rms(audio[a - edge : a]) > SPEECH_RMS
        and rms(audio[b : b + edge]) > SPEECH_RMS
    ]


def sound_s(audio: np.ndarray) -> float:
    """Seconds of the stream that are not digital silence, in 10 ms frames."""
    frames = audio[: audio.size // 220 * 220].reshape(-1, 220)
    return float((np.abs(frames).max(axis=1) > 1e-4).sum()) * 0.01


def on_track(track: np.ndarray, meant: list[np.ndarray]) -> int:
    """How many of the sentences handed to the speakers are on the track sample for sample, in order."""
    found, cursor = 0, 0
    for sentence in meant:
        pcm = (np.clip(sentence, -1.0, 1.0) * 32767).astype("<i2")
        if pcm.size == 0:
            continue
        k = int(np.argmax(np.abs(pcm)))
        starts = np.flatnonzero(track[cursor + k :] == pcm[k])[:5000] + cursor
        for start in starts:
            if np.array_equal(track[start : start + pcm.size], pcm):
                found, cursor = found + 1, int(start + pcm.size)
                break
    return found


def stored_track(data: Path) -> np.ndarray | None:
    """The newest session's interviewer track as 16-bit samples, or None."""
    db_path = data / "sessions.db"
    if not db_path.exists():
        return None
    with sqlite3.connect(db_path) as db:
        row = db.execute("select id from sessions order by started_at desc limit 1").fetchone()
    path = data / "sessions" / row[0] / "interviewer.wav" if row else None
    if path is None or not path.exists():
        return None
    return np.frombuffer(path.read_bytes()[44:], dtype="<i2")


def make_answers(folder: Path) -> None:
    folder.mkdir(parents=True)
    for i, text in enumerate(ANSWERS, 1):
        subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(folder / f"a{i}.wav"), text], check=True)


def run_once(mode: str, checkout: Path, answers: Path, work: Path, env: dict[str, str]) -> dict:
    work.mkdir(parents=True)
    data, config, record, meant = work / "data", work / "cfg", work / "played.raw", work / "meant.npz"
    config.mkdir()
    (config / "settings.json").write_text(json.dumps({"first_run_done": True, "headset": True}))
    child_env = {
        **env,
        "PYTHONPATH": str(checkout),
        "INTERVIEW_VOICE_DATA_DIR": str(data),
        "INTERVIEW_VOICE_CONFIG_DIR": str(config),
        "HF_HUB_OFFLINE": "1",
        "BENCH_MEANT": str(meant),
        "BENCH_SHOT": str(work / "window-at-the-end.png"),
    }
    if mode == "simulate":
        command = [sys.executable, "-c", SIMULATE, str(answers), str(work / "out")]
    else:
        command = [sys.executable, "-c", WINDOW, str(answers)]
        if shutil.which("xvfb-run") and not os.environ.get("DISPLAY"):
            command = ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", *command]
            child_env["QT_QPA_PLATFORM"] = "xcb"
        else:
            child_env["QT_QPA_PLATFORM"] = "offscreen"
    parec = subprocess.Popen(
        [
            "parec",
            "--device=phones.monitor",
            "--format=float32le",
            f"--rate={RATE}",
            "--channels=1",
            "--raw",
            "--latency-msec=20",
            str(record),
        ],
        env=env,
    )
    time.sleep(0.3)
    log = (work / "stderr.txt").open("w")
    began = time.monotonic()
    child = subprocess.Popen(command, env=child_env, cwd=checkout, stdout=subprocess.PIPE, stderr=log, text=True)
    watchdog = threading.Timer(900, child.kill)
    watchdog.start()
    assert child.stdout is not None
    result: dict = {}
    for line in child.stdout:
        if line.startswith("BENCH "):
            result = json.loads(line[6:])
    child.wait()
    watchdog.cancel()
    log.close()
    took = time.monotonic() - began
    time.sleep(0.3)
    parec.terminate()
    parec.wait(timeout=10)
    stderr = (work / "stderr.txt").read_text(errors="replace")
    if not result:
        raise SystemExit(f"{mode} in {checkout} gave no counts (exit {child.returncode}):\n{stderr[-3000:]}")
    played = np.fromfile(record, dtype=np.float32)
    cuts = breaks(played)
    with np.load(meant) as saved:
        sentences = [saved[k] for k in sorted(saved.files, key=lambda k: int(k.split("_")[1]))]
    track = stored_track(data)
    stored_cuts = breaks(track.astype(np.float32) / 32768.0) if track is not None else []
    result.update(
        exit=child.returncode,
        minutes=took / 60,
        alsa=stderr.count("underrun occurred"),
        breaks=len(cuts),
        break_ms=1000 * sum(b - a for a, b in cuts) / RATE,
        played_s=sound_s(played),
        on_track=on_track(track, sentences) if track is not None else None,
        track_breaks=len(stored_cuts),
        load=os.getloadavg()[0],
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", type=Path, required=True, help="a checkout of today's code (git worktree add)")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--busy", type=int, default=2, help="spinning processes (0: an idle machine)")
    parser.add_argument("--modes", default="simulate,window")
    parser.add_argument("--codes", default="today,new", help="which checkouts run: today, new or both")
    parser.add_argument("--also", action="append", default=[], help="label=path: another checkout, run after today")
    parser.add_argument("--keep", type=Path, help="keep the recordings and data folders here")
    args = parser.parse_args()
    from interview_voice.paths import cache_dir, default_paths
    from tests.virtual_audio import null_sink

    rows: list[tuple[str, str, dict]] = []
    tmp = Path(tempfile.mkdtemp(prefix="session-audio-")) if args.keep is None else args.keep
    with null_sink(tmp / "pulse", headset=True) as env:
        env = {
            **env,
            "INTERVIEW_VOICE_MODELS_DIR": str(default_paths().models_dir),
            "INTERVIEW_VOICE_CACHE_DIR": str(cache_dir()),  # the library's proof, as the user's
        }
        answers = tmp / "answers"
        make_answers(answers)
        spinners = busy(args.busy)
        try:
            for n in range(args.rounds):
                for mode in args.modes.split(","):
                    others = [(label, Path(path).resolve()) for label, path in (a.split("=", 1) for a in args.also)]
                    for label, checkout in [("today", args.base.resolve()), *others, ("new", ROOT)]:
                        if label not in args.codes.split(",") and label in ("today", "new"):
                            continue
                        print(f"round {n + 1}: {mode}, {label}", file=sys.stderr, flush=True)
                        result = run_once(mode, checkout, answers, tmp / f"{mode}-{label}-{n}", env)
                        print(f"  {result}", file=sys.stderr, flush=True)
                        rows.append((mode, label, result))
        finally:
            for p in spinners:
                p.kill()
                p.wait()
    print(f"\n{args.busy} busy processes; recordings in {tmp}\n")
    print(
        "| session | code | minutes | load (1 min, at its end) | sentences | underflows | ALSA underruns "
        "| breaks > 20 ms in words (total ms) | sound played / meant, s | stored track: sentences intact, breaks |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for mode, label, r in rows:
        print(
            f"| {mode} | {label} | {r['minutes']:.1f} | {r['load']:.1f} | {r['sentences']} | {r['underflows']} "
            f"| {r['alsa']} | {r['breaks']} ({r['break_ms']:.0f}) | {r['played_s']:.1f} / {r['meant_s']:.1f} "
            f"| {r['on_track']} of {r['sentences']}, {r['track_breaks']} |"
        )


if __name__ == "__main__":
    main()
