"""Choosing a session in History keeps the window's size, while its audio loads and after."""

from __future__ import annotations

import threading

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from interview_voice.ui.appearance import apply_appearance, apply_font_scale
from interview_voice.ui.main_window import MainWindow
from tests.gui.windows import listed, run_interview, window_for


def test_choosing_a_session_in_a_narrow_window_does_not_widen_it(qtbot, paths):
    window = window_for(qtbot, paths)
    run_interview(qtbot, window)
    history, replay = window.history, window.history.replay
    window.tabs.setCurrentWidget(history)
    listed(qtbot, history, 1)
    window.resize(window.minimumSizeHint().width(), 600)  # as narrow as the window goes (800x600 and less)
    qtbot.wait(50)
    before, page_min = window.size(), history.minimumSizeHint().width()
    release, real_factory = threading.Event(), replay.player_factory

    def slow_player(paths):  # the mixing of a long session's tracks, held until the test has looked
        release.wait(10)
        return real_factory(paths)

    replay.player_factory = slow_player
    with qtbot.waitSignal(history.opened, timeout=5000):
        history.table.selectRow(0)
    qtbot.wait(50)  # the layout is worked out again while the audio is loading
    assert not replay.play_button.isEnabled() and "Loading" in replay.play_button.text()
    assert history.minimumSizeHint().width() <= page_min
    assert window.size() == before
    release.set()
    qtbot.waitUntil(lambda: replay.player is not None, timeout=5000)
    qtbot.wait(50)
    assert window.size() == before


def test_sessions_listed_at_start_up_get_every_column_when_history_is_first_opened(qtbot, paths):
    """The list is filled at start-up while the Interview tab is in front; at 1920x1080 with text at 150 % it
    stayed as narrow as the hidden page had been laid out (the Interview, Length and Status columns behind a
    scroll bar, the replay beside it with room to spare)."""
    app = QApplication.instance()
    font, style = QFont(app.font()), app.style().name()
    try:
        apply_appearance(app, 1.5)
        first = window_for(qtbot, paths)
        run_interview(qtbot, first)  # a stored session for the next start to list
        first.close()
        window = MainWindow(first.context)  # the next start, its window the size of the screen
        qtbot.addWidget(window)
        window.resize(1920, 1080)
        window.show()
        window.load_models_in_background()
        history = window.history
        listed(qtbot, history, 1)
        qtbot.wait(100)
        window.tabs.setCurrentWidget(history)
        qtbot.waitUntil(history.isVisible, timeout=2000)
        qtbot.wait(200)  # layouts settle in later passes
        table, header = history.table, history.table.horizontalHeader()
        for column in range(table.columnCount()):
            left = header.sectionViewportPosition(column)
            assert left >= 0 and left + header.sectionSize(column) <= table.viewport().width(), column
            assert header.sectionSize(column) >= min(table.sizeHintForColumn(column), 60), column
    finally:
        apply_font_scale(app, 1.0)
        app.setFont(font)
        app.setStyle(style)
