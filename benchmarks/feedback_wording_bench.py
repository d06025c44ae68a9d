"""How often the interviewer model's rewording of feedback notes passes the code's checks.

    .venv/bin/python benchmarks/feedback_wording_bench.py [--llm ID ...] [--answers N]

Feedback is computed for the first N hand-labelled answers (tests/data/coverage_labels.toml,
with even word timings); each model rewords each note; prints per model the share accepted,
the reasons for rejection, seconds per note, and a few accepted and rejected examples.
Asserts nothing.
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from interview_voice.app import load_llm  # noqa: E402
from interview_voice.core.bank import load_bank  # noqa: E402
from interview_voice.core.feedback import answer_feedback  # noqa: E402
from interview_voice.core.feedback.rewording import load_reword_prompts  # noqa: E402
from interview_voice.paths import default_paths, resource_dir  # noqa: E402
from interview_voice.records import Word  # noqa: E402
from interview_voice.runtime.feedback import word_feedback  # noqa: E402
from interview_voice.settings import Settings  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--llm", action="append", default=[])
    parser.add_argument("--answers", type=int, default=12)
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds allowed per note (the app uses 10)")
    args = parser.parse_args()
    bank = load_bank([ROOT / "assets" / "questions"])
    items = tomllib.loads((ROOT / "tests" / "data" / "coverage_labels.toml").read_text())["answer"]
    feedback = []
    for item in items[:: max(1, len(items) // args.answers)][: args.answers]:
        words, t = [], 0.0
        for w in item["text"].split():
            words.append(Word(w, t, t + 0.3))
            t += 0.42
        feedback.append(answer_feedback(bank.get(item["question"]), words))
    prompts = load_reword_prompts(resource_dir("prompts") / "feedback.toml")
    paths = default_paths()
    for model_id in args.llm or ["qwen2.5-coder-1.5b-instruct-q4_k_m", "smollm2-135m-instruct-q4_1"]:
        settings = Settings.load(paths.settings_file)
        settings.llm_model = model_id
        llm = load_llm(paths, settings)
        outcomes, examples, notes = collections.Counter(), {"model": [], "template": []}, 0
        started = time.perf_counter()
        for fb in feedback:
            worded = word_feedback(llm, prompts, fb, notes_to_word=("went_well", "work_on"), timeout_s=args.timeout)
            for note in (worded.went_well, worded.work_on):
                if note is None:
                    continue
                notes += 1
                outcomes[note.rejected or "accepted"] += 1
                examples[note.source].append(note.text if note.source == "model" else note.rejected)
        took = time.perf_counter() - started
        llm.close()
        print(f"== {model_id}: {outcomes['accepted']}/{notes} rewordings accepted, "
              f"{took / max(notes, 1):.1f} s a note (timeout {args.timeout:.0f} s)")
        for reason, count in outcomes.most_common():
            if reason != "accepted":
                print(f"   rejected {count}: {reason}")
        for text in examples["model"][:3]:
            print(f"   accepted: {text}")


if __name__ == "__main__":
    main()
