"""Keyboard-only use of the window: Tab order, Space, the shortcuts, the help sheet, safe confirmations."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QHBoxLayout, QMessageBox, QPushButton, QVBoxLayout, QWidget

from interview_voice.ui.appearance import FOCUS_COLOUR, FocusRingStyle, apply_appearance
from interview_voice.ui.confirm import confirmation_box
from interview_voice.ui.link_browser import ActionLinkBrowser
from interview_voice.ui.shortcuts import SHORTCUTS, ShortcutsDialog, keys_text
from tests.gui.windows import listed, ready_window, run_interview, window_for


def active(qtbot, window) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)


def tab_path(qtbot, start, steps: int) -> list:
    start.setFocus(Qt.TabFocusReason)
    visited = [QApplication.focusWidget()]
    for _ in range(steps):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Tab)
        visited.append(QApplication.focusWidget())
    return visited


def count_answer_ends(window) -> list[int]:
    ends: list[int] = []
    original = window.session.finish_answer
    window.session.finish_answer = lambda: (ends.append(1), original())[1]
    return ends


def test_tab_walks_the_interview_tab_in_working_order(qtbot, context):
    window = ready_window(qtbot, context)
    active(qtbot, window)
    page = window.page
    visited = tab_path(qtbot, page.plan_box, 5)
    assert visited == [
        page.plan_box,
        page.level_box,
        page.resume_button,
        page.settings_button,
        page.start_button,
        page.transcript,
    ]


def test_space_on_a_focused_button_presses_that_button_and_ends_answers_elsewhere(qtbot, context):
    window = ready_window(qtbot, context)
    active(qtbot, window)
    window.page.start_button.setFocus()
    qtbot.keyClick(window.page.start_button, Qt.Key_Space)  # presses Start; no answer to end yet
    qtbot.waitUntil(lambda: window.session is not None, timeout=2000)
    assert QApplication.focusWidget() is window.page.done_button  # not End: Space must never end the interview
    ends = count_answer_ends(window)
    window.page.transcript.setFocus()  # not a control: Space is "I'm done"
    qtbot.keyClick(window.page.transcript, Qt.Key_Space)
    assert len(ends) == 1
    edit = window.page.typed_box.edit  # a text box keeps its Space
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key_Space)
    assert edit.toPlainText() == " " and len(ends) == 1
    qtbot.keyClick(edit, Qt.Key_Return, Qt.ControlModifier)  # Ctrl+Enter works anywhere
    assert len(ends) == 2
    with qtbot.waitSignal(window.bridge.saved, timeout=10000):
        window.end_interview()


def test_shortcuts_go_to_tabs_search_and_show_the_help_sheet(qtbot, context):
    window = ready_window(qtbot, context)
    active(qtbot, window)
    qtbot.keyClick(window, Qt.Key_3, Qt.ControlModifier)
    assert window.tabs.currentWidget() is window.history
    qtbot.keyClick(window, Qt.Key_1, Qt.ControlModifier)
    assert window.tabs.currentIndex() == 0 and window.page.plan_box.hasFocus()
    qtbot.keyClick(window, Qt.Key_F, Qt.ControlModifier)
    assert window.tabs.currentWidget() is window.history and window.history.search.hasFocus()
    qtbot.keyClick(window, Qt.Key_F1)
    dialog = window.findChild(ShortcutsDialog)
    assert dialog.isVisible() and dialog.table.rowCount() == len(SHORTCUTS)
    shown = {dialog.table.item(row, 0).text() for row in range(dialog.table.rowCount())}
    assert keys_text("start") in shown and keys_text("help") in shown
    dialog.close()


def test_ctrl_n_starts_the_interview_and_the_tooltips_name_the_keys(qtbot, context):
    window = ready_window(qtbot, context)
    active(qtbot, window)
    assert keys_text("start") in window.page.start_button.toolTip()
    assert "Space" in window.page.done_button.toolTip()
    assert keys_text("tab-history") == window.tabs.tabToolTip(window.tabs.indexOf(window.history))
    qtbot.keyClick(window, Qt.Key_N, Qt.ControlModifier)
    qtbot.waitUntil(lambda: window.session is not None, timeout=2000)
    with qtbot.waitSignal(window.bridge.saved, timeout=10000):
        qtbot.keyClick(window, Qt.Key_E, Qt.ControlModifier | Qt.ShiftModifier)


def test_tab_leaves_the_history_list_and_delete_asks_with_cancel_as_the_default(qtbot, paths):
    window = window_for(qtbot, paths)
    run_interview(qtbot, window)
    history = window.history
    listed(qtbot, history, 1)
    window.tabs.setCurrentWidget(history)
    active(qtbot, window)
    history.table.setFocus(Qt.TabFocusReason)
    history.table.selectRow(0)
    qtbot.keyClick(history.table, Qt.Key_Tab)
    assert QApplication.focusWidget() is not history.table
    seen = {}

    def answer_with_enter() -> None:
        box = QApplication.activeModalWidget()
        seen["default"] = box.defaultButton().text() if isinstance(box, QMessageBox) else None
        qtbot.keyClick(box, Qt.Key_Return)

    history.table.setFocus(Qt.TabFocusReason)
    QTimer.singleShot(100, answer_with_enter)
    qtbot.keyClick(history.table, Qt.Key_Delete)  # the Delete key asks, Enter keeps the session
    assert seen["default"] and "Cancel" in seen["default"].replace("&", "")
    qtbot.wait(300)  # a delete would run off the GUI thread and refresh the list
    assert history.table.rowCount() == 1 and history.selected_id() is not None


def test_destructive_confirmations_default_and_escape_to_cancel(qtbot):
    box = confirmation_box(None, "Delete session", "Delete it?", "Delete")
    qtbot.addWidget(box)
    assert box.defaultButton() is box.escapeButton()
    assert box.buttonRole(box.defaultButton()) == QMessageBox.RejectRole


def _two_buttons(qtbot, first: str, second: str, default: bool = False) -> tuple[QWidget, QPushButton, QPushButton]:
    """A shown, active page with two buttons side by side (the first the default button if asked); the
    caller keeps the page, which owns the buttons."""
    page = QWidget()
    qtbot.addWidget(page)
    row = QHBoxLayout(page)
    one, two = QPushButton(first), QPushButton(second)
    one.setDefault(default)
    row.addWidget(one)
    row.addWidget(two)
    page.show()
    active(qtbot, page)
    return page, one, two


def test_the_focused_button_has_a_visible_ring(qtbot):
    app = QApplication.instance()
    before = app.style().name()
    apply_appearance(app)
    try:
        assert isinstance(app.style(), FocusRingStyle)
        _page, button, other = _two_buttons(qtbot, "Start interview", "Other")
        button.setFocus()
        qtbot.waitUntil(button.hasFocus, timeout=1000)
        with_focus = button.grab().toImage()
        other.setFocus()
        qtbot.waitUntil(other.hasFocus, timeout=1000)
        without = button.grab().toImage()
        ring = QColor(FOCUS_COLOUR)
        changed = sum(
            1
            for x in range(with_focus.width())
            for y in range(with_focus.height())
            if with_focus.pixelColor(x, y) != without.pixelColor(x, y)
            and abs(with_focus.pixelColor(x, y).blue() - ring.blue()) < 40
            and with_focus.pixelColor(x, y).red() < 120
        )
        assert changed >= 2 * (with_focus.width() + with_focus.height())  # a whole outline, not a tint
    finally:
        app.setStyle(before)


def _outline_pixels(image, colour: QColor) -> int:
    """Pixels of the colour (within a margin) on the button's outer 4 px: an outline, not the label."""
    w, h = image.width(), image.height()
    return sum(
        1
        for x in range(w)
        for y in range(h)
        if (x < 4 or y < 4 or x >= w - 4 or y >= h - 4)
        and abs(image.pixelColor(x, y).blue() - colour.blue()) < 40
        and abs(image.pixelColor(x, y).green() - colour.green()) < 40
        and image.pixelColor(x, y).red() < 120
    )


def test_the_focus_ring_is_not_mistaken_for_the_default_button(qtbot):
    """The default button's outline (what Enter presses) and a 2 px focus ring looked the same."""
    app = QApplication.instance()
    before = app.style().name()
    apply_appearance(app)
    try:
        _page, default, other = _two_buttons(qtbot, "Save", "Cancel", default=True)
        other.setFocus()
        qtbot.waitUntil(other.hasFocus, timeout=1000)
        ring = QColor(FOCUS_COLOUR)
        focused, default_look = (
            _outline_pixels(other.grab().toImage(), ring),
            _outline_pixels(default.grab().toImage(), ring),
        )
        w, h = other.width(), other.height()
        assert focused >= 5 * (w + h)  # a thick ring all round (at least 2.5 px of it)
        assert default_look <= focused / 3  # the default button has no such ring
    finally:
        app.setStyle(before)


def test_the_help_sheet_lists_every_shortcut_once(qtbot):
    dialog = ShortcutsDialog()
    qtbot.addWidget(dialog)
    actions = [dialog.table.item(row, 1).text() for row in range(dialog.table.rowCount())]
    assert actions == [s.what for s in SHORTCUTS]
    assert len({s.action for s in SHORTCUTS}) == len(SHORTCUTS)


def test_tab_in_the_replay_transcript_stops_at_actions_not_at_every_word(qtbot):
    page = QWidget()
    qtbot.addWidget(page)
    layout = QVBoxLayout(page)
    before, browser, after = QPushButton("Play"), ActionLinkBrowser(), QPushButton("Next")
    for widget in (before, browser, after):
        layout.addWidget(widget)
    words = " ".join(f"<a href='seek:{i}'>word{i}</a>" for i in range(60))
    browser.setHtml(
        f"<p>{words}</p><p><a href='redo:1'>Answer again</a> · <a href='compare:1'>Compare</a></p><p>{words}</p>"
    )
    page.show()
    active(qtbot, page)
    before.setFocus(Qt.TabFocusReason)
    hrefs = [before.text()]
    for _ in range(4):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Tab)
        widget = QApplication.focusWidget()
        hrefs.append(browser.focused_href() if widget is browser else widget.text())
    assert hrefs == ["Play", "", "redo:1", "compare:1", "Next"]
    clicked = []
    browser.anchorClicked.connect(lambda url: clicked.append(url.toString()))
    tab_path(qtbot, before, 2)
    qtbot.keyClick(browser, Qt.Key_Return)  # Enter follows the focused action
    assert clicked == ["redo:1"]
