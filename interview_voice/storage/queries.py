"""Reading stored sessions: the history's list, one whole session, the later attempts at an answer."""

from __future__ import annotations

import builtins
from collections.abc import Collection

from sqlalchemy import ScalarSelect, func, or_, select
from sqlalchemy.orm import selectinload

from interview_voice.records import NOT_ANSWERS
from interview_voice.storage.database import SessionDatabase
from interview_voice.storage.schema import EventRow, SessionRow, TurnRow
from interview_voice.storage.views import SessionSummary, SessionView, session_view

SUMMARY_COLUMNS = (
    SessionRow.id,
    SessionRow.title,
    SessionRow.plan,
    SessionRow.level,
    SessionRow.status,
    SessionRow.started_at,
    SessionRow.duration_s,
)


def answer_count() -> ScalarSelect[int]:
    """A session's answers with words in them, counted in SQL: records.is_answer, row by row."""
    return (
        select(func.count(TurnRow.id))
        .where(
            TurnRow.session_id == SessionRow.id,
            TurnRow.speaker == "candidate",
            func.trim(func.coalesce(TurnRow.text, ""), " \t\r\n") != "",
            or_(TurnRow.end_reason.is_(None), TurnRow.end_reason.not_in(NOT_ANSWERS)),
        )
        .correlate(SessionRow)
        .scalar_subquery()
    )


def _whole_session():
    """Load a session's turns with their words, its events and its tracks in the same read."""
    return (
        selectinload(SessionRow.turns).selectinload(TurnRow.words),
        selectinload(SessionRow.events),
        selectinload(SessionRow.tracks),
    )


class SessionQueries:
    def __init__(self, db: SessionDatabase) -> None:
        self._db = db

    def list(
        self,
        search: str = "",
        status: str | None = None,
        plan: str | None = None,
        *,
        limit: int | None = None,
        offset: int = 0,
        ids: Collection[str] | None = None,
    ) -> list[SessionSummary]:
        """The sessions, newest first: one query of plain columns, the answers counted by the database.

        limit/offset give one page of them (History shows the newest first and fetches more as the
        list is scrolled); ids keeps only those sessions. No turn is loaded, so listing costs the
        same with three years of sessions as with a week's (it loaded every turn of every session).
        """
        query = select(*SUMMARY_COLUMNS, answer_count(), SessionRow.notice).order_by(
            SessionRow.started_at.desc(), SessionRow.id
        )
        if status:
            query = query.where(SessionRow.status == status)
        if plan:
            query = query.where(SessionRow.plan == plan)
        if ids is not None:
            query = query.where(SessionRow.id.in_(list(ids)))
        if search:
            like = f"%{search}%"
            query = query.where(
                or_(
                    SessionRow.title.ilike(like),
                    SessionRow.plan.ilike(like),
                    SessionRow.turns.any(TurnRow.text.ilike(like)),
                )
            )
        if limit is not None:
            query = query.limit(limit).offset(offset)
        with self._db.reading() as db:
            return [SessionSummary(*row) for row in db.execute(query)]

    def latest_event(self, type_: str) -> dict | None:
        """The data of the newest event of this type in any session (one query)."""
        query = (
            select(EventRow.data)
            .join(SessionRow)
            .where(EventRow.type == type_)
            .order_by(SessionRow.started_at.desc(), EventRow.id.desc())
            .limit(1)
        )
        with self._db.reading() as db:
            return db.scalars(query).first()

    def get(self, session_id: str) -> SessionView | None:
        """The session whose id is or starts with session_id (None when none or several match)."""
        query = select(SessionRow).where(SessionRow.id.startswith(session_id)).options(*_whole_session())
        with self._db.reading() as db:
            rows = list(db.scalars(query))
            return session_view(rows[0]) if len(rows) == 1 else None

    def attempts_by_turn(self, session_id: str) -> dict[int, int]:
        """{turn index: number of later attempts} for one session's answers."""
        query = select(SessionRow.redo_of_turn).where(SessionRow.redo_of_session == session_id)
        with self._db.reading() as db:
            counts: dict[int, int] = {}
            for (turn,) in db.execute(query):
                if turn is not None:
                    counts[turn] = counts.get(turn, 0) + 1
            return counts

    def redo_attempts(self, session_id: str, turn_index: int) -> builtins.list[SessionView]:
        """Later attempts at one answer, oldest first, with their turns and words."""
        query = (
            select(SessionRow)
            .where(SessionRow.redo_of_session == session_id, SessionRow.redo_of_turn == turn_index)
            .options(*_whole_session())
            .order_by(SessionRow.started_at)
        )
        with self._db.reading() as db:
            return [session_view(r) for r in db.scalars(query)]
