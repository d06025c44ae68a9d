"""Plans built in code: practise the weakest areas and questions of a session, or answer one question again."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from interview_voice.core.bank import Question, area_name
from interview_voice.core.plan import Plan

PRACTICE_QUESTIONS = 4


def practice_plan(base: Plan, practise_next: Sequence[dict], questions: Mapping[str, Question]) -> Plan:
    """The session's "practise next" items as a plan: their questions first, then others of their areas."""
    ids: list[str] = []
    areas: list[str] = []
    for item in practise_next:
        ids += [q for q in item.get("question_ids", []) if q in questions and q not in ids]
        if item.get("area") and item["area"] not in areas:
            areas.append(item["area"])
    ids = ids[:PRACTICE_QUESTIONS]
    names = ", ".join(area_name(a) for a in areas) or "your weakest answers"
    stage = questions[ids[0]].stages[0] if ids and base.stage not in questions[ids[0]].stages else base.stage
    return replace(
        base,
        id="practice",
        title=f"Practice: {names}",
        description="Questions aimed at the weakest areas of your last session.",
        stage=stage,
        question_count=max(len(ids), min(PRACTICE_QUESTIONS, base.question_count)),
        question_ids=tuple(ids),
        areas=tuple(areas) if not ids else (),
        phases=(),
        opening=f"This practice round focuses on {names}. Take your time with each answer.",
    )


def redo_plan(base: Plan, question: Question) -> Plan:
    """One question again, with one follow-up, by the same interviewer."""
    stage = base.stage if base.stage in question.stages else question.stages[0]
    return replace(
        base,
        id="redo",
        title=f"Answer again: {question.text}",
        stage=stage,
        question_count=1,
        follow_ups_per_question=1,
        question_ids=(question.id,),
        areas=(),
        phases=(),
        opening="Let's try that question again.",
        closing="Thanks. Let's compare the two answers.",
    )


WARM_UP_QUESTION = "rec-walk-through-background"  # easy to answer for anyone, about a minute


def warm_up_plan(base: Plan, questions: Mapping[str, Question]) -> Plan:
    """One practice question, no follow-up, before the first real interview: getting used to answering aloud."""
    question = questions.get(WARM_UP_QUESTION) or next(iter(questions.values()))
    stage = base.stage if base.stage in question.stages else question.stages[0]
    return replace(
        base,
        id="warm-up",
        title="Practice question",
        description="One question to get used to answering aloud.",
        stage=stage,
        question_count=1,
        follow_ups_per_question=0,
        minutes=1,
        question_ids=(question.id,),
        areas=(),
        domains=(),
        phases=(),
        personas=base.personas[:1],
        opening="This is a practice question, to get used to answering aloud. Take about a minute.",
        closing="That's it. When you are ready, start a real interview.",
    )
