"""Does anything in a session reach for the network or write outside the app's folders?

Runs under strace, in a private HOME: (1) plain onnxruntime loading the Silero
model, as Piper and the voice activity model did before telemetry was switched
off; (2) a whole `interview-voice simulate` on the test models. Prints, for each,
the internet connects/sends, the DNS queries for Microsoft's event collector and
the files that appeared outside the app's own folders.

    python benchmarks/telemetry_strace.py [--answers DIR] [--wait 25]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLAIN_ORT = """
import time, onnxruntime
from faster_whisper.utils import get_assets_path
onnxruntime.InferenceSession(get_assets_path() + "/silero_vad_v6.onnx", providers=["CPUExecutionProvider"])
time.sleep({wait})
"""


def _speak_answers(folder: Path) -> Path:
    for index, text in enumerate(
        [
            "I would start with a simple baseline and check the data first.",
            "The label comes from billing data before the prediction date.",
        ],
        start=1,
    ):
        subprocess.run(["espeak-ng", "-w", str(folder / f"answer{index}.wav"), text], check=True)
    return folder


def _run(name: str, command: list[str], work: Path) -> dict:
    home = work / name
    home.mkdir()
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("XDG_", "ORT_", "INTERVIEW_VOICE_DATA", "INTERVIEW_VOICE_CONFIG"))
    }
    models = os.environ.get("INTERVIEW_VOICE_MODELS_DIR") or str(Path.home() / ".local/share/interview-voice/models")
    env.update(
        HOME=str(home), XDG_CACHE_HOME=str(home / ".cache"), INTERVIEW_VOICE_MODELS_DIR=models, PYTHONPATH=str(ROOT)
    )
    trace = work / f"{name}.strace"
    subprocess.run(
        ["strace", "-f", "-qq", "-s", "128", "-e", "trace=connect,sendto,sendmsg", "-o", str(trace), *command],
        env=env,
        cwd=home,
        capture_output=True,
        check=False,
        timeout=900,
    )
    lines = trace.read_text(errors="replace").splitlines()
    internet = [ln for ln in lines if re.search(r"AF_INET6?\b", ln) and "connect(" in ln]
    dns = [ln for ln in lines if "mobile\\6events" in ln or "events\\4data" in ln]
    allowed = [
        home / "out",
        home / ".local/share/interview-voice",
        home / ".config/interview-voice",
        home / ".cache/interview-voice",
    ]
    outside = sorted(
        str(p.relative_to(home))
        for p in home.rglob("*")
        if p.is_file() and not any(p.is_relative_to(a) for a in allowed)
    )
    return {
        "run": name,
        "internet connects": len(internet),
        "telemetry DNS sends": len(dns),
        "files outside the app": outside,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=Path, help="a folder of answer WAVs (default: spoken with espeak-ng)")
    parser.add_argument("--wait", type=float, default=25.0, help="seconds the plain run waits for its upload")
    args = parser.parse_args()
    if not shutil.which("strace"):
        print("strace is needed (apt-get install strace)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        answers = args.answers or _speak_answers(Path(tempfile.mkdtemp(dir=tmp)))
        rows = [
            _run("plain onnxruntime", [sys.executable, "-c", PLAIN_ORT.format(wait=args.wait)], work),
            _run(
                "interview-voice simulate",
                [
                    sys.executable,
                    "-m",
                    "interview_voice",
                    "simulate",
                    "--answers",
                    str(answers),
                    "--out",
                    str(work / "simulate" / "out"),
                    "--stt",
                    "whisper-tiny.en",
                    "--llm",
                    "smollm2-135m-instruct-q4_1",
                ],
                work,
            ),
        ]
    print("| run | internet connects | telemetry DNS sends | files outside the app |")
    print("| --- | ---: | ---: | --- |")
    for row in rows:
        print(
            f"| {row['run']} | {row['internet connects']} | {row['telemetry DNS sends']} | "
            f"{', '.join(row['files outside the app']) or 'none'} |"
        )
    app = rows[-1]
    return 1 if app["internet connects"] or app["files outside the app"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
