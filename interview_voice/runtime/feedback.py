"""Feedback for a recorded session: metrics from the turns (fast, no model), and optional
wording of the notes by the interviewer model, checked by code."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import replace

from interview_voice.core.bank import Question
from interview_voice.core.endpointing import EndReason
from interview_voice.core.feedback import AnswerFeedback, SessionFeedback, answer_feedback, session_feedback
from interview_voice.core.feedback.rewording import RewordPrompts, advice_messages, check_advice
from interview_voice.core.feedback.tokens import words_from_text
from interview_voice.engines.base import EngineError, LanguageModel
from interview_voice.records import NOT_ANSWERS, TurnRecord, is_typed

log = logging.getLogger(__name__)


def _answer_kind(turns: Sequence[TurnRecord], index: int) -> str:
    """An answer to the bank question, or to a follow-up (what the interviewer said just before)."""
    for turn in reversed(turns[:index]):
        if turn.speaker == "interviewer":
            return "answer" if turn.kind == "question" else "follow_up"
    return "answer"


def feedback_for_turns(
    turns: Sequence[TurnRecord],
    events: Sequence[dict],
    questions: Mapping[str, Question],
    extra_fillers: Mapping[int, Sequence[dict]] | None = None,
    snr_db: Mapping[int, float] | None = None,
) -> tuple[dict[int, AnswerFeedback], SessionFeedback]:
    """Feedback on every candidate answer to a known question ({turn index: feedback}) and on the session.

    extra_fillers: {turn index: [{"word", "at_s"}]} found in the audio by a filler detector.
    snr_db: {turn index: the answer recording's speech-to-noise ratio}, where measured.
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
        )
    return answers, session_feedback(list(answers.values()), questions)


def word_feedback(
    llm: LanguageModel,
    prompts: RewordPrompts,
    feedback: AnswerFeedback,
    *,
    timeout_s: float = 10.0,
    max_tokens: int = 40,
) -> AnswerFeedback:
    """The note on what to work on, with one sentence of the model's advice added where it passes the checks.

    The praise keeps its template wording: generating is the cost (about 25 tokens/s for the default
    model on 2 cores), and a report of six answers must be ready in 30 s."""
    note = feedback.work_on
    # with no answer there are no facts to advise on: the model wrote of "a first answer" that was never given
    if note is None or note.focus is None or "no_answer" in feedback.data.get("flags", ()):
        return feedback
    figures = feedback.to_dict()
    messages = advice_messages(prompts, note, feedback.data.get("_question") or "")
    raw, failure = _generate(llm, messages, timeout_s, max_tokens)
    advice, rejected = (
        check_advice(raw, note, figures, json.dumps(figures, ensure_ascii=False))
        if failure is None
        else (None, failure)
    )
    if advice is None:
        log.info("kept the template note: %s (the model wrote %r)", rejected, raw)
        return feedback.with_notes(feedback.went_well, replace(note, rejected=rejected))
    return feedback.with_notes(feedback.went_well, replace(note, text=f"{note.text} {advice}", source="model"))


def keep_template(feedback: AnswerFeedback, why: str) -> AnswerFeedback:
    """The note on what to work on as code wrote it, saying why the model added nothing."""
    note = feedback.work_on
    if note is None or note.focus is None or "no_answer" in feedback.data.get("flags", ()):
        return feedback
    return feedback.with_notes(feedback.went_well, replace(note, rejected=why))


def _generate(llm: LanguageModel, messages, timeout_s: float, max_tokens: int) -> tuple[str, str | None]:
    started = time.monotonic()
    stop = threading.Event()
    pieces: list[str] = []
    try:
        for piece in llm.stream_chat(messages, max_tokens=max_tokens, temperature=0.3, cancel=stop):
            pieces.append(piece)
            if "\n" in "".join(pieces).strip():  # a line written: a small model may start with a newline
                stop.set()
                break
            if time.monotonic() - started > timeout_s:
                stop.set()
                return "".join(pieces), "timed out"
    except EngineError as exc:
        return "".join(pieces), f"model error: {exc}"
    return "".join(pieces), None
