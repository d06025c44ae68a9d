"""The window with a damaged session database: it opens, says where the old file went, and can start."""

from __future__ import annotations

import pytest

from interview_voice.app import AppContext, open_store
from interview_voice.ui.main_window import MainWindow
from tests.faults.conftest import record_session
from tests.gui.windows import fake_context


@pytest.fixture
def context(tmp_path) -> AppContext:
    """Fake engines; each test gives the window a real store on the data folder it damages first."""
    return fake_context(tmp_path)


def _loaded_window(qtbot, context) -> MainWindow:
    """The window on this data folder's store, once its loader has opened the store and the models."""
    context.open_store = lambda: open_store(context.paths)
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    window.load_models_in_background()
    qtbot.waitUntil(lambda: window.page.start_button.isEnabled() and window.store is not None, timeout=10000)
    return window


def test_the_window_does_not_wait_forever_on_a_damaged_database(qtbot, context):
    record_session(context.paths.data_dir)
    db = context.paths.data_dir / "sessions.db"
    db.write_text("not a database")
    window = _loaded_window(qtbot, context)
    assert window.page.banner.isVisible() and "moved, not deleted" in window.page.banner.text()
    [moved] = context.paths.data_dir.glob("sessions.db.damaged-*")
    assert str(moved) in window.page.banner.text() and moved.read_text() == "not a database"
    assert len(window.store.list()) == 1


def test_the_window_lists_the_sessions_of_a_lost_database_again_and_says_so(qtbot, context):
    """A deleted sessions.db showed an empty History with no hint; only `sessions rebuild` brought it back."""
    session_id = record_session(context.paths.data_dir)
    for suffix in ("", "-wal", "-shm"):
        (context.paths.data_dir / f"sessions.db{suffix}").unlink(missing_ok=True)
    window = _loaded_window(qtbot, context)
    assert window.page.banner.isVisible() and "listed again from their folders" in window.page.banner.text()
    qtbot.waitUntil(lambda: window.history.table.rowCount() == 1, timeout=5000)
    assert [s.id for s in window.store.list()] == [session_id]
