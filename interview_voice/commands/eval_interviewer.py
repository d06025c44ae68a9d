"""`interview-voice eval-interviewer`: scripted answers through every stage, every turn checked."""

from __future__ import annotations

import json
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

from interview_voice.app import load_kit, load_llm
from interview_voice.core.evaluation import ANSWER_KINDS, CHECKS, TurnContext, run_checks, scripted_answer
from interview_voice.core.interview import Interview, Listen, Speak, WriteFollowUp
from interview_voice.core.plan import PlanError
from interview_voice.core.selection import select_questions
from interview_voice.engines.base import EngineError
from interview_voice.paths import default_paths
from interview_voice.runtime.follow_up import word_follow_up
from interview_voice.settings import Settings

STAGE_PLANS = (
    "recruiter-screen",
    "technical-screen",
    "system-design",
    "project-deep-dive",
    "presentation-panel",
    "behavioural",
)


def _interviewer_turn(kit, question, answer):
    """Ask one question, give one answer: the interviewer's next command."""
    interview = Interview(kit.plan, [question])
    interview.start()
    interview.on_spoken()  # opening done: the question
    command = interview.on_spoken()  # question done: listen
    assert isinstance(command, Listen)
    return interview.on_answer(answer)


def evaluate(llm, paths, per_stage: int, kinds: list[str], seed: int, level: str) -> list[dict]:
    rng = random.Random(seed)
    rows = []
    for plan_name in STAGE_PLANS:
        kit = load_kit(paths, plan_name)
        questions = select_questions(kit.plan, kit.bank, level=level, rng=rng)[:per_stage]
        for question in questions:
            for kind in kinds:
                answer = scripted_answer(kind, question, rng)
                command = _interviewer_turn(kit, question, answer)
                raw, source, seconds, reason = None, None, None, None
                if isinstance(command, WriteFollowUp):
                    worded = word_follow_up(llm, kit.prompts, command)
                    text, source, raw, seconds, reason = (
                        worded.text,
                        worded.source,
                        worded.raw,
                        worded.seconds,
                        worded.rejected,
                    )
                    turn_kind = "follow_up"
                elif isinstance(command, Speak):
                    text, source, turn_kind = command.text, command.source, command.kind.value
                else:
                    continue
                ctx = TurnContext(question, answer, kind, (question.text,), turn_kind)
                rows.append(
                    {
                        "stage": kit.plan.stage,
                        "question": question.id,
                        "answer": kind,
                        "kind": turn_kind,
                        "source": source,
                        "text": text,
                        "checks": run_checks(text, ctx),
                        "model_output": raw,
                        "model_checks": run_checks(raw.strip(), ctx) if raw else None,
                        "rejected": reason,
                        "seconds": seconds,
                    }
                )
                print(f"  {question.id:32} {kind:10} {source:8} {text[:90]}", file=sys.stderr, flush=True)
    return rows


def print_table(rows: list[dict], model_name: str) -> float:
    names = list(CHECKS)
    print(f"\nInterviewer evaluation on {model_name}: {len(rows)} interviewer turns\n")
    header = f"{'answer':10} {'turns':>5} " + " ".join(f"{n[:10]:>10}" for n in names) + f" {'all':>6} {'model':>6}"
    print(header)
    print("-" * len(header))
    by_kind = defaultdict(list)
    for row in rows:
        by_kind[row["answer"]].append(row)
    for kind, group in list(by_kind.items()) + [("ALL", rows)]:
        rates = [sum(r["checks"][n] for r in group) / len(group) for n in names]
        all_ok = sum(all(r["checks"].values()) for r in group) / len(group)
        used = sum(r["source"] == "model" for r in group) / len(group)
        print(f"{kind:10} {len(group):>5} " + " ".join(f"{x:>10.0%}" for x in rates) + f" {all_ok:>6.0%} {used:>6.0%}")
    overall = sum(all(r["checks"].values()) for r in rows) / len(rows)
    model_rows = [r for r in rows if r["model_checks"] is not None]
    raw_ok = sum(all(r["model_checks"].values()) for r in model_rows) / len(model_rows) if model_rows else 0.0
    used = [r for r in model_rows if r["source"] == "model"]
    latency = sorted(r["seconds"] for r in model_rows)
    print(f"\nPass rate of what the candidate hears: {overall:.1%}")
    print(
        f"Model wording asked for {len(model_rows)} times: used {len(used)} "
        f"({len(used) / max(len(model_rows), 1):.0%}); "
        f"raw model output passing every check: {raw_ok:.1%}"
    )
    if latency:
        print(f"Follow-up wording time: median {latency[len(latency) // 2]:.2f} s, max {latency[-1]:.2f} s")
    reasons: defaultdict[str, int] = defaultdict(int)
    for r in model_rows:
        if r["rejected"]:
            reasons[r["rejected"].split(":")[0]] += 1
    if reasons:
        print("Model wording replaced because: " + ", ".join(f"{k} ({v})" for k, v in sorted(reasons.items())))
    return overall


def run(args) -> int:
    paths = default_paths()
    settings = Settings.load(paths.settings_file)
    if args.llm:
        settings.llm_model = args.llm
    kinds = args.kinds.split(",") if args.kinds else list(ANSWER_KINDS)
    unknown = [k for k in kinds if k not in ANSWER_KINDS]
    if unknown:
        print(
            f"error: unknown answer kind {', '.join(unknown)}; choose from {', '.join(ANSWER_KINDS)}", file=sys.stderr
        )
        return 2
    try:
        llm = load_llm(paths, settings)
    except EngineError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    started = time.monotonic()
    try:
        rows = evaluate(llm, paths, args.per_stage, kinds, args.seed, args.level)
    except (PlanError, EngineError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        llm.close()
    overall = print_table(rows, llm.name)
    print(f"({time.monotonic() - started:.0f} s)")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1))
    return 0 if overall >= args.min_pass else 1
