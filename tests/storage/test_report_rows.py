"""A report's rows name the question each answer answered: a follow-up's or a redirect's own line."""

from __future__ import annotations

import pytest

from interview_voice.core.bank import load_bank
from interview_voice.paths import resource_dir
from interview_voice.records import TurnRecord, Word
from interview_voice.runtime.feedback_service import FeedbackService
from interview_voice.storage.feedback_report import report_markdown, shorten
from interview_voice.storage.repository import SessionStore

QUESTION = "beh-failed-project"
ASKED = "Describe a project that failed."
FOLLOW_UP = "What would you check first about the labels if you started that churn project again tomorrow morning?"
REDIRECT = "Let's come back to the question. What did you take from the project that did not work out?"
ANSWER = (
    "The goal was to predict churn for a client. I was responsible for the model. It failed because "
    "the labels turned out to be wrong. The lesson I learned is to check labels first."
)


@pytest.fixture(scope="module")
def questions():
    return load_bank([resource_dir("assets") / "questions"]).questions


def recorded_with_follow_ups(store: SessionStore) -> str:
    """A question, a follow-up (said again on request), then a redirect, each answered."""
    sid = store.start(
        plan="behavioural", title="Behavioural", level="mid", personas=[], models={}, settings={}, questions=[QUESTION]
    )
    lines = [
        ("interviewer", "question", ASKED),
        ("candidate", "answer", ANSWER),
        ("interviewer", "follow_up", FOLLOW_UP),
        ("candidate", "answer", "Could you repeat that?"),
        ("interviewer", "repeat", f"Of course. {FOLLOW_UP}"),
        ("candidate", "answer", "I would check how the labels were defined and who wrote them."),
        ("interviewer", "redirect", REDIRECT),
        ("candidate", "answer", "I learned to check the labels before building anything on them."),
    ]
    clock = 0.0
    for index, (speaker, kind, text) in enumerate(lines):
        words = [Word(w, clock + 0.4 * i, clock + 0.4 * i + 0.3) for i, w in enumerate(text.split())]
        reason = ("repeat" if text.startswith("Could you") else "silence") if speaker == "candidate" else None
        store.save_turn(
            sid,
            TurnRecord(
                index,
                speaker,
                kind,
                text,
                QUESTION,
                started_ms=clock * 1000,
                ended_ms=clock * 1000 + 400 * len(words),
                end_reason=reason,
                words=words if speaker == "candidate" else [],
            ),
            audio_start_s=clock,
        )
        clock += 0.4 * len(words) + 1
    store.finish(sid, "completed", clock, {})
    return sid


def test_shorten_cuts_at_a_word_and_says_so():
    assert shorten("short line") == "short line"
    cut = shorten(FOLLOW_UP, 40)
    assert cut.endswith("…") and len(cut) <= 41 and FOLLOW_UP.startswith(cut[:-1])
    assert cut[:-1] == FOLLOW_UP[: len(cut) - 1] and FOLLOW_UP[len(cut) - 1] == " "


def test_markdown_rows_show_the_follow_up_and_the_redirect_actually_asked(tmp_path, questions):
    store = SessionStore(tmp_path)
    sid = recorded_with_follow_ups(store)
    FeedbackService(store, questions).metrics(sid)
    text = report_markdown(store.get(sid), questions)
    rows = [line for line in text.splitlines() if line.startswith("| ") and line[2].isdigit()]
    assert [r.split(" | ")[1] for r in rows] == [
        questions[QUESTION].text,
        f"Follow-up: {shorten(FOLLOW_UP)}",
        f"Redirect: {shorten(REDIRECT)}",
    ]
    assert "(follow-up)" not in text
