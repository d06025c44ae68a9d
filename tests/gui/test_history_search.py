"""Searching the history keeps the replay on a session the list shows."""

from __future__ import annotations

from tests.gui.windows import listed, run_interview, window_for


def two_sessions(qtbot, window):
    run_interview(qtbot, window)
    window.page.plan_box.setCurrentIndex(window.page.plan_box.findData("presentation-panel"))
    window.start_interview()
    qtbot.waitUntil(lambda: len(window.page.transcript.turns) >= 2, timeout=10000)
    with qtbot.waitSignal(window.bridge.saved, timeout=30000):
        window.end_interview()
    history = window.history
    window.tabs.setCurrentWidget(history)
    listed(qtbot, history, 2)
    return history


def replaying(qtbot, window, title: str):
    """Two sessions in History, the one whose title has `title` chosen and shown in the replay."""
    history = two_sessions(qtbot, window)
    row = next(r for r in range(2) if title in history.table.item(r, 1).text())
    with qtbot.waitSignal(history.opened, timeout=5000):
        history.table.selectRow(row)
    return history


def search(qtbot, history, text: str) -> None:
    with qtbot.waitSignal(history.listed, timeout=5000):
        history.search.setText(text)


def test_a_search_that_hides_the_replayed_session_leaves_no_stale_replay(qtbot, paths):
    history = replaying(qtbot, window_for(qtbot, paths), "First interview")
    older = history.replay.session
    search(qtbot, history, "Presentation")
    listed(qtbot, history, 1)
    # the session replayed is filtered out: no row stays highlighted and the replay is emptied
    assert history.selected_id() is None and not history.table.selectedItems()
    replay = history.replay
    assert replay.session is None and replay.transcript.toPlainText() == ""
    assert not replay.play_button.isEnabled() and replay.title.text() == "Choose a session to replay it."
    assert not history.report_button.isEnabled()
    with qtbot.waitSignal(history.opened, timeout=5000) as opened:  # the row left can be chosen
        history.table.selectRow(0)
    assert opened.args[0] != older.id and replay.session.id == opened.args[0]


def test_a_search_that_keeps_the_replayed_session_keeps_it_selected_and_shown(qtbot, paths):
    history = replaying(qtbot, window_for(qtbot, paths), "Presentation")
    shown = history.replay.session.id
    search(qtbot, history, "Presentation")
    listed(qtbot, history, 1)
    assert history.selected_id() == shown and history.replay.session.id == shown
    search(qtbot, history, "")
    listed(qtbot, history, 2)
    assert history.selected_id() == shown and history.replay.session.id == shown
