import sqlite3
from datetime import datetime, timezone

import pytest
import sqlalchemy as sa
from sqlalchemy import create_engine

from interview_voice.storage.db import open_database, upgrade
from interview_voice.storage.errors import StorageError


def tables(path):
    return set(sa.inspect(create_engine(f"sqlite:///{path}")).get_table_names())


def test_an_empty_database_is_created_at_the_newest_schema_with_wal(tmp_path):
    path = tmp_path / "s.db"
    engine = open_database(path)
    assert {"sessions", "turns", "words", "audio_tracks", "events"} <= tables(path)
    with engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert c.exec_driver_sql("select version_num from alembic_version").scalar() == "0004"
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_an_older_database_is_upgraded_and_keeps_its_sessions(tmp_path):
    path = tmp_path / "s.db"
    old = create_engine(f"sqlite:///{path}")
    upgrade(old, "0001")
    assert "events" not in tables(path)
    with sqlite3.connect(path) as db:
        db.execute(
            "insert into sessions (id, plan, title, status, started_at, duration_s, personas, models, "
            "settings, questions, feedback) values ('abc', 'technical-screen', 'Technical screen', "
            "'completed', ?, 12.5, '[]', '{}', '{}', '[]', '{}')",
            (datetime.now(timezone.utc).isoformat(),),
        )
    open_database(path)  # what the app does on start
    assert "events" in tables(path)
    with sqlite3.connect(path) as db:
        assert db.execute("select title, duration_s, level, notice from sessions").fetchall() == [
            ("Technical screen", 12.5, "", "")
        ]


def columns(path, table):
    return {c["name"] for c in sa.inspect(create_engine(f"sqlite:///{path}")).get_columns(table)}


def _old_session_with_a_turn(path):
    upgrade(create_engine(f"sqlite:///{path}"), "0002")
    with sqlite3.connect(path) as db:
        db.execute(
            "insert into sessions (id, plan, title, status, started_at, duration_s, personas, models, "
            "settings, questions, feedback, level, notice) values ('abc', 'technical-screen', 'Technical "
            "screen', 'completed', ?, 12.5, '[]', '{}', '{}', '[]', '{}', '', '')",
            (datetime.now(timezone.utc).isoformat(),),
        )
        db.execute(
            "insert into turns (session_id, \"index\", speaker, kind, persona, role, text, started_ms, "
            "interrupted, timings, follow_up, signals) values ('abc', 1, 'candidate', 'answer', '', '', "
            "'I would compare against a baseline.', 0, 0, '{}', '{}', '{}')"
        )


def test_0003_adds_answer_feedback_and_redo_links_and_keeps_old_rows(tmp_path):
    path = tmp_path / "s.db"
    _old_session_with_a_turn(path)
    open_database(path)
    assert "feedback" in columns(path, "turns")
    assert {"redo_of_session", "redo_of_turn"} <= columns(path, "sessions")
    with sqlite3.connect(path) as db:
        assert db.execute("select text, feedback from turns").fetchall() == [
            ("I would compare against a baseline.", "{}")
        ]
        assert db.execute("select redo_of_session, redo_of_turn from sessions").fetchall() == [(None, None)]


def test_0003_is_atomic_a_failure_half_way_leaves_the_database_at_0002(tmp_path):
    path = tmp_path / "s.db"
    _old_session_with_a_turn(path)
    with sqlite3.connect(path) as db:  # the migration's last step (this index) will fail
        db.execute("create index ix_sessions_redo_of_session on sessions (title)")
    with pytest.raises(StorageError):
        open_database(path)
    assert "feedback" not in columns(path, "turns")  # its first step was rolled back too
    with sqlite3.connect(path) as db:
        assert db.execute("select version_num from alembic_version").fetchall() == [("0002",)]
        assert db.execute("select count(*) from turns").fetchone() == (1,)


def test_0003_downgrades_cleanly(tmp_path):
    path = tmp_path / "s.db"
    _old_session_with_a_turn(path)
    engine = open_database(path)
    upgrade(engine, "head")
    from alembic import command

    from interview_voice.storage.db import alembic_config

    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0002")
    assert "feedback" not in columns(path, "turns")
    assert "redo_of_session" not in columns(path, "sessions")


def test_0004_relabels_sessions_ended_early_and_answers_ended_with_the_key(tmp_path):
    path = tmp_path / "s.db"
    _old_session_with_a_turn(path)
    upgrade(create_engine(f"sqlite:///{path}"), "0003")
    with sqlite3.connect(path) as db:
        db.execute("update sessions set notice = 'You ended this interview early.'")
        db.execute("update turns set interrupted = 1, end_reason = 'user'")
        db.execute(
            "insert into sessions (id, plan, title, status, started_at, duration_s, personas, models, "
            "settings, questions, feedback, level, notice) values ('def', 'technical-screen', 'Technical "
            "screen', 'completed', ?, 30, '[]', '{}', '{}', '[]', '{}', '', '')",
            (datetime.now(timezone.utc).isoformat(),),
        )
        db.execute(
            "insert into turns (session_id, \"index\", speaker, kind, persona, role, text, started_ms, "
            "interrupted, end_reason, timings, follow_up, signals, feedback) values ('def', 0, 'interviewer', "
            "'question', 'Alex', 'Lead', 'Tell me', 0, 0, 'barge_in', '{}', '{}', '{}', '{}')"
        )
        db.execute(
            "insert into turns (session_id, \"index\", speaker, kind, persona, role, text, started_ms, "
            "interrupted, end_reason, timings, follow_up, signals, feedback) values ('def', 1, 'candidate', "
            "'answer', '', '', 'Long answer', 0, 1, 'cut_in', '{}', '{}', '{}', '{}')"
        )
    open_database(path)
    with sqlite3.connect(path) as db:
        assert db.execute("select id, status from sessions order by id").fetchall() == [
            ("abc", "ended_early"),
            ("def", "completed"),
        ]
        assert db.execute(
            "select session_id, speaker, interrupted from turns order by session_id, \"index\""
        ).fetchall() == [("abc", "candidate", 0), ("def", "interviewer", 1), ("def", "candidate", 1)]
    from alembic import command

    from interview_voice.storage.db import alembic_config

    config = alembic_config()
    with create_engine(f"sqlite:///{path}").begin() as connection:  # older versions get a status they know
        config.attributes["connection"] = connection
        command.downgrade(config, "0003")
    with sqlite3.connect(path) as db:
        assert db.execute("select status from sessions where id = 'abc'").fetchone() == ("completed",)
