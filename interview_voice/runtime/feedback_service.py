"""Feedback for stored sessions: metrics first (fast, stored at once), then the model's wording answer by answer.

Runs on any thread but the GUI's. Sessions cut off by a crash get feedback on the answers they hold.
"""

from __future__ import annotations

import logging
import math
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from interview_voice.core.bank import Question
from interview_voice.core.feedback import FEEDBACK_VERSION, AnswerFeedback, SessionFeedback
from interview_voice.core.feedback.judge import PointJudge
from interview_voice.engines.audio_file import read_wav_span
from interview_voice.engines.base import EngineError
from interview_voice.records import EndReason, TurnKind, TurnRecord, Word
from interview_voice.runtime.audio_quality import SnrMeter, silero_vad
from interview_voice.runtime.feedback import feedback_for_turns
from interview_voice.runtime.fillers import fillers_by_turn
from interview_voice.runtime.note_wording import Wording
from interview_voice.runtime.point_judge import ModelJudge, model_judge

log = logging.getLogger(__name__)


def answer_base_s(turn) -> float:
    """Where a stored turn's audio starts on the session timeline; its words are stored as base + relative time.

    Feedback times (at_s) are relative to the answer, so a quote is at answer_base_s(turn) + at_s in the replay.
    """
    return (turn.timings or {}).get("audio_start_s", turn.started_ms / 1000)


def turns_from_rows(session) -> tuple[list[TurnRecord], list[dict]]:
    """A stored session's turns (words back relative to their answer) and events, as the runner recorded them."""
    turns = []
    for row in session.turns:
        base = answer_base_s(row)
        turns.append(
            TurnRecord(
                index=row.index,
                speaker=row.speaker,
                kind=TurnKind(row.kind),
                text=row.text,
                question_id=row.question_id,
                persona=row.persona or None,
                started_ms=row.started_ms,
                ended_ms=row.ended_ms or row.started_ms,
                end_reason=EndReason.of(row.end_reason),
                words=[Word(w.text, w.start - base, w.end - base, w.probability) for w in row.words],
            )
        )
    events = [{"type": e.type, "at_ms": e.at_ms, **(e.data or {})} for e in session.events]
    return turns, events


def plan_stage(folders: list[Path], plan_id: str) -> str | None:
    """The interview stage a plan belongs to (screen, technical, behavioural …), read from its file."""
    for folder in folders:
        path = folder / f"{plan_id}.toml"
        if path.exists():
            try:
                return tomllib.loads(path.read_text(encoding="utf-8")).get("stage")
            except (OSError, tomllib.TOMLDecodeError):
                return None
    return None


def _statuses(answer: Mapping) -> list[str]:
    """An answer's key points' statuses, from its feedback (computed or stored)."""
    return [point.get("status", "") for point in answer.get("rubric") or []]


def stored_feedback(
    answers: Mapping[int, AnswerFeedback], summary: SessionFeedback, stage: str | None, wording: str
) -> tuple[dict, dict[int, dict]]:
    """The session's feedback and each answer's, as the store keeps them; wording: "template" or "model"."""
    return (
        summary.to_dict() | {"stage": stage, "wording": wording},
        {index: fb.to_dict() for index, fb in answers.items()},
    )


class FeedbackService:
    def __init__(
        self,
        store,
        questions: Mapping[str, Question],
        *,
        stage_of: Callable[[str], str | None] = lambda p: None,
        wording: Wording | None = None,
    ) -> None:
        self.store = store
        self.questions = questions
        self.stage_of = stage_of
        self.wording = wording
        self.judged_s: dict[str, float] = {}  # per session: the model's time on its key points (metrics)
        self._judges: dict[str, ModelJudge] = {}  # per session: the report's judge, for its second look

    def metrics(
        self, session_id: str, *, audio: bool = True, judge: bool = False
    ) -> tuple[dict, dict[int, AnswerFeedback]] | None:
        """Compute and store the session's feedback; returns (session JSON, answers).

        audio: also look for the fillers Whisper left out in the recording (about 0.3 s per minute
        of answers); without it, only the fillers in the transcript count (a first, instant pass).
        judge: the interviewer model (the wording's, when there is one) also judges the key points the
        terms credit, within JUDGE_BUDGET_S of the report's model time; `word` then has the rest.
        """
        session = self.store.get(session_id)
        if session is None:
            return None
        turns, events = turns_from_rows(session)
        point_judge = model_judge(self.wording.llm) if judge and self.wording is not None else None
        answers, summary = self.compute(turns, events, self._track_audio(session) if audio else None, judge=point_judge)
        if point_judge is not None:
            self.judged_s[session.id] = point_judge.spent_s
            self._judges = {session.id: point_judge}  # the latest report's only: its margins are small
            log.info(
                "key points of %s: the model judged %d of %d in %.1f s",
                session.id,
                point_judge.answered,
                point_judge.asked,
                point_judge.spent_s,
            )
        return self.save(session.id, session.plan, answers, summary), answers

    def compute(
        self,
        turns: Sequence[TurnRecord],
        events: Sequence[dict],
        audio_of: Callable[[Any], np.ndarray | None] | None = None,
        questions: Mapping[str, Question] | None = None,
        judge: PointJudge | None = None,
    ) -> tuple[dict[int, AnswerFeedback], SessionFeedback]:
        """The feedback on a session's turns, the one way it is computed: a stored session's (metrics) and the
        live turns `simulate` has at hand alike. audio_of(turn): an answer's audio, where its word times start,
        for the fillers Whisper left out (None: the transcript's fillers only). questions: the bank's, unless
        the session asked others too (questions made from a resume). judge: the model's verdict on the key
        points the terms credit (runtime.point_judge; None: the terms alone)."""
        extra, snr = None, None
        if audio_of is not None:  # each answer's audio is read once, for its fillers and its noise
            meter = SnrMeter(audio_of, silero_vad)
            extra, snr = fillers_by_turn(turns, meter), meter.snr
        return feedback_for_turns(
            turns, events, self.questions if questions is None else questions, extra, snr, judge=judge
        )

    def can_look_again(self, session_id: str) -> bool:
        """The session's report was judged by the model, so a second look can follow (second_look)."""
        return session_id in self._judges

    def second_look(
        self, session_id: str, cancelled: Callable[[], bool] = lambda: False
    ) -> tuple[dict, dict[int, AnswerFeedback], list[int]] | None:
        """After the report is shown: the key points the terms missed put to the model sentence by sentence
        (core.feedback.coverage.judged, missed_too), with no time limit but `cancelled` (a new interview
        needs the model). The report's judge is reused, so what it answered is not asked again. Returns
        (session JSON, answers, the answers whose key points changed), stored, or None when there was no
        judge, the session is gone, or it was cancelled before the end."""
        point_judge = self._judges.pop(session_id, None)
        if point_judge is None or cancelled():  # no model that scores yes and no: nothing to look at again
            return None
        session = self.store.get(session_id)
        if session is None:
            return None
        before = {turn.index: turn.feedback for turn in session.turns}
        point_judge.budget_s, point_judge.missed_too, point_judge.cancelled = math.inf, True, cancelled
        turns, events = turns_from_rows(session)
        answers, summary = self.compute(turns, events, self._track_audio(session), judge=point_judge)
        if cancelled():
            return None  # the points not reached would read as missed: keep the report as it is
        changed = [i for i, fb in answers.items() if _statuses(fb.data) != _statuses(before.get(i) or {})]
        log.info("second look at %s: %d answers' key points changed", session_id, len(changed))
        if not changed:
            return None
        # the other answers keep their stored notes (the model's wording among them); the changed ones get
        # the code's notes until `word` words them again
        data, per_answer = stored_feedback(
            answers, summary, self.stage_of(session.plan), session.feedback.get("wording", "template")
        )
        self.store.save_feedback(session.id, data, {i: per_answer[i] for i in changed})
        return data, answers, changed

    def save(
        self,
        session_id: str,
        plan: str,
        answers: Mapping[int, AnswerFeedback],
        summary: SessionFeedback,
        wording: str = "template",
    ) -> dict:
        """Store feedback computed for a session (here, or by `simulate` on the live turns); returns the
        session's part as stored."""
        data, per_answer = stored_feedback(answers, summary, self.stage_of(plan), wording)
        self.store.save_feedback(session_id, data, per_answer)
        return data

    def _track_audio(self, session) -> Callable[[TurnRecord], np.ndarray | None]:
        """Each answer's part of the session's candidate track (a long session's is never held whole)."""
        path = self.store.track_path(session.id, "candidate")
        bases = {row.index: answer_base_s(row) for row in session.turns}

        def audio_of(turn: TurnRecord) -> np.ndarray | None:
            if not path.exists():
                return None
            start = bases[turn.index]
            try:
                return read_wav_span(path, start, start + turn.words[-1].end + 1.0)
            except EngineError as exc:
                raise ValueError(f"no fillers from the audio of {session.id}: {exc}") from exc

        return audio_of

    def word(
        self,
        session_id: str,
        answers: Mapping[int, AnswerFeedback],
        session: dict,
        on_answer: Callable[[int, dict], None] = lambda i, fb: None,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> dict:
        """The model's wording of each answer's notes (`Wording.notes`, as `simulate` and `feedback` word
        theirs), stored and reported one answer at a time; the session marked worded once every note is."""
        if self.wording is None:
            return session

        def stored(index: int, fb: AnswerFeedback) -> None:
            worded = fb.to_dict()
            self.store.save_answer_feedback(session_id, index, worded)
            on_answer(index, worded)

        # the report's model time is one budget: what judging the key points took is not the wording's
        wording = replace(self.wording, budget_s=max(0.0, self.wording.budget_s - self.judged_s.pop(session_id, 0.0)))
        if len(wording.notes(answers, stored, cancelled)) < len(answers):
            return session  # cancelled: the notes not reached keep the code's wording
        session = session | {"wording": "model"}
        self.store.save_feedback(session_id, session, {})
        return session

    def catch_up(self) -> list[str]:
        """Metrics for every finished session without current feedback (older method, crash, older app)."""
        done = []
        for session_id in self.store.feedback_due(FEEDBACK_VERSION):
            try:
                if self.metrics(session_id) is not None:
                    done.append(session_id)
            except Exception:  # one bad session must not stop the others
                log.exception("feedback for session %s failed", session_id)
        return done
