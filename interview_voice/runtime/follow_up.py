"""Wording a follow-up with the model, checked by code; shared by sessions and the evaluation."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from interview_voice.core.follow_up_checks import off_target
from interview_voice.core.follow_up_prompt import STOP, PromptTemplates, clean_follow_up, follow_up_messages
from interview_voice.core.interview import WriteFollowUp
from interview_voice.core.signals import leaks
from interview_voice.engines.base import EngineError, LanguageModel
from interview_voice.threads import start_thread

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WordedFollowUp:
    text: str  # what the interviewer will say
    source: str  # "model" or "fallback"
    raw: str  # the model's raw output (of the wording kept, or of the last one tried)
    rejected: str | None  # why the model's wording was not used (each wording's reason, "; " between)
    seconds: float
    attempts: int = 1  # wordings the model wrote (another when the checks rejected one, up to ATTEMPTS)


# A wording the checks reject is usually one bad sample, not a bad prompt: on the labelled answers
# (benchmarks/follow_up_quality.py) a second sample of the same prompt was kept in 5 of 6 such cases,
# and a prompt that told the model what was wrong in 3 of 6. Another sample reads nothing new (the
# prompt is all in the model's cache) and costs as much as the first wording's own writing. A third
# try: the model's wordings kept 39 -> 41 of 42, the share about the answer unchanged (one run, no
# deadline). The deadline still bounds them all: a try still writing then gives the prepared question.
ATTEMPTS = 3


@dataclass(frozen=True)
class _Wording:
    raw: str
    text: str | None  # kept by the checks
    rejected: str | None
    stopped: bool  # cut short: the time ran out or the wording was no longer wanted


def _word_once(
    llm: LanguageModel,
    messages: list,
    command: WriteFollowUp,
    *,
    deadline: float,
    max_tokens: int,
    cancel: threading.Event | None,
    on_piece: Callable[[], None],
) -> _Wording:
    """One wording by the model, checked. deadline: time.monotonic() past which it stops writing."""
    started = time.monotonic()
    stop_generating = threading.Event()
    pieces: list[str] = []
    failure = None
    asked = False  # the first question mark: what the interviewer says ends there
    try:
        for piece in llm.stream_chat(
            messages, stop=STOP, max_tokens=max_tokens, temperature=0.6, cancel=stop_generating
        ):
            if not pieces:
                log.debug("follow-up: first token after %.2f s", time.monotonic() - started)
            on_piece()
            pieces.append(piece)
            if "?" in piece:
                # clean_follow_up keeps up to the first question: the rest would only cost time
                asked = True
                stop_generating.set()
                break
            if time.monotonic() > deadline or (cancel is not None and cancel.is_set()):
                stop_generating.set()
                log.warning("follow-up generation stopped: past its time or no longer wanted")
                break
    except EngineError as exc:
        log.warning("the model could not write a follow-up, using a curated one: %s", exc)
        failure = f"model error: {exc}"
    raw = "".join(pieces)
    log.debug("follow-up: %d pieces in %.2f s", len(pieces), time.monotonic() - started)
    cut_short = stop_generating.is_set() and not asked
    text = clean_follow_up(raw, after_lead_in=bool(command.lead_in)) if not (cut_short or failure) else None
    rejected = failure or ("timed out" if cut_short else None)
    if text is None and rejected is None:
        rejected = "not a usable question"
    if text is not None and (leak := leaks(text, command.question, command.answer)):
        rejected, text = f"gave away the answer: {leak}", None
    if text is not None and (
        why := off_target(text, command.question, command.answer, command.target, command.lead_in)
    ):
        rejected, text = why, None
    return _Wording(raw, text, rejected, cut_short or failure is not None)


def word_follow_up(
    llm: LanguageModel,
    prompts: PromptTemplates,
    command: WriteFollowUp,
    *,
    timeout_s: float = 8.0,
    max_tokens: int = 60,
    cancel: threading.Event | None = None,
    on_piece: Callable[[], None] = lambda: None,
    on_attempt: Callable[[int], None] = lambda attempt: None,
    attempts: int = ATTEMPTS,
) -> WordedFollowUp:
    """The model's wording, checked; where the checks reject it and there is time, the model writes
    another (up to attempts in all). on_piece: called as each piece of the model's answer arrives;
    on_attempt: before each wording, with its number (1, 2, ...)."""
    started = time.monotonic()
    messages = follow_up_messages(
        prompts, command.persona, command.asked, command.answer, command.target, command.lead_in
    )
    reasons: list[str] = []
    wording = None
    for attempt in range(1, attempts + 1):
        on_attempt(attempt)
        wording = _word_once(
            llm,
            messages,
            command,
            deadline=started + timeout_s,
            max_tokens=max_tokens,
            cancel=cancel,
            on_piece=on_piece,
        )
        if wording.text is not None:
            break
        reasons.append(wording.rejected or "not a usable question")
        if wording.stopped or (cancel is not None and cancel.is_set()):
            break  # out of time, unwanted, or the model failed: another wording would fare no better
        log.info("the model's follow-up %r was rejected (%s): it words another", wording.raw, reasons[-1])
    assert wording is not None
    return WordedFollowUp(
        wording.text or command.fallback,
        "model" if wording.text else "fallback",
        wording.raw,
        "; ".join(reasons) if wording.text is None else None,
        time.monotonic() - started,
        attempt,
    )


TYPICAL_PIECES = 12  # a follow-up up to its question mark, in the model's pieces (tokens): 9-14 in traces


class FollowUpByDeadline:
    """Words a follow-up on a thread of its own, so that the conversation never waits past a
    deadline (the model may be slow to start on a busy machine): past it, the curated probe."""

    def __init__(
        self, llm: LanguageModel, prompts: PromptTemplates, command: WriteFollowUp, *, timeout_s: float, max_tokens: int
    ) -> None:
        self.command = command
        self._stop = threading.Event()
        self._done: list[WordedFollowUp] = []
        self._pieces: list[float] = []  # when each piece of the model's current wording arrived
        self._started = time.monotonic()
        self.begun_at_pause = False  # set when begun before the turn ended (runtime/early_follow_up.py)
        self.worker = start_thread(
            "follow-up",
            lambda: self._done.append(
                word_follow_up(
                    llm,
                    prompts,
                    command,
                    timeout_s=timeout_s,
                    max_tokens=max_tokens,
                    cancel=self._stop,
                    on_piece=lambda: self._pieces.append(time.monotonic()),
                    on_attempt=lambda attempt: self._pieces.clear(),  # its pace is judged afresh
                )
            ),
            native=True,
        )

    def stop(self) -> None:
        """No longer wanted: the model stops at its next word."""
        self._stop.set()

    def result_text(self) -> str | None:
        """The model's own wording once it is done and kept by the checks; else None."""
        done = list(self._done)
        return done[0].text if done and done[0].source == "model" else None

    def on_course(self, seconds_left: float) -> bool:
        """Will the model, at its pace so far, have written a typical follow-up in seconds_left?"""
        pieces = list(self._pieces)
        if not pieces:
            return False
        pace = len(pieces) / max(time.monotonic() - pieces[0], 1e-3)  # pieces a second since the first
        return len(pieces) + pace * seconds_left >= TYPICAL_PIECES

    def finished_soon(self, seconds: float) -> bool:
        """The model's wording is done and kept, or, on course to be done within seconds at its pace
        so far, is done and kept within them (waited for here)."""
        if self.result_text() is not None:
            return True
        if not self.worker.is_alive() or not self.on_course(seconds):
            return False
        self.worker.join(seconds)
        return self.result_text() is not None

    def wait(
        self,
        clock,
        deadline_ms: float,
        interrupted: Callable[[], bool],
        nearly: tuple[float, Callable[[], None]] | None = None,
        grace_ms: float = 0.0,
    ) -> WordedFollowUp | None:
        """The wording, or the curated probe at deadline_ms (on clock); None if interrupted.
        nearly: (ms before the deadline, what to do then unless the model is on course to finish
        by the deadline), e.g. voice the probe ahead: voicing it would take the cores from a
        model about to finish, and a model that is not would leave the probe to be voiced late.
        grace_ms: how much longer the model may have, once, when at the deadline its pace so far
        says it will finish within it (the acknowledgement has filled part of the silence)."""
        while self.worker.is_alive() and not interrupted():
            if clock() >= deadline_ms:
                if grace_ms <= 0 or not self.on_course(grace_ms / 1000):
                    break
                deadline_ms, grace_ms = deadline_ms + grace_ms, 0.0
                log.debug("the model is about to finish its follow-up: %.0f ms more", grace_ms)
            if nearly is not None and clock() >= deadline_ms - nearly[0]:
                (ahead_ms, act), nearly = nearly, None
                if not self.on_course(ahead_ms / 1000):
                    act()
            self.worker.join(0.01)
        if self.worker.is_alive():
            self._stop.set()  # the model stops at its next word
        if interrupted():
            return None
        if self._done:
            return self._done[0]
        log.info("the follow-up was not worded by its deadline: the curated probe is used")
        return WordedFollowUp(
            self.command.fallback, "fallback", "", "past the deadline", time.monotonic() - self._started
        )
