"""Sessions a crash cut off, closed on the next start; sessions listed again from their folders.

Recovery repairs a cut-off session's audio, adds the turns the database missed from the
folder's `turns.jsonl`, closes the turn the crash cut off and marks the session. Rebuilding
lists again, from `session.json`, `turns.jsonl` and the WAV tracks, every folder a damaged
or lost database no longer lists; older folders with only tracks are listed with their
audio and no transcript.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from interview_voice.records import EndReason, EventType
from interview_voice.storage import salvage
from interview_voice.storage.database import SessionDatabase
from interview_voice.storage.errors import StorageError
from interview_voice.storage.folders import SessionFolders
from interview_voice.storage.schema import EventRow, SessionRow, TrackRow
from interview_voice.storage.tracks import TRACK_RATES, repair_wav
from interview_voice.storage.turn_rows import merge_folder_turns, turn_rows

log = logging.getLogger(__name__)
REBUILT_NOTICE = (
    "Listed again from its folder after the session database was damaged: the recordings and the "
    "transcript written beside them are kept."
)


def _track_seconds(folder: Path) -> dict[str, float]:
    """Each track's length, after repairing its header (a crash leaves the sizes unwritten)."""
    seconds = {}
    for kind in TRACK_RATES:
        path = folder / f"{kind}.wav"
        try:
            seconds[kind] = repair_wav(path) if path.exists() else 0.0
        except (OSError, ValueError) as exc:
            log.warning("could not repair %s: %s", path, exc)
    return seconds


def _started_at(meta: dict, folder: Path) -> datetime:
    try:
        return datetime.fromisoformat(meta["started_at"])
    except (KeyError, TypeError, ValueError):
        return datetime.fromtimestamp(folder.stat().st_mtime, timezone.utc)


ANSWER_LEFT_NOTICE = (
    "The window was closed during your last answer: its words are transcribed from the recording "
    "once the app has its speech model."
)


def _close_cut_off(row: SessionRow, folder: Path, seconds: dict[str, float], ended: dict) -> None:
    """Mark a session a crash cut off as recovered, or as it ended when only its last save failed."""
    duration = max(seconds.values(), default=0.0)
    merge_folder_turns(row, folder)  # turns the database missed (it was busy)
    left_open = bool(ended.get(salvage.LEFT_OPEN))  # the app left on purpose, before the turn ended
    answer_left = False
    for turn in row.turns:
        if turn.ended_ms is None:  # the turn the crash (or the closed window) cut off
            turn.ended_ms, turn.interrupted = duration * 1000, True
            turn.end_reason = "closed" if left_open else EndReason.CRASH.value
            answer_left = answer_left or (left_open and turn.speaker == "candidate")
    row.status, row.duration_s = "interrupted", duration
    row.ended_at = row.started_at + timedelta(seconds=duration)
    row.notice = (
        f"This session was cut off (the app stopped unexpectedly). Everything recorded up to "
        f"{int(duration // 60)}:{int(duration % 60):02d} was recovered."
    )
    if ended.get("status") in ("completed", "ended_early", "failed"):
        # not a crash: it ended (a full disk stopped its last save, the window closed), and says how
        row.status, row.notice = ended["status"], str(ended.get("notice") or "")
        if answer_left:
            row.notice = f"{row.notice} {ANSWER_LEFT_NOTICE}".strip()
    for track in row.tracks:
        track.seconds = seconds.get(track.kind, track.seconds)


class SessionRecovery:
    def __init__(self, db: SessionDatabase, folders: SessionFolders) -> None:
        self._db = db
        self._folders = folders

    def recover_interrupted(self) -> list[str]:
        """Sessions left 'recording' by a crash: repair their audio, close their open turn, mark them.
        Returns the ids of those recovered now."""
        if self._db.read_only:
            return []  # nothing can be written: recovered at a start that can
        with self._db.reading() as db:
            stuck = list(db.scalars(select(SessionRow.id).where(SessionRow.status == "recording")))
        # A session another process (or window) is recording is live, not cut off: leave it alone.
        stuck = [s for s in stuck if not salvage.is_being_recorded(self._folders.folder(s))]
        recovered = []
        for session_id in stuck:
            folder = self._folders.folder(session_id)
            seconds = _track_seconds(folder)
            ended = salvage.read_outcome(folder)  # the session ended, its last save did not

            def work(
                db: Session,
                session_id: str = session_id,
                folder: Path = folder,
                seconds: dict[str, float] = seconds,
                ended: dict = ended,
            ) -> None:
                row = db.get(SessionRow, session_id)
                if row is None:  # deleted meanwhile (another window): nothing left to recover
                    return
                _close_cut_off(row, folder, seconds, ended)
                db.add(
                    EventRow(
                        session_id=session_id,
                        type=EventType.RECOVERED.value,
                        at_ms=max(seconds.values(), default=0.0) * 1000,
                        data={"tracks": seconds},
                    )
                )

            try:
                self._db.write(work)
            except StorageError as exc:  # a full disk: the list stays readable, recovery is tried next start
                log.warning("could not recover the session %s yet: %s", session_id, exc)
                continue
            recovered.append(session_id)
        return recovered

    def rebuild_from_folders(self) -> list[str]:
        """Add a row for every session folder the database does not list; returns their ids."""
        with self._db.reading() as db:
            known = set(db.scalars(select(SessionRow.id)))
        added = []
        for folder in salvage.session_folders(self._folders.root):
            if folder.name in known or salvage.is_being_recorded(folder):
                continue
            row = self._row_from_folder(folder)

            def add(db: Session, row: SessionRow = row) -> None:
                db.add(row)

            self._db.write(add)
            added.append(folder.name)
        log.info("listed %d session(s) again from their folders", len(added))
        return added

    @staticmethod
    def _row_from_folder(folder: Path) -> SessionRow:
        meta = salvage.read_session_file(folder)
        seconds = _track_seconds(folder)
        duration = max(seconds.values(), default=0.0)
        started = _started_at(meta, folder)
        row = SessionRow(
            id=folder.name,
            plan=meta.get("plan", "unknown"),
            title=meta.get("title") or "A session",
            level=meta.get("level", ""),
            status=meta.get("status", "interrupted"),
            started_at=started,
            ended_at=started + timedelta(seconds=duration),
            duration_s=duration,
            personas=meta.get("personas", []),
            models=meta.get("models", {}),
            settings={},
            questions=meta.get("questions", []),
            feedback={},
            notice=REBUILT_NOTICE,
        )
        row.tracks = [
            TrackRow(kind=k, path=f"{folder.name}/{k}.wav", sample_rate=r, seconds=seconds.get(k, 0.0))
            for k, r in TRACK_RATES.items()
        ]
        row.turns = turn_rows(folder)
        return row
