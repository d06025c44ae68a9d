"""The interviewer model as a second judge of the key points the terms credit.

The terms (core.rubric_match) find a point's concepts in the answer; words a near-miss shares with the
point ("labelled", "every day") or a denial the negation rules do not catch credit it all the same. A
judge reads, for each point the terms credit or partly credit, the sentences that credit it, and tells
how much likelier "yes" than "no" is to "does the passage state this point?" (a log-probability margin,
no sampling), after a few worked examples (passage_prompt_shots). Measured in benchmarks/
evidence_judge_bench.py: the same question on the whole answer (point_prompt) or without the examples
(passage_prompt) did no better than the terms alone on the tuned sets; with the examples it did.

Core holds the questions put to the model and how its margins combine with the terms; the model itself
is behind a callable (runtime.point_judge), so core imports no engine. The system prompt and the examples
come first and are the same for every point, so a model that keeps its cache reads them once per report.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from interview_voice.core.types import ChatMessage

# one system prompt for both kinds of question, so the model's cache keeps it across answers
SYSTEM = (
    "You check a candidate's interview answer against one key point at a time. Reply with one word: yes or "
    "no. Say yes only if the text states the point, in any words, as something the candidate did, knows "
    "or holds. Say no if it only mentions some words of the point about something else, or denies it "
    "(did not, never, no)."
)


def point_prompt(question: str, answer: str, point: str) -> list[ChatMessage]:
    """One point of one answer, the answer first: prompts for one answer's points share all but their end."""
    return [
        ChatMessage("system", SYSTEM),
        ChatMessage(
            "user",
            f"Question: {' '.join(question.split())}\n\nAnswer:\n{' '.join(answer.split())}\n\n"
            f"Key point: {point}\nDoes the answer state this key point, not just mention words of it?",
        ),
    ]


def passage_prompt(point: str, passage: str) -> list[ChatMessage]:
    """One point against the passage the terms quote for it (the sentences holding its concepts)."""
    return [
        ChatMessage("system", SYSTEM),
        ChatMessage(
            "user",
            f"Key point: {point}\nPassage: {' '.join(passage.split())}\n"
            "Does the passage state this key point, not just mention words of it?",
        ),
    ]


# worked examples put before every question (the same words each time, so read once and kept in the
# cache): a paraphrase is yes; shared words about something else, a denial, a bare list of terms are no.
# Written for this prompt on topics no rubric in the bank has.
EXAMPLES = (
    (
        "Writes tests before refactoring",
        "Before touching the parser I wrote characterisation tests that pinned down its current output.",
        "yes",
    ),
    ("Writes tests before refactoring", "The real test of my patience was the refactoring meeting.", "no"),
    ("Measures query latency", "We never measured how long the queries took, there was no time.", "no"),
    ("Uses caching to reduce load", "Caching, load balancers, CDNs, Redis, queues, all of that stuff.", "no"),
    (
        "Involves stakeholders early",
        "In the first week I sat down with the finance leads to hear what they needed from it.",
        "yes",
    ),
    (
        "Sets a deadline for the migration",
        "The deadline was tight and the migration of my team to a new office was stressful.",
        "no",
    ),
)


def _passage_question(point: str, passage: str) -> str:
    return (
        f"Key point: {point}\nPassage: {' '.join(passage.split())}\n"
        "Does the passage state this key point, not just mention words of it?"
    )


def passage_prompt_shots(
    point: str, passage: str, examples: Sequence[tuple[str, str, str]] = EXAMPLES
) -> list[ChatMessage]:
    """passage_prompt after the worked examples (point, passage, verdict)."""
    shots = [
        m
        for example_point, example, verdict in examples
        for m in (ChatMessage("user", _passage_question(example_point, example)), ChatMessage("assistant", verdict))
    ]
    return [ChatMessage("system", SYSTEM), *shots, ChatMessage("user", _passage_question(point, passage))]


@dataclass(frozen=True)
class Ask:
    """One point the judge is asked about: its index in the rubric, its wording, and the terms' passage."""

    index: int
    point: str
    passage: str


# judge(question, answer, asks) -> one margin per ask (log P(yes) - log P(no)), or None for an ask it
# could not answer in time; it may return fewer margins than asks (cut short), the rest count as None
PointJudge = Callable[[str, str, Sequence[Ask]], Sequence[float | None]]


@dataclass(frozen=True)
class Thresholds:
    """How a margin (log P(yes) - log P(no)) changes the terms' status, chosen on the tuned label sets
    (benchmarks/evidence_judge_bench.py): a credited or partly credited point whose margin is below
    `veto_below` is missed (a near-miss, or a denial the terms took for the point); a partly credited one
    at `confirm_at` or above is covered. Anything else, and a point the judge did not answer, keeps the
    terms' status."""

    veto_below: float
    confirm_at: float


# chosen on the tuned sets (coverage_labels, coverage_labels_negation, evidence_labels_heldout: 346
# judgements) with passage_prompt_shots on Qwen2.5-Coder 1.5B: 310 right with the terms alone, 322 with
# these; vetoes from +0.50 to +0.75 all gave 317-322, and only +0.75 left no negated point credited
THRESHOLDS = Thresholds(veto_below=0.75, confirm_at=1.0)

# A point the terms miss may be said in other words (a paraphrase shares no term to quote). On a second
# look, after the report is shown, the judge asks about each such point against each sentence of the
# answer, and credits it where one sentence's margin reaches RESCUE_AT, with that sentence as the quote.
# Chosen on the tuned sets (benchmarks/evidence_judge_bench.py, "passage_shots+sentence_shots"): 322 -> 327
# of 346 right, paraphrases credited 0.60 -> 0.78, no near-miss or denial more; held out, read once after:
# 132 -> 139 of 172, paraphrases 0.38 -> 0.58. The whole answer as the passage (one reading for all its
# points) told present from absent points too poorly to credit any (AUC 0.77 against 0.89 by sentence).
RESCUE_AT = 2.25


def combine(status: str, margin: float | None, thresholds: Thresholds) -> str:
    """The point's status from the terms' status and the judge's margin (None: not asked or no answer)."""
    if margin is None or status == "missed":
        return status
    if margin < thresholds.veto_below:
        return "missed"
    if status == "partial" and margin >= thresholds.confirm_at:
        return "covered"
    return status
