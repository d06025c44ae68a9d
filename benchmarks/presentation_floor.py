"""Does the presentation round hold the floor? A talk with long pauses between its parts, per checkout.

    .venv/bin/python benchmarks/presentation_floor.py --checkout before=/path/a --checkout after=/path/b

One `interview-voice simulate --realtime` of the presentation-panel plan per checkout (default models),
on a talk of about three minutes in espeak-ng: nine parts, several making a claim a panelist may
probe ("forty percent more accurate"), with pauses of 2.5 to 6 s between them (changing slides), and
closed in words ("That's all from me."). The panel's questions get short typed answers. Prints, per
checkout: how much of the talk was heard before the panel moved to its questions, how many times the
talk was ended at a pause while it was still going, the panelists' interjections per ten minutes of
talk and the claims they named, and any check-in.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

TALK: list[str | float] = [
    "Thank you. Today I will present the demand forecasting system we built for a chain of two hundred stores.",
    3.0,
    "The problem was waste: fresh food thrown away every night, and empty shelves every morning.",
    4.0,
    "We started with a seasonal baseline, last year's sales for the same week, adjusted for holidays.",
    2.5,
    "Our gradient boosted model was forty percent more accurate than that baseline on six months of held out data.",
    5.0,
    "The features were sales history, promotions, weather forecasts and local events.",
    3.5,
    "Serving runs every night in a batch job, and the latency of the whole pipeline fell to twenty minutes.",
    6.0,
    "We monitor the error per store every week and retrain when it drifts past a threshold.",
    3.0,
    "In the pilot, waste fell by a third in the first two months.",
    4.5,
    "What I would change is the data on promotions, which came late and often wrong. That's all from me, thank you.",
]
TALK_WORDS = ("demand", "waste", "seasonal", "accurate", "weather", "latency", "retrain", "pilot", "promotions")


def make_answers(folder: Path) -> None:
    from interview_voice.engines.audio_file import read_wav_mono, write_wav

    folder.mkdir(parents=True)
    pieces = []
    for part in TALK:
        if isinstance(part, float):
            pieces.append(np.zeros(int(part * 16_000), np.float32))
        else:
            wav = folder / "part.wav"
            subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(wav), part], check=True)
            audio = read_wav_mono(wav)
            loud = np.nonzero(np.abs(audio) > 0.01)[0]
            pieces.append(audio[: loud[-1] + 800] if loud.size else audio)
    (folder / "part.wav").unlink()
    write_wav(folder / "a00.wav", np.concatenate(pieces), 16_000)
    for i in range(1, 12):
        (folder / f"a{i:02d}.txt").write_text("We measured it on held out stores, week by week.")


def summarise(label: str, report: dict) -> None:
    turns = report["turns"]
    talk = next(t for t in turns if t["speaker"] == "candidate")
    begin, end = talk.get("speech_start_ms", 0), talk.get("speech_end_ms", 0)
    heard = [w for w in TALK_WORDS if w in talk["text"].lower()]
    # the interviewer making a sound while the candidate was still presenting: a line (even one that
    # yielded at once) or an acknowledgement, at a pause between the talk's parts
    over = [
        t
        for t in turns
        if t["speaker"] == "interviewer"
        and t["kind"] != "interjection"
        and (
            begin < t.get("first_audio_ms", t["started_ms"]) < end
            or (t.get("ack_audio_ms") is not None and begin < t["ack_audio_ms"] < end)
        )
    ]
    resumed = [e for e in report.get("events", []) if e["type"] == "resumed" and e.get("turn") == talk["index"]]
    jumped = [t for t in turns if t["kind"] == "interjection"]
    checks = [t for t in turns if t["kind"] == "nudge" and t["started_ms"] < end + 10_000]
    spoken_s = max(0.0, (end - begin) / 1000)
    print(
        f"\n{label}: the talk's first turn holds {len(heard)} of its {len(TALK_WORDS)} parts "
        f"({spoken_s:.0f} s from its first to its last word)"
    )
    print(
        f"  the interviewer made a sound at a pause while the talk went on: {len(over)} times "
        f"({', '.join(sorted({t['kind'] for t in over})) or 'never'}); the talk resumed {len(resumed)} times"
    )
    rate = 600 * len(jumped) / max(spoken_s, 1)
    print(
        f"  interjections: {len(jumped)} ({rate:.1f} per 10 minutes of talk): " + "; ".join(t["text"] for t in jumped)
    )
    print(f"  check-ins: {len(checks)}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--checkout", action="append", required=True, help="label=path of a source tree")
    args = parser.parse_args()
    if not shutil.which("espeak-ng"):
        print("espeak-ng is needed to make the talk")
        return 1
    from turn_latency import run_once

    with tempfile.TemporaryDirectory() as tmp:
        make_answers(Path(tmp) / "answers")
        for label, path in (c.split("=", 1) for c in args.checkout):
            summarise(
                label,
                run_once(Path(path), Path(tmp) / "answers", Path(tmp) / label, plan="presentation-panel", timeout=3600),
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
