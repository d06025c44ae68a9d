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
from interview_voice.core.feedback.rewording import RewordPrompts, check_rewording, reword_messages
from interview_voice.core.feedback.tokens import words_from_text
from interview_voice.core.feedback.wording import Note
from interview_voice.engines.base import EngineError, LanguageModel
from interview_voice.records import NOT_ANSWERS, TurnRecord, is_typed

log = logging.getLogger(__name__)


def _answer_kind(turns: Sequence[TurnRecord], index: int) -> str:
    """An answer to the bank question, or to a follow-up (what the interviewer said just before)."""
    for turn in reversed(turns[:index]):
        if turn.speaker == "interviewer":
            return "answer" if turn.kind == "question" else "follow_up"
    return "answer"


def feedback_for_turns(turns: Sequence[TurnRecord], events: Sequence[dict], questions: Mapping[str, Question],
                       extra_fillers: Mapping[int, Sequence[dict]] | None = None
                       ) -> tuple[dict[int, AnswerFeedback], SessionFeedback]:
    """Feedback on every candidate answer to a known question ({turn index: feedback}) and on the session.

    extra_fillers: {turn index: [{"word", "at_s"}]} found in the audio by a filler detector.
    """
    answers: dict[int, AnswerFeedback] = {}
    for position, turn in enumerate(turns):
        question = questions.get(turn.question_id) if turn.question_id is not None else None
        if turn.speaker != "candidate" or question is None or turn.end_reason in NOT_ANSWERS:
            continue  # asking for the question again, or a silence the interviewer checked in on: not answers
        before = turns[position - 1] if position else None
        cut_ins = sum(1 for e in events if e.get("type") == "cut_in" and e.get("turn") == turn.index)
        barge_ins = sum(1 for e in events if e.get("type") == "barge_in" and before is not None
                        and e.get("turn") == before.index)
        words = turn.words or words_from_text(turn.text)
        answers[turn.index] = answer_feedback(
            question, words, text=turn.text or None,
            extra_fillers=(extra_fillers or {}).get(turn.index, ()), cut_ins=cut_ins, barge_ins=barge_ins,
            kind=_answer_kind(turns, position), turn=turn.index, typed=is_typed(turn.end_reason),
            cut_short=turn.end_reason == EndReason.CANCELLED.value)
    return answers, session_feedback(list(answers.values()), questions)


# The model words the note that tells the candidate what to change; the praise keeps its template
# wording. Generating is the cost (about 14 tokens/s for the default model on 2 cores): six answers
# took 36.5 s with both notes against 23.6 s with this one (benchmarks/report_bench.py; a report may
# take 30 s), and the checks kept 6 of 12 wordings of both notes against 6 of 6 of this one.
MODEL_WORDED = ("work_on",)


def word_feedback(llm: LanguageModel, prompts: RewordPrompts, feedback: AnswerFeedback, *,
                  notes_to_word: tuple[str, ...] = MODEL_WORDED,
                  timeout_s: float = 10.0, max_tokens: int = 90) -> AnswerFeedback:
    """The notes reworded by the model where its wording passes the checks; the template wording otherwise."""
    facts = json.dumps(feedback.to_dict(), ensure_ascii=False)
    notes: dict[str, Note | None] = {}
    for which in ("went_well", "work_on"):
        note = getattr(feedback, which)
        # with no answer there are no facts to word: the model wrote of "a first answer" that was never given
        if note is None or which not in notes_to_word or "no_answer" in feedback.data.get("flags", ()):
            notes[which] = note
            continue
        raw, failure = _generate(llm, reword_messages(prompts, which, note), timeout_s, max_tokens)
        text, rejected = check_rewording(raw, which, note, facts) if failure is None else (None, failure)
        if text is None:
            log.info("kept the template wording of %s: %s", which, rejected)
            notes[which] = replace(note, rejected=rejected)
        else:
            notes[which] = replace(note, text=text, source="model")
    return feedback.with_notes(notes["went_well"], notes["work_on"])


def _generate(llm: LanguageModel, messages, timeout_s: float, max_tokens: int) -> tuple[str, str | None]:
    started = time.monotonic()
    stop = threading.Event()
    pieces: list[str] = []
    try:
        for piece in llm.stream_chat(messages, stop=["\n"], max_tokens=max_tokens, temperature=0.3, cancel=stop):
            pieces.append(piece)
            if time.monotonic() - started > timeout_s:
                stop.set()
                return "".join(pieces), "timed out"
    except EngineError as exc:
        return "".join(pieces), f"model error: {exc}"
    return "".join(pieces), None
