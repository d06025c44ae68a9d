"""Interview kits preloaded off the GUI thread (reading a plan's bank takes ~50 ms), each used once.

"Preload", not "read ahead": that name is the interviewer model's (ARCHITECTURE.md's glossary)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from interview_voice.app import InterviewKit
from interview_voice.core.errors import InputError

log = logging.getLogger(__name__)


class KitCache:
    """Written by the model loader and the session threads, read on the GUI thread: one lock."""

    def __init__(self, load: Callable[[str], InterviewKit]) -> None:
        self._load = load
        self._kits: dict[str, InterviewKit] = {}
        self._lock = threading.Lock()

    def preload(self, plan: str, fresh: bool = False) -> str | None:
        """Read a plan now (on a worker thread), fresh or only when none is kept; the problem, if any."""
        with self._lock:
            if not fresh and plan in self._kits:
                return None
        try:
            kit = self._load(plan)
        except InputError as exc:
            log.warning("the plan %s cannot be read: %s", plan, exc)
            return str(exc)
        self.keep(plan, kit, replace=fresh)
        return None

    def keep(self, plan: str, kit: InterviewKit, replace: bool = False) -> None:
        with self._lock:
            if replace or plan not in self._kits:
                self._kits[plan] = kit

    def peek(self, plan: str) -> InterviewKit | None:
        with self._lock:
            return self._kits.get(plan)

    def take(self, plan: str) -> InterviewKit:
        """The kit preloaded (used once: the user may edit their plans), else one read now.
        Raises InputError with a message for the user."""
        with self._lock:
            kit = self._kits.pop(plan, None)
        return kit if kit is not None else self._load(plan)

    def get(self, plan: str) -> InterviewKit:
        """The kit preloaded, kept for later, else one read now (raises InputError)."""
        return self.peek(plan) or self._load(plan)
