"""Storage faults: a damaged or half-built database, a live session seen from another process,
deleting and exporting cut off half way. Real SQLite and real files throughout."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import wave

import pytest

from interview_voice.storage import export as export_module
from interview_voice.storage.repository import SessionStore
from tests.faults.conftest import ANSWER, record_session


def _listed(cli) -> list[dict]:
    result = cli("sessions", "list", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _set_aside(data_dir) -> list:
    return sorted(data_dir.glob("sessions.db.damaged-*"))


@pytest.mark.parametrize("damage", ["text file", "damaged header"])
def test_a_damaged_database_is_moved_aside_and_the_sessions_listed_again_from_their_folders(cli, damage):
    session_id = record_session(cli.data_dir)
    db = cli.data_dir / "sessions.db"
    if damage == "text file":
        db.write_text("these are my notes, not a database\n")
    else:
        with db.open("r+b") as fh:
            fh.write(b"\x00" * 100)  # the 100-byte header
    before = db.read_bytes()

    result = cli("sessions", "list", "--json")
    assert result.returncode == 0, result.stderr
    [moved] = _set_aside(cli.data_dir)
    assert "moved, not deleted, to" in result.stderr and str(moved) in result.stderr
    assert moved.read_bytes() == before  # the damaged file is kept as it was
    [session] = json.loads(result.stdout)
    assert session["id"] == session_id and session["status"] == "completed" and session["answers"] == 1

    shown = cli("sessions", "show", session_id[:8])
    assert shown.returncode == 0 and ANSWER in shown.stdout
    assert cli("sessions", "list").returncode == 0
    assert len(_set_aside(cli.data_dir)) == 1  # a healthy new database is not moved again


def test_a_half_built_database_from_an_earlier_cut_off_start_is_set_aside(cli):
    cli.data_dir.mkdir(parents=True)
    connection = sqlite3.connect(cli.data_dir / "sessions.db")
    connection.execute("CREATE TABLE sessions (id TEXT PRIMARY KEY)")  # no alembic_version: cut off half way
    connection.commit()
    connection.close()
    result = cli("sessions", "list")
    assert result.returncode == 0, result.stderr
    assert "only partly created" in result.stderr and len(_set_aside(cli.data_dir)) == 1
    assert "No sessions yet." in result.stdout


def test_sessions_rebuild_lists_a_folder_the_database_lost(cli):
    session_id = record_session(cli.data_dir)
    with sqlite3.connect(cli.data_dir / "sessions.db") as connection:
        connection.execute("PRAGMA foreign_keys=ON")
        connection.execute("DELETE FROM sessions")
    assert _listed(cli) == []
    result = cli("sessions", "rebuild")
    assert result.returncode == 0 and "listed 1 session(s)" in result.stdout
    assert [s["id"] for s in _listed(cli)] == [session_id]
    assert cli("sessions", "rebuild").stdout.startswith("listed 0")


def test_a_first_start_on_a_full_disk_leaves_no_half_built_database(cli, small_disk):
    disk = small_disk(256)
    filler = disk / "filler"
    try:
        filler.write_bytes(b"\0" * 256 * 1024)
    except OSError:
        pass  # full: that is the point
    cli.env["INTERVIEW_VOICE_DATA_DIR"] = str(disk / "data")
    result = cli("sessions", "list")
    assert result.returncode == 2
    assert "disk is not full" in result.stderr or "No space left" in result.stderr
    filler.unlink()  # the user frees space and tries again
    again = cli("sessions", "list")
    assert again.returncode == 0, again.stderr
    assert "No sessions yet." in again.stdout


LIVE_RECORDER = """
import sys, time
from pathlib import Path
from tests.faults.conftest import record_session
record_session(Path(sys.argv[1]), finish=False)
print("recording", flush=True)
time.sleep(120)
"""


def test_listing_sessions_while_another_process_records_leaves_the_live_session_alone(cli):
    recorder = subprocess.Popen([sys.executable, "-c", LIVE_RECORDER, str(cli.data_dir)], env=cli.env,
                                stdout=subprocess.PIPE, text=True)
    try:
        assert recorder.stdout.readline().strip() == "recording"
        [folder] = (cli.data_dir / "sessions").iterdir()
        header = (folder / "candidate.wav").read_bytes()[:44]
        [session] = _listed(cli)
        assert session["status"] == "recording"
        assert (folder / "candidate.wav").read_bytes()[:44] == header  # its WAV header was not rewritten
    finally:
        os.kill(recorder.pid, signal.SIGKILL)
        recorder.wait()
    # now the recorder is dead: the next start recovers its session
    [session] = _listed(cli)
    assert session["status"] == "interrupted" and session["answers"] == 1
    with wave.open(str(folder / "candidate.wav")) as wav:
        assert wav.getnframes() / wav.getframerate() >= 2


def test_a_delete_cut_off_after_the_files_leaves_the_session_listed_and_deletable(tmp_path, monkeypatch):
    data = tmp_path / "data"
    session_id = record_session(data)
    store = SessionStore(data)
    monkeypatch.setattr(store, "_write", lambda work: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):  # the process stops between the files and the row
        store.delete(session_id)
    monkeypatch.undo()
    assert not (store.root / session_id).exists()
    assert [s.id for s in store.list()] == [session_id]  # still reachable ...
    store.delete(session_id)                              # ... and deleting again finishes the job
    assert store.list() == []


def test_an_export_cut_off_half_way_leaves_nothing_at_the_final_name(cli, tmp_path, monkeypatch):
    session_id = record_session(cli.data_dir)
    store = SessionStore(cli.data_dir)
    session = store.get(session_id)
    dest = tmp_path / "exports"
    dest.mkdir()
    real_write = export_module.zipfile.ZipFile.write

    def dies_on_audio(self, *args, **kwargs):
        raise KeyboardInterrupt()  # as if killed while the audio was being added

    monkeypatch.setattr(export_module.zipfile.ZipFile, "write", dies_on_audio)
    with pytest.raises(KeyboardInterrupt):
        export_module.export_session(session, store.root, dest, as_zip=True)
    assert list(dest.iterdir()) == []
    monkeypatch.setattr(export_module.zipfile.ZipFile, "write", real_write)
    result = cli("sessions", "export", session_id[:8], str(dest), "--zip")
    assert result.returncode == 0, result.stderr
    [zipped] = dest.iterdir()
    assert zipped.suffix == ".zip" and zipped.stat().st_size > 1000


def test_an_export_killed_by_sigkill_never_leaves_a_file_at_the_final_name(cli, tmp_path):
    session_id = record_session(cli.data_dir, seconds=120)  # big enough to take a moment to zip
    dest = tmp_path / "exports"
    dest.mkdir()
    child = subprocess.Popen([sys.executable, "-m", "interview_voice", "sessions", "export", session_id[:8],
                              str(dest), "--zip"], env=cli.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while not any(dest.iterdir()) and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    child.kill()
    child.wait()
    assert not [p for p in dest.iterdir() if p.name.endswith(".zip") and not p.name.startswith(".")]
    assert cli("sessions", "export", session_id[:8], str(dest), "--zip").returncode == 0


def test_a_second_window_on_the_same_data_folder_is_refused(tmp_path):
    from interview_voice.storage.salvage import hold_window_lock

    tmp_path.mkdir(exist_ok=True)
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time; from pathlib import Path; "
                               "from interview_voice.storage.salvage import hold_window_lock; "
                               "assert hold_window_lock(Path(sys.argv[1])) is not None; print('open', flush=True); "
                               "time.sleep(60)", str(tmp_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        assert hold_window_lock(tmp_path) is None      # the second window
    finally:
        holder.kill()
        holder.wait()
    assert hold_window_lock(tmp_path) is not None      # the first one closed (or crashed): free again
