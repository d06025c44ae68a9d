"""Small banks and plans for core tests."""

from interview_voice.core.bank import Question, QuestionBank
from interview_voice.core.plan import Persona, Plan


def question(qid: str, text: str) -> Question:
    return Question(id=qid, text=text, stages=("technical_screen",), area="ml_fundamentals", levels=("mid",),
                    probes="framing", rubric=("Defines the label and prediction window precisely",
                                              "Proposes a simple baseline before anything complex",
                                              "Uses a time-based split for validation"),
                    red_flags=(), follow_ups=(f"{qid} probe one?", f"{qid} probe two?"), time_budget_s=120,
                    star=False)


def sample_bank() -> QuestionBank:
    bank = QuestionBank()
    for q in (question("q-one", "How would you predict churn?"), question("q-two", "How do you evaluate it?")):
        bank.questions[q.id] = q
    return bank


def sample_plan(bank: QuestionBank) -> Plan:
    return Plan(id="sample", title="Sample", description="", question_ids=("q-one", "q-two"),
                follow_ups_per_question=1, persona=Persona("Alex", "engineer", "neutral"),
                opening="Hello.", closing="Goodbye.")
