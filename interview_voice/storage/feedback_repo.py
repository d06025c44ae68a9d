"""Stored feedback: per-answer and per-session feedback, what is due, and the history the progress charts draw."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from interview_voice.storage.database import SessionDatabase, session_row
from interview_voice.storage.schema import SessionRow, TurnRow
from interview_voice.storage.views import FINISHED_STATUSES

FINISHED = FINISHED_STATUSES


@dataclass(frozen=True)
class SessionFeedbackRow:
    """One session's stored feedback, for the progress charts."""

    id: str
    title: str
    plan: str
    started_at: datetime
    duration_s: float
    feedback: dict


class FeedbackRecords:
    def __init__(self, db: SessionDatabase) -> None:
        self._db = db

    def save_feedback(self, session_id: str, session: dict, answers: dict[int, dict]) -> None:
        """The session's feedback and its answers' feedback, in one transaction."""

        def work(db: Session) -> None:
            row = session_row(db, session_id)
            row.feedback = session
            for turn in db.scalars(select(TurnRow).where(TurnRow.session_id == session_id)):
                if turn.index in answers:
                    turn.feedback = answers[turn.index]

        self._db.write(work)

    def save_answer_feedback(self, session_id: str, turn_index: int, feedback: dict) -> None:
        def work(db: Session) -> None:
            turn = db.scalar(select(TurnRow).where(TurnRow.session_id == session_id, TurnRow.index == turn_index))
            if turn is not None:
                turn.feedback = feedback

        self._db.write(work)

    def feedback_due(self, version: int) -> list[str]:
        """Finished sessions whose feedback is missing or was computed by an older method, oldest first."""
        query = (
            select(SessionRow.id, SessionRow.feedback)
            .where(SessionRow.status.in_(FINISHED))
            .order_by(SessionRow.started_at)
        )
        with self._db.reading() as db:
            return [sid for sid, fb in db.execute(query) if (fb or {}).get("feedback_version", 0) < version]

    def feedback_history(self) -> list[SessionFeedbackRow]:
        """Finished sessions with feedback, oldest first; redo attempts are left out (one question each)."""
        # plain columns, not rows: a row would also read (and copy) each session's personas, models, settings
        query = (
            select(
                SessionRow.id,
                SessionRow.title,
                SessionRow.plan,
                SessionRow.started_at,
                SessionRow.duration_s,
                SessionRow.feedback,
            )
            .where(SessionRow.status.in_(FINISHED), SessionRow.redo_of_session.is_(None))
            .order_by(SessionRow.started_at)
        )
        with self._db.reading() as db:
            return [SessionFeedbackRow(*row) for row in db.execute(query) if row.feedback]
