"""Small banks and plans for core tests."""

from interview_voice.core.bank import Question, QuestionBank
from interview_voice.core.plan import Persona, Plan

LEAD = Persona("Alex", "engineer", "neutral")


def question(qid: str, text: str, area: str = "ml_fundamentals", **extra) -> Question:
    fields = dict(
        id=qid,
        text=text,
        stages=("technical_screen",),
        area=area,
        levels=("mid",),
        probes="framing",
        rubric=(
            "Defines the churn label and prediction window precisely",
            "Proposes a simple baseline such as logistic regression",
            "Uses a time-based split for validation",
        ),
        red_flags=(),
        follow_ups=(f"{qid}: how would you define the label?", f"{qid}: how would you validate it over time?"),
        time_budget_s=120,
        star=False,
    )
    fields.update(extra)
    return Question(**fields)


def sample_bank() -> QuestionBank:
    bank = QuestionBank()
    for q in (
        question("q-one", "How would you predict churn?"),
        question("q-two", "How do you evaluate the churn model?", area="evaluation"),
    ):
        bank.questions[q.id] = q
    return bank


def sample_plan(bank: QuestionBank, personas=(LEAD,), **extra) -> Plan:
    fields = dict(
        id="sample",
        title="Sample",
        description="",
        stage="technical_screen",
        question_count=2,
        follow_ups_per_question=1,
        personas=tuple(personas),
        opening="Hello.",
        closing="Goodbye.",
        question_ids=("q-one", "q-two"),
    )
    fields.update(extra)
    return Plan(**fields)


def sample_questions(bank: QuestionBank) -> list[Question]:
    return [bank.get("q-one"), bank.get("q-two")]
