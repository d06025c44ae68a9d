"""The session folders: one per session under `sessions/`, holding its tracks and the files beside them."""

from __future__ import annotations

from pathlib import Path

from interview_voice.records import TurnRecord
from interview_voice.storage import salvage


class SessionFolders:
    def __init__(self, root: Path) -> None:
        self.root = root

    def folder(self, session_id: str) -> Path:
        return self.root / session_id

    def track_path(self, session_id: str, kind: str) -> Path:
        return self.root / session_id / f"{kind}.wav"

    def write_turn(self, session_id: str, turn: TurnRecord, audio_start_s: float | None) -> None:
        """A finished turn, appended to the session folder's turns file (OSError when it cannot be)."""
        salvage.append_turn(self.root / session_id, {**turn.to_dict(), "audio_start_s": audio_start_s})
