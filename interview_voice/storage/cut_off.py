"""Answers a crash cut off before their transcript was saved, and the text found later in their audio.

Recovery (`SessionRecovery.recover_interrupted`) closes such an answer with the end reason
"crash" and no text ("closed" when the window was closed before its transcript was done).
Its audio is on the candidate track; once a speech model is loaded, the runtime transcribes
it and hands the words back here. A transcript that is already there is never replaced.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sqlalchemy import and_, select
from sqlalchemy.orm import Session, selectinload

from interview_voice.core.events import FROM_AUDIO
from interview_voice.records import EndReason, TurnKind, TurnRecord, Word
from interview_voice.storage.database import SessionDatabase, session_row
from interview_voice.storage.folders import SessionFolders
from interview_voice.storage.schema import SessionRow, TurnRow, WordRow
from interview_voice.storage.tracks import read_span

log = logging.getLogger(__name__)
# how recovery closes a turn left open: the app stopped ("crash"), or it left before the answer was transcribed
# because the window was closed ("closed", storage/repository.py's leave_to_next_start)
LEFT_WITHOUT_TEXT = ("crash", "closed")


@dataclass(frozen=True)
class CutOffAnswer:
    session_id: str
    index: int
    started_s: float  # on the session timeline
    next_started_s: float | None  # the next turn's start; None for the last turn
    track: Path  # the session's candidate track
    track_s: float
    question_ended_s: float | None = None  # when the interviewer's turn before it ended


class CutOffAnswers:
    def __init__(self, db: SessionDatabase, folders: SessionFolders) -> None:
        self._db = db
        self._folders = folders

    def answers_to_transcribe(self) -> list[CutOffAnswer]:
        """Spoken answers of recovered sessions that a crash (or the window closed) left without text and that
        were not looked at yet."""
        left = TurnRow.speaker == "candidate", TurnRow.end_reason.in_(LEFT_WITHOUT_TEXT)
        query = (
            select(SessionRow)
            .where(SessionRow.turns.any(and_(*left)))
            .options(selectinload(SessionRow.turns), selectinload(SessionRow.tracks))
            .order_by(SessionRow.started_at)
        )
        found = []
        with self._db.reading() as db:
            for row in db.scalars(query):
                seconds = {t.kind: t.seconds for t in row.tracks}
                turns = sorted(row.turns, key=lambda t: t.index)
                for position, turn in enumerate(turns):
                    if (
                        turn.speaker != "candidate"
                        or turn.end_reason not in LEFT_WITHOUT_TEXT
                        or (turn.text or "").strip()
                        or FROM_AUDIO in (turn.signals or {})
                    ):
                        continue
                    following = turns[position + 1].started_ms / 1000 if position + 1 < len(turns) else None
                    before = turns[position - 1] if position else None
                    question_end = (
                        before.ended_ms / 1000
                        if before is not None
                        and before.speaker == "interviewer"
                        and before.ended_ms is not None
                        and before.ended_ms >= before.started_ms
                        else None
                    )
                    track = self._folders.track_path(row.id, "candidate")
                    found.append(
                        CutOffAnswer(
                            row.id,
                            turn.index,
                            turn.started_ms / 1000,
                            following,
                            track,
                            seconds.get("candidate", 0.0),
                            question_end,
                        )
                    )
        return found

    def answer_audio(self, answer: CutOffAnswer, start_s: float, end_s: float) -> np.ndarray:
        """The candidate track between start_s and end_s (float32, 16 kHz)."""
        return read_span(answer.track, start_s, end_s)

    def save_answer_from_audio(
        self,
        answer: CutOffAnswer,
        outcome: str,
        text: str = "",
        words: list[Word] | None = None,
        audio_start_s: float | None = None,
    ) -> bool:
        """Keep what the answer's audio held: outcome "transcribed" (with text, and words relative to
        audio_start_s), or "silent" / "no_audio" (the answer stays without text and is not looked at again).
        False when the answer has a transcript already: that one is kept."""
        saved: list[TurnRow] = []

        def work(db: Session) -> None:
            turn = db.scalar(
                select(TurnRow).where(TurnRow.session_id == answer.session_id, TurnRow.index == answer.index)
            )
            if turn is None or (turn.text or "").strip():
                return
            turn.signals = {**(turn.signals or {}), FROM_AUDIO: outcome}
            if outcome == "transcribed" and text.strip() and audio_start_s is not None:
                turn.text = text.strip()
                turn.timings = {**(turn.timings or {}), "audio_start_s": round(audio_start_s, 3)}
                turn.words = [
                    WordRow(
                        text=w.text, start=audio_start_s + w.start, end=audio_start_s + w.end, probability=w.probability
                    )
                    for w in words or []
                ]
                turn.feedback = {}
                session = session_row(db, answer.session_id)
                session.feedback = {}  # computed without this answer: computed again with it
            saved.append(turn)

        self._db.write(work)
        if not saved:
            log.info("answer %d of %s has a transcript already: kept", answer.index, answer.session_id)
            return False
        if outcome == "transcribed":
            self._write_turn_file(answer, saved[0], words or [], audio_start_s)
        return True

    def _write_turn_file(
        self, answer: CutOffAnswer, row: TurnRow, words: list[Word], audio_start_s: float | None
    ) -> None:
        """The recovered answer beside the tracks too, so listing the session again from its folder keeps it."""
        turn = TurnRecord(
            row.index,
            row.speaker,
            TurnKind(row.kind),
            text=row.text,
            question_id=row.question_id,
            started_ms=row.started_ms,
            ended_ms=row.ended_ms or 0.0,
            end_reason=EndReason.of(row.end_reason),
            words=list(words),
            signals=dict(row.signals or {}),
        )
        try:
            self._folders.write_turn(answer.session_id, turn, audio_start_s)
        except OSError as exc:
            log.warning("could not write the recovered answer beside the tracks of %s: %s", answer.session_id, exc)
