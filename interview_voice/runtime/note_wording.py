"""The model's one sentence of advice added to each answer's note, written once for every path that words notes.

The window's feedback thread (`FeedbackService.word`), `simulate --word-feedback` and `feedback --word-feedback`
all go through `Wording.notes`: the same prompt, the same checks (core/feedback/rewording.py), the same time
budget and the same fallbacks (the note as code wrote it, saying why the model added nothing).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from interview_voice.core.feedback import AnswerFeedback
from interview_voice.core.feedback.rewording import RewordPrompts, advice_messages, check_advice
from interview_voice.engines.base import EngineError, LanguageModel

log = logging.getLogger(__name__)

# The report must be ready within 30 s of the session's end on 2 cores: the metrics take about a second,
# the model's sentences get the rest.
WORDING_BUDGET_S = 25.0
NOTE_TIMEOUT_S = 10.0
MIN_NOTE_S = 2.0  # less than this left: the model could not write a sentence
NO_TIME_LEFT = "no time left in the report for the model"


@dataclass(frozen=True)
class Wording:
    """The interviewer model and the feedback prompt; `notes` words a report's answers within budget_s,
    read on clock (a test's clock moves as it likes)."""

    llm: LanguageModel
    prompts: RewordPrompts
    budget_s: float = WORDING_BUDGET_S
    clock: Callable[[], float] = time.monotonic

    def notes(
        self,
        answers: Mapping[int, AnswerFeedback],
        on_answer: Callable[[int, AnswerFeedback], None] = lambda i, fb: None,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> dict[int, AnswerFeedback]:
        """Each answer's feedback with the model's sentence added where it passes the checks, in turn order,
        each reported as it is worded. The whole report gets budget_s: a note gets what is left (at most
        NOTE_TIMEOUT_S), and once too little is left the remaining notes keep the code's wording, so a busy
        machine delays no report. Stops before the next answer once cancelled (fewer answers returned)."""
        started = self.clock()
        worded: dict[int, AnswerFeedback] = {}
        for index, fb in sorted(answers.items()):
            if cancelled():
                break
            left = self.budget_s - (self.clock() - started)
            worded[index] = (
                word_feedback(self.llm, self.prompts, fb, timeout_s=min(NOTE_TIMEOUT_S, left))
                if left >= MIN_NOTE_S
                else keep_template(fb, NO_TIME_LEFT)
            )
            on_answer(index, worded[index])
        return worded


def word_feedback(
    llm: LanguageModel,
    prompts: RewordPrompts,
    feedback: AnswerFeedback,
    *,
    timeout_s: float = NOTE_TIMEOUT_S,
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
