"""History shows the newest sessions first and fetches older ones a page at a time."""

from __future__ import annotations

import pytest

from interview_voice.storage.repository import SessionStore
from interview_voice.ui import history as history_module
from interview_voice.ui.history import HistoryView


@pytest.fixture
def store(tmp_path):
    store = SessionStore(tmp_path / "data")
    for n in range(7):
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
    yield store
    store.close()


def paged_view(qtbot, store, monkeypatch) -> HistoryView:
    """History on the store, three sessions a page, once it has listed its first page."""
    monkeypatch.setattr(history_module, "PAGE", 3)
    view = HistoryView()
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.listed, timeout=5000):
        view.set_store(store)
    return view


def titles(view: HistoryView) -> list[str]:
    return [view.table.item(row, 1).text() for row in range(view.table.rowCount())]


def test_the_first_screen_is_one_page_and_older_sessions_come_on_asking(qtbot, store, monkeypatch):
    view = paged_view(qtbot, store, monkeypatch)
    assert titles(view) == ["session 6", "session 5", "session 4"]
    assert view.more and not view.more_button.isHidden()

    view.fetch_more()
    qtbot.waitUntil(lambda: view.table.rowCount() == 6, timeout=5000)
    view.fetch_more()
    qtbot.waitUntil(lambda: view.table.rowCount() == 7, timeout=5000)
    assert titles(view) == [f"session {n}" for n in range(6, -1, -1)]
    assert not view.more and view.more_button.isHidden()
    view.fetch_more()  # nothing left: nothing happens
    assert view.table.rowCount() == 7


def test_a_refresh_keeps_the_sessions_already_fetched_and_the_selection(qtbot, store, monkeypatch):
    view = paged_view(qtbot, store, monkeypatch)
    view.fetch_more()
    qtbot.waitUntil(lambda: view.table.rowCount() == 6, timeout=5000)
    view.table.selectRow(4)
    chosen = view.selected_id()
    with qtbot.waitSignal(view.listed, timeout=5000):
        view.refresh()
    assert view.table.rowCount() == 6 and view.selected_id() == chosen and view.more


def test_a_search_lists_its_first_page(qtbot, store, monkeypatch):
    view = paged_view(qtbot, store, monkeypatch)
    with qtbot.waitSignal(view.listed, timeout=5000):
        view.search.setText("session 1")
    assert titles(view) == ["session 1"] and not view.more
