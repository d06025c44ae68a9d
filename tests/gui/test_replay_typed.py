"""History's replay of a typed answer says "typed answer" where a spoken one shows its pace and time."""

from __future__ import annotations

from interview_voice.records import TurnRecord, Word
from interview_voice.runtime.feedback_service import FeedbackService
from interview_voice.storage.repository import SessionStore
from interview_voice.ui.history import default_player
from interview_voice.ui.replay import ReplayView
from tests.storage.test_report_rows import ANSWER, ASKED, QUESTION, questions  # noqa: F401 (a fixture)

TYPED_ANSWER = "I owned the model. The labels were wrong, so it failed; I learned to check the labels first."


def test_a_typed_answer_s_delivery_says_typed_answer_and_a_spoken_one_keeps_its_figures(qtbot, tmp_path, questions):  # noqa: F811
    store = SessionStore(tmp_path)
    sid = store.start(
        plan="behavioural", title="Behavioural", level="mid", personas=[], models={}, settings={}, questions=[QUESTION]
    )
    spoken = [Word(w, 3 + 0.4 * i, 3.3 + 0.4 * i) for i, w in enumerate(ANSWER.split())]
    for turn, at in (
        (TurnRecord(0, "interviewer", "question", ASKED, QUESTION, started_ms=0, ended_ms=2500), 0.0),
        (
            TurnRecord(
                1,
                "candidate",
                "answer",
                ANSWER,
                QUESTION,
                started_ms=3000,
                ended_ms=20_000,
                end_reason="silence",
                words=spoken,
            ),
            3.0,
        ),
        (TurnRecord(2, "interviewer", "question", ASKED, QUESTION, started_ms=21_000, ended_ms=23_500), 21.0),
        (
            TurnRecord(
                3, "candidate", "answer", TYPED_ANSWER, QUESTION, started_ms=24_000, ended_ms=60_000, end_reason="typed"
            ),
            24.0,
        ),
    ):
        store.save_turn(sid, turn, audio_start_s=at)
    store.finish(sid, "completed", 60.0, {})
    FeedbackService(store, questions).metrics(sid)
    replay = ReplayView(default_player)
    qtbot.addWidget(replay)
    replay.load(store.get(sid), tmp_path)
    text = replay.transcript.toPlainText()
    said, typed = [line for line in text.splitlines() if line.startswith("Delivery:")]
    assert "words/min" in said and " of " in said
    assert typed.startswith("Delivery: typed answer")
    assert "words/min" not in typed and "too short to tell" not in typed and " of " not in typed
    qtbot.waitUntil(lambda: replay.play_button.text() != "Loading audio…", timeout=5000)
