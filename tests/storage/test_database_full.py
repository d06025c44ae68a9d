"""A full disk is said the same way whichever writer meets it first: the database or a recording's file."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import create_engine
from sqlalchemy.exc import OperationalError

from interview_voice.storage.database import SessionDatabase
from interview_voice.storage.errors import WriteFailed


def test_a_database_that_cannot_grow_on_a_full_disk_says_no_space_left(tmp_path):
    database = SessionDatabase(tmp_path / "sessions.db", create_engine(f"sqlite:///{tmp_path / 'sessions.db'}"))

    def fills_the_disk(db):
        raise OperationalError("INSERT INTO turns", {}, sqlite3.OperationalError("database or disk is full"))

    with pytest.raises(WriteFailed, match=r"^No space left on device \(the session database .*sessions\.db"):
        database.write(fills_the_disk)


def test_other_database_failures_keep_sqlites_words(tmp_path):
    database = SessionDatabase(tmp_path / "sessions.db", create_engine(f"sqlite:///{tmp_path / 'sessions.db'}"))

    def breaks(db):
        raise OperationalError("INSERT INTO turns", {}, sqlite3.OperationalError("disk I/O error"))

    with pytest.raises(WriteFailed, match="disk I/O error"):
        database.write(breaks)
