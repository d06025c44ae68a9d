"""Screenshots of every screen and dialog, at several window sizes and at 200 % scaling, to look at.

    benchmarks/screenshots.py --out /tmp/shots [--data DIR]

Without --data, a session is made first in a temporary data dir: espeak-ng speaks
four answers and `interview-voice simulate` runs the short first interview on them
with the small test models (Whisper tiny.en, the Piper voice, SmolLM2), storing the
session and its feedback as the app would. Then each scale runs in its own Xvfb
(`xvfb-run`; QT_SCALE_FACTOR is read once, when Qt starts) and saves
<scale>x-<width>x<height>-<screen>.png for each window size; `--text 1.25,1.5` also shoots each
size with the text setting at 125 % and 150 % (Settings > Text size, applied as the window applies
it), as <scale>x-text<percent>-<width>x<height>-<screen>.png. Nothing is stubbed in
the window: the history, report, progress and replay read the stored session; the
live interview screen is the transcript of that session replayed into the window.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = {1: ["800x600", "1400x900", "1920x1080"], 2: ["800x600", "1400x900"]}
ANSWERS = [
    "I would first ask what the business wants to do with the prediction. Then I would define churn as no "
    "renewal within thirty days and build a logistic regression baseline before anything fancier.",
    "The label comes from billing data, and I would only use features from before the prediction date.",
    "Our fraud model had great offline results, but precision dropped in production. One feature was "
    "computed differently in the serving path.",
    "I compared the logged serving features with the training features for the same transactions.",
]


def make_session(data: Path, models: Path) -> None:
    answers = data.parent / "answers"
    answers.mkdir(parents=True, exist_ok=True)
    for n, text in enumerate(ANSWERS, start=1):
        subprocess.run(
            ["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(answers / f"answer{n}.wav"), text], check=True
        )
    env = dict(
        os.environ,
        INTERVIEW_VOICE_DATA_DIR=str(data),
        INTERVIEW_VOICE_MODELS_DIR=str(models),
        INTERVIEW_VOICE_CONFIG_DIR=str(data.parent / "config"),
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "interview_voice",
            "simulate",
            "--plan",
            "first-interview",
            "--answers",
            str(answers),
            "--out",
            str(data.parent / "out"),
            "--seed",
            "3",
            "--stt",
            "whisper-tiny.en",
            "--live-stt",
            "same",
            "--llm",
            "smollm2-135m-instruct-q4_1",
        ],
        check=True,
        env=env,
    )


STARTUP_DRIVER = r'''
import sys, time
from pathlib import Path
from PySide6.QtCore import QTimer
from interview_voice import cli
from interview_voice.ui.main_window import MainWindow
from interview_voice.ui.status_line import StatusLine

out, began, seen = Path(sys.argv[1]), time.monotonic(), []
windows = []
shown, loaded = MainWindow.__init__, MainWindow._on_models_loaded

def keep(self, *args, **kwargs):
    shown(self, *args, **kwargs)
    windows.append(self)

def shoot(text):
    if windows and (not seen or seen[-1] != text):
        seen.append(text)
        name = out / f"startup-{time.monotonic() - began:05.1f}s.png"
        windows[0].grab().save(str(name))
        print(f"{time.monotonic() - began:5.1f} s  {text!r}  {name.name}", flush=True)

said, progress = StatusLine.say, StatusLine.show_progress
def say(self, text):
    said(self, text)
    shoot(text)
def show_progress(self, message, fraction):
    progress(self, message, fraction)
    shoot(f"{message} {fraction:.0%}")
def on_loaded(self, models):
    loaded(self, models)
    shoot("ready")
    QTimer.singleShot(500, self.close)

MainWindow.__init__, MainWindow._on_models_loaded = keep, on_loaded
StatusLine.say, StatusLine.show_progress = say, show_progress
sys.exit(cli.main(["gui"]))
'''


def startup(out: Path, size: str, models: Path) -> None:
    """A real first start, shot at each new start-up message (see the module's text)."""
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "cfg"
        config.mkdir()
        width, height = size.split("x")
        (config / "settings.json").write_text('{"first_run_done": true}')
        env = dict(
            os.environ,
            QT_QPA_PLATFORM="xcb",
            INTERVIEW_VOICE_DATA_DIR=str(Path(tmp) / "data"),
            INTERVIEW_VOICE_CONFIG_DIR=str(config),
            INTERVIEW_VOICE_MODELS_DIR=str(models),  # the installed ones: none is offered for download
            INTERVIEW_VOICE_CACHE_DIR=str(Path(tmp) / "cache"),  # empty: the library's proof runs, as at a first start
            HF_HUB_OFFLINE="1",
            PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
        )
        command = [sys.executable, "-c", STARTUP_DRIVER, str(out)]
        if shutil.which("xvfb-run") and not os.environ.get("DISPLAY"):
            command = ["xvfb-run", "-a", "-s", f"-screen 0 {width}x{height}x24"] + command
        subprocess.run(command, check=True, env=env, cwd=ROOT, timeout=600)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--data", type=Path, help="a data dir holding at least one stored session")
    parser.add_argument("--models", type=Path, default=Path.home() / ".local/share/interview-voice/models")
    parser.add_argument("--scales", default="1,2")
    parser.add_argument("--text", default="", help="text sizes besides 100 %%, e.g. 1.25,1.5")
    parser.add_argument("--window-sizes", default="", help="sizes at scale 1 instead of the default: 800x600,1920x1080")
    parser.add_argument("--shoot", action="store_true", help=argparse.SUPPRESS)  # inside Xvfb
    parser.add_argument("--sizes", default="", help=argparse.SUPPRESS)
    parser.add_argument("--startup", action="store_true", help="shoot a real first start instead (default models)")
    args = parser.parse_args()
    if args.startup:
        args.out.mkdir(parents=True, exist_ok=True)
        startup(args.out, (args.window_sizes or "800x600").split(",")[0], args.models)
        return
    if args.shoot:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from screenshot_screens import shoot_all

        texts = [1.0, *(float(t) for t in args.text.split(",") if t)]
        shoot_all(args.data, args.out, args.sizes.split(","), os.environ.get("QT_SCALE_FACTOR", "1"), texts)
        return
    data = args.data
    if data is None:
        data = Path(tempfile.mkdtemp(prefix="shots-")) / "data"
        make_session(data, args.models)
    args.out.mkdir(parents=True, exist_ok=True)
    for scale in (int(s) for s in args.scales.split(",")):
        env = dict(
            os.environ,
            QT_SCALE_FACTOR=str(scale),
            QT_QPA_PLATFORM="xcb",
            PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
        )
        command = [
            sys.executable,
            str(Path(__file__).resolve()),
            "--shoot",
            "--data",
            str(data),
            "--out",
            str(args.out),
            "--sizes",
            args.window_sizes if args.window_sizes and scale == 1 else ",".join(SIZES[scale]),
            "--text",
            args.text if scale == 1 else "",
        ]
        if shutil.which("xvfb-run") and not os.environ.get("DISPLAY"):
            command = ["xvfb-run", "-a", "-s", "-screen 0 3840x2400x24"] + command
        subprocess.run(command, check=True, env=env)
    print(f"screenshots in {args.out}")


if __name__ == "__main__":
    main()
