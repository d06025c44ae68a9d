"""The Report tab shows the session just finished, never another session's feedback."""

from __future__ import annotations

from tests.gui.windows import FeedbackJobs, run_interview, window_for


def first_report(qtbot, window):
    """The first session's report, once its feedback job has finished: nothing of that job is still
    running (nor calling the feedback service) when the test goes on."""
    qtbot.waitUntil(lambda: window.feedback.service is not None, timeout=5000)
    jobs = FeedbackJobs(window)
    with qtbot.waitSignal(window.feedback.bridge.metrics_ready, timeout=30000):
        run_interview(qtbot, window)
    report = window.report
    assert report.session is not None and report.table.rowCount() > 0
    jobs.wait(qtbot, report.session.id)
    return report, report.session, jobs


def test_a_new_session_s_report_never_shows_the_previous_session(qtbot, paths):
    window = window_for(qtbot, paths)
    report, older, _ = first_report(qtbot, window)
    old_title = report.title.text()
    window.page.plan_box.setCurrentIndex(window.page.plan_box.findData("presentation-panel"))
    window.start_interview()
    qtbot.waitUntil(lambda: len(window.page.transcript.turns) >= 2, timeout=10000)
    with qtbot.waitSignal(window.bridge.stored, timeout=30000) as stored:
        window.end_interview()
    newer = stored.args[0]
    assert newer != older.id
    # straight away: a "working on it" state for the new session, none of the older one's figures or notes
    assert report.session is None or report.session.id == newer
    assert report.title.text() != old_title
    assert report.table.rowCount() == 0 and report.notes.text() == ""
    assert "working on your feedback" in report.status.text().lower()
    assert not report.pdf_button.isEnabled() and not report.practise_button.isEnabled()
    qtbot.waitUntil(lambda: report.session is not None and report.session.id == newer, timeout=30000)
    assert report.title.text() != old_title


def test_a_late_result_of_an_older_feedback_job_does_not_paint_over_the_session_shown(qtbot, paths):
    window = window_for(qtbot, paths)
    report, older, jobs = first_report(qtbot, window)
    with qtbot.waitSignal(window.feedback.bridge.metrics_ready, timeout=30000):
        run_interview(qtbot, window)
    newer = report.session
    jobs.wait(qtbot, newer.id)
    assert newer.id != older.id
    bridge = window.feedback.bridge
    # what a job for the older session would send, arriving after the newer session is shown
    bridge.metrics_ready.emit(window.store.get(older.id))
    bridge.metrics_updated.emit(window.store.get(older.id))
    qtbot.wait(50)
    assert report.session.id == newer.id
    assert (
        report.title.text().startswith("Feedback: ") and f"{newer.started_at.astimezone():%H:%M}" in report.title.text()
    )


def test_a_session_whose_feedback_fails_says_so_instead_of_showing_the_previous_one(qtbot, paths, monkeypatch):
    window = window_for(qtbot, paths)
    report, older, _ = first_report(qtbot, window)
    service = window.feedback.service

    def broken(session_id, audio=True):
        raise ValueError("the transcript cannot be read")

    monkeypatch.setattr(service, "metrics", broken)
    with qtbot.waitSignal(window.feedback.bridge.failed, timeout=30000) as failed:
        run_interview(qtbot, window)
    newer = failed.args[0]
    assert newer != older.id and report.wanted_id == newer
    assert report.session is None and report.table.rowCount() == 0 and report.notes.text() == ""
    assert report.title.text() == "No feedback for this session"
    assert "the transcript cannot be read" in report.status.text()
    assert window.page.banner.isVisible() and "Feedback could not be computed" in window.page.banner.text()
