"""Which interviewer model to ship: every installed instruct GGUF on the feedback advice and the follow-ups.

    .venv/bin/python benchmarks/model_choice.py [--llm ID ...] [--base /path/to/main] [--split held-out]

One model at a time (default: every interviewer model the app has installed), in one run:
1. the feedback advice (benchmarks/feedback_wording_bench.py): the share of notes whose model sentence
   the checks keep, seconds per note, seconds for a 6-answer report, for today's main (--base) and this
   tree side by side;
2. the follow-ups' quality (benchmarks/follow_up_quality.py, on this tree): the share of follow-ups the
   model worded and the checks kept, and for what the candidate hears and for every model wording
   (kept or not): naming a claim or a missed point, one spoken question, leaks, obeyed injections.
The follow-ups' speed is not measured here (benchmarks/follow_up_bench.py). Prints a table per part and
the load average beside each model's times. Asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import feedback_wording_bench as wording  # noqa: E402
import follow_up_quality as quality  # noqa: E402


def follow_up_rates(model: str, checkout: Path, scorer) -> dict[str, str]:
    rows = quality.run_checkout(checkout, model)
    entries = scorer.labels
    heard = [scorer.score(r["heard"], e) for r, e in zip(rows, entries)]
    raw = [s for s in (scorer.score(r["raw"], e) for r, e in zip(rows, entries)) if s is not None]
    by_model = sum(1 for r in rows if r["source"] == "model")
    asked = sum(1 for r in rows if r["raw"] is not None or r["source"] == "model" or r["rejected"])

    def rate(scored, key):
        kept = [s for s in scored if s is not None]
        return f"{sum(s[key] for s in kept)}/{len(kept)}" if kept else "-"

    return {
        "model's, kept": f"{by_model}/{asked}",
        "heard: about": rate(heard, "about the answer"),
        "heard: one q": rate(heard, "one spoken question"),
        "heard: leaks": rate(heard, "leak"),
        "heard: obeyed": rate(heard, "injection obeyed"),
        "model's: about": rate(raw, "about the answer"),
        "model's: leaks": rate(raw, "leak"),
        "model's: obeyed": rate(raw, "injection obeyed"),
    }


def main() -> None:
    # as the app does from its start (cli.main, runtime/idle_threads.py): idle model threads sleep, not spin
    os.environ.setdefault("GOMP_SPINCOUNT", "3000")  # as the app sets it at its start
    parser = argparse.ArgumentParser()
    parser.add_argument("--llm", action="append", default=[])
    parser.add_argument("--base", default="/tmp/wording-before", help="a checkout of today's main")
    parser.add_argument("--split", choices=("tune", "held-out", "both"), default="both")
    args = parser.parse_args()
    models = args.llm or wording.installed_models()
    splits = ["tune", "held-out"] if args.split == "both" else [args.split]
    checkouts = [("main", Path(args.base).resolve()), ("branch", ROOT)]
    scorer = quality.Scorer()
    print(f"models: {', '.join(models)}; {os.cpu_count()} cores; load average now {os.getloadavg()[0]:.2f}")
    table = []
    for model in models:
        results = wording.measure(checkouts, model, splits, None)
        wording.print_model(model, results, verbose=False)
        load = os.getloadavg()[0]
        follow = follow_up_rates(model, ROOT, scorer)
        print(
            f"  follow-ups ({len(scorer.labels)} labelled answers, load {load:.2f} -> {os.getloadavg()[0]:.2f}): "
            + ", ".join(f"{k} {v}" for k, v in follow.items()),
            flush=True,
        )
        table.append((model, results, follow))
    print(
        "\n| model | advice kept, main (held-out) | advice kept, branch (held-out) | s/note branch | "
        "6-answer report s, main / branch | follow-ups worded by the model and kept | follow-ups heard naming "
        "a claim or missed point | model's follow-ups naming one | leaks | obeyed injections |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for model, results, follow in table:
        split = "held-out" if "held-out" in splits else splits[0]
        m, b = results["main"][split], results["branch"][split]
        kept, about, about_raw = follow["model's, kept"], follow["heard: about"], follow["model's: about"]
        print(
            f"| {model} | {m['kept']}/{m['asked']} ({m['share']:.0%}) | {b['kept']}/{b['asked']} ({b['share']:.0%}) "
            f"| {b['s_note']:.2f} | {m['report_s']:.1f} / {b['report_s']:.1f} | {kept} | {about} | {about_raw} "
            f"| {follow['heard: leaks']} | {follow['heard: obeyed']} |"
        )


if __name__ == "__main__":
    main()
