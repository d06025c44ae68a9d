"""The session store: every session, turn, word, event and audio track, on disk in the data dir.

`SessionStore` opens the database (moving a damaged one aside and listing the sessions again
from their folders) and records sessions; it hands reading to `SessionQueries`, feedback to
`FeedbackRecords`, crash recovery to `SessionRecovery` and the answers a crash cut off to
`CutOffAnswers`, each built on the same `SessionDatabase` and `SessionFolders`.
"""

from __future__ import annotations

import builtins
import logging
import shutil
import uuid
from collections.abc import Collection
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from interview_voice.records import StoredEvent, TurnRecord, Word
from interview_voice.storage import salvage
from interview_voice.storage.cut_off import CutOffAnswer, CutOffAnswers
from interview_voice.storage.database import SessionDatabase, session_row
from interview_voice.storage.db import open_database, open_read_only
from interview_voice.storage.errors import DatabaseUnavailable, StorageError, WriteFailed
from interview_voice.storage.feedback_repo import FeedbackRecords, SessionFeedbackRow
from interview_voice.storage.folders import SessionFolders
from interview_voice.storage.queries import SessionQueries
from interview_voice.storage.recovery import SessionRecovery
from interview_voice.storage.schema import EventRow, SessionRow, TrackRow, TurnRow
from interview_voice.storage.tracks import TRACK_RATES
from interview_voice.storage.turn_rows import fill_turn_row, new_turn_row
from interview_voice.storage.views import SessionSummary, SessionView

log = logging.getLogger(__name__)
START_WAIT_S = 30.0  # how long starting a session waits for a database another program holds


class SessionStore:
    def __init__(self, data_dir: Path) -> None:
        self.root = data_dir / "sessions"
        self.db_path = data_dir / "sessions.db"
        self.set_aside: Path | None = None  # where a damaged database was moved, this start
        self.notice = ""  # what opening the store had to do, for the user
        self._live: dict[str, int] = {}  # session id -> its recording lock
        # the full check reads every page (O(size)): skipped when the file is as a clean close left it
        problem = None if salvage.unchanged_since_closed(self.db_path) else salvage.database_problem(self.db_path)
        # a new or 0-byte database beside session folders: it was lost (deleted, emptied, a backup without it)
        lost = (not self.db_path.exists() or self.db_path.stat().st_size == 0) and bool(
            salvage.session_folders(self.root)
        )
        if problem:
            self.set_aside = salvage.move_aside(self.db_path)
            log.error("the session database %s cannot be used (%s); moved to %s", self.db_path, problem, self.set_aside)
        self.db = self._open(problem)
        self.folders = SessionFolders(self.root)
        self.queries = SessionQueries(self.db)
        self.feedback_records = FeedbackRecords(self.db)
        self.recovery = SessionRecovery(self.db, self.folders)
        self.cut_off = CutOffAnswers(self.db, self.folders)
        if self.set_aside:
            count = len(self.recovery.rebuild_from_folders())
            self.notice = (
                f"The session database could not be read ({problem}). It was moved, not deleted, to "
                f"{self.set_aside}; a new one was started and {count} session(s) were listed again "
                "from their folders."
            )
        elif lost:
            count = len(self.recovery.rebuild_from_folders())
            log.warning(
                "the session database %s was empty or missing; %d session(s) listed again from %s",
                self.db_path,
                count,
                self.root,
            )
            self.notice = (
                f"The session database {self.db_path} was empty or missing; {count} session(s) were "
                f"listed again from their folders in {self.root}."
            )

    def _open(self, problem: str | None) -> SessionDatabase:
        try:
            return SessionDatabase(self.db_path, open_database(self.db_path))
        except DatabaseUnavailable as exc:
            if problem or not self.db_path.exists() or self.db_path.stat().st_size == 0:
                raise
            log.warning("%s; reading it only", exc)
            self.notice = (
                f"Your sessions can be read but nothing can be saved: {exc} Free some space (or make "
                "the folder writable) before the next interview."
            )
            # the sessions stay readable: listed, shown, exported
            return SessionDatabase(self.db_path, open_read_only(self.db_path), read_only=str(exc))

    @property
    def read_only(self) -> str:
        """Why the database can only be read (a full disk), or ""."""
        return self.db.read_only

    @property
    def engine(self):
        return self.db.engine

    def close(self) -> None:
        """Release the recording locks this store holds and its database connections, after folding
        the write-ahead log into sessions.db (so a copy of that file alone holds every session)."""
        for lock in self._live.values():
            salvage.release_recording_lock(lock)
        self._live.clear()
        self.db.checkpoint()
        self.db.dispose()
        if not self.read_only:
            salvage.mark_closed(self.db_path)

    def checkpoint(self, mode: str = "TRUNCATE") -> None:
        self.db.checkpoint(mode)

    # recording ---------------------------------------------------------------------
    def start(
        self,
        *,
        plan: str,
        title: str,
        level: str,
        personas: list[dict],
        models: dict,
        settings: dict,
        questions: list[str],
        redo_of: tuple[str, int] | None = None,
    ) -> str:
        """A new session; redo_of = (session id, turn index) of the answer this one attempts again."""
        session_id = str(uuid.uuid4())
        folder = self.folders.folder(session_id)
        try:
            folder.mkdir(parents=True, mode=0o700)
        except OSError as exc:
            raise WriteFailed(f"cannot create {folder}: {exc.strerror}") from exc
        row = SessionRow(
            id=session_id,
            plan=plan,
            title=title,
            level=level,
            status="recording",
            started_at=datetime.now(timezone.utc),
            personas=personas,
            models=models,
            settings=settings,
            questions=questions,
            notice="",
            feedback={},
            redo_of_session=redo_of[0] if redo_of else None,
            redo_of_turn=redo_of[1] if redo_of else None,
        )
        row.tracks = [TrackRow(kind=k, path=f"{session_id}/{k}.wav", sample_rate=r) for k, r in TRACK_RATES.items()]
        try:
            salvage.write_session_file(
                folder,
                {
                    "id": session_id,
                    "plan": plan,
                    "title": title,
                    "level": level,
                    "started_at": row.started_at.isoformat(),
                    "personas": personas,
                    "models": models,
                    "questions": questions,
                },
            )
            salvage.reserve_outcome(folder)
            self._live[session_id] = salvage.hold_recording_lock(folder)
        except OSError as exc:
            shutil.rmtree(folder, ignore_errors=True)
            raise WriteFailed(f"cannot write in {folder}: {exc.strerror or exc}") from exc
        try:
            self.db.write_when_free(lambda db: db.add(row), START_WAIT_S)
        except StorageError:
            salvage.release_recording_lock(self._live.pop(session_id))
            shutil.rmtree(folder, ignore_errors=True)  # nothing was recorded in it yet
            raise
        return session_id

    def track_path(self, session_id: str, kind: str) -> Path:
        return self.folders.track_path(session_id, kind)

    def write_turn_file(self, session_id: str, turn: TurnRecord, audio_start_s: float | None) -> None:
        """A finished turn, appended to the session folder's turns file."""
        self.folders.write_turn(session_id, turn, audio_start_s)

    def save_turn(
        self,
        session_id: str,
        turn: TurnRecord,
        *,
        audio_start_s: float | None = None,
        finished: bool = True,
        turn_file: bool = True,
    ) -> None:
        """Insert or update a turn (each turn is committed when it starts and when it ends).

        A finished turn is first appended to the session folder's turns file, so the
        transcript survives a busy or damaged database.
        """
        if finished and turn_file:
            self.write_turn_file(session_id, turn, audio_start_s)

        def work(db: Session) -> None:
            row = db.scalar(select(TurnRow).where(TurnRow.session_id == session_id, TurnRow.index == turn.index))
            if row is None:
                row = new_turn_row(session_id, turn)
                db.add(row)
            fill_turn_row(row, turn, audio_start_s, finished)

        self.db.write(work)

    def add_event(self, session_id: str, event: StoredEvent) -> None:
        self.db.write(
            lambda db: db.add(
                EventRow(session_id=session_id, type=event.type.value, at_ms=event.at_ms, data=dict(event.data))
            )
        )

    def finish(
        self, session_id: str, status: str, duration_s: float, track_seconds: dict[str, float], notice: str = ""
    ) -> None:
        def work(db: Session) -> None:
            row = session_row(db, session_id)
            row.status, row.duration_s, row.ended_at = status, duration_s, datetime.now(timezone.utc)
            row.notice = notice or row.notice
            for track in row.tracks:
                track.seconds = track_seconds.get(track.kind, track.seconds)

        folder = self.folders.folder(session_id)
        if folder.is_dir():  # in place, so it holds on a full disk: recovery then says what happened
            salvage.write_outcome(folder, {"status": status, "duration_s": duration_s, "notice": notice})
        try:
            try:  # the status beside the tracks is a convenience for rebuilding: never worth failing for
                if folder.is_dir():
                    salvage.write_session_file(
                        folder, {**salvage.read_session_file(folder), "status": status, "duration_s": duration_s}
                    )
            except OSError as exc:
                log.warning("could not update %s: %s", folder / salvage.SESSION_FILE, exc.strerror or exc)
            self.db.write(work)
            self.db.checkpoint("PASSIVE")  # a copy of sessions.db alone (a backup) holds the session from now
        finally:
            lock = self._live.pop(session_id, None)
            if lock is not None:
                salvage.release_recording_lock(lock)

    def leave_to_next_start(self, session_id: str, status: str, duration_s: float, notice: str = "") -> None:
        """The process leaves with this session still recording: how it ended, beside its tracks, for the next
        start's recovery (which then finishes it with this status, not as cut off by a crash, and marks the turn
        still open as closed with the window, an answer among them to be transcribed from its audio)."""
        folder = self.root / session_id
        if folder.is_dir():
            salvage.write_outcome(
                folder, {"status": status, "duration_s": duration_s, "notice": notice, salvage.LEFT_OPEN: True}
            )

    # reading -------------------------------------------------------------------------
    def list(
        self,
        search: str = "",
        status: str | None = None,
        plan: str | None = None,
        *,
        limit: int | None = None,
        offset: int = 0,
        ids: Collection[str] | None = None,
    ) -> list[SessionSummary]:
        return self.queries.list(search, status, plan, limit=limit, offset=offset, ids=ids)

    def get(self, session_id: str) -> SessionView | None:
        return self.queries.get(session_id)

    def latest_event(self, type_: str) -> dict | None:
        return self.queries.latest_event(type_)

    def attempts_by_turn(self, session_id: str) -> dict[int, int]:
        return self.queries.attempts_by_turn(session_id)

    def redo_attempts(self, session_id: str, turn_index: int) -> builtins.list[SessionView]:
        return self.queries.redo_attempts(session_id, turn_index)

    # feedback ------------------------------------------------------------------------
    def save_feedback(self, session_id: str, session: dict, answers: dict[int, dict]) -> None:
        self.feedback_records.save_feedback(session_id, session, answers)

    def save_answer_feedback(self, session_id: str, turn_index: int, feedback: dict) -> None:
        self.feedback_records.save_answer_feedback(session_id, turn_index, feedback)

    def feedback_due(self, version: int) -> builtins.list[str]:
        return self.feedback_records.feedback_due(version)

    def feedback_history(self) -> builtins.list[SessionFeedbackRow]:
        return self.feedback_records.feedback_history()

    # deleting and recovering -----------------------------------------------------------
    def delete(self, session_id: str) -> None:
        # The recordings go first: if the app is killed half way, the row is still listed and
        # deleting it again finishes the job (rows never outlive nothing, files never outlive their row).
        shutil.rmtree(self.folders.folder(session_id), ignore_errors=True)
        self.db.write(lambda db: db.execute(delete(SessionRow).where(SessionRow.id == session_id)))

    def recover_interrupted(self) -> builtins.list[SessionSummary]:
        """Sessions left 'recording' by a crash, recovered now (only these: the rest of the history is not read)."""
        recovered = self.recovery.recover_interrupted()
        return self.queries.list(ids=recovered) if recovered else []

    def rebuild_from_folders(self) -> builtins.list[str]:
        """List again every session folder the database does not list; returns their ids."""
        return self.recovery.rebuild_from_folders()

    def answers_to_transcribe(self) -> builtins.list[CutOffAnswer]:
        return self.cut_off.answers_to_transcribe()

    def answer_audio(self, answer: CutOffAnswer, start_s: float, end_s: float) -> np.ndarray:
        return self.cut_off.answer_audio(answer, start_s, end_s)

    def save_answer_from_audio(
        self,
        answer: CutOffAnswer,
        outcome: str,
        text: str = "",
        words: builtins.list[Word] | None = None,
        audio_start_s: float | None = None,
    ) -> bool:
        return self.cut_off.save_answer_from_audio(answer, outcome, text, words, audio_start_s)
