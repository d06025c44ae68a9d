"""Keeping sessions when the database is damaged, and telling a live session from a dead one.

Every session folder carries what is needed to list it again without the
database: `session.json` (written when it starts) and `turns.jsonl` (one line
per finished turn, written before the database row), beside its WAV tracks.
A damaged `sessions.db` is moved aside, never deleted, and the list is rebuilt
from the folders. A session being recorded holds an OS lock on `recording.lock`
in its folder, so another process never mistakes it for one a crash cut off.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

log = logging.getLogger(__name__)
SESSION_FILE, TURNS_FILE, LOCK_FILE = "session.json", "turns.jsonl", "recording.lock"
OUTCOME_FILE, OUTCOME_BYTES = "outcome.json", 1024  # how the session ended, in space reserved at its start
LEFT_OPEN = "left_open"  # in the outcome: the app left before closing the recording (its last turn may be open)


# the files beside the tracks ------------------------------------------------------------
def write_session_file(folder: Path, meta: dict) -> None:
    """The session's own description, written once when it starts (temp name, then renamed)."""
    temp = folder / (SESSION_FILE + ".tmp")
    try:
        temp.write_text(json.dumps(meta, default=str), encoding="utf-8")
        os.replace(temp, folder / SESSION_FILE)
    except OSError:
        temp.unlink(missing_ok=True)
        raise


def reserve_outcome(folder: Path) -> None:
    """Space for how the session ends, taken at its start: written over in place at the end, it needs no
    new disk space, so a session a full disk stopped is not taken for a crash at the next start."""
    with (folder / OUTCOME_FILE).open("wb") as fh:
        fh.write(b" " * OUTCOME_BYTES)
        fh.flush()
        os.fsync(fh.fileno())


def write_outcome(folder: Path, outcome: dict) -> bool:
    """How the session ended, over the reserved space; False when it could not be written."""
    data = json.dumps(outcome, default=str).encode()
    if len(data) > OUTCOME_BYTES:
        data = json.dumps({**outcome, "notice": str(outcome.get("notice", ""))[: OUTCOME_BYTES // 2]}).encode()
    try:
        with (folder / OUTCOME_FILE).open("r+b") as fh:
            fh.write(data.ljust(OUTCOME_BYTES)[:OUTCOME_BYTES])
            fh.flush()
            os.fsync(fh.fileno())
        return True
    except OSError as exc:
        log.warning("could not note how the session in %s ended: %s", folder, exc.strerror or exc)
        return False


def read_outcome(folder: Path) -> dict:
    """How the session ended as written at its end, or {} (not written: the app stopped first)."""
    try:
        text = (folder / OUTCOME_FILE).read_text(encoding="utf-8").strip()
        outcome = json.loads(text) if text else {}
        return outcome if isinstance(outcome, dict) else {}
    except (OSError, ValueError):
        return {}


def append_turn(folder: Path, turn: dict) -> None:
    """One finished turn; a later line for the same index replaces an earlier one."""
    if not folder.is_dir():
        log.warning("no session folder %s: the turn is kept in the database only", folder)
        return
    with (folder / TURNS_FILE).open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(turn, default=str) + "\n")
        fh.flush()
        os.fsync(fh.fileno())


def read_turns(folder: Path) -> list[dict]:
    """The turns written beside the tracks, last version of each, in order; a torn last line is skipped."""
    turns: dict[int, dict] = {}
    path = folder / TURNS_FILE
    if not path.exists():
        return []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            turn = json.loads(line)
            turns[int(turn["index"])] = turn
        except (ValueError, KeyError, TypeError):
            log.warning("skipped a damaged line in %s", path)
    return [turns[i] for i in sorted(turns)]


def read_session_file(folder: Path) -> dict:
    try:
        return json.loads((folder / SESSION_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


# live or dead -------------------------------------------------------------------------------
def hold_recording_lock(folder: Path) -> int:
    """Lock the session as live; the lock goes with the process, so a crash releases it."""
    fd = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return fd


def release_recording_lock(fd: int) -> None:
    try:
        fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def hold_window_lock(data_dir: Path) -> int | None:
    """One window per data folder: the lock's descriptor, or None when another window holds it."""
    fd = os.open(data_dir / "window.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd  # held until the process exits


def is_being_recorded(folder: Path) -> bool:
    """True while some process (this one included) holds the session's recording lock."""
    try:
        fd = os.open(folder / LOCK_FILE, os.O_RDWR)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)


# a damaged database -------------------------------------------------------------------------
def database_problem(path: Path) -> str | None:
    """Why this database file cannot be used (damaged, or half-built), or None when it is fine or absent."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            verdict = connection.execute("PRAGMA quick_check").fetchone()[0]
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        finally:
            connection.close()
    except sqlite3.OperationalError as exc:
        if any(words in str(exc) for words in ("locked", "unable to open", "disk I/O error", "disk is full")):
            # busy, unreadable, or a full disk (SQLite cannot make its -shm file): not damaged, so not moved
            # aside; the caller reports it (a full disk set the whole database aside, as if it were damaged)
            return None
        return str(exc)
    except sqlite3.DatabaseError as exc:  # "file is not a database", "database disk image is malformed"
        return str(exc)
    if verdict != "ok":
        return f"damaged ({verdict})"
    if tables and "alembic_version" not in tables:
        return "only partly created (an earlier first start was cut off)"
    return None


def _state(path: Path) -> dict | None:
    """The database file's size and time of change, when its write-ahead log is empty (else None)."""
    try:
        wal = Path(f"{path}-wal")
        if wal.exists() and wal.stat().st_size:
            return None
        info = path.stat()
    except OSError:
        return None
    return {"size": info.st_size, "mtime_ns": info.st_mtime_ns}


def _stamp(path: Path) -> Path:
    return path.with_name(path.name + ".closed")


def mark_closed(path: Path) -> None:
    """Note the database as this process left it at a clean close, so the next start can skip the full
    check (it reads every page: 0.6 s at 3,000 sessions). Any later change, a crash mid-write or a
    damaged file, changes its size or time and the check runs again."""
    state = _state(path)
    if state is None:
        return
    try:
        temp = _stamp(path).with_suffix(".tmp")
        temp.write_text(json.dumps(state), encoding="utf-8")
        os.replace(temp, _stamp(path))
    except OSError as exc:
        log.debug("could not note the clean close of %s: %s", path, exc)


def unchanged_since_closed(path: Path) -> bool:
    """True when the database is exactly as a clean close left it (nothing to check)."""
    try:
        kept = json.loads(_stamp(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return kept == _state(path) and kept is not None


def move_aside(path: Path) -> Path:
    """Rename the database (and its WAL files) out of the way with a timestamp; nothing is deleted."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    counter = 1
    while target.exists():
        target = path.with_name(f"{path.name}.damaged-{stamp}-{counter}")
        counter += 1
    for suffix in ("-wal", "-shm"):
        extra = Path(f"{path}{suffix}")
        if extra.exists():
            os.replace(extra, Path(f"{target}{suffix}"))
    os.replace(path, target)
    return target


def session_folders(root: Path) -> list[Path]:
    """Folders that look like sessions: a track, or the session file."""
    if not root.exists():
        return []
    return sorted(
        p
        for p in root.iterdir()
        if p.is_dir() and any((p / name).exists() for name in (SESSION_FILE, "candidate.wav", "interviewer.wav"))
    )
