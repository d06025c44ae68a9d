"""A long history costs what a short one does: the store reads only what is asked for.

The time figures are benchmarks/history_scale.py's; these tests check the behaviour that
keeps them flat: opening the store reads no finished session's turns, a list is one query
with the answers counted by the database, and a page is a page.
"""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import event

from interview_voice.records import TurnRecord, is_answer
from interview_voice.storage.repository import SessionStore


def _session(store: SessionStore, title: str, turns: list[tuple[str, str, str | None]]) -> str:
    session_id = store.start(
        plan="technical-screen", title=title, level="mid", personas=[], models={}, settings={}, questions=["q1"]
    )
    for index, (speaker, text, end_reason) in enumerate(turns):
        store.save_turn(
            session_id,
            TurnRecord(
                index,
                speaker,
                "answer" if speaker == "candidate" else "question",
                text,
                "q1",
                started_ms=index * 1000.0,
                ended_ms=index * 1000.0 + 900,
                end_reason=end_reason,
            ),
        )
    store.finish(session_id, "completed", len(turns), {})
    return session_id


@contextmanager
def statements(store: SessionStore):
    """The SQL statements the store runs inside the block."""
    seen: list[str] = []

    def note(conn, cursor, statement, parameters, context, executemany) -> None:
        if statement != "BEGIN":
            seen.append(statement)

    event.listen(store.engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(store.engine, "before_cursor_execute", note)


TRICKY = [
    ("interviewer", "Tell me about a model you shipped.", None),
    ("candidate", "A churn model, shipped to the retention team.", "silence"),
    ("candidate", "   \n\t ", "silence"),  # blank: no answer
    ("candidate", "Could you repeat that?", "repeat"),  # asked to hear the question again
    ("candidate", "", "nudged"),
    ("candidate", "It cut churn by a fifth.", None),
    ("candidate", "We then retrained it weekly.", "typed"),
]


def test_the_answers_are_counted_by_the_database_as_is_answer_counts_them(tmp_path):
    store = SessionStore(tmp_path)
    _session(store, "tricky", TRICKY)
    expected = sum(is_answer(speaker, text, reason) for speaker, text, reason in TRICKY)
    with statements(store) as seen:
        [summary] = store.list()
    assert summary.answers == expected == 3
    assert len(seen) == 1  # one query: no turn is loaded (it loaded every turn of every session)


def test_a_page_of_the_history_is_a_page_newest_first(tmp_path):
    store = SessionStore(tmp_path)
    ids = [_session(store, f"session {n}", TRICKY[:2]) for n in range(5)]
    newest_first = list(reversed(ids))
    assert [s.id for s in store.list(limit=2)] == newest_first[:2]
    assert [s.id for s in store.list(limit=2, offset=2)] == newest_first[2:4]
    assert [s.id for s in store.list(limit=2, offset=4)] == newest_first[4:]
    assert [s.id for s in store.list(ids=[ids[1], ids[3]])] == [ids[3], ids[1]]
    assert [s.title for s in store.list(search="session 3", limit=1)] == ["session 3"]


def test_opening_the_store_reads_no_turn_when_nothing_was_cut_off(tmp_path):
    store = SessionStore(tmp_path)
    for n in range(3):
        _session(store, f"session {n}", TRICKY)
    store.close()
    reopened = SessionStore(tmp_path)
    with statements(reopened) as seen:
        assert reopened.recover_interrupted() == []
    assert not [s for s in seen if "FROM turns" in s], seen  # the crash check listed every session's turns


def test_recovery_lists_only_the_sessions_it_recovered(tmp_path):
    store = SessionStore(tmp_path)
    finished = _session(store, "finished", TRICKY)
    cut_off = store.start(
        plan="technical-screen", title="cut off", level="mid", personas=[], models={}, settings={}, questions=["q1"]
    )
    store.close()  # the process dies: the recording lock goes with it
    reopened = SessionStore(tmp_path)
    [recovered] = reopened.recover_interrupted()
    assert recovered.id == cut_off and recovered.status == "interrupted"
    assert {s.id for s in reopened.list()} == {finished, cut_off}


@pytest.mark.parametrize("count", [0, 1])
def test_the_progress_history_reads_plain_columns(tmp_path, count):
    store = SessionStore(tmp_path)
    for n in range(count):
        session_id = _session(store, f"session {n}", TRICKY[:2])
        store.save_feedback(session_id, {"headline": {"answers": 1}}, {})
    with statements(store) as seen:
        rows = store.feedback_history()
    assert len(rows) == count and len(seen) == 1
    assert "personas" not in seen[0]  # a whole row also read each session's personas, models and settings


def test_the_full_check_of_the_database_runs_only_when_it_changed_since_a_clean_close(tmp_path, monkeypatch):
    """PRAGMA quick_check reads every page (0.6 s at 3,000 sessions, at every start)."""
    from interview_voice.storage import salvage

    checks: list[object] = []
    real = salvage.database_problem
    monkeypatch.setattr(salvage, "database_problem", lambda path: checks.append(path) or real(path))
    store = SessionStore(tmp_path)
    _session(store, "one", TRICKY[:2])
    store.close()
    assert len(checks) == 1  # a new database: checked
    SessionStore(tmp_path).close()
    assert len(checks) == 1  # as the clean close left it: not read again
    crashed = SessionStore(tmp_path)
    _session(crashed, "two", TRICKY[:2])  # then the process dies: no clean close
    crashed.engine.dispose()
    SessionStore(tmp_path).close()
    assert len(checks) == 2


def test_a_database_damaged_after_a_clean_close_is_still_found(tmp_path):
    store = SessionStore(tmp_path)
    _session(store, "one", TRICKY[:2])
    store.close()
    path = tmp_path / "sessions.db"
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # the first page's body, same size
    path.write_bytes(bytes(data))
    reopened = SessionStore(tmp_path)
    assert reopened.set_aside is not None and "could not be read" in reopened.notice
    reopened.close()


def test_a_read_that_fails_says_so_in_sqlites_words(tmp_path):
    import sqlite3

    from interview_voice.storage.errors import DatabaseUnavailable

    store = SessionStore(tmp_path)
    _session(store, "one", TRICKY[:2])
    with sqlite3.connect(tmp_path / "sessions.db") as db:
        db.execute("ALTER TABLE sessions RENAME TO gone")  # the table the list reads is not there
    with pytest.raises(DatabaseUnavailable) as raised:
        store.list()
    assert "no such table: sessions" in str(raised.value) and "sqlalche.me" not in str(raised.value)


def test_a_session_whose_last_save_a_full_disk_refused_is_not_taken_for_a_crash(tmp_path, monkeypatch):
    """Recording stopped on a full disk, then the session's own end could not be saved either: the next
    start recovered it as "cut off (the app stopped unexpectedly)"."""
    from interview_voice.storage.errors import WriteFailed

    store = SessionStore(tmp_path)
    session_id = store.start(
        plan="technical-screen", title="full disk", level="mid", personas=[], models={}, settings={}, questions=["q1"]
    )
    notice = "Recording stopped: No space left on device. Everything recorded before this moment is kept."

    def full(work) -> None:
        raise WriteFailed("could not save to the session database (database or disk is full). Is the disk full?")

    monkeypatch.setattr(store.db, "write", full)
    with pytest.raises(WriteFailed):
        store.finish(session_id, "failed", 42.0, {}, notice)
    store.engine.dispose()
    monkeypatch.undo()
    [recovered] = SessionStore(tmp_path).recover_interrupted()
    assert recovered.id == session_id and recovered.status == "failed" and recovered.notice == notice
