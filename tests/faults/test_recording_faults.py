"""Faults while a whole session records on the real test models: a database another program locks,
and a full disk hit first by the acknowledgement player."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np

from interview_voice.records import TurnFinished, TurnRecord
from interview_voice.storage import recorder as recorder_module
from interview_voice.storage.recorder import SessionRecorder
from interview_voice.storage.repository import SessionStore
from tests.simulate_cli import simulate_args

PATCHED_RUN = Path(__file__).with_name("patched_run.py")


def _hold_lock_once_recording(db: Path, after_s: float, hold_s: float, held: threading.Event) -> None:
    """Another program: once a session is being recorded, hold the database's write lock for a while."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with sqlite3.connect(db) as probe:
                if probe.execute("SELECT count(*) FROM turns").fetchone()[0] > 0:
                    break
        except sqlite3.Error:
            pass
        time.sleep(0.2)
    time.sleep(after_s)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    held.set()
    time.sleep(hold_s)
    holder.execute("COMMIT")
    holder.close()


def test_a_database_locked_mid_session_delays_the_saves_and_loses_no_answer(cli, answers_dir, tmp_path):
    held = threading.Event()
    locker = threading.Thread(
        target=_hold_lock_once_recording, args=(cli.data_dir / "sessions.db", 1.0, 12.0, held), daemon=True
    )
    locker.start()
    result = cli(*simulate_args(answers_dir, tmp_path / "out"), timeout=600)
    locker.join(timeout=60)
    assert held.is_set(), "the lock was never taken: the test proved nothing"
    assert result.returncode == 0, result.stderr[-2000:]
    assert "saved when the database frees" in result.stderr
    [session] = json.loads(cli("sessions", "list", "--json").stdout)
    assert session["status"] == "completed" and session["answers"] == 4
    shown = cli("sessions", "show", session["id"][:8]).stdout
    said = [line for line in shown.splitlines() if "You:**" in line]
    assert len(said) == 4 and "(no answer)" not in shown, shown


def test_a_database_locked_past_the_end_keeps_the_transcript_for_the_next_start(tmp_path, monkeypatch):
    monkeypatch.setattr(recorder_module, "CLOSE_WAIT_S", 1.0)
    monkeypatch.setattr(recorder_module, "RETRY_EVERY_S", 0.0)
    store = SessionStore(tmp_path)
    session_id = store.start(plan="p", title="Locked out", level="", personas=[], models={}, settings={}, questions=[])
    recorder = SessionRecorder(store, session_id)
    holder = sqlite3.connect(tmp_path / "sessions.db", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another program takes the database for good
    answer = TurnRecord(0, "candidate", "answer", "My answer survives the lock.", "q1", started_ms=0, ended_ms=3000)
    recorder.candidate_audio(0, np.full(16_000 * 3, 0.1, np.float32), answer)
    recorder.on_event(TurnFinished(answer))  # no exception: recording goes on
    assert recorder.error is None
    recorder.close("completed", 3.0)
    assert "kept in the session folder" in recorder.busy_notice
    holder.execute("COMMIT")
    holder.close()
    store.close()

    [recovered] = SessionStore(tmp_path).recover_interrupted()  # the next start
    session = SessionStore(tmp_path).get(session_id)
    assert recovered.answers == 1 and [t.text for t in session.turns] == ["My answer survives the lock."]


def test_starting_while_another_program_holds_the_database_is_a_clear_message_and_no_empty_folder(
    tmp_path, monkeypatch
):
    from interview_voice.records import RecordingError
    from interview_voice.storage import repository

    monkeypatch.setattr(repository, "START_WAIT_S", 1.0)
    store = SessionStore(tmp_path)
    holder = sqlite3.connect(tmp_path / "sessions.db", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        store.start(plan="p", title="t", level="", personas=[], models={}, settings={}, questions=[])
    except RecordingError as exc:
        message = str(exc)
    else:
        raise AssertionError("started on a locked database")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "another program is using the session database" in message and "start again" in message
    assert list((tmp_path / "sessions").iterdir()) == []


def test_a_full_disk_hit_by_the_acknowledgement_stops_the_session_once_and_exits_non_zero(cli, answers_dir, tmp_path):
    result = subprocess.run(
        [sys.executable, str(PATCHED_RUN), "ack-disk-full", *simulate_args(answers_dir, tmp_path / "out")],
        env=cli.env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 1, result.stderr[-2000:]
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stderr.count("error: Recording stopped: No space left on device") == 1, result.stderr
    assert "stopped early" in result.stdout and " saved;" not in result.stdout
    [session] = json.loads(cli("sessions", "list", "--json").stdout)
    assert session["status"] == "failed" and session["answers"] >= 1
    shown = cli("sessions", "show", session["id"][:8]).stdout
    assert "business" in shown.lower()  # the first answer, heard before the disk filled
