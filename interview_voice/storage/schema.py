"""The session database: SQLAlchemy 2.x models. Changes go through an Alembic migration."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator):
    """A moment stored in UTC and read back as UTC. SQLite keeps no time zone, so without this a
    stored 20:36 UTC came back naive and was shown as 20:36 local time, an hour off in Berlin."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(timezone.utc).replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        return value.replace(tzinfo=timezone.utc) if value is not None and value.tzinfo is None else value


class Base(DeclarativeBase):
    pass


class SessionRow(Base):
    __tablename__ = "sessions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    plan: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(20), default="")
    # recording | completed | ended_early | interrupted (cut off by a crash, recovered) | failed
    status: Mapped[str] = mapped_column(String(20), index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(timezone=True), index=True)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime(timezone=True), nullable=True)
    duration_s: Mapped[float] = mapped_column(Float, default=0.0)
    personas: Mapped[list] = mapped_column(JSON, default=list)
    models: Mapped[dict] = mapped_column(JSON, default=dict)
    settings: Mapped[dict] = mapped_column(JSON, default=dict)
    questions: Mapped[list] = mapped_column(JSON, default=list)
    notice: Mapped[str] = mapped_column(Text, default="")  # e.g. what recovery did
    feedback: Mapped[dict] = mapped_column(JSON, default=dict)  # session feedback (core.feedback), {} until computed
    redo_of_session: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)  # a redo: the first
    redo_of_turn: Mapped[int | None] = mapped_column(Integer, nullable=True)  # attempt's answer

    turns: Mapped[list[TurnRow]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="TurnRow.index"
    )
    tracks: Mapped[list[TrackRow]] = relationship(back_populates="session", cascade="all, delete-orphan")
    events: Mapped[list[EventRow]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="EventRow.at_ms"
    )


class TurnRow(Base):
    __tablename__ = "turns"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    index: Mapped[int] = mapped_column(Integer)
    speaker: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(20))
    persona: Mapped[str] = mapped_column(String(100), default="")
    role: Mapped[str] = mapped_column(String(100), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    question_id: Mapped[str | None] = mapped_column(String(100), nullable=True)
    started_ms: Mapped[float] = mapped_column(Float)
    ended_ms: Mapped[float | None] = mapped_column(Float, nullable=True)  # None: cut off by a crash
    interrupted: Mapped[bool] = mapped_column(Boolean, default=False)
    end_reason: Mapped[str | None] = mapped_column(String(20), nullable=True)
    timings: Mapped[dict] = mapped_column(JSON, default=dict)  # latency, first audio, transcribe …
    follow_up: Mapped[dict] = mapped_column(JSON, default=dict)  # source, model output, fallback reason
    signals: Mapped[dict] = mapped_column(JSON, default=dict)
    feedback: Mapped[dict] = mapped_column(JSON, default=dict)  # this answer's feedback, {} until computed

    session: Mapped[SessionRow] = relationship(back_populates="turns")
    words: Mapped[list[WordRow]] = relationship(
        back_populates="turn", cascade="all, delete-orphan", order_by="WordRow.start"
    )


class WordRow(Base):
    __tablename__ = "words"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    turn_id: Mapped[int] = mapped_column(ForeignKey("turns.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(String(100))
    start: Mapped[float] = mapped_column(Float)  # seconds on the session timeline
    end: Mapped[float] = mapped_column(Float)
    probability: Mapped[float] = mapped_column(Float, default=1.0)

    turn: Mapped[TurnRow] = relationship(back_populates="words")


class TrackRow(Base):
    __tablename__ = "audio_tracks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # candidate | interviewer
    path: Mapped[str] = mapped_column(String(500))  # relative to the sessions folder
    sample_rate: Mapped[int] = mapped_column(Integer)
    seconds: Mapped[float] = mapped_column(Float, default=0.0)

    session: Mapped[SessionRow] = relationship(back_populates="tracks")


class EventRow(Base):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    type: Mapped[str] = mapped_column(String(30))  # cut_in | barge_in | endpoint | error | recovered
    at_ms: Mapped[float] = mapped_column(Float)
    data: Mapped[dict] = mapped_column(JSON, default=dict)

    session: Mapped[SessionRow] = relationship(back_populates="events")
