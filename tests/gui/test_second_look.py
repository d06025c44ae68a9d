"""After the notes, the report's second look at the key points the terms missed reaches the window."""

from __future__ import annotations

from interview_voice.engines.llm_llama import YesNo
from interview_voice.ui.report_view import LOOKING_AGAIN
from tests.gui.windows import FeedbackJobs, window_for


def test_points_said_in_other_words_are_credited_in_the_report_after_a_second_look(qtbot, paths):
    window = window_for(qtbot, paths)
    qtbot.waitUntil(lambda: window.feedback.service is not None, timeout=5000)
    qtbot.waitUntil(lambda: window.feedback.service.wording is not None, timeout=5000)
    llm = window.feedback.service.wording.llm
    asked: list = []

    def yes_no(prompts, cancel=None):  # a model sure that every sentence states every point
        for prompt in prompts:
            asked.append(prompt[-1].content)
            yield YesNo(9.0, 0.0, -9.0, 10)

    llm.yes_no, llm.closed = yes_no, False
    jobs = FeedbackJobs(window)
    updated: list = []
    window.feedback.bridge.metrics_updated.connect(updated.append)
    said: list[str] = []  # the report's status line as the second look begins
    window.feedback.bridge.looking_again.connect(lambda _id: said.append(window.report.status.text()))
    with qtbot.waitSignal(window.bridge.stored, timeout=30000) as stored:  # after `saved`: its id
        window.start_interview()
    session_id = stored.args[0]
    jobs.wait(qtbot, session_id)
    # the notes' job ends, then the second look updates the same session where it is shown
    qtbot.waitUntil(lambda: len(updated) == 2, timeout=30000)
    qtbot.waitUntil(lambda: jobs.finished.count(session_id) == 2, timeout=30000)
    assert said == [LOOKING_AGAIN] and window.report.status.text() == ""  # said while it looked, then cleared
    stored = window.store.get(session_id)
    answers = [t for t in stored.turns if t.speaker == "candidate" and t.feedback.get("rubric")]
    assert answers and all(p["status"] == "covered" and p["evidence"] for t in answers for p in t.feedback["rubric"])
    assert any(prompt.startswith("Key point: ") for prompt in asked)
    assert window.report.session.id == session_id
    shown = {t.index: t.feedback for t in window.report.session.turns}
    assert all(shown[t.index]["rubric"] == t.feedback["rubric"] for t in answers)
