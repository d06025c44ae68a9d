"""Rubric coverage stays above a floor on the hand-labelled sets (benchmarks/feedback_bench.py prints the figures)."""

from pathlib import Path

import pytest

from interview_voice.core.bank import load_bank
from interview_voice.core.feedback.coverage import COVERED_AT
from interview_voice.core.feedback.labelled import accuracy, auc, load_labels, overlap_score, terms_score
from interview_voice.paths import resource_dir

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="module")
def bank():
    return load_bank([resource_dir("assets") / "questions"])


def _scores(bank, name, method):
    judgements = load_labels(DATA / name, bank.questions)
    return [method(bank.get(j.question_id), j.text, j.point) for j in judgements], [j.covered for j in judgements]


def test_the_labelled_sets_are_large_enough_and_mixed(bank):
    judgements = load_labels(DATA / "coverage_labels.toml", bank.questions)
    held_out = load_labels(DATA / "coverage_labels_heldout.toml", bank.questions)
    assert len(judgements) >= 150 and len(held_out) >= 90
    for js in (judgements, held_out):
        assert {"strong", "partial", "vague", "name_dropping", "paraphrase", "off_topic"} <= {j.kind for j in js}
        assert 0.3 <= sum(j.covered for j in js) / len(js) <= 0.7


@pytest.mark.parametrize(
    "name, floor_auc, floor_accuracy",
    [
        ("coverage_labels.toml", 0.92, 0.92),  # the terms were refined on this set
        ("coverage_labels_heldout.toml", 0.82, 0.80),  # never used to change the terms
    ],
)
def test_terms_coverage_stays_above_its_floor(bank, name, floor_auc, floor_accuracy):
    scores, labels = _scores(bank, name, terms_score)
    assert auc(scores, labels) >= floor_auc
    assert accuracy(scores, labels, COVERED_AT) >= floor_accuracy


def test_terms_are_more_accurate_than_overlap_with_the_rubric_wording_on_held_out_answers(bank):
    terms, labels = _scores(bank, "coverage_labels_heldout.toml", terms_score)
    overlap, _ = _scores(bank, "coverage_labels_heldout.toml", overlap_score)
    best_overlap = max(accuracy(overlap, labels, t) for t in (0.25, 0.5, 0.75, 1.0))
    assert accuracy(terms, labels, COVERED_AT) > best_overlap


def test_auc_counts_ties_as_half():
    assert auc([1, 0], [True, False]) == 1.0
    assert auc([0.5, 0.5], [True, False]) == 0.5
    assert auc([0, 1], [True, False]) == 0.0


def test_across_the_bank_scripted_non_answers_cover_few_points_and_rubric_wording_covers_most(bank):
    """Every question's terms: the interviewer evaluation's scripted answers, built from the question itself."""
    import random

    from interview_voice.core.evaluation import scripted_answer

    rng = random.Random(1)
    share = {}
    for kind in ("strong", "vague", "off_topic", "injection"):
        judged = [
            terms_score(q, scripted_answer(kind, q, rng), i) >= COVERED_AT
            for q in bank.questions.values()
            for i in range(len(q.rubric))
        ]
        share[kind] = sum(judged) / len(judged)
    assert share["strong"] >= 0.9  # the strong answer restates each rubric point
    assert share["vague"] <= 0.03 and share["off_topic"] <= 0.03 and share["injection"] <= 0.02, share
