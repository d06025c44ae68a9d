"""Typed answers, handed from the window (or `simulate`) to the runner's thread.

While the candidate types, the runner stops listening to that answer (nobody talks over a
candidate who is typing, and the room's silence does not end the answer); Send hands over
the text, and everything downstream takes it as the answer.
"""

from __future__ import annotations

import threading
from collections.abc import Callable


class TypedInput:
    """The candidate's typed answer: begin() when typing starts, submit() on Send, abandon() when
    they clear the box to answer aloud after all. Every method may be called from any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._changed = threading.Event()
        self._typing = False
        self._text: str | None = None

    def begin(self) -> None:
        with self._lock:
            self._typing = True
        self._changed.set()

    def abandon(self) -> None:
        with self._lock:
            self._typing = False
        self._changed.set()

    def submit(self, text: str) -> None:
        """An answer sent; kept until the runner takes it (sent while the question is still being
        asked, it answers that question as soon as listening starts)."""
        with self._lock:  # a second answer sent before the runner took the first is added to it, never lost
            self._text = " ".join(t for t in (self._text, text.strip()) if t)
            self._typing = False
        self._changed.set()

    @property
    def active(self) -> bool:
        """Typing, or an answer sent and not yet taken: the runner is not to listen."""
        with self._lock:
            return self._typing or self._text is not None

    def take(self) -> str | None:
        with self._lock:
            text, self._text = self._text, None
            return text

    def wait(self, stop: Callable[[], bool], poll_s: float = 0.1) -> str | None:
        """Block until the answer is sent (its text), or typing is abandoned or stop() is true (None)."""
        while True:
            self._changed.clear()
            text = self.take()
            if text is not None:
                return text
            with self._lock:
                typing = self._typing
            if not typing or stop():
                return None
            self._changed.wait(poll_s)
