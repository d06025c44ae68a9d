"""Progress over years of sessions: the figures count every session, the charts draw the newest."""

from __future__ import annotations

from interview_voice.storage.repository import SessionStore
from interview_voice.ui import progress_view
from interview_voice.ui.progress_view import ProgressView, load_progress


def test_the_charts_draw_the_newest_sessions_and_the_figures_count_them_all(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(progress_view, "CHART_SESSIONS", 3)
    store = SessionStore(tmp_path)
    for n in range(5):
        session_id = store.start(
            plan="technical-screen",
            title=f"session {n}",
            level="mid",
            personas=[],
            models={},
            settings={},
            questions=["q1"],
        )
        store.finish(session_id, "completed", 60.0, {})
        store.save_feedback(session_id, {"headline": {"answers": 1, "wpm": 100.0 + n}}, {})
    p = load_progress(store)
    assert p.sessions == 5 and p.pace == [102.0, 103.0, 104.0] and len(p.labels) == 3
    view = ProgressView()
    qtbot.addWidget(view)
    view.show_progress(p)
    assert "<b>5</b> sessions" in view.summary.text() and "the charts show the newest 3" in view.summary.text()
    store.close()
