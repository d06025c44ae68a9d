"""The Report tab and the PDF name the question each answer answered: a follow-up's or a redirect's own line."""

from __future__ import annotations

from interview_voice.runtime.feedback_service import FeedbackService
from interview_voice.storage.feedback_report import shorten
from interview_voice.storage.repository import SessionStore
from interview_voice.ui.report_pdf import report_html
from interview_voice.ui.report_view import ReportView
from tests.storage.test_report_rows import FOLLOW_UP, QUESTION, REDIRECT, questions, recorded_with_follow_ups  # noqa: F401


def test_the_report_tab_and_the_pdf_show_the_follow_up_and_the_redirect_asked(qtbot, tmp_path, questions):  # noqa: F811
    store = SessionStore(tmp_path)
    sid = recorded_with_follow_ups(store)
    FeedbackService(store, questions).metrics(sid)
    session = store.get(sid)
    view = ReportView()
    qtbot.addWidget(view)
    view.wanted_id = sid
    view.show_session(session, questions)
    shown = [view.table.item(row, 0).text() for row in range(view.table.rowCount())]
    assert shown == [
        f"1. {questions[QUESTION].text}",
        f"2. Follow-up: {shorten(FOLLOW_UP)}",
        f"3. Redirect: {shorten(REDIRECT)}",
    ]
    html = report_html(session, questions, [])
    assert "Follow-up: What would you check first" in html and "Redirect: Let&#x27;s come back" in html
