"""A turn as a database row: filled when it is recorded, and again when a session is listed from its folder.

The session folder's `turns.jsonl` holds each finished turn as `TurnRecord.to_dict()` plus its
`audio_start_s`; `turn_rows` reads those lines back into rows.
"""

from __future__ import annotations

import logging
from dataclasses import fields
from pathlib import Path

from interview_voice.core.events import was_cut_off
from interview_voice.records import TurnRecord, Word
from interview_voice.storage import salvage
from interview_voice.storage.schema import SessionRow, TurnRow, WordRow

log = logging.getLogger(__name__)
_TURN_FIELDS = {f.name for f in fields(TurnRecord)}
_TIMING_KEYS = (
    "first_audio_ms",
    "latency_ms",
    "latency_any_ms",
    "follow_up_ready_ms",
    "speech_start_ms",
    "speech_end_ms",
    "transcribe_ms",
    "refine_ms",
)


def _timings(turn: TurnRecord) -> dict:
    return {k: round(getattr(turn, k), 1) for k in _TIMING_KEYS if getattr(turn, k) is not None}


def fill_turn_row(row: TurnRow, turn: TurnRecord, audio_start_s: float | None, finished: bool) -> None:
    """Copy a turn into its row (shared by recording and by rebuilding from a session folder)."""
    row.kind, row.text, row.question_id = turn.kind.value, turn.text, turn.question_id
    row.persona, row.role = turn.persona or "", turn.role or ""
    row.ended_ms = turn.ended_ms if finished else None
    row.end_reason = None if turn.end_reason is None else turn.end_reason.value
    row.interrupted = was_cut_off(turn.speaker, turn.end_reason)
    timings = _timings(turn)
    if audio_start_s is not None:
        timings["audio_start_s"] = round(audio_start_s, 3)
    if turn.sentences:
        timings["sentences"] = [list(s) for s in turn.sentences]
    row.timings = {**(row.timings or {}), **timings}
    row.follow_up = {
        k: v
        for k, v in (
            ("source", turn.follow_up_source),
            ("model_output", turn.model_output),
            ("fallback_reason", turn.fallback_reason),
            ("ack_text", turn.ack_text),
        )
        if v is not None
    }
    row.signals = {
        **(turn.signals or {}),
        **({"live_text": turn.live_text} if turn.live_text else {}),
        **({"overlap_text": turn.overlap_text} if turn.overlap_text else {}),
        **({"resumed": turn.resumed} if turn.resumed else {}),
    }
    if finished and turn.words:
        base = row.timings.get("audio_start_s", turn.started_ms / 1000)
        row.words = [
            WordRow(text=w.text, start=base + w.start, end=base + w.end, probability=w.probability) for w in turn.words
        ]


def new_turn_row(session_id: str, turn: TurnRecord) -> TurnRow:
    return TurnRow(
        session_id=session_id, index=turn.index, started_ms=turn.started_ms, speaker=turn.speaker, kind=turn.kind.value
    )


def _turn(data: dict) -> TurnRecord:
    words = [Word(w["text"], float(w["start"]), float(w["end"])) for w in data.get("words", [])]
    return TurnRecord(**{k: v for k, v in data.items() if k in _TURN_FIELDS and k != "words"}, words=words)


def turn_rows(folder: Path) -> list[TurnRow]:
    """The finished turns written in the session folder, as rows."""
    rows = []
    for data in salvage.read_turns(folder):
        try:
            turn = _turn(data)
        except (TypeError, ValueError, KeyError) as exc:
            log.warning("skipped a turn of %s: %s", folder, exc)
            continue
        turn_row = new_turn_row(folder.name, turn)
        fill_turn_row(turn_row, turn, data.get("audio_start_s"), finished=True)
        rows.append(turn_row)
    return rows


def merge_folder_turns(row: SessionRow, folder: Path) -> None:
    """Add the finished turns written beside the tracks that the row lacks or holds unfinished."""
    have = {t.index: t for t in row.turns}
    for turn_row in turn_rows(folder):
        existing = have.get(turn_row.index)
        if existing is not None and existing.ended_ms is not None:
            continue
        if existing is not None:
            row.turns.remove(existing)
        row.turns.append(turn_row)
