"""Choosing a session in History keeps the window's size, while its audio loads and after."""

from __future__ import annotations

import threading

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
