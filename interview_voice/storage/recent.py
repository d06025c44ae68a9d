"""Which questions recent sessions asked, so the next session can avoid them.

A small JSON file in the data dir, written atomically; a damaged file is
set aside and a new one started, never a crash.
"""

from __future__ import annotations

import json
import logging
import os
from datetime import datetime, timezone
from pathlib import Path

log = logging.getLogger(__name__)
KEEP_SESSIONS = 10


class RecentQuestions:
    def __init__(self, path: Path) -> None:
        self.path = path

    def _load(self) -> list[dict]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            sessions = data["sessions"]
            if not isinstance(sessions, list):
                raise ValueError("sessions is not a list")
            return sessions
        except FileNotFoundError:
            return []
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("question history %s is unreadable (%s); starting a new one", self.path, exc)
            try:
                self.path.replace(self.path.with_suffix(".damaged"))
            except OSError:
                pass
            return []

    def recent_ids(self, sessions: int = 3) -> frozenset[str]:
        return frozenset(q for s in self._load()[-sessions:] for q in s.get("questions", []))

    def record(self, plan: str, question_ids: list[str]) -> None:
        sessions = self._load() + [
            {
                "finished_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "plan": plan,
                "questions": question_ids,
            }
        ]
        tmp = self.path.with_suffix(".tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(json.dumps({"sessions": sessions[-KEEP_SESSIONS:]}, indent=1), encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError as exc:  # the history is a convenience: never fail a session over it
            log.warning("could not update the question history %s: %s", self.path, exc)
