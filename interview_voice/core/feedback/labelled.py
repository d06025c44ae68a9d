"""Measuring rubric-coverage methods on a hand-labelled set (tests/data/coverage_labels.toml).

Each labelled answer names its question and the rubric points a careful reader
judged covered; every point gives one (score, covered?) judgement per method.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from interview_voice.core.bank import Question
from interview_voice.core.feedback.tokens import tokenize, words_from_text
from interview_voice.core.rubric_match import Spoken, score_point
from interview_voice.core.signals import content_stems, example_terms, point_wording


@dataclass(frozen=True)
class Judgement:
    question_id: str
    point: int  # 0-based rubric index
    kind: str  # strong, partial, vague, name_dropping, paraphrase, off_topic, negation
    text: str
    covered: bool


def load_labels(path: Path, questions: Mapping[str, Question]) -> list[Judgement]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    judgements = []
    for item in data["answer"]:
        question = questions[item["question"]]
        covered = set(item["covered"])
        if not covered <= set(range(1, len(question.rubric) + 1)):
            raise ValueError(f"{item['question']}: covered {sorted(covered)} outside the rubric")
        text = " ".join(item["text"].split())
        judgements += [
            Judgement(question.id, i, item["kind"], text, i + 1 in covered) for i in range(len(question.rubric))
        ]
    return judgements


def terms_score(question: Question, text: str, point: int) -> float:
    return score_point(Spoken.of(tokenize(words_from_text(text))), question.terms[point])[0]


def terms_score_before(question: Question, text: str, point: int) -> float:
    """The terms as they were first used: a negated mention ("we did not monitor") counted too."""
    return score_point(Spoken.of(tokenize(words_from_text(text)), mind_negation=False), question.terms[point])[0]


def overlap_score(question: Question, text: str, point: int) -> float:
    """The older method: the share of the rubric point's own content stems the answer uses (an
    example the point names counts as the whole point)."""
    said, wording = content_stems(text), question.rubric[point]
    if example_terms(wording) & said:
        return 1.0
    core = content_stems(point_wording(wording))
    return len(core & said) / len(core) if core else 0.0


Method = Callable[[Question, str, int], float]
METHODS: dict[str, Method] = {
    "stemmed overlap with the rubric wording": overlap_score,
    "terms, negated mentions counted (before)": terms_score_before,
    "author-written terms and synonyms": terms_score,
    "mean of the two": lambda q, t, p: (overlap_score(q, t, p) + terms_score(q, t, p)) / 2,
}


def auc(scores: list[float], labels: list[bool]) -> float:
    """Area under the ROC curve: the chance a covered point outscores an uncovered one (ties count half)."""
    pos = [s for s, y in zip(scores, labels) if y]
    neg = [s for s, y in zip(scores, labels) if not y]
    if not pos or not neg:
        return float("nan")
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


def accuracy(scores: list[float], labels: list[bool], threshold: float) -> float:
    return sum((s >= threshold - 1e-9) == y for s, y in zip(scores, labels)) / len(labels)
