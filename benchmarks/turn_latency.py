"""How long the candidate waits after answering, with a second process busy on one core.

    .venv/bin/python benchmarks/turn_latency.py --checkout before=/path/a --checkout after=/path/b [--runs 3] [--quiet]

Runs `interview-voice simulate --realtime` on the default models with espeak-ng answers,
alternating the checkouts (same answers, same moment), while a busy loop takes one core.
Prints, per checkout, from the end of the candidate's speech: the first interviewer sound of
any kind (an acknowledgement or the line itself) after every answer, and the follow-up's own
first sound (the silence after "Okay." is the difference).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ANSWERS = [
    "I would first ask what the business wants to do with the prediction. Then I would define churn as no "
    "renewal within thirty days and build a logistic regression baseline.",
    "The label comes from billing data, and I would only use features from before the prediction date.",
    "Our fraud model had great offline results, but precision dropped in production. One feature was "
    "computed differently in the serving path.",
    "I compared the logged serving features with the training features for the same transactions.",
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def run_once(checkout: Path, answers: Path, work: Path, plan: str = "first-interview", timeout: int = 900) -> dict:
    """`simulate --realtime` of one checkout on the default models, with its own data folder under
    work (the installed models shared); its report.json."""
    from interview_voice.paths import default_paths

    env = {
        **os.environ,
        "PYTHONPATH": str(checkout),
        "INTERVIEW_VOICE_DATA_DIR": str(work / "data"),
        "INTERVIEW_VOICE_MODELS_DIR": str(default_paths().models_dir),
        "INTERVIEW_VOICE_CONFIG_DIR": str(work / "cfg"),
        "HF_HUB_OFFLINE": "1",
    }
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "interview_voice",
            "simulate",
            "--plan",
            plan,
            "--realtime",
            "--seed",
            "1",
            "--answers",
            str(answers),
            "--out",
            str(work / "out"),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=checkout,
    )  # `python -m` puts the working folder first: it must be the checkout
    if done.returncode != 0:
        raise SystemExit(f"simulate failed in {checkout} (exit {done.returncode}):\n{done.stderr[-2000:]}")
    return json.loads((work / "out" / "report.json").read_text())


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--checkout", action="append", required=True, help="label=path of a source tree")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--quiet", action="store_true", help="no busy process: the machine to itself")
    args = parser.parse_args()
    checkouts = dict(c.split("=", 1) for c in args.checkout)
    if not shutil.which("espeak-ng"):
        print("espeak-ng is needed to make the answers")
        return 1
    busy = None if args.quiet else subprocess.Popen([sys.executable, "-c", "while True: pass"])
    results: dict[str, dict[str, list[float]]] = {k: {"any": [], "follow_up": [], "after_ack": []} for k in checkouts}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            answers = Path(tmp) / "answers"
            answers.mkdir()
            for i, text in enumerate(ANSWERS, 1):
                subprocess.run(
                    ["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(answers / f"a{i}.wav"), text], check=True
                )
            for run in range(args.runs):
                for label, path in checkouts.items():
                    report = run_once(Path(path), answers, Path(tmp) / f"{label}{run}")
                    for turn in report["turns"]:
                        if turn.get("latency_any_ms") is not None:
                            results[label]["any"].append(turn["latency_any_ms"])
                        if turn["kind"] == "follow_up" and turn.get("latency_ms") is not None:
                            results[label]["follow_up"].append(turn["latency_ms"])
                            if turn.get("ack_audio_ms") is not None:
                                results[label]["after_ack"].append(turn["first_audio_ms"] - turn["ack_audio_ms"])
                    print(f"run {run + 1} {label}: done", flush=True)
    finally:
        if busy is not None:
            busy.kill()
    load = "nothing else running" if args.quiet else "one core kept busy"
    print(f"\nms from the end of speech, {args.runs} interviews each, {load}")
    print(f"{'':10} {'measure':44} {'n':>3} {'p50':>6} {'p95':>6} {'max':>6}")
    names = {
        "any": "first sound of any kind, after every answer",
        "follow_up": "the follow-up's own first sound",
        "after_ack": "acknowledgement start -> follow-up start",
    }
    for label, measures in results.items():
        for key, values in measures.items():
            if values:
                print(
                    f"{label:10} {names[key]:44} {len(values):3} {statistics.median(values):6.0f} "
                    f"{percentile(values, 0.95):6.0f} {max(values):6.0f}"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
