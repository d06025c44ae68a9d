"""Feedback in the window, on fake engines and a real session store: report, replay, redo, progress."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor

from tests.gui.windows import FeedbackJobs, file_audio, run_interview, window_for


def finished_with_report(qtbot, window):
    with qtbot.waitSignal(window.feedback.bridge.metrics_ready, timeout=30000):
        run_interview(qtbot, window)
    return window.report


def test_the_report_appears_after_an_interview_and_practise_next_starts_a_plan(qtbot, paths):
    window = window_for(qtbot, paths)
    qtbot.waitUntil(lambda: window.feedback.service is not None, timeout=5000)
    jobs = FeedbackJobs(window)
    report = finished_with_report(qtbot, window)
    assert window.tabs.currentWidget() is report
    assert report.table.rowCount() == 4  # two answers and two follow-up answers
    assert report.table.item(0, 0).text().startswith("1. ")
    assert report.table.item(0, 1).text().endswith("%")
    assert report.session.feedback["headline"]["answers"] == 4
    assert "Went well" in report.notes.text() or "Work on" in report.notes.text()
    jobs.wait(qtbot, report.session.id)
    qtbot.waitUntil(lambda: report.status.text() == "", timeout=30000)  # the model's wording is done
    assert report.practise_button.isEnabled()
    with qtbot.waitSignal(window.bridge.turn_started, timeout=10000):
        qtbot.mouseClick(report.practise_button, Qt.LeftButton)
    assert window.runner is not None and window.runner.interview.plan.id == "practice"
    assert window.tabs.currentIndex() == 0
    with qtbot.waitSignal(window.bridge.saved, timeout=30000):
        qtbot.mouseClick(window.page.stop_button, Qt.LeftButton)


def click_link(qtbot, browser, text: str) -> None:
    """Click the real link in the text, where it is drawn."""
    found = browser.document().find(text)
    assert not found.isNull(), text
    cursor = QTextCursor(found)
    cursor.setPosition(found.selectionStart() + 1)
    browser.setTextCursor(cursor)
    browser.ensureCursorVisible()
    rect = browser.cursorRect(cursor)
    qtbot.mouseClick(browser.viewport(), Qt.LeftButton, pos=QPoint(rect.center().x() + 2, rect.center().y()))


def test_the_replay_shows_feedback_beside_each_answer_and_a_quote_seeks_to_it(qtbot, paths):
    window = window_for(qtbot, paths)
    qtbot.waitUntil(lambda: window.feedback.service is not None, timeout=5000)
    finished_with_report(qtbot, window)
    history = window.history
    window.tabs.setCurrentWidget(history)
    qtbot.waitUntil(lambda: history.table.rowCount() == 1, timeout=5000)  # listed off the GUI thread
    with qtbot.waitSignal(history.opened, timeout=5000):  # read off the GUI thread
        history.table.selectRow(0)
    replay = history.replay
    text = replay.transcript.toPlainText()
    assert "What a strong answer covers" in text and "Delivery:" in text and "Answer again" in text
    answer = next(t for t in replay.session.turns if t.speaker == "candidate" and t.feedback)
    covered = next(r for r in answer.feedback["rubric"] if r["evidence"])
    click_link(qtbot, replay.transcript, f"“{covered['evidence']}”")
    # feedback times are relative to the answer's audio; words are stored on the session timeline
    assert replay.timeline.position == pytest.approx(answer.timings["audio_start_s"] + covered["at_s"], abs=0.002)
    assert replay.timeline.position > answer.words[0].start
    assert replay.highlighted_word in covered["evidence"].split()  # a word of the quote is lit


def test_answer_again_asks_the_same_question_and_shows_both_attempts(qtbot, paths):
    window = window_for(qtbot, paths)
    qtbot.waitUntil(lambda: window.feedback.service is not None, timeout=5000)
    finished_with_report(qtbot, window)
    history = window.history
    window.tabs.setCurrentWidget(history)
    qtbot.waitUntil(lambda: history.table.rowCount() == 1, timeout=5000)
    with qtbot.waitSignal(history.opened, timeout=5000):
        history.table.selectRow(0)
    replay = history.replay
    first = next(t for t in replay.session.turns if t.speaker == "candidate" and t.feedback)
    with qtbot.waitSignal(window.feedback.bridge.metrics_ready, timeout=30000):
        click_link(qtbot, replay.transcript, "↻ Answer again")
    qtbot.waitUntil(lambda: window.tabs.currentWidget() is window.compare, timeout=10000)
    attempts = window.store.redo_attempts(replay.session.id, first.index)
    assert len(attempts) == 1 and attempts[0].questions == [first.question_id]
    compare = window.compare
    assert compare.title.text().startswith("Answer again: ")
    assert compare.table.item(0, 0).text() == f"{first.feedback['coverage']:.0%}"
    assert compare.table.item(0, 1).text().endswith("%")
    assert first.text in compare.texts[0].toPlainText()
    assert "What you said" in compare.texts[1].toPlainText()
    window.tabs.setCurrentWidget(history)
    qtbot.waitUntil(lambda: history.table.rowCount() == 2, timeout=5000)
    history.table.selectRow(history.table.rowCount() - 1)  # the first session again: it has an attempt
    assert "Compare with your 1 other attempt" in history.replay.transcript.toPlainText()


def test_progress_charts_cover_every_session(qtbot, paths):
    # answers long enough for a pace of their own: a session of answers each too short has none to chart
    window = window_for(qtbot, paths, open_audio=lambda: file_audio(seconds=5.5))
    qtbot.waitUntil(lambda: window.feedback.service is not None, timeout=5000)
    jobs = FeedbackJobs(window)
    for _ in range(3):
        jobs.wait(qtbot, finished_with_report(qtbot, window).session.id)
    qtbot.waitUntil(
        lambda: window.progress.progress is not None and window.progress.progress.sessions == 3, timeout=10000
    )
    p = window.progress.progress
    assert len(p.pace) == 3 and all(v is not None for v in p.pace)
    assert p.streak_days == 1 and "3</b> sessions" in window.progress.summary.text()
    assert [c.spec.title for c in window.progress.charts][:2] == ["Pace", "Fillers"]


def test_any_session_s_report_opens_from_history_and_saves_as_pdf_and_markdown(qtbot, paths, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    window = window_for(qtbot, paths)
    qtbot.waitUntil(lambda: window.feedback.service is not None, timeout=5000)
    finished_with_report(qtbot, window)
    finished_with_report(qtbot, window)
    history = window.history
    window.tabs.setCurrentWidget(history)
    qtbot.waitUntil(lambda: history.table.rowCount() == 2, timeout=5000)
    history.table.selectRow(1)  # the older session
    older = history.selected_id()
    qtbot.mouseClick(history.report_button, Qt.LeftButton)
    report = window.report
    assert window.tabs.currentWidget() is report and report.session.id == older
    for kind, button in (("pdf", report.pdf_button), ("md", report.md_button)):
        target = tmp_path / f"report.{kind}"
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, target=target, **k: (str(target), ""))
        qtbot.mouseClick(button, Qt.LeftButton)
        qtbot.waitUntil(lambda target=target: report.status.text() == f"Saved to {target}", timeout=10000)
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")
    assert "## Answers at a glance" in (tmp_path / "report.md").read_text()
    assert (tmp_path / "report-chart1.png").exists()
