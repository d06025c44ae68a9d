"""The main window's keys: binds the shortcut table to the window's actions and names them in tooltips."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTabWidget, QWidget

from interview_voice.ui.history import HistoryView
from interview_voice.ui.pages import WindowPages
from interview_voice.ui.shortcuts import ShortcutsDialog, bind, keys_text, with_keys

TAB_ACTIONS = ("tab-interview", "tab-report", "tab-history", "tab-progress", "tab-compare")


def bind_window_keys(
    window: QWidget, pages: WindowPages, repeat: Callable[[], object], open_settings: Callable[[], object]
) -> None:
    """Every action of the table on the main window and its pages, and its keys in the tooltips."""
    history, page, tabs = pages.history, pages.interview, pages.tabs
    bind(window, "done", page.done_button.click)  # as the button: a typed answer is sent too
    bind(window, "repeat", repeat)
    bind(window, "start", page.start_button.click)  # click() does nothing while the button is disabled
    bind(window, "end", page.stop_button.click)
    bind(window, "resume", page.resume_button.click)
    bind(window, "settings", open_settings)
    bind(window, "help", lambda: show_shortcuts(window))
    for index, action in enumerate(TAB_ACTIONS[: tabs.count()]):
        bind(window, action, partial(_go_to, tabs, index))
    bind(window, "find", lambda: _find(pages))
    bind(window, "play", lambda: _play(tabs, history))
    bind(history.table, "delete", history.delete_button.click, context=Qt.ShortcutContext.WidgetShortcut)

    page.start_button.setToolTip(with_keys("Start the interview", "start"))
    page.stop_button.setToolTip(with_keys("End the interview early; what was said is kept", "end"))
    page.done_button.setToolTip(with_keys("End your answer", "done"))
    page.settings_button.setToolTip(
        with_keys("Microphone, speakers, voice, models, the pause and your data", "settings")
    )
    page.resume_button.setToolTip(
        with_keys("Paste your resume and the job description for the project deep dive", "resume")
    )
    for index, action in enumerate(TAB_ACTIONS[: tabs.count()]):
        tabs.setTabToolTip(index, keys_text(action))
    history.search.setToolTip(with_keys("Search your sessions' titles and transcripts", "find"))
    history.replay.play_button.setToolTip(with_keys("Play or pause the replay", "play"))
    history.delete_button.setToolTip(with_keys("Delete the chosen session and its recording (asks first)", "delete"))


def _go_to(tabs: QTabWidget, index: int) -> None:
    tabs.setCurrentIndex(index)
    page = tabs.currentWidget()
    first = first_control(page) if page is not None else None
    (first or tabs.tabBar()).setFocus(Qt.FocusReason.ShortcutFocusReason)  # Tab carries on from there


def first_control(page: QWidget) -> QWidget | None:
    """The first enabled, visible control of a page in Tab order."""
    widget = page.nextInFocusChain()
    while widget is not None and widget is not page and page.isAncestorOf(widget):
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isEnabled() and widget.isVisible():
            return widget
        widget = widget.nextInFocusChain()
    return None


def _play(tabs: QTabWidget, history: HistoryView) -> None:
    """Ctrl+P: play or pause the replay, on the History tab."""
    if tabs.currentWidget() is history:
        history.replay.play_button.click()


def _find(pages: WindowPages) -> None:
    pages.tabs.setCurrentWidget(pages.history)
    pages.history.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
    pages.history.search.selectAll()


def show_shortcuts(window: QWidget) -> ShortcutsDialog:
    """The help sheet over the window, made the first time."""
    dialog = window.findChild(ShortcutsDialog)
    if dialog is None:
        dialog = ShortcutsDialog(window)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog
