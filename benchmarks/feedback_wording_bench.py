"""Is the model's part of the feedback notes kept by the checks, and is a report ready in time?

    .venv/bin/python benchmarks/feedback_wording_bench.py [--checkout before=/path/to/main] \
        [--checkout after=.] [--llm ID ...] [--split tune|held-out|both] [--answers N] [--busy N] [--cold]

The answers: "tune" is tests/data/coverage_labels.toml (the prompt and the checks were tuned on it);
"held-out" is tests/data/follow_up_labels.toml (written apart, never looked at while tuning). Each
answer gets even word timings.

For each model (default: every interviewer model installed), one at a time, and each checkout (default:
`before` = a worktree of main at /tmp/wording-before, `after` = this tree), a child process run in that
checkout's folder with it on PYTHONPATH:
1. computes the feedback of every answer and calls that checkout's word_feedback, as the app does after
   a session: the model is asked for its part of the note on what to work on, and the checkout's own
   checks keep it or keep the template;
2. stores a 6-answer session (six held-out answers to different questions) in a fresh database and
   times it from the end of the session to the report ready: the metrics (with the model judging the key
   points, where the checkout's FeedbackService.metrics has `judge`, as the window's recording pass does),
   then the model's part of every answer's notes (FeedbackService.metrics + word, as the window's
   feedback thread runs them).

The key-point judge keeps what it read of its worked examples as a snapshot in the cache folder, so a
report's time depends on whether one was kept: --cold deletes it before each checkout's child, and the
report line says whether the child found one. --busy N spins N processes for the whole run (a laptop
with a browser and a call open).

Prints per model, the checkouts side by side: the share of notes the checks kept, why the others were
rejected, seconds per note and per report, how many key points the model judged in its time, and the
load average while it ran (other programs share the cores). The children run with
GOMP_SPINCOUNT=3000, as the app sets it at its start. Asserts nothing.
"""

from __future__ import annotations

import argparse
import collections
import inspect
import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPLITS = {
    "tune": ROOT / "tests" / "data" / "coverage_labels.toml",
    "held-out": ROOT / "tests" / "data" / "follow_up_labels.toml",
}
REPORT_ANSWERS = 6


def labelled(split: str, limit: int | None) -> list[dict]:
    items = tomllib.loads(SPLITS[split].read_text())["answer"]
    if limit and limit < len(items):  # spread over the file: it is grouped by question
        items = items[:: max(1, len(items) // limit)][:limit]
    return [
        {"question": i["question"], "kind": i["kind"], "text": " ".join(i["text"].split()), "split": split}
        for i in items
    ]


def report_answers() -> list[dict]:
    """Six held-out answers to six different questions, of different kinds."""
    chosen, questions = [], set()
    for item in labelled("held-out", None):
        if item["question"] not in questions and item["kind"] not in {c["kind"] for c in chosen[-2:]}:
            chosen.append(item)
            questions.add(item["question"])
        if len(chosen) == REPORT_ANSWERS:
            break
    return chosen


# ---------------------------------------------------------------- in the checkout (child process)


def _timed_words(text: str):
    from interview_voice.records import Word

    words, t = [], 0.0
    for w in text.split():
        words.append(Word(w, t, t + 0.3))
        t += 0.42
    return words


def _stored_session(store, bank, answers: list[dict]) -> str:
    from interview_voice.records import TurnRecord

    questions = [bank.get(a["question"]) for a in answers]
    sid = store.start(
        plan="technical-screen",
        title="Technical screen",
        level="mid",
        personas=[],
        models={},
        settings={},
        questions=[q.id for q in questions],
    )
    clock = 0.0
    for n, (question, answer) in enumerate(zip(questions, answers)):
        store.save_turn(
            sid,
            TurnRecord(
                2 * n,
                "interviewer",
                "question",
                question.text,
                question.id,
                started_ms=clock * 1000,
                ended_ms=clock * 1000 + 4000,
            ),
        )
        clock += 4.5
        words = _timed_words(answer["text"])
        talk = words[-1].end
        store.save_turn(
            sid,
            TurnRecord(
                2 * n + 1,
                "candidate",
                "answer",
                answer["text"],
                question.id,
                started_ms=clock * 1000,
                ended_ms=(clock + talk) * 1000,
                words=words,
            ),
            audio_start_s=clock,
        )
        clock += talk + 1
    store.finish(sid, "completed", clock, {})
    return sid


def child(job: dict) -> None:
    """Prints one JSON line per note and one for the report."""
    import logging
    import tempfile
    import time

    from interview_voice.app import load_kit
    from interview_voice.core.feedback import answer_feedback
    from interview_voice.core.feedback.rewording import load_reword_prompts
    from interview_voice.engines.llm_llama import LlamaLanguageModel
    from interview_voice.modelstore.catalog import catalog
    from interview_voice.paths import default_paths, resource_dir
    from interview_voice.runtime.feedback_service import FeedbackService
    from interview_voice.storage.repository import SessionStore

    try:  # the one place notes are worded since the wording paths were joined; older checkouts: their own
        from interview_voice.runtime.note_wording import Wording, word_feedback

        wording_log = "interview_voice.runtime.note_wording"
    except ImportError:
        from interview_voice.runtime.feedback import word_feedback
        from interview_voice.runtime.feedback_service import Wording

        wording_log = "interview_voice.runtime.feedback"

    raws: list[str] = []

    class Raw(logging.Handler):  # the model's text, which word_feedback logs when its checks reject it
        def emit(self, record: logging.LogRecord) -> None:
            raws.append(record.getMessage())

    logging.getLogger(wording_log).addHandler(Raw())
    logging.getLogger(wording_log).setLevel(logging.INFO)
    paths = default_paths()
    bank = load_kit(paths, "technical-screen").bank
    prompts = load_reword_prompts(resource_dir("prompts") / "feedback.toml")
    choice = next(c for c in catalog(paths) if c.id == job["llm"])
    llm = LlamaLanguageModel(choice.path)
    for item in job["answers"]:
        fb = answer_feedback(bank.get(item["question"]), _timed_words(item["text"]))
        raws.clear()
        start = time.perf_counter()
        worded = word_feedback(llm, prompts, fb, timeout_s=job["timeout"])
        took = time.perf_counter() - start
        note = worded.work_on
        asked = note is not None and (note.source == "model" or note.rejected is not None)
        print(
            json.dumps(
                {
                    "split": item["split"],
                    "kind": item["kind"],
                    "asked": asked,
                    "seconds": took,
                    "source": note.source if note else None,
                    "rejected": note.rejected if note else None,
                    "text": note.text if note else None,
                    "log": raws[-1] if raws else None,
                }
            ),
            flush=True,
        )
    import interview_voice.runtime.feedback_service as feedback_service
    from interview_voice.paths import cache_dir

    judges: list = []  # the key-point judge the report makes, to count what it got to in its time
    if hasattr(feedback_service, "model_judge"):
        make_judge = feedback_service.model_judge
        feedback_service.model_judge = lambda *a, **k: judges.append(make_judge(*a, **k)) or judges[-1]
    snapshot = any((cache_dir() / "prompt-snapshots").glob("*.snapshot"))
    with tempfile.TemporaryDirectory() as tmp:
        store = SessionStore(Path(tmp))
        sid = _stored_session(store, bank, job["report"])
        service = FeedbackService(store, bank.questions, wording=Wording(llm, prompts))
        load = os.getloadavg()[0]
        start = time.perf_counter()
        # as the window's recording pass: the model also judges the key points, where the checkout has that
        judged = "judge" in inspect.signature(service.metrics).parameters
        session, answers = service.metrics(sid, judge=True) if judged else service.metrics(sid)
        metrics_s = time.perf_counter() - start
        kept: list[bool] = []
        service.word(
            sid,
            answers,
            session,
            on_answer=lambda i, fb: kept.append((fb.get("work_on") or {}).get("source") == "model"),
        )
        total = time.perf_counter() - start
    print(
        json.dumps(
            {
                "report": True,
                "seconds": total,
                "metrics_s": metrics_s,
                "judged": judged,
                "answers": len(answers),
                "kept": sum(kept),
                "points": [judges[0].answered, judges[0].asked] if judges and judges[0] is not None else None,
                "snapshot": snapshot,
                "load": [load, os.getloadavg()[0]],
            }
        ),
        flush=True,
    )
    llm.close()


# ---------------------------------------------------------------- the parent


def run_child(checkout: Path, job: dict) -> tuple[list[dict], dict]:
    env = {**os.environ, "PYTHONPATH": str(checkout), "HF_HUB_OFFLINE": "1"}
    done = subprocess.run(
        [sys.executable, __file__, "--child", json.dumps(job)],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
        timeout=7200,
    )
    if done.returncode != 0:
        raise SystemExit(f"{checkout}: {done.stderr[-3000:]}")
    rows = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    return [r for r in rows if not r.get("report")], next(r for r in rows if r.get("report"))


def summary(rows: list[dict], report: dict) -> dict:
    asked = [r for r in rows if r["asked"]]
    kept = [r for r in asked if r["source"] == "model"]
    reasons = collections.Counter((r["rejected"] or "").split(":")[0] for r in asked if r["source"] != "model")
    return {
        "kept": len(kept),
        "asked": len(asked),
        "share": len(kept) / len(asked) if asked else 0.0,
        "s_note": sum(r["seconds"] for r in asked) / max(1, len(asked)),
        "reasons": reasons,
        "report_s": report["seconds"],
        "report_kept": f"{report['kept']}/{report['answers']}",
        "report_metrics_s": report["metrics_s"],  # the key points judged by the model too, where "judged"
        "judged": report.get("judged", False),
        "points": report.get("points"),
        "snapshot": report.get("snapshot"),
        "load": report["load"],
        "examples": [r["text"] for r in kept[:3]],
        "rejected": [r["log"] for r in asked if r["source"] != "model" and r["log"]][:8],
    }


def installed_models() -> list[str]:
    sys.path.insert(0, str(ROOT))
    from interview_voice.modelstore.catalog import catalog
    from interview_voice.paths import default_paths

    return [c.id for c in catalog(default_paths()) if c.role == "llm" and c.usable]


def measure(
    checkouts: list[tuple[str, Path]],
    model: str,
    splits: list[str],
    limit: int | None,
    timeout_s: float = 10.0,
    *,
    cold: bool = False,
) -> dict[str, dict[str, dict]]:
    """{checkout label: {split: summary}} for one model. cold: no kept prompt snapshot at each child's start."""
    from interview_voice.paths import cache_dir

    answers = [a for s in splits for a in labelled(s, limit)]
    out: dict[str, dict[str, dict]] = {}
    for label, path in checkouts:
        if cold:
            shutil.rmtree(cache_dir() / "prompt-snapshots", ignore_errors=True)
        rows, report = run_child(
            path, {"llm": model, "answers": answers, "report": report_answers(), "timeout": timeout_s}
        )
        out[label] = {s: summary([r for r in rows if r["split"] == s], report) for s in splits}
    return out


def print_model(model: str, results: dict[str, dict[str, dict]], verbose: bool = True) -> None:
    print(f"\n== {model}")
    print(
        f"  {'checkout':10} {'split':9} {'kept':>9} {'share':>6} {'s/note':>7} {'report s':>9} "
        f"{'report kept':>11}  load (start, end)"
    )
    for label, by_split in results.items():
        for split, s in by_split.items():
            print(
                f"  {label:10} {split:9} {s['kept']:>4}/{s['asked']:<4} {s['share']:6.0%} {s['s_note']:7.2f} "
                f"{s['report_s']:9.1f} {s['report_kept']:>11}  {s['load'][0]:.2f}, {s['load'][1]:.2f}"
                f"  (metrics {s['report_metrics_s']:.1f} s{', key points judged by the model' if s['judged'] else ''}"
                + (f": {s['points'][0]} of {s['points'][1]} in time" if s["points"] else "")
                + (", its examples from a kept snapshot" if s["snapshot"] else "")
                + ")"
            )
    for label, by_split in results.items():
        for split, s in by_split.items():
            reasons = ", ".join(f"{n} {why}" for why, n in s["reasons"].most_common()) or "none"
            print(f"  {label} {split} rejected: {reasons}")
            if verbose:
                for text in s["examples"]:
                    print(f"      kept: {text}")
                for text in s["rejected"]:
                    print(f"      rejected: {text[:300]}")


def main() -> None:
    # as the app does from its start (cli.main, runtime/idle_threads.py): idle model threads sleep, not spin
    os.environ.setdefault("GOMP_SPINCOUNT", "3000")  # as the app sets it at its start
    if "--child" in sys.argv:
        child(json.loads(sys.argv[sys.argv.index("--child") + 1]))
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("--checkout", action="append", default=[], help="label=path of a source tree")
    parser.add_argument("--llm", action="append", default=[])
    parser.add_argument("--split", choices=("tune", "held-out", "both"), default="both")
    parser.add_argument("--answers", type=int, default=None, help="at most this many answers of each split")
    parser.add_argument("--busy", type=int, default=0, help="processes spinning the whole run (a busy laptop)")
    parser.add_argument(
        "--cold", action="store_true", help="delete the model's kept prompt snapshots before each checkout's run"
    )
    parser.add_argument(
        "--timeout", type=float, default=10.0, help="seconds allowed per note outside the report (the app allows 10)"
    )
    args = parser.parse_args()
    checkouts = [(c.split("=", 1)[0], Path(c.split("=", 1)[1]).resolve()) for c in args.checkout] or [
        ("before", Path("/tmp/wording-before")),
        ("after", ROOT),
    ]
    splits = ["tune", "held-out"] if args.split == "both" else [args.split]
    print(
        f"checkouts: {', '.join(f'{label}={path}' for label, path in checkouts)}; "
        f"{os.cpu_count()} cores; load average now {os.getloadavg()[0]:.2f}"
    )
    busy = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(args.busy)]
    try:
        for model in args.llm or installed_models():
            print_model(model, measure(checkouts, model, splits, args.answers, args.timeout, cold=args.cold))
    finally:
        for process in busy:
            process.kill()
    if args.busy:
        print(f"{args.busy} busy process(es) spun the whole run")


if __name__ == "__main__":
    main()
