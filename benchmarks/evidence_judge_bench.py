"""Key points: the terms alone (today) beside the terms with the interviewer model as a judge of every point
the terms credit or partly credit (core/feedback/judge.py), on every labelled set; and the model's time.
Asserts nothing.

    .venv/bin/python benchmarks/evidence_judge_bench.py record --split tuned --out FEATURES.json
    .venv/bin/python benchmarks/evidence_judge_bench.py table [FEATURES.json] [--held-out]
    .venv/bin/python benchmarks/evidence_judge_bench.py session [--threads 2]

record: asks the model (Qwen2.5-Coder 1.5B by default, 2 threads) about each labelled answer, and keeps
its yes/no log-probability margins per point in FEATURES.json (added to, so the tuned and the held-out
sets are recorded apart), for each point the terms credit or partly credit: "answer", the whole answer
read once, then one short question per point (core.feedback.judge.point_prompt); "passage", the sentences
the terms quote for the point, alone (passage_prompt); "passage_shots", the same after worked examples
(passage_prompt_shots, what the app asks). Two more ask about the points the terms miss too (a paraphrase
shares no term, so the judge above never sees it): "whole_shots", every point against the whole answer
put first (answer_prompt_shots below: one reading of the answer serves all its points); "sentence_shots",
each point the terms missed against each sentence of the answer, with the app's prompt (the highest
margin counts). "passage_more" and "sentence_more" are those two after six more worked examples
(MORE_EXAMPLES: paraphrases with no shared word, near-misses with shared words), tried on the tuned sets:
320 and 325 right against 322 and 327 with the app's six, and 2 denials credited, so not shipped and
the held-out sets not read for them. Each ask's prompt tokens read (beyond the cache), seconds and
the load average are kept. Under a load of 8-13 on 2 cores, --threads 1 read prompts about 6 times faster
than 2 (17-20 against 3-8 tokens a second).

table: the margins' thresholds are chosen on the tuned sets only (the rule in core/feedback/judge.py's
`combine`; the app's THRESHOLDS are these for passage_shots; "A+B" is A's verdicts with a point still
missed credited where B's margin reaches a threshold chosen the same way), then every set is printed, today's terms
beside terms + judge; --held-out adds the held-out sets (read them once, at the end). Columns as in
benchmarks/evidence_bench.py: accuracy (covered or not), paraphrased points credited, near-misses
credited, negated points credited (covered or partial).

session: one 6-answer session's points judged as the report does (time, tokens, load).

Sets as in benchmarks/evidence_model_bench.py.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from evidence_bench import judgements  # noqa: E402

# the margins recorded on this machine with Qwen2.5-Coder 1.5B Q4_K_M, 1 thread (whole_shots and sentence_shots:
# 2 threads) (record, compacted: each
# point's terms status, and per variant each ask's margin, log-probabilities, tokens read and seconds)
MARGINS = ROOT / "benchmarks" / "evidence_judge_margins.json"
from evidence_model_bench import ALL_SETS  # noqa: E402


def terms_of(bank, qid: str, text: str) -> list[dict]:
    from interview_voice.core.feedback import coverage
    from interview_voice.core.feedback.answer import _terms
    from interview_voice.core.feedback.tokens import tokenize, words_from_text

    question = bank.get(qid)
    words = words_from_text(text)
    points = coverage.rubric_coverage(question.rubric, _terms(question), words, tokenize(words))
    return [{"status": p.status, "evidence": p.evidence, "passage": p.passage} for p in points]


def answer_prompt_shots(answer: str, point: str) -> list:
    """One point against the whole answer, the answer before the point, after the app's worked examples in
    the same order: one answer's prompts share all but their last line, so the answer is read once."""
    from interview_voice.core.feedback.judge import EXAMPLES, SYSTEM
    from interview_voice.core.types import ChatMessage

    def asked(passage: str, point: str) -> str:
        return (
            f"Passage: {' '.join(passage.split())}\nKey point: {point}\n"
            "Does the passage state this key point, not just mention words of it?"
        )

    shots = [
        m
        for example_point, example, verdict in EXAMPLES
        for m in (ChatMessage("user", asked(example, example_point)), ChatMessage("assistant", verdict))
    ]
    return [ChatMessage("system", SYSTEM), *shots, ChatMessage("user", asked(answer, point))]


# "passage_more" / "sentence_more": passage_shots / sentence_shots after six more worked examples, three
# paraphrases that share no word with their point and three near-misses that share its words but not its
# meaning (the kinds the six of core/feedback/judge.py leave most wrong on the tuned sets); topics no
# rubric in the bank has
MORE_EXAMPLES = (
    (
        "Reconciles the accounts every month",
        "At the end of each month I matched our ledger line by line against the bank statements.",
        "yes",
    ),
    (
        "Reconciles the accounts every month",
        "Every month the accounts team sent a newsletter about reconciling work and family life.",
        "no",
    ),
    (
        "Makes the page usable with a keyboard alone",
        "Every button and menu on the page can be reached and used with Tab and Enter, no mouse needed.",
        "yes",
    ),
    (
        "Makes the page usable with a keyboard alone",
        "I bought a new keyboard because the old one made the page hard to type.",
        "no",
    ),
    (
        "Asks unhappy customers what went wrong",
        "When someone cancelled in anger, I called them and listened to their story of what had failed them.",
        "yes",
    ),
    (
        "Asks unhappy customers what went wrong",
        "Customers were mostly happy and nothing went wrong, so I asked for a bigger budget.",
        "no",
    ),
)


def record(args: argparse.Namespace) -> None:
    from interview_voice import app
    from interview_voice.core.bank import load_bank
    from interview_voice.core.feedback import judge
    from interview_voice.engines.llm_llama import LlamaLanguageModel
    from interview_voice.paths import default_paths

    out = Path(args.out)
    done = {(d["question"], d["text"]): d for d in (json.loads(out.read_text()) if out.exists() else [])}
    bank = load_bank([ROOT / "assets" / "questions"])
    llm = LlamaLanguageModel(app.resolve(default_paths(), "llm", args.llm).path, threads=args.threads)
    for name, (split, path) in ALL_SETS.items():
        if split != args.split:
            continue
        rows = judgements(path)
        for qid, text in dict.fromkeys((r["question"], r["text"]) for r in rows):
            question = bank.get(qid)
            terms = terms_of(bank, qid, text)
            item = done.setdefault((qid, text), {"set": name, "split": split, "question": qid, "text": text})
            item["terms"] = terms
            todo = [v for v in args.variants if v not in item]
            if not todo:
                continue
            for variant in todo:
                asks = [i for i, t in enumerate(terms) if t["status"] != "missed"]
                examples = judge.EXAMPLES + (MORE_EXAMPLES if variant.endswith("_more") else ())
                if variant == "whole_shots":  # every point, the missed ones too, against the whole answer
                    asks = list(range(len(terms)))
                    prompts = [answer_prompt_shots(text, point) for point in question.rubric]
                elif variant in ("sentence_shots", "sentence_more"):  # each missed point, against each sentence
                    from interview_voice.core.text import split_sentences

                    sentences = split_sentences(" ".join(text.split()))
                    pairs = [
                        (i, k) for i, t in enumerate(terms) if t["status"] == "missed" for k in range(len(sentences))
                    ]
                    asks = [i for i, _ in pairs]
                    prompts = [judge.passage_prompt_shots(question.rubric[i], sentences[k], examples) for i, k in pairs]
                elif variant == "answer":
                    prompts = [judge.point_prompt(question.text, text, question.rubric[i]) for i in asks]
                elif variant in ("passage_shots", "passage_more"):
                    prompts = [
                        judge.passage_prompt_shots(question.rubric[i], terms[i]["passage"], examples) for i in asks
                    ]
                else:
                    prompts = [judge.passage_prompt(question.rubric[i], terms[i]["passage"]) for i in asks]
                got = []
                began = time.perf_counter()
                for i, said in zip(asks, llm.yes_no(prompts)):
                    now = time.perf_counter()
                    got.append(
                        {
                            "point": i,
                            "margin": said.margin,
                            "log_yes": said.log_yes,
                            "log_no": said.log_no,
                            "tokens": said.tokens_read,
                            "s": round(now - began, 3),
                        }
                    )
                    began = now
                item[variant] = got
                item[f"load_{variant}"] = os.getloadavg()[0]
            out.write_text(json.dumps(list(done.values()), indent=1))
            print(
                f"{name} {qid}: "
                + " ".join(
                    f"{v}={sum(g['tokens'] for g in item[v])}tok/{sum(g['s'] for g in item[v]):.1f}s" for v in todo
                )
                + f" load {os.getloadavg()[0]:.1f}",
                flush=True,
            )
    llm.close()


def session(args: argparse.Namespace) -> None:
    """A 6-answer session's key points judged as the report judges them (runtime.point_judge on a freshly
    loaded model, so the examples are read too), without a budget: its time, tokens and the load."""
    from interview_voice import app
    from interview_voice.core.bank import load_bank
    from interview_voice.core.feedback import answer_feedback
    from interview_voice.core.feedback.tokens import words_from_text
    from interview_voice.engines.llm_llama import LlamaLanguageModel
    from interview_voice.paths import default_paths
    from interview_voice.runtime.point_judge import ModelJudge

    bank = load_bank([ROOT / "assets" / "questions"])
    rows = judgements(ALL_SETS[args.set][1])
    picked: dict[str, str] = {}
    for r in rows:  # the first answer of each of six questions
        if len(picked) < 6 and r["question"] not in picked:
            picked[r["question"]] = r["text"]
    # --threads 0: as the app runs it, every core or one fewer while other programs are busy
    llm = LlamaLanguageModel(app.resolve(default_paths(), "llm", args.llm).path, threads=args.threads or None)
    tokens = [0]
    inner = llm.yes_no

    def counted(prompts, **kw):
        for said in inner(prompts, **kw):
            tokens[0] += said.tokens_read
            yield said

    llm.yes_no = counted  # type: ignore[method-assign]
    judge = ModelJudge(llm, budget_s=1e9)
    load = os.getloadavg()[0]
    began = time.perf_counter()
    for qid, text in picked.items():
        answer_feedback(bank.get(qid), words_from_text(text), typed=True, judge=judge)
    took = time.perf_counter() - began
    asked, read, after = judge.asked, tokens[0], os.getloadavg()[0]
    judge.missed_too = True  # the second look, as the report takes it once the notes are worded
    began = time.perf_counter()
    for qid, text in picked.items():
        answer_feedback(bank.get(qid), words_from_text(text), typed=True, judge=judge)
    second = time.perf_counter() - began
    llm.close()
    print(
        f"6-answer session ({', '.join(picked)}): {asked} points asked, {read} prompt tokens, "
        f"{took:.1f} s with {args.threads or 'as the app chooses'} threads; "
        f"load average {load:.2f} before, {after:.2f} after"
    )
    print(
        f"its second look: {judge.asked - 2 * asked} more asks, {tokens[0] - read} prompt tokens, {second:.1f} s "
        f"({llm.threads} threads at the end); load average {os.getloadavg()[0]:.2f} after"
    )


JUDGED = "report's judge"


def app(args: argparse.Namespace) -> None:
    """The labelled answers of one split through the app's own path (core.feedback.answer_feedback with
    runtime.point_judge's ModelJudge, no time limit): the terms, the report's judge, then its second look
    (the missed points sentence by sentence), per set; and the model's time on each stage."""
    from interview_voice import app as application
    from interview_voice.core.bank import load_bank
    from interview_voice.core.feedback import answer_feedback
    from interview_voice.core.feedback.tokens import words_from_text
    from interview_voice.engines.llm_llama import LlamaLanguageModel
    from interview_voice.paths import default_paths
    from interview_voice.runtime.point_judge import ModelJudge

    bank = load_bank([ROOT / "assets" / "questions"])
    llm = LlamaLanguageModel(application.resolve(default_paths(), "llm", args.llm).path, threads=args.threads or None)
    judge = ModelJudge(llm, budget_s=1e9)
    stages: dict[str, dict] = {"terms": {}, JUDGED: {}, "second look": {}}
    took = {JUDGED: 0.0, "second look": 0.0}
    load = os.getloadavg()[0]
    sets = {name: judgements(path) for name, (split, path) in ALL_SETS.items() if split == args.split}
    for rows in sets.values():
        for qid, text in dict.fromkeys((r["question"], r["text"]) for r in rows):
            question, words = bank.get(qid), words_from_text(text)
            for stage, use in (("terms", None), (JUDGED, judge), ("second look", judge)):
                judge.missed_too = stage == "second look"
                began = time.perf_counter()
                got = answer_feedback(question, words, typed=True, judge=use).data["rubric"]
                took[stage] = took.get(stage, 0.0) + time.perf_counter() - began
                stages[stage][(qid, text)] = [p["status"] for p in got]
    llm.close()
    print(f"{args.split}, the app's path (load {load:.1f} before, {os.getloadavg()[0]:.1f} after)")
    print(f"{'set':46} {'n':>4}" + "".join(f"  {s:>29}" for s in stages))
    for name, rows in sets.items():
        print(f"{name:46} {len(rows):4d}" + "".join(f"  {cell(counts(rows, got)):>29}" for got in stages.values()))
    answers = len({k for got in stages.values() for k in got})
    print(
        f"model time over {answers} answers: report's judge {took[JUDGED]:.1f} s, then the second look "
        f"{took['second look']:.1f} s ({judge.answered} asks in all)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    rec = sub.add_parser("record")
    rec.add_argument("--split", choices=("tuned", "held-out"), required=True)
    rec.add_argument("--out", required=True)
    rec.add_argument("--llm", default="qwen2.5-coder-1.5b-instruct-q4_k_m")
    rec.add_argument("--threads", type=int, default=2)
    rec.add_argument("--variants", nargs="+", default=["answer", "passage"])
    tab = sub.add_parser("table")
    tab.add_argument("features", nargs="?", default=str(MARGINS), help="recorded margins (default: %(default)s)")
    tab.add_argument("--held-out", action="store_true")
    tab.add_argument("--variants", nargs="+", help="only these (default: every one recorded on all tuned sets)")
    ses = sub.add_parser("session")
    ses.add_argument("--llm", default="qwen2.5-coder-1.5b-instruct-q4_k_m")
    ses.add_argument("--threads", type=int, default=2)
    ses.add_argument("--set", default="tuned: coverage_labels", help="whose answers (the first of six questions)")
    on_app = sub.add_parser("app")
    on_app.add_argument("--split", choices=("tuned", "held-out"), required=True)
    on_app.add_argument("--llm", default="qwen2.5-coder-1.5b-instruct-q4_k_m")
    on_app.add_argument("--threads", type=int, default=0)
    args = parser.parse_args()
    if args.cmd == "app":
        app(args)
    elif args.cmd == "record":
        record(args)
    elif args.cmd == "session":
        session(args)
    else:
        table(args)


def margins_of(item: dict, variant: str) -> dict[int, float]:
    """{point: margin} of one variant (the highest where a point was asked about several sentences)."""
    out: dict[int, float] = {}
    for g in item.get(variant, []):
        out[g["point"]] = max(out.get(g["point"], g["margin"]), g["margin"])
    return out


def statuses(items: dict, variant: str | None, thresholds) -> dict:
    """{(question, text): [status per point]}: the terms' (variant None) or combined with the judge's.
    A variant "A+B" is A's verdicts (thresholds[0]) with the points still missed credited where B's
    margin is at least thresholds[1] (B asks about every point against the whole answer)."""
    from interview_voice.core.feedback.judge import combine

    base, rescue = (variant.split("+") + [None])[:2] if variant else (None, None)
    base_t, rescue_at = thresholds if rescue else (thresholds, None)
    out = {}
    for key, item in items.items():
        terms = [t if isinstance(t, str) else t["status"] for t in item["terms"]]
        if base is None:
            out[key] = terms
            continue
        m = margins_of(item, base)
        got = [combine(s, m.get(i), base_t) for i, s in enumerate(terms)]
        if rescue:
            r = margins_of(item, rescue)
            got = [
                "covered" if s == "missed" and r.get(i) is not None and r[i] >= rescue_at else s
                for i, s in enumerate(got)
            ]
        out[key] = got
    return out


def counts(rows: list[dict], got: dict) -> dict:
    def st(r: dict) -> str:
        return got[(r["question"], r["text"])][r["point"]]

    para = [r for r in rows if r["role"] == "paraphrase"]
    near = [r for r in rows if r["role"] == "near_miss"]
    neg = [r for r in rows if r["role"] == "negated"]
    return {
        "n": len(rows),
        "right": sum((st(r) == "covered") == r["covered"] for r in rows),
        "para": (sum(st(r) == "covered" for r in para), len(para)),
        "near": (sum(st(r) == "covered" for r in near), len(near)),
        "neg": (sum(st(r) != "missed" for r in neg), len(neg)),
    }


def cell(c: dict) -> str:
    para = f"{c['para'][0] / c['para'][1]:.2f}" if c["para"][1] else "-"
    return (
        f"{c['right'] / c['n']:.3f} ({c['right']:3d}) {para:>4} {c['near'][0]:2d}/{c['near'][1]:<2d} "
        f"{c['neg'][0]:2d}/{c['neg'][1]:<2d}"
    )


def choose(items: dict, rows: list[dict], variant: str):
    """The thresholds with the most tuned judgements right; of equals, the fewest negated points credited,
    then the widest band between (the fewest changes to the terms)."""
    from interview_voice.core.feedback.judge import Thresholds

    grid = [x / 4 for x in range(-24, 25)]
    best = None
    for veto in grid:
        for confirm in grid:
            if confirm < veto:
                continue
            t = Thresholds(veto, confirm)
            c = counts(rows, statuses(items, variant, t))
            key = (c["right"], -c["neg"][0], confirm - veto, -abs(veto + confirm))
            if best is None or key > best[0]:
                best = (key, t, c)
    return best[1]


def choose_rescue(items: dict, rows: list[dict], variant: str, base_t):
    """The rescue threshold of "A+B" with the most tuned judgements right (of equals, the fewest negated
    and near-miss points credited, then the highest)."""
    best = None
    for rescue in [x / 4 for x in range(-8, 41)]:
        c = counts(rows, statuses(items, variant, (base_t, rescue)))
        key = (c["right"], -c["neg"][0] - c["near"][0], rescue)
        if best is None or key > best[0]:
            best = (key, (base_t, rescue))
    return best[1]


def shown_cell(items: dict, rows: list[dict], variant: str | None, thresholds) -> str:
    """A set's cell, or "not recorded" where the variant was not asked about all its answers."""
    if variant is not None and any(
        v not in items[(r["question"], r["text"])] for r in rows for v in variant.split("+")
    ):
        return "not recorded"
    return cell(counts(rows, statuses(items, variant, thresholds)))


def cost(items: dict, rows: list[dict], variant: str) -> str:
    """The model's work on a set's answers: points asked, prompt tokens read, seconds (under the load
    recorded with them)."""
    asked = [g for key in dict.fromkeys((r["question"], r["text"]) for r in rows) for g in items[key].get(variant, [])]
    return f"{len(asked):3d} {sum(g['tokens'] for g in asked):6d} {sum(g['s'] for g in asked):6.0f}"


def table(args: argparse.Namespace) -> None:
    from collections import defaultdict

    data = json.loads(Path(args.features).read_text())
    items = {(d["question"], d["text"]): d for d in data}
    sets = {name: (split, judgements(path)) for name, (split, path) in ALL_SETS.items()}
    tuned = [r for split, rows in sets.values() if split == "tuned" for r in rows]
    missing = [r for r in tuned if (r["question"], r["text"]) not in items]
    if missing:
        raise SystemExit(f"{len(missing)} tuned judgements not recorded yet")
    keys = {(r["question"], r["text"]) for r in tuned}
    recorded = ("answer", "passage", "passage_shots", "passage_more", "whole_shots", "sentence_shots", "sentence_more")
    variants = [v for v in recorded if all(v in items[k] for k in keys)]
    if args.variants:
        variants = [v for v in variants if v in args.variants]
    chosen: dict = {v: choose(items, tuned, v) for v in variants}
    for v, t in chosen.items():
        print(f"thresholds chosen on tuned, {v}: veto below {t.veto_below:+.2f}, confirm at {t.confirm_at:+.2f}")
    rescuers = [v for v in ("whole_shots", "sentence_shots", "sentence_more") if v in variants]
    for rescuer in rescuers:  # asked about the points the terms missed: credited above a threshold
        for base in [v for v in variants if v not in rescuers]:
            combined = f"{base}+{rescuer}"
            chosen[combined] = choose_rescue(items, tuned, combined, chosen[base])
            print(
                f"thresholds chosen on tuned, {combined}: {base}'s, then missed credited at {chosen[combined][1]:+.2f}"
            )
    costly = [v for v in variants if "+" not in v]
    print("cells: accuracy (right), paraphrase credited, near-misses credited, negated credited (covered or partial)")
    whos = {"today (terms)": (None, None)} | {f"terms + judge ({v})": (v, t) for v, t in chosen.items()}
    print(f"{'set':46} {'n':>4}" + "".join(f"  {w:>29}" for w in whos) + "  judge: asks, tokens, s (last judge)")
    shown = [(n, s, r) for n, (s, r) in sets.items() if s == "tuned" or args.held_out]
    groups = defaultdict(list)
    for name, split, rows in shown:
        groups[f"ALL {split}"] += rows
        if all((r["question"], r["text"]) in items for r in rows):
            print(
                f"{name:46} {len(rows):4d}"
                + "".join(f"  {shown_cell(items, rows, v, t):>29}" for v, t in whos.values())
                + (f"  {cost(items, rows, costly[-1])}" if costly else "")
            )
        else:
            print(f"{name:46} not recorded")
    for name, rows in groups.items():
        rows = [r for r in rows if (r["question"], r["text"]) in items]
        print(f"{name:46} {len(rows):4d}" + "".join(f"  {shown_cell(items, rows, v, t):>29}" for v, t in whos.values()))
    split_of = {(d["question"], d["text"]): d["split"] for d in data}
    for v in costly:
        shown_items = [d for d in data if split_of[(d["question"], d["text"])] == "tuned" or args.held_out]
        asked = [g for d in shown_items for g in d.get(v, [])]
        loads = [d[f"load_{v}"] for d in data if f"load_{v}" in d] or [0.0]
        tokens = sum(g["tokens"] for g in asked)
        secs = sum(g["s"] for g in asked)
        n = sum(1 for d in shown_items if v in d)
        print(
            f"{v}: {len(asked)} asks over {n} answers, {tokens} prompt tokens read, {secs:.0f} s "
            f"({tokens / max(secs, 1e-9):.1f} tok/s under load {min(loads):.1f}-{max(loads):.1f}); per answer "
            f"{tokens / max(n, 1):.0f} tokens, {secs / max(n, 1):.1f} s; a 6-answer session "
            f"{6 * tokens / max(n, 1):.0f} tokens, {6 * secs / max(n, 1):.1f} s here"
        )


if __name__ == "__main__":
    main()
