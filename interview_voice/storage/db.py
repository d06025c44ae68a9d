"""Opening the session database: SQLite in WAL mode, migrated to the newest schema."""

from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DatabaseError

from interview_voice.storage.errors import DatabaseUnavailable

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


# How long one write waits for another program's lock before it is queued for later:
# short, because a recording must not stall behind it.
BUSY_TIMEOUT_S = 2.0


def _on_connect(dbapi_connection: sqlite3.Connection, _record) -> None:
    # pysqlite commits on its own before DDL, so a failed migration would leave half its steps applied.
    # SQLAlchemy then issues BEGIN itself (see _on_begin), and a migration is one transaction.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers never block the writer; a crash keeps commits
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _on_begin(connection) -> None:
    connection.exec_driver_sql("BEGIN")


def open_database(path: Path) -> Engine:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            path.touch(mode=0o600)
        engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": BUSY_TIMEOUT_S})
        event.listen(engine, "connect", _on_connect)
        event.listen(engine, "begin", _on_begin)
        upgrade(engine)
    except (DatabaseError, OSError) as exc:
        reason = getattr(exc, "orig", None) or exc  # SQLite's words, without SQLAlchemy's web link
        raise DatabaseUnavailable(
            f"the session database {path} cannot be opened ({reason}). Check that the "
            "folder is writable and the disk is not full."
        ) from exc
    for suffix in ("", "-wal", "-shm"):
        try:
            os.chmod(f"{path}{suffix}", 0o600)
        except OSError:
            pass
    return engine


def open_read_only(path: Path) -> Engine:
    """The database as it is on disk, for reading only, writing nothing beside it (no -wal, no -shm):
    for a full disk or a read-only folder, where SQLite cannot make those files and so cannot even read.
    What a write-ahead log still holds is not seen (each finished session is folded into the file)."""
    uri = f"file:{path}?immutable=1"
    engine = create_engine(
        "sqlite://", creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=BUSY_TIMEOUT_S)
    )
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT count(*) FROM sessions").scalar()
    except DatabaseError as exc:
        engine.dispose()
        raise DatabaseUnavailable(
            f"the session database {path} cannot be read ({getattr(exc, 'orig', None) or exc})"
        ) from exc
    return engine


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
