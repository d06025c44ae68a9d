"""The window's tabs: the Interview page, then Report, History, Progress and Answer again, in that order.

To add a page: build it in `build_pages`, add it to `WindowPages`, and give it a key in ui/shortcuts.py
(SHORTCUTS) and ui/keyboard.py (TAB_ACTIONS), which go by the tabs' order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QTabWidget

from interview_voice.ui.compare_view import CompareView
from interview_voice.ui.history import HistoryView
from interview_voice.ui.interview_page import InterviewPage
from interview_voice.ui.progress_view import ProgressView
from interview_voice.ui.readable import centred
from interview_voice.ui.report_view import ReportView


@dataclass(frozen=True)
class WindowPages:
    """The tabs and the page on each, for the controllers that show one or go to it."""

    tabs: QTabWidget
    interview: InterviewPage
    report: ReportView
    history: HistoryView
    progress: ProgressView
    compare: CompareView

    def on_interview(self) -> bool:
        """The user is on the Interview tab (or on the Report, which follows the interview)."""
        return self.tabs.currentIndex() == 0 or self.tabs.currentWidget() is self.report


def build_pages(interview: InterviewPage, player_factory: Callable | None) -> WindowPages:
    """The tabs with every page; player_factory plays a stored session's tracks in History (None: the default)."""
    tabs = QTabWidget()
    tabs.addTab(centred(interview, 60), "Interview")  # a readable column on wide screens
    history = HistoryView(player_factory) if player_factory else HistoryView()
    pages = WindowPages(tabs, interview, ReportView(), history, ProgressView(), CompareView())
    tabs.insertTab(1, pages.report, "Report")
    tabs.addTab(pages.history, "History")
    tabs.addTab(pages.progress, "Progress")
    tabs.addTab(pages.compare, "Answer again")
    return pages
