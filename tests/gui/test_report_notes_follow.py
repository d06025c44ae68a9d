"""The notes under the Report tab's table are those of the row selected in the session shown, never
those of the session shown before (History showed a redo's "pace 172" under a row that said 165)."""

from __future__ import annotations

from interview_voice.runtime.feedback_service import FeedbackService
from interview_voice.storage.repository import SessionStore
from interview_voice.ui.report_view import ReportView
from tests.gui.test_figures_agree import _session
from tests.storage.test_report_rows import questions, recorded_with_follow_ups  # noqa: F401


def _shown(qtbot, session, questions):  # noqa: F811
    view = ReportView()
    qtbot.addWidget(view)
    view.wanted_id = session.id
    view.show_session(session, questions)
    return view


def test_showing_another_session_shows_its_own_notes(qtbot, tmp_path, questions):  # noqa: F811
    first = _session(tmp_path / "a", questions)
    store = SessionStore(tmp_path / "b")
    sid = recorded_with_follow_ups(store)
    FeedbackService(store, questions).metrics(sid, audio=False)
    second = store.get(sid)
    alone = _shown(qtbot, second, questions).notes.text()
    view = _shown(qtbot, first, questions)
    assert view.notes.text() and view.notes.text() != alone
    view.wanted_id = second.id
    view.show_session(second, questions)
    assert view.table.selectedItems() and view.table.selectedItems()[0].row() == 0
    assert view.notes.text() == alone
