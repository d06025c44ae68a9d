import sqlite3
from datetime import datetime, timezone

import sqlalchemy as sa
from sqlalchemy import create_engine

from interview_voice.storage.db import open_database, upgrade


def tables(path):
    return set(sa.inspect(create_engine(f"sqlite:///{path}")).get_table_names())


def test_an_empty_database_is_created_at_the_newest_schema_with_wal(tmp_path):
    path = tmp_path / "s.db"
    engine = open_database(path)
    assert {"sessions", "turns", "words", "audio_tracks", "events"} <= tables(path)
    with engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert c.exec_driver_sql("select version_num from alembic_version").scalar() == "0002"
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_an_older_database_is_upgraded_and_keeps_its_sessions(tmp_path):
    path = tmp_path / "s.db"
    old = create_engine(f"sqlite:///{path}")
    upgrade(old, "0001")
    assert "events" not in tables(path)
    with sqlite3.connect(path) as db:
        db.execute("insert into sessions (id, plan, title, status, started_at, duration_s, personas, models, "
                   "settings, questions, feedback) values ('abc', 'technical-screen', 'Technical screen', "
                   "'completed', ?, 12.5, '[]', '{}', '{}', '[]', '{}')", (datetime.now(timezone.utc).isoformat(),))
    open_database(path)  # what the app does on start
    assert "events" in tables(path)
    with sqlite3.connect(path) as db:
        assert db.execute("select title, duration_s, level, notice from sessions").fetchall() == \
            [("Technical screen", 12.5, "", "")]
