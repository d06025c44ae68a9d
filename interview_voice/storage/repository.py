"""The session store: every session, turn, word, event and audio track, on disk in the data dir."""

from __future__ import annotations

import logging
import shutil
import sqlite3
import time
import uuid
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import delete, func, or_, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, selectinload, sessionmaker

from interview_voice.core.events import was_cut_off
from interview_voice.records import NOT_ANSWERS, TurnRecord
from interview_voice.storage import salvage
from interview_voice.storage.cut_off import CutOffAnswers
from interview_voice.storage.db import open_database, open_read_only
from interview_voice.storage.errors import DatabaseBusy, DatabaseUnavailable, StorageError, WriteFailed
from interview_voice.storage.feedback_repo import FeedbackMethods
from interview_voice.storage.schema import EventRow, SessionRow, TrackRow, TurnRow, WordRow
from interview_voice.storage.tracks import repair_wav
from interview_voice.storage.views import SessionSummary, SessionView, session_view

log = logging.getLogger(__name__)
TRACK_RATES = {"candidate": 16_000, "interviewer": 22_050}
START_WAIT_S = 30.0   # how long starting a session waits for a database another program holds
SUMMARY_COLUMNS = (SessionRow.id, SessionRow.title, SessionRow.plan, SessionRow.level, SessionRow.status,
                   SessionRow.started_at, SessionRow.duration_s)


def answer_count():
    """A session's answers with words in them, counted in SQL: records.is_answer, row by row."""
    return (select(func.count(TurnRow.id))
            .where(TurnRow.session_id == SessionRow.id, TurnRow.speaker == "candidate",
                   func.trim(func.coalesce(TurnRow.text, ""), " \t\r\n") != "",
                   or_(TurnRow.end_reason.is_(None), TurnRow.end_reason.not_in(NOT_ANSWERS)))
            .correlate(SessionRow).scalar_subquery())


def _timings(turn: TurnRecord) -> dict:
    keys = ("first_audio_ms", "latency_ms", "latency_any_ms", "follow_up_ready_ms", "speech_start_ms", "speech_end_ms",
            "transcribe_ms", "refine_ms")
    return {k: round(getattr(turn, k), 1) for k in keys if getattr(turn, k) is not None}


def fill_turn_row(row: TurnRow, turn: TurnRecord, audio_start_s: float | None, finished: bool) -> None:
    """Copy a turn into its row (shared by recording and by rebuilding from a session folder)."""
    row.kind, row.text, row.question_id = turn.kind, turn.text, turn.question_id
    row.persona, row.role = turn.persona or "", turn.role or ""
    row.ended_ms = turn.ended_ms if finished else None
    row.end_reason = turn.end_reason
    row.interrupted = was_cut_off(turn.speaker, turn.end_reason)
    timings = _timings(turn)
    if audio_start_s is not None:
        timings["audio_start_s"] = round(audio_start_s, 3)
    if turn.sentences:
        timings["sentences"] = [list(s) for s in turn.sentences]
    row.timings = {**(row.timings or {}), **timings}
    row.follow_up = {k: v for k, v in (("source", turn.follow_up_source), ("model_output", turn.model_output),
                                        ("fallback_reason", turn.fallback_reason), ("ack_text", turn.ack_text))
                     if v is not None}
    row.signals = {**(turn.signals or {}), **({"live_text": turn.live_text} if turn.live_text else {}),
                   **({"overlap_text": turn.overlap_text} if turn.overlap_text else {}),
                   **({"resumed": turn.resumed} if turn.resumed else {})}
    if finished and turn.words:
        base = row.timings.get("audio_start_s", turn.started_ms / 1000)
        row.words = [WordRow(text=w.text, start=base + w.start, end=base + w.end, probability=w.probability)
                     for w in turn.words]


def merge_folder_turns(row: SessionRow, folder: Path) -> None:
    """Add the finished turns written beside the tracks that the row lacks or holds unfinished."""
    from interview_voice.storage.rebuild import turn_rows

    have = {t.index: t for t in row.turns}
    for turn_row in turn_rows(folder):
        existing = have.get(turn_row.index)
        if existing is not None and existing.ended_ms is not None:
            continue
        if existing is not None:
            row.turns.remove(existing)
        row.turns.append(turn_row)


class SessionStore(FeedbackMethods, CutOffAnswers):
    def __init__(self, data_dir: Path) -> None:
        self.root = data_dir / "sessions"
        self.db_path = data_dir / "sessions.db"
        self.set_aside: Path | None = None   # where a damaged database was moved, this start
        self.notice = ""                      # what opening the store had to do, for the user
        self._live: dict[str, int] = {}       # session id -> its recording lock
        # the full check reads every page (O(size)): skipped when the file is as a clean close left it
        problem = None if salvage.unchanged_since_closed(self.db_path) else salvage.database_problem(self.db_path)
        # a new or 0-byte database beside session folders: it was lost (deleted, emptied, a backup without it)
        lost = (not self.db_path.exists() or self.db_path.stat().st_size == 0) and \
            bool(salvage.session_folders(self.root))
        if problem:
            self.set_aside = salvage.move_aside(self.db_path)
            log.error("the session database %s cannot be used (%s); moved to %s", self.db_path, problem,
                      self.set_aside)
        self.read_only = ""                   # why the database can only be read (a full disk), or ""
        try:
            self.engine = open_database(self.db_path)
        except DatabaseUnavailable as exc:
            if problem or not self.db_path.exists() or self.db_path.stat().st_size == 0:
                raise
            self.engine = open_read_only(self.db_path)   # the sessions stay readable: listed, shown, exported
            self.read_only = str(exc)
            log.warning("%s; reading it only", exc)
            self.notice = (f"Your sessions can be read but nothing can be saved: {exc} Free some space (or make "
                           "the folder writable) before the next interview.")
        self._maker = sessionmaker(self.engine, expire_on_commit=False)
        if self.set_aside:
            from interview_voice.storage.rebuild import rebuild_from_folders

            count = len(rebuild_from_folders(self))
            self.notice = (f"The session database could not be read ({problem}). It was moved, not deleted, to "
                           f"{self.set_aside}; a new one was started and {count} session(s) were listed again "
                           "from their folders.")
        elif lost:
            from interview_voice.storage.rebuild import rebuild_from_folders

            count = len(rebuild_from_folders(self))
            log.warning("the session database %s was empty or missing; %d session(s) listed again from %s",
                        self.db_path, count, self.root)
            self.notice = (f"The session database {self.db_path} was empty or missing; {count} session(s) were "
                           f"listed again from their folders in {self.root}.")

    def close(self) -> None:
        """Release the recording locks this store holds and its database connections, after folding
        the write-ahead log into sessions.db (so a copy of that file alone holds every session)."""
        for lock in self._live.values():
            salvage.release_recording_lock(lock)
        self._live.clear()
        self.checkpoint()
        self.engine.dispose()
        if not self.read_only:
            salvage.mark_closed(self.db_path)

    def checkpoint(self, mode: str = "TRUNCATE") -> None:
        """Write what the write-ahead log (sessions.db-wal) holds into sessions.db; TRUNCATE also empties
        the log, PASSIVE copies what no reader holds and never waits."""
        if self.read_only or not self.db_path.exists():   # gone (a test's folder, a wiped data folder): not remade
            return
        try:
            raw = self.engine.raw_connection()
            try:
                raw.driver_connection.execute(f"PRAGMA wal_checkpoint({mode})")
            finally:
                raw.close()
        except (SQLAlchemyError, sqlite3.Error) as exc:   # another program reading it: it is folded in later
            log.warning("could not fold the write-ahead log into %s: %s", self.db_path, getattr(exc, "orig", exc))

    @contextmanager
    def _sessions(self) -> Iterator[Session]:
        """A database session for reading; a failure is DatabaseUnavailable in SQLite's words (SQLAlchemy's
        own message ends with a sqlalche.me link, which meant nothing to anyone reading it)."""
        try:
            with self._maker() as db:
                yield db
        except SQLAlchemyError as exc:
            raise DatabaseUnavailable(f"the session database {self.db_path} cannot be read "
                                      f"({getattr(exc, 'orig', None) or exc})") from exc

    def _write(self, work) -> None:
        try:
            with self._maker.begin() as db:
                work(db)
        except SQLAlchemyError as exc:
            reason = str(getattr(exc, "orig", None) or exc)
            if "database is locked" in reason or "database is busy" in reason:
                raise DatabaseBusy(f"another program is using the session database {self.db_path} "
                                   "(it is locked)") from exc
            raise WriteFailed(f"could not save to the session database ({getattr(exc, 'orig', None) or exc}). "
                              "Is the disk full?") from exc

    # recording ---------------------------------------------------------------------
    def start(self, *, plan: str, title: str, level: str, personas: list[dict], models: dict, settings: dict,
              questions: list[str], redo_of: tuple[str, int] | None = None) -> str:
        """A new session; redo_of = (session id, turn index) of the answer this one attempts again."""
        session_id = str(uuid.uuid4())
        folder = self.root / session_id
        try:
            folder.mkdir(parents=True, mode=0o700)
        except OSError as exc:
            raise WriteFailed(f"cannot create {folder}: {exc.strerror}") from exc
        row = SessionRow(id=session_id, plan=plan, title=title, level=level, status="recording",
                         started_at=datetime.now(timezone.utc), personas=personas, models=models, settings=settings,
                         questions=questions, notice="", feedback={},
                         redo_of_session=redo_of[0] if redo_of else None,
                         redo_of_turn=redo_of[1] if redo_of else None)
        row.tracks = [TrackRow(kind=k, path=f"{session_id}/{k}.wav", sample_rate=r) for k, r in TRACK_RATES.items()]
        try:
            salvage.write_session_file(folder, {"id": session_id, "plan": plan, "title": title, "level": level,
                                                "started_at": row.started_at.isoformat(), "personas": personas,
                                                "models": models, "questions": questions})
            salvage.reserve_outcome(folder)
            self._live[session_id] = salvage.hold_recording_lock(folder)
        except OSError as exc:
            shutil.rmtree(folder, ignore_errors=True)
            raise WriteFailed(f"cannot write in {folder}: {exc.strerror or exc}") from exc
        try:
            self._write_when_free(lambda db: db.add(row))
        except StorageError:
            salvage.release_recording_lock(self._live.pop(session_id))
            shutil.rmtree(folder, ignore_errors=True)  # nothing was recorded in it yet
            raise
        return session_id

    def _write_when_free(self, work) -> None:
        """Write, waiting up to START_WAIT_S for another program to let go of the database."""
        deadline = time.monotonic() + START_WAIT_S
        while True:
            try:
                return self._write(work)
            except DatabaseBusy as exc:
                if time.monotonic() >= deadline:
                    raise DatabaseBusy(f"{exc}. Nothing was recorded; close the other program (or window) "
                                       "using it and start again.") from exc
                log.warning("%s; waiting for it", exc)

    def track_path(self, session_id: str, kind: str) -> Path:
        return self.root / session_id / f"{kind}.wav"

    def write_turn_file(self, session_id: str, turn: TurnRecord, audio_start_s: float | None) -> None:
        """A finished turn, appended to the session folder's turns file."""
        salvage.append_turn(self.root / session_id, {**turn.to_dict(), "audio_start_s": audio_start_s})

    def save_turn(self, session_id: str, turn: TurnRecord, *, audio_start_s: float | None = None,
                  finished: bool = True, turn_file: bool = True) -> None:
        """Insert or update a turn (each turn is committed when it starts and when it ends).

        A finished turn is first appended to the session folder's turns file, so the
        transcript survives a busy or damaged database.
        """
        if finished and turn_file:
            self.write_turn_file(session_id, turn, audio_start_s)
        def work(db: Session) -> None:
            row = db.scalar(select(TurnRow).where(TurnRow.session_id == session_id, TurnRow.index == turn.index))
            if row is None:
                row = TurnRow(session_id=session_id, index=turn.index, started_ms=turn.started_ms,
                              speaker=turn.speaker, kind=turn.kind)
                db.add(row)
            fill_turn_row(row, turn, audio_start_s, finished)
        self._write(work)

    def add_event(self, session_id: str, type_: str, at_ms: float, data: dict) -> None:
        self._write(lambda db: db.add(EventRow(session_id=session_id, type=type_, at_ms=at_ms, data=data)))

    def finish(self, session_id: str, status: str, duration_s: float, track_seconds: dict[str, float],
               notice: str = "") -> None:
        def work(db: Session) -> None:
            row = db.get(SessionRow, session_id)
            row.status, row.duration_s, row.ended_at = status, duration_s, datetime.now(timezone.utc)
            row.notice = notice or row.notice
            for track in row.tracks:
                track.seconds = track_seconds.get(track.kind, track.seconds)
        folder = self.root / session_id
        if folder.is_dir():   # in place, so it holds on a full disk: recovery then says what happened
            salvage.write_outcome(folder, {"status": status, "duration_s": duration_s, "notice": notice})
        try:
            try:  # the status beside the tracks is a convenience for rebuilding: never worth failing for
                if folder.is_dir():
                    salvage.write_session_file(folder, {**salvage.read_session_file(folder), "status": status,
                                                        "duration_s": duration_s})
            except OSError as exc:
                log.warning("could not update %s: %s", folder / salvage.SESSION_FILE, exc.strerror or exc)
            self._write(work)
            self.checkpoint("PASSIVE")   # a copy of sessions.db alone (a backup) holds the session from now
        finally:
            lock = self._live.pop(session_id, None)
            if lock is not None:
                salvage.release_recording_lock(lock)

    # reading -------------------------------------------------------------------------
    def list(self, search: str = "", status: str | None = None, plan: str | None = None, *,
             limit: int | None = None, offset: int = 0, ids: Collection[str] | None = None) -> list[SessionSummary]:
        """The sessions, newest first: one query of plain columns, the answers counted by the database.

        limit/offset give one page of them (History shows the newest first and fetches more as the
        list is scrolled); ids keeps only those sessions. No turn is loaded, so listing costs the
        same with three years of sessions as with a week's (it loaded every turn of every session).
        """
        query = (select(*SUMMARY_COLUMNS, answer_count(), SessionRow.notice)
                 .order_by(SessionRow.started_at.desc(), SessionRow.id))
        if status:
            query = query.where(SessionRow.status == status)
        if plan:
            query = query.where(SessionRow.plan == plan)
        if ids is not None:
            query = query.where(SessionRow.id.in_(list(ids)))
        if search:
            like = f"%{search}%"
            query = query.where(or_(SessionRow.title.ilike(like), SessionRow.plan.ilike(like),
                                    SessionRow.turns.any(TurnRow.text.ilike(like))))
        if limit is not None:
            query = query.limit(limit).offset(offset)
        with self._sessions() as db:
            return [SessionSummary(*row) for row in db.execute(query)]

    def get(self, session_id: str) -> SessionView | None:
        """The session whose id is or starts with session_id (None when none or several match)."""
        query = (select(SessionRow).where(SessionRow.id.startswith(session_id))
                 .options(selectinload(SessionRow.turns).selectinload(TurnRow.words),
                          selectinload(SessionRow.events), selectinload(SessionRow.tracks)))
        with self._sessions() as db:
            rows = list(db.scalars(query))
            return session_view(rows[0]) if len(rows) == 1 else None

    def latest_event(self, type_: str) -> dict | None:
        """The data of the newest event of this type in any session (one indexed query)."""
        query = (select(EventRow.data).join(SessionRow).where(EventRow.type == type_)
                 .order_by(SessionRow.started_at.desc(), EventRow.id.desc()).limit(1))
        with self._sessions() as db:
            return db.scalars(query).first()

    # deleting and recovering -----------------------------------------------------------
    def delete(self, session_id: str) -> None:
        # The recordings go first: if the app is killed half way, the row is still listed and
        # deleting it again finishes the job (rows never outlive nothing, files never outlive their row).
        shutil.rmtree(self.root / session_id, ignore_errors=True)
        self._write(lambda db: db.execute(delete(SessionRow).where(SessionRow.id == session_id)))

    def recover_interrupted(self) -> list[SessionSummary]:
        """Sessions left 'recording' by a crash: repair their audio, close their open turn, mark them."""
        if self.read_only:
            return []   # nothing can be written: recovered at a start that can
        with self._sessions() as db:
            stuck = list(db.scalars(select(SessionRow.id).where(SessionRow.status == "recording")))
        # A session another process (or window) is recording is live, not cut off: leave it alone.
        stuck = [s for s in stuck if not salvage.is_being_recorded(self.root / s)]
        for session_id in stuck:
            seconds = {}
            for kind in TRACK_RATES:
                path = self.track_path(session_id, kind)
                try:
                    seconds[kind] = repair_wav(path) if path.exists() else 0.0
                except (OSError, ValueError) as exc:
                    log.warning("could not repair %s: %s", path, exc)
            duration = max(seconds.values(), default=0.0)

            ended = salvage.read_outcome(self.root / session_id)   # the session ended, its last save did not

            def work(db: Session, session_id=session_id, seconds=seconds, duration=duration, ended=ended) -> None:
                row = db.get(SessionRow, session_id)
                merge_folder_turns(row, self.root / session_id)  # turns the database missed (it was busy)
                for turn in row.turns:
                    if turn.ended_ms is None:  # the turn the crash cut off
                        turn.ended_ms, turn.interrupted, turn.end_reason = duration * 1000, True, "crash"
                row.status, row.duration_s = "interrupted", duration
                row.ended_at = row.started_at + timedelta(seconds=duration)
                row.notice = (f"This session was cut off (the app stopped unexpectedly). Everything recorded up to "
                              f"{int(duration // 60)}:{int(duration % 60):02d} was recovered.")
                if ended.get("status") in ("completed", "ended_early", "failed"):
                    # not a crash: it ended (a full disk stopped its last save), and says how
                    row.status, row.notice = ended["status"], str(ended.get("notice") or "")
                for track in row.tracks:
                    track.seconds = seconds.get(track.kind, track.seconds)
                db.add(EventRow(session_id=session_id, type="recovered", at_ms=duration * 1000,
                                data={"tracks": seconds}))
            try:
                self._write(work)
            except StorageError as exc:   # a full disk: the list stays readable, recovery is tried next start
                log.warning("could not recover the session %s yet: %s", session_id, exc)
                stuck = [s for s in stuck if s != session_id]
        return self.list(ids=stuck) if stuck else []   # only these: the rest of the history is not read
