"""Feedback report benchmarks: metrics for a stored 30-minute session, and the model's wording of a report.

    .venv/bin/python benchmarks/report_bench.py [--no-model] [--answers N]

1. Metrics (no model) for a simulated 30-minute session stored in a fresh session database: the whole
   service call (read from SQLite, compute, store) beside the computation alone. Goal: at most 2 s.
2. The model's wording (runtime.note_wording, as the window words it) of every answer of a report, with the default
   interviewer model (your settings' llm), on this machine's cores: time to the first worded answer and
   for the whole report, and how many notes passed the checks. Goal: the whole report in at most 30 s.
Asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from feedback_bench import simulated_session  # noqa: E402

from interview_voice.core.bank import load_bank  # noqa: E402
from interview_voice.core.feedback import answer_feedback, session_feedback  # noqa: E402
from interview_voice.records import TurnRecord  # noqa: E402
from interview_voice.runtime.feedback_service import FeedbackService  # noqa: E402
from interview_voice.runtime.note_wording import Wording  # noqa: E402
from interview_voice.storage.repository import SessionStore  # noqa: E402


def stored_session(store: SessionStore, answers) -> str:
    sid = store.start(
        plan="technical-screen",
        title="Technical screen",
        level="mid",
        personas=[],
        models={},
        settings={},
        questions=[q.id for q, _ in answers],
    )
    clock = 0.0
    for n, (question, words) in enumerate(answers):
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
        talk = words[-1].end
        store.save_turn(
            sid,
            TurnRecord(
                2 * n + 1,
                "candidate",
                "answer",
                " ".join(w.text for w in words),
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-model", action="store_true")
    parser.add_argument("--answers", type=int, default=6, help="answers in the report the model words")
    args = parser.parse_args()
    bank = load_bank([ROOT / "assets" / "questions"])
    answers = simulated_session(bank)
    words = sum(len(w) for _, w in answers)
    with tempfile.TemporaryDirectory() as tmp:
        store = SessionStore(Path(tmp))
        sid = stored_session(store, answers)
        service = FeedbackService(store, bank.questions)
        start = time.perf_counter()
        fbs = [answer_feedback(q, w, turn=i) for i, (q, w) in enumerate(answers)]
        session_feedback(fbs, bank.questions).to_dict()
        compute = time.perf_counter() - start
        start = time.perf_counter()
        service.metrics(sid)
        whole = time.perf_counter() - start
        print(f"30-minute session: {len(answers)} answers, {words} words")
        print(f"{'metrics':40} {'seconds':>8}")
        print(f"{'computation alone (baseline)':40} {compute:8.2f}")
        print(f"{'service: read + compute + store':40} {whole:8.2f}   (goal: at most 2 s)")
        if args.no_model:
            return
        from interview_voice import app
        from interview_voice.core.feedback.rewording import load_reword_prompts
        from interview_voice.paths import default_paths, resource_dir
        from interview_voice.settings import Settings

        paths = default_paths()
        settings = Settings.load(paths.settings_file)
        start = time.perf_counter()
        llm = app.load_llm(paths, settings)
        load = time.perf_counter() - start
        from interview_voice.core.types import ChatMessage

        start = time.perf_counter()  # baseline, same moment: the model's plain speed on this machine now
        pieces = list(
            llm.stream_chat(
                [ChatMessage("user", "Count from one to forty in words, comma separated.")],
                max_tokens=32,
                temperature=0.0,
            )
        )
        base = time.perf_counter() - start
        prompts = load_reword_prompts(resource_dir("prompts") / "feedback.toml")
        rng = random.Random(1)
        chosen = rng.sample(range(len(answers)), min(args.answers, len(answers)))
        _, computed = service.metrics(sid)
        subset = {2 * i + 1: computed[2 * i + 1] for i in sorted(chosen)}
        print(f"\nmodel wording with {llm.name} (loaded in {load:.1f} s), {len(subset)} answers")
        print(f"{'baseline: a 32-token reply (' + str(len(pieces)) + ' pieces)':48} {base:8.2f}")
        service.wording = Wording(llm, prompts)
        times: list[float] = []
        notes: list[dict] = []
        start = time.perf_counter()
        service.word(
            sid, subset, {}, on_answer=lambda i, fb: (times.append(time.perf_counter() - start), notes.append(fb))
        )
        total = time.perf_counter() - start
        worded = [fb["work_on"] for fb in notes if fb.get("work_on")]
        by_model = sum(1 for n in worded if n["source"] == "model")
        print(f"what to work on: {len(worded)} notes")
        print(f"  {'first answer worded':46} {times[0]:8.2f}")
        print(f"  {'whole report worded':46} {total:8.2f}   (goal: at most 30 s)")
        print(f"  {'per answer (mean)':46} {total / len(subset):8.2f}")
        print(
            f"  notes with the model's advice: {by_model}/{len(worded)} (the rest kept the template: "
            + ", ".join(sorted({n.get('rejected') or '' for n in worded if n['source'] != 'model'} - {''}))[:300]
            + ")"
        )
        llm.close()


if __name__ == "__main__":
    main()
