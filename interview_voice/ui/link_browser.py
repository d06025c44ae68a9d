"""A text view whose Tab stops only at its action links, not at every linked word.

The replay's transcript links each word (click to seek), which made Tab walk
hundreds of words before leaving it. Here Tab and Shift+Tab stop at the links that
do something a keyboard user cannot reach otherwise ("Answer again", "Compare"),
Enter follows the focused one, and past the last one Tab leaves the view.
"""

from __future__ import annotations

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QTextBrowser

ACTION_SCHEMES = ("redo:", "compare:")


class ActionLinkBrowser(QTextBrowser):
    def focused_href(self) -> str:
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return ""
        probe = QTextCursor(self.document())
        probe.setPosition(cursor.selectionStart() + 1)  # the format of the character just before
        return probe.charFormat().anchorHref()

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: A002, N802 (Qt's names)
        if not self.hasFocus():
            return super().focusNextPrevChild(next)
        for _ in range(self.document().characterCount()):  # bounded: each step moves to another link
            if not super().focusNextPrevChild(next):
                return False
            if not self.hasFocus() or self.focused_href().startswith(ACTION_SCHEMES):
                return True
        return False
