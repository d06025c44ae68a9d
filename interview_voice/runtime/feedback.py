"""Feedback for a recorded session: metrics from the turns (fast, no model). The model's wording of the
notes is runtime/note_wording.py."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence

from interview_voice.core.bank import Question
from interview_voice.core.endpointing import EndReason
from interview_voice.core.feedback import AnswerFeedback, SessionFeedback, answer_feedback, session_feedback
from interview_voice.core.feedback.judge import PointJudge
from interview_voice.core.feedback.tokens import words_from_text
from interview_voice.records import NOT_ANSWERS, TurnKind, TurnRecord, is_typed

log = logging.getLogger(__name__)


def _answer_kind(turns: Sequence[TurnRecord], index: int) -> str:
    """An answer to the bank question, or to a follow-up (what the interviewer said just before)."""
    for turn in reversed(turns[:index]):
        if turn.speaker == "interviewer":
            return "answer" if turn.kind == TurnKind.QUESTION else "follow_up"
    return "answer"


def feedback_for_turns(
    turns: Sequence[TurnRecord],
    events: Sequence[dict],
    questions: Mapping[str, Question],
    extra_fillers: Mapping[int, Sequence[dict]] | None = None,
    snr_db: Mapping[int, float] | None = None,
    judge: PointJudge | None = None,
) -> tuple[dict[int, AnswerFeedback], SessionFeedback]:
    """Feedback on every candidate answer to a known question ({turn index: feedback}) and on the session.

    extra_fillers: {turn index: [{"word", "at_s"}]} found in the audio by a filler detector.
    snr_db: {turn index: the answer recording's speech-to-noise ratio}, where measured.
    judge: the interviewer model's verdict on the key points the terms credit (runtime.point_judge).
    """
    answers: dict[int, AnswerFeedback] = {}
    for position, turn in enumerate(turns):
        question = questions.get(turn.question_id) if turn.question_id is not None else None
        if turn.speaker != "candidate" or question is None or turn.end_reason in NOT_ANSWERS:
            continue  # asking for the question again, or a silence the interviewer checked in on: not answers
        before = turns[position - 1] if position else None
        cut_ins = sum(1 for e in events if e.get("type") == "cut_in" and e.get("turn") == turn.index)
        barge_ins = sum(
            1 for e in events if e.get("type") == "barge_in" and before is not None and e.get("turn") == before.index
        )
        words = turn.words or words_from_text(turn.text)
        answers[turn.index] = answer_feedback(
            question,
            words,
            text=turn.text or None,
            extra_fillers=(extra_fillers or {}).get(turn.index, ()),
            cut_ins=cut_ins,
            barge_ins=barge_ins,
            kind=_answer_kind(turns, position),
            turn=turn.index,
            typed=is_typed(turn.end_reason),
            cut_short=turn.end_reason == EndReason.CANCELLED.value,
            snr_db=(snr_db or {}).get(turn.index),
            judge=judge,
        )
    return answers, session_feedback(list(answers.values()), questions)
