"""Key points: the terms alone (today) beside the terms with the interviewer model as a tie-breaker for the
points the terms cannot decide ("partial"), on every labelled set; and the model's time. Asserts nothing.

    .venv/bin/python benchmarks/evidence_model_bench.py --today /tmp/base [--llm qwen2.5-coder-1.5b-instruct-q4_k_m]

Sets as in benchmarks/evidence_bench.py, plus tests/data/evidence_labels_heldout3.toml (36 judgements on
three questions no other set uses, written before this method was tried on anything). The model is asked
only about points the terms mark "partial"; its yes makes the point covered, its no makes it missed, and
anything else leaves it partial. Time: each question's seconds (answer read once per answer, then one
short question per point), and a 6-answer session's model time taken as six times the mean per answer
(the report's budget is 30 s in all). Run it on an idle machine for the times (the load average is
printed).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from evidence_bench import DATA, SETS, judgements, scored, summary  # noqa: E402

ALL_SETS = {
    **SETS,
    "held out: evidence_labels_heldout3 (3rd pass)": ("held-out", DATA / "evidence_labels_heldout3.toml"),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--today", type=Path, required=True)
    parser.add_argument("--llm", default="qwen2.5-coder-1.5b-instruct-q4_k_m")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--answers", action="store_true", help="each model verdict on the tuned sets")
    args = parser.parse_args()
    import point_check

    from interview_voice import app
    from interview_voice.core.bank import load_bank
    from interview_voice.engines.llm_llama import LlamaLanguageModel
    from interview_voice.paths import default_paths

    sets = {name: (split, judgements(path)) for name, (split, path) in ALL_SETS.items()}
    answers = list(dict.fromkeys((r["question"], r["text"]) for _, rows in sets.values() for r in rows))
    with tempfile.TemporaryDirectory() as tmp:
        today = dict(zip(answers, scored(args.today.resolve(), answers, Path(tmp))))
        new = dict(zip(answers, scored(ROOT, answers, Path(tmp))))
    bank = load_bank([ROOT / "assets" / "questions"])
    llm = LlamaLanguageModel(app.resolve(default_paths(), "llm", args.llm).path, threads=args.threads)
    with_model: dict = {}
    per_answer: list[float] = []
    per_call: list[float] = []
    asked = 0
    for qid, text in answers:
        rubric = bank.get(qid).rubric
        statuses = list(new[(qid, text)])
        began = time.perf_counter()
        for i, (status, evidence) in enumerate(statuses):
            if status != "partial":
                continue
            t0 = time.perf_counter()
            raw = "".join(llm.stream_chat(point_check.messages(text, rubric[i]), max_tokens=2, temperature=0.0))
            per_call.append(time.perf_counter() - t0)
            asked += 1
            said = point_check.verdict(raw)
            if said is not None:
                statuses[i] = ("covered" if said else "missed", evidence)
            if args.answers and not any(
                split == "held-out" and any(r["text"] == " ".join(text.split()) for r in rows)
                for split, rows in sets.values()
            ):
                print(f"  {qid} #{i + 1} {rubric[i]!r}: model {raw!r}", file=sys.stderr)
        per_answer.append(time.perf_counter() - began)
        with_model[(qid, text)] = statuses
    llm.close()
    print(f"load average {os.getloadavg()[0]:.2f}; model {args.llm}, {args.threads} threads")
    print("accuracy, paraphrased points credited, near-misses credited, negated points credited (covered or partial)")
    codes = {"today (terms)": today, "new (terms)": new, "new + model": with_model}
    print(f"{'set':46} {'n':>4}" + "".join(f"   {who + ': acc  para  near   neg':>36}" for who in codes))
    for name, (_, rows) in sets.items():
        print(f"{name:46} {len(rows):4d}" + "".join(f"   {summary(rows, r):>36}" for r in codes.values()))
    for split in ("held-out",):
        rows = [r for s, rs in sets.values() if s == split for r in rs]
        print(f"{'ALL ' + split:46} {len(rows):4d}" + "".join(f"   {summary(rows, r):>36}" for r in codes.values()))
    mean = sum(per_answer) / len(per_answer)
    print(
        f"\nmodel asked about {asked} partial points in {len(answers)} answers; per question: median "
        f"{sorted(per_call)[len(per_call) // 2] if per_call else 0:.2f} s, max {max(per_call, default=0):.2f} s; "
        f"per answer: mean {mean:.2f} s, max {max(per_answer):.2f} s; a 6-answer session about {6 * mean:.1f} s"
    )


if __name__ == "__main__":
    main()
