"""The session database's connection: reading and writing in transactions, with errors in plain words.

Every other storage object is handed one `SessionDatabase` and reads through `reading()` and
writes through `write()`; none of them sees SQLAlchemy's engine or its session maker.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from interview_voice.storage.errors import DatabaseBusy, DatabaseUnavailable, WriteFailed
from interview_voice.storage.schema import SessionRow

log = logging.getLogger(__name__)

Work = Callable[[Session], object]


def session_row(db: Session, session_id: str) -> SessionRow:
    """The session's row, to change it; WriteFailed when it is no longer stored (deleted meanwhile)."""
    row = db.get(SessionRow, session_id)
    if row is None:
        raise WriteFailed(f"the session {session_id} is no longer stored")
    return row


class SessionDatabase:
    """One SQLite file; `read_only` says why nothing can be written to it ("" when it can)."""

    def __init__(self, path: Path, engine: Engine, read_only: str = "") -> None:
        self.path = path
        self.engine = engine
        self.read_only = read_only
        self._maker = sessionmaker(engine, expire_on_commit=False)

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A database session for reading; a failure is DatabaseUnavailable in SQLite's words (SQLAlchemy's
        own message ends with a sqlalche.me link, which meant nothing to anyone reading it)."""
        try:
            with self._maker() as db:
                yield db
        except SQLAlchemyError as exc:
            raise DatabaseUnavailable(
                f"the session database {self.path} cannot be read ({getattr(exc, 'orig', None) or exc})"
            ) from exc

    def write(self, work: Work) -> None:
        """work(db) in one transaction: all of it is saved, or none of it (DatabaseBusy, WriteFailed)."""
        try:
            with self._maker.begin() as db:
                work(db)
        except SQLAlchemyError as exc:
            reason = str(getattr(exc, "orig", None) or exc)
            if "database is locked" in reason or "database is busy" in reason:
                raise DatabaseBusy(f"another program is using the session database {self.path} (it is locked)") from exc
            if "disk is full" in reason:  # said as a full disk is said when a recording's file fills it
                raise WriteFailed(f"No space left on device (the session database {self.path} could not grow)") from exc
            raise WriteFailed(
                f"could not save to the session database ({getattr(exc, 'orig', None) or exc}). Is the disk full?"
            ) from exc

    def write_when_free(self, work: Work, wait_s: float) -> None:
        """Write, waiting up to wait_s for another program to let go of the database."""
        deadline = time.monotonic() + wait_s
        while True:
            try:
                return self.write(work)
            except DatabaseBusy as exc:
                if time.monotonic() >= deadline:
                    raise DatabaseBusy(
                        f"{exc}. Nothing was recorded; close the other program (or window) using it and start again."
                    ) from exc
                log.warning("%s; waiting for it", exc)

    def checkpoint(self, mode: str = "TRUNCATE") -> None:
        """Write what the write-ahead log (sessions.db-wal) holds into sessions.db; TRUNCATE also empties
        the log, PASSIVE copies what no reader holds and never waits."""
        if self.read_only or not self.path.exists():  # gone (a test's folder, a wiped data folder): not remade
            return
        try:
            raw = self.engine.raw_connection()
            try:
                raw.cursor().execute(f"PRAGMA wal_checkpoint({mode})")
            finally:
                raw.close()
        except (SQLAlchemyError, sqlite3.Error) as exc:  # another program reading it: it is folded in later
            log.warning("could not fold the write-ahead log into %s: %s", self.path, getattr(exc, "orig", exc))

    def dispose(self) -> None:
        self.engine.dispose()
