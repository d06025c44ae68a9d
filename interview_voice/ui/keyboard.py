"""The main window's keys: binds the shortcut table to the window's actions and names them in tooltips."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from interview_voice.ui.shortcuts import ShortcutsDialog, bind, keys_text, with_keys

TAB_ACTIONS = ("tab-interview", "tab-report", "tab-history", "tab-progress", "tab-compare")


def bind_window_keys(window) -> None:
    """Every action of the table on the main window (a MainWindow), and its keys in the tooltips."""
    history = window.history
    bind(window, "done", window.done_button.click)       # as the button: a typed answer is sent too
    bind(window, "repeat", window.repeat_question)
    bind(window, "start", window.start_button.click)    # click() does nothing while the button is disabled
    bind(window, "end", window.stop_button.click)
    bind(window, "resume", window.resume_button.click)
    bind(window, "settings", lambda: window.open_settings())
    bind(window, "help", lambda: show_shortcuts(window))
    for index, action in enumerate(TAB_ACTIONS[:window.tabs.count()]):
        bind(window, action, lambda index=index: _go_to(window, window.tabs.widget(index)))
    bind(window, "find", lambda: _find(window))
    bind(window, "play", lambda: window.tabs.currentWidget() is history and history.replay.play_button.click())
    bind(history.table, "delete", history.delete_button.click, context=Qt.WidgetShortcut)

    window.start_button.setToolTip(with_keys("Start the interview", "start"))
    window.stop_button.setToolTip(with_keys("End the interview early; what was said is kept", "end"))
    window.done_button.setToolTip(with_keys("End your answer", "done"))
    window.settings_button.setToolTip(with_keys("Microphone, speakers, voice, models, the pause and your data",
                                                "settings"))
    window.resume_button.setToolTip(with_keys("Paste your resume and the job description for the project "
                                              "deep dive", "resume"))
    for index, action in enumerate(TAB_ACTIONS[:window.tabs.count()]):
        window.tabs.setTabToolTip(index, keys_text(action))
    history.search.setToolTip(with_keys("Search your sessions' titles and transcripts", "find"))
    history.replay.play_button.setToolTip(with_keys("Play or pause the replay", "play"))
    history.delete_button.setToolTip(with_keys("Delete the chosen session and its recording (asks first)",
                                               "delete"))


def _go_to(window, page: QWidget) -> None:
    window.tabs.setCurrentWidget(page)
    first = first_control(page)
    (first or window.tabs.tabBar()).setFocus(Qt.ShortcutFocusReason)   # Tab carries on from there


def first_control(page: QWidget) -> QWidget | None:
    """The first enabled, visible control of a page in Tab order."""
    widget = page.nextInFocusChain()
    while widget is not page and page.isAncestorOf(widget):
        if widget.focusPolicy() & Qt.TabFocus and widget.isEnabled() and widget.isVisible():
            return widget
        widget = widget.nextInFocusChain()
    return None


def _find(window) -> None:
    window.tabs.setCurrentWidget(window.history)
    window.history.search.setFocus(Qt.ShortcutFocusReason)
    window.history.search.selectAll()


def show_shortcuts(window) -> ShortcutsDialog:
    dialog = getattr(window, "_shortcuts_dialog", None)
    if dialog is None:
        dialog = window._shortcuts_dialog = ShortcutsDialog(window)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog
