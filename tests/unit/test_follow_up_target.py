"""The follow-up (and the prepared probe it falls back to) is about what this answer missed.

The answers are tests/data/follow_up_labels.toml, written and labelled by someone who never read
the code: each with the rubric points it misses."""

import tomllib
from pathlib import Path

from interview_voice.core.bank import load_bank
from interview_voice.core.interview import Interview, Speak, WriteFollowUp
from interview_voice.core.signals import analyse
from interview_voice.paths import resource_dir
from tests.unit.helpers import LEAD, sample_plan

LABELS = tomllib.loads((Path(__file__).parents[1] / "data" / "follow_up_labels.toml").read_text())["answer"]
BANK = load_bank([resource_dir("assets") / "questions"])


def _after(question_id: str, text: str):
    question = BANK.get(question_id)
    plan = sample_plan(BANK, personas=(LEAD,), question_ids=(question_id,), question_count=1)
    interview = Interview(plan, [question])
    interview.start()
    interview.on_spoken()
    interview.on_spoken()
    return question, interview.on_answer(text, elapsed_s=60)


def test_the_point_probed_is_one_the_answer_missed_in_most_labelled_answers():
    probed = [(analyse(BANK.get(e["question"]), e["text"]).missing[:1], e) for e in LABELS if e["missed"]]
    hits = sum(1 for first, e in probed if first and first[0] in e["missed"])
    assert hits >= 0.75 * len(probed), f"{hits} of {len(probed)}"  # 30 of 56 with the rubric's own words


def test_two_answers_that_missed_different_points_get_follow_ups_about_their_own_gaps():
    question = "baseline-before-complexity"
    # the goal, the label and the baseline, but no metric and no split
    first = (
        "The retention team wants a list to call, so I'd define churn as no renewal within thirty days and "
        "start with a logistic regression baseline on usage features before anything fancier."
    )
    # the goal, the split and the metric, but no label definition and no baseline
    second = (
        "The retention team would act on the list. I'd validate on the most recent months, training on older "
        "data, and judge it by precision at the top of the list because few customers churn."
    )
    _, a = _after(question, first)
    _, b = _after(question, second)
    assert isinstance(a, (WriteFollowUp, Speak)) and isinstance(b, (WriteFollowUp, Speak))
    gap_a = a.target if isinstance(a, WriteFollowUp) else None
    gap_b = b.target if isinstance(b, WriteFollowUp) else None
    assert gap_a and gap_b and gap_a != gap_b
    assert a.fallback != b.fallback  # the prepared probes differ too
