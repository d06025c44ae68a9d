"""Listing sessions again from their folders, after the database was damaged or lost.

Each folder holds `session.json`, `turns.jsonl` and the WAV tracks (see salvage);
older folders with only tracks are listed with their audio and no transcript.
"""

from __future__ import annotations

import logging
from dataclasses import fields
from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from interview_voice.records import TurnRecord, Word
from interview_voice.storage import salvage
from interview_voice.storage.schema import SessionRow, TrackRow, TurnRow
from interview_voice.storage.tracks import repair_wav

log = logging.getLogger(__name__)
_TURN_FIELDS = {f.name for f in fields(TurnRecord)}


def _turn(data: dict) -> TurnRecord:
    words = [Word(w["text"], float(w["start"]), float(w["end"])) for w in data.get("words", [])]
    return TurnRecord(**{k: v for k, v in data.items() if k in _TURN_FIELDS and k != "words"}, words=words)


def _started_at(meta: dict, folder) -> datetime:
    try:
        return datetime.fromisoformat(meta["started_at"])
    except (KeyError, TypeError, ValueError):
        return datetime.fromtimestamp(folder.stat().st_mtime, timezone.utc)


def turn_rows(folder) -> list[TurnRow]:
    """The finished turns written in the session folder, as rows."""
    from interview_voice.storage.repository import fill_turn_row

    rows = []
    for data in salvage.read_turns(folder):
        try:
            turn = _turn(data)
        except (TypeError, ValueError, KeyError) as exc:
            log.warning("skipped a turn of %s: %s", folder, exc)
            continue
        turn_row = TurnRow(session_id=folder.name, index=turn.index, started_ms=turn.started_ms,
                           speaker=turn.speaker, kind=turn.kind)
        fill_turn_row(turn_row, turn, data.get("audio_start_s"), finished=True)
        rows.append(turn_row)
    return rows


def rebuild_from_folders(store) -> list[str]:
    """Add a row for every session folder the database does not list; returns their ids."""
    from interview_voice.storage.repository import TRACK_RATES

    with store._sessions() as db:
        known = set(db.scalars(select(SessionRow.id)))
    added = []
    for folder in salvage.session_folders(store.root):
        if folder.name in known or salvage.is_being_recorded(folder):
            continue
        meta = salvage.read_session_file(folder)
        seconds = {}
        for kind in TRACK_RATES:
            path = folder / f"{kind}.wav"
            try:
                seconds[kind] = repair_wav(path) if path.exists() else 0.0
            except (OSError, ValueError) as exc:
                log.warning("could not read %s: %s", path, exc)
        duration = max(seconds.values(), default=0.0)
        started = _started_at(meta, folder)
        row = SessionRow(id=folder.name, plan=meta.get("plan", "unknown"), title=meta.get("title") or "A session",
                         level=meta.get("level", ""), status=meta.get("status", "interrupted"), started_at=started,
                         ended_at=started + timedelta(seconds=duration), duration_s=duration,
                         personas=meta.get("personas", []), models=meta.get("models", {}), settings={},
                         questions=meta.get("questions", []), feedback={},
                         notice="Listed again from its folder after the session database was damaged: the "
                                "recordings and the transcript written beside them are kept.")
        row.tracks = [TrackRow(kind=k, path=f"{folder.name}/{k}.wav", sample_rate=r, seconds=seconds.get(k, 0.0))
                      for k, r in TRACK_RATES.items()]
        row.turns = turn_rows(folder)
        store._write(lambda db, row=row: db.add(row))
        added.append(folder.name)
    log.info("listed %d session(s) again from their folders", len(added))
    return added
