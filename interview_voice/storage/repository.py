"""The session store: every session, turn, word, event and audio track, on disk in the data dir."""

from __future__ import annotations

import logging
import shutil
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import delete, or_, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, selectinload, sessionmaker

from interview_voice.records import TurnRecord
from interview_voice.storage.db import open_database
from interview_voice.storage.errors import WriteFailed
from interview_voice.storage.feedback_repo import FeedbackMethods
from interview_voice.storage.schema import EventRow, SessionRow, TrackRow, TurnRow, WordRow
from interview_voice.storage.tracks import repair_wav
from interview_voice.storage.views import SessionSummary, SessionView, session_view

log = logging.getLogger(__name__)
TRACK_RATES = {"candidate": 16_000, "interviewer": 22_050}


def _timings(turn: TurnRecord) -> dict:
    keys = ("first_audio_ms", "latency_ms", "latency_any_ms", "follow_up_ready_ms", "speech_start_ms", "speech_end_ms",
            "transcribe_ms", "refine_ms")
    return {k: round(getattr(turn, k), 1) for k in keys if getattr(turn, k) is not None}


class SessionStore(FeedbackMethods):
    def __init__(self, data_dir: Path) -> None:
        self.root = data_dir / "sessions"
        self.engine = open_database(data_dir / "sessions.db")
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def _write(self, work) -> None:
        try:
            with self._sessions.begin() as db:
                work(db)
        except SQLAlchemyError as exc:
            raise WriteFailed(f"could not save to the session database ({exc.orig if hasattr(exc, 'orig') else exc}). "
                              "Is the disk full?") from exc

    # recording ---------------------------------------------------------------------
    def start(self, *, plan: str, title: str, level: str, personas: list[dict], models: dict, settings: dict,
              questions: list[str], redo_of: tuple[str, int] | None = None) -> str:
        """A new session; redo_of = (session id, turn index) of the answer this one attempts again."""
        session_id = str(uuid.uuid4())
        folder = self.root / session_id
        try:
            folder.mkdir(parents=True, mode=0o700)
        except OSError as exc:
            raise WriteFailed(f"cannot create {folder}: {exc.strerror}") from exc
        row = SessionRow(id=session_id, plan=plan, title=title, level=level, status="recording",
                         started_at=datetime.now(timezone.utc), personas=personas, models=models, settings=settings,
                         questions=questions, notice="", feedback={},
                         redo_of_session=redo_of[0] if redo_of else None,
                         redo_of_turn=redo_of[1] if redo_of else None)
        row.tracks = [TrackRow(kind=k, path=f"{session_id}/{k}.wav", sample_rate=r) for k, r in TRACK_RATES.items()]
        self._write(lambda db: db.add(row))
        return session_id

    def track_path(self, session_id: str, kind: str) -> Path:
        return self.root / session_id / f"{kind}.wav"

    def save_turn(self, session_id: str, turn: TurnRecord, *, audio_start_s: float | None = None,
                  finished: bool = True) -> None:
        """Insert or update a turn (each turn is committed when it starts and when it ends)."""
        def work(db: Session) -> None:
            row = db.scalar(select(TurnRow).where(TurnRow.session_id == session_id, TurnRow.index == turn.index))
            if row is None:
                row = TurnRow(session_id=session_id, index=turn.index, started_ms=turn.started_ms,
                              speaker=turn.speaker, kind=turn.kind)
                db.add(row)
            row.kind, row.text, row.question_id = turn.kind, turn.text, turn.question_id
            row.persona, row.role = turn.persona or "", turn.role or ""
            row.ended_ms = turn.ended_ms if finished else None
            row.end_reason = turn.end_reason
            row.interrupted = turn.end_reason in ("cut_in", "user") if turn.speaker == "candidate" else False
            timings = _timings(turn)
            if audio_start_s is not None:
                timings["audio_start_s"] = round(audio_start_s, 3)
            row.timings = {**(row.timings or {}), **timings}
            row.follow_up = {k: v for k, v in (("source", turn.follow_up_source), ("model_output", turn.model_output),
                                                ("fallback_reason", turn.fallback_reason)) if v is not None}
            row.signals = {**(turn.signals or {}), **({"live_text": turn.live_text} if turn.live_text else {}),
                           **({"overlap_text": turn.overlap_text} if turn.overlap_text else {}),
                           **({"resumed": turn.resumed} if turn.resumed else {})}
            if finished and turn.words:
                base = row.timings.get("audio_start_s", turn.started_ms / 1000)
                row.words = [WordRow(text=w.text, start=base + w.start, end=base + w.end, probability=w.probability)
                             for w in turn.words]
        self._write(work)

    def add_event(self, session_id: str, type_: str, at_ms: float, data: dict) -> None:
        self._write(lambda db: db.add(EventRow(session_id=session_id, type=type_, at_ms=at_ms, data=data)))

    def finish(self, session_id: str, status: str, duration_s: float, track_seconds: dict[str, float],
               notice: str = "") -> None:
        def work(db: Session) -> None:
            row = db.get(SessionRow, session_id)
            row.status, row.duration_s, row.ended_at = status, duration_s, datetime.now(timezone.utc)
            row.notice = notice or row.notice
            for track in row.tracks:
                track.seconds = track_seconds.get(track.kind, track.seconds)
        self._write(work)

    # reading -------------------------------------------------------------------------
    def list(self, search: str = "", status: str | None = None, plan: str | None = None) -> list[SessionSummary]:
        query = select(SessionRow).options(selectinload(SessionRow.turns)).order_by(SessionRow.started_at.desc())
        if status:
            query = query.where(SessionRow.status == status)
        if plan:
            query = query.where(SessionRow.plan == plan)
        if search:
            like = f"%{search}%"
            query = query.where(or_(SessionRow.title.ilike(like), SessionRow.plan.ilike(like),
                                    SessionRow.turns.any(TurnRow.text.ilike(like))))
        with self._sessions() as db:
            return [SessionSummary(r.id, r.title, r.plan, r.level, r.status, r.started_at, r.duration_s,
                                   sum(t.speaker == "candidate" for t in r.turns), r.notice)
                    for r in db.scalars(query)]

    def get(self, session_id: str) -> SessionView | None:
        """The session whose id is or starts with session_id (None when none or several match)."""
        query = (select(SessionRow).where(SessionRow.id.startswith(session_id))
                 .options(selectinload(SessionRow.turns).selectinload(TurnRow.words),
                          selectinload(SessionRow.events), selectinload(SessionRow.tracks)))
        with self._sessions() as db:
            rows = list(db.scalars(query))
            return session_view(rows[0]) if len(rows) == 1 else None

    # deleting and recovering -----------------------------------------------------------
    def delete(self, session_id: str) -> None:
        self._write(lambda db: db.execute(delete(SessionRow).where(SessionRow.id == session_id)))
        shutil.rmtree(self.root / session_id, ignore_errors=True)

    def recover_interrupted(self) -> list[SessionSummary]:
        """Sessions left 'recording' by a crash: repair their audio, close their open turn, mark them."""
        with self._sessions() as db:
            stuck = [r.id for r in db.scalars(select(SessionRow).where(SessionRow.status == "recording"))]
        for session_id in stuck:
            seconds = {}
            for kind in TRACK_RATES:
                path = self.track_path(session_id, kind)
                try:
                    seconds[kind] = repair_wav(path) if path.exists() else 0.0
                except (OSError, ValueError) as exc:
                    log.warning("could not repair %s: %s", path, exc)
            duration = max(seconds.values(), default=0.0)

            def work(db: Session, session_id=session_id, seconds=seconds, duration=duration) -> None:
                row = db.get(SessionRow, session_id)
                for turn in row.turns:
                    if turn.ended_ms is None:  # the turn the crash cut off
                        turn.ended_ms, turn.interrupted, turn.end_reason = duration * 1000, True, "crash"
                row.status, row.duration_s = "interrupted", duration
                row.ended_at = row.started_at + timedelta(seconds=duration)
                row.notice = (f"This session was cut off (the app stopped unexpectedly). Everything recorded up to "
                              f"{int(duration // 60)}:{int(duration % 60):02d} was recovered.")
                for track in row.tracks:
                    track.seconds = seconds.get(track.kind, track.seconds)
                db.add(EventRow(session_id=session_id, type="recovered", at_ms=duration * 1000,
                                data={"tracks": seconds}))
            self._write(work)
        return [s for s in self.list() if s.id in stuck]
