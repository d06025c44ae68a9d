"""Feedback benchmarks: rubric-coverage methods on the labelled set, and the time to compute feedback.

    .venv/bin/python benchmarks/feedback_bench.py

Prints AUC and accuracy per method and threshold on the labelled set the terms were refined on
(tests/data/coverage_labels.toml), on a held-out set (coverage_labels_heldout.toml) and on answers
that name points while denying them (coverage_labels_negation.toml; its first version set how far a
negation reaches, see core/feedback/coverage.py), with the terms as they counted negated mentions
before ("terms, negated mentions counted") beside them; accuracy by
answer kind for the chosen method, and the time the metrics (no model wording) take for a
simulated 30-minute session. Asserts nothing.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from interview_voice.core.bank import load_bank  # noqa: E402
from interview_voice.core.feedback import answer_feedback, session_feedback  # noqa: E402
from interview_voice.core.feedback.coverage import COVERED_AT  # noqa: E402
from interview_voice.core.feedback.labelled import METHODS, accuracy, auc, load_labels  # noqa: E402
from interview_voice.core.signals import analyse  # noqa: E402
from interview_voice.records import Word  # noqa: E402

LABELS = ROOT / "tests" / "data" / "coverage_labels.toml"
HELD_OUT = ROOT / "tests" / "data" / "coverage_labels_heldout.toml"
NEGATION = ROOT / "tests" / "data" / "coverage_labels_negation.toml"


def bench_coverage(bank, path: Path) -> None:
    print(f"== {path.name}")
    judgements = load_labels(path, bank.questions)
    labels = [j.covered for j in judgements]
    print(
        f"labelled set: {len(judgements)} judgements ({sum(labels)} covered) "
        f"from {len({(j.question_id, j.text) for j in judgements})} answers"
    )
    print(f"{'method':42} {'AUC':>6} {'acc@0.5':>8} {'acc@1.0':>8}")
    for name, method in METHODS.items():
        scores = [method(bank.get(j.question_id), j.text, j.point) for j in judgements]
        print(
            f"{name:42} {auc(scores, labels):6.3f} {accuracy(scores, labels, 0.5):8.3f} "
            f"{accuracy(scores, labels, 1.0):8.3f}"
        )
    chosen = METHODS["author-written terms and synonyms"]
    print(f"chosen: author-written terms, covered at {COVERED_AT}; accuracy by answer kind:")
    for kind in sorted({j.kind for j in judgements}):
        subset = [j for j in judgements if j.kind == kind]
        scores = [chosen(bank.get(j.question_id), j.text, j.point) for j in subset]
        false_cover = sum(s >= COVERED_AT and not j.covered for s, j in zip(scores, subset))
        print(
            f"  {kind:14} n={len(subset):3}  accuracy {accuracy(scores, [j.covered for j in subset], COVERED_AT):.3f}"
            f"  false 'covered' {false_cover}"
        )


def simulated_session(bank, minutes: float = 30.0, seed: int = 3) -> list:
    """Answers with word timings adding up to `minutes` of talk, built from the labelled answers' words."""
    rng = random.Random(seed)
    texts = [" ".join(t.split()) for t in LABELS.read_text().split('"""')[1::2]]
    questions = list(bank.questions.values())
    answers, total = [], 0.0
    while total < minutes * 60:
        words, t = [], 0.0
        for w in " ".join(rng.sample(texts, 3)).split():
            words.append(Word(w, t, t + 0.3))
            t += 0.4 + (2.5 if rng.random() < 0.01 else 0.0)
        answers.append((rng.choice(questions), words))
        total += t
    return answers


def bench_speed(bank) -> None:
    answers = simulated_session(bank)
    words = sum(len(w) for _, w in answers)
    start = time.perf_counter()
    feedback = [answer_feedback(q, w, turn=i) for i, (q, w) in enumerate(answers)]
    session_feedback(feedback, bank.questions).to_dict()
    for fb in feedback:
        fb.to_dict()
    took = time.perf_counter() - start
    start = time.perf_counter()
    for q, w in answers:  # baseline: the signals the interview already computes live, on the same answers
        analyse(q, " ".join(x.text for x in w))
    baseline = time.perf_counter() - start
    print(
        f"feedback metrics for a 30-minute session ({len(answers)} answers, {words} words): {took:.2f} s "
        f"(goal: at most 2 s); baseline, the live signals on the same answers: {baseline:.2f} s"
    )


if __name__ == "__main__":
    bank = load_bank([ROOT / "assets" / "questions"])
    bench_coverage(bank, LABELS)  # the set the terms were refined on
    bench_coverage(bank, HELD_OUT)  # never used to change the terms
    bench_coverage(bank, NEGATION)  # points named while denied ("we did not monitor"): never used for the terms
    bench_speed(bank)
