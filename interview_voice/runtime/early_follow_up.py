"""The follow-up started at a pause that sounds like the end of the answer, before the turn ends.

The endpointer waits out a silence before it gives the interviewer the floor, and on a busy
laptop the model needs most of the seconds after that to word its question. So as soon as
the words up to a pause sound finished, the runner asks the interview what it would do if
the answer ended there; if that is a follow-up, the model starts wording it at once (what
voice-agent frameworks call preemptive generation). When the turn does end with the same
words, the wording already under way is used; when the candidate goes on, or the answer
ends with other words, it is dropped and the model is free again.
"""

from __future__ import annotations

import logging
from difflib import SequenceMatcher

from interview_voice.core.follow_up_prompt import PromptTemplates
from interview_voice.core.interview import WriteFollowUp
from interview_voice.core.plan import Persona
from interview_voice.core.text import normalize_words
from interview_voice.runtime.engines import Engines
from interview_voice.runtime.follow_up import FollowUpByDeadline

log = logging.getLogger(__name__)


SAME_WORDS = 0.8  # of the longer transcript's words, in order, for the answer to be the one worded for
ADDED_WORDS_MAX = 3  # more words than this at the end of the turn: something was said after the pause


def _key(command: WriteFollowUp) -> tuple:
    """What makes it the same follow-up, but for the answer's exact words."""
    return command.question.id, command.asked, command.target, command.persona.name


def same_answer(at_pause: str, at_end: str) -> bool:
    """The answer at the end of the turn is the one the follow-up was worded for: the words up to
    the pause transcribed again (the final pass hears "base on" where the live one heard "based
    on"), with nothing said after them."""
    before, after = normalize_words(at_pause), normalize_words(at_end)
    if not before or not after:
        return before == after
    matched = sum(block.size for block in SequenceMatcher(None, before, after, autojunk=False).get_matching_blocks())
    return matched >= SAME_WORDS * max(len(before), len(after)) and len(after) - len(before) <= ADDED_WORDS_MAX


class EarlyFollowUp:
    """At most one follow-up worded ahead of the end of the turn (runner's thread only)."""

    def __init__(self, engines: Engines, prompts: PromptTemplates, *, timeout_s: float, max_tokens: int) -> None:
        self._engines, self._prompts = engines, prompts  # the model is looked up per follow-up: tests swap it
        self._timeout_s, self._max_tokens = timeout_s, max_tokens
        self._key: tuple | None = None
        self._answer = ""  # the words the wording under way was started for
        self._wording: FollowUpByDeadline | None = None
        self._persona: Persona | None = None
        self.started = self.used = self.dropped = 0

    def start(self, command: WriteFollowUp) -> FollowUpByDeadline | None:
        """Word this follow-up now (dropping any other under way); None if it is already."""
        if self._key == _key(command) and self._answer == command.answer:
            return None
        self.drop()
        self._key, self._answer = _key(command), command.answer
        self._wording = FollowUpByDeadline(
            self._engines.llm, self._prompts, command, timeout_s=self._timeout_s, max_tokens=self._max_tokens
        )
        self._wording.begun_at_pause = True
        self._persona = command.persona
        self.started += 1
        log.debug("follow-up started early, at a pause after %d characters of the answer", len(command.answer))
        return self._wording

    def drop(self) -> None:
        """The candidate went on (or the answer ended otherwise): stop the model at its next word."""
        if self._wording is not None:
            self._wording.stop()
            self.dropped += 1
        self._key, self._wording = None, None

    def take(self, command: WriteFollowUp) -> FollowUpByDeadline | None:
        """The wording under way for this follow-up, to the same answer transcribed again (it then
        belongs to the caller); else None, and whatever was under way is dropped."""
        if self._wording is not None and self._key == _key(command) and same_answer(self._answer, command.answer):
            wording, self._key, self._wording = self._wording, None, None
            self.used += 1
            return wording
        self.drop()
        return None

    def ready(self, command: WriteFollowUp) -> bool:
        """The model has finished this follow-up, for this answer, and the checks kept it: the
        interviewer can ask it at once, with no acknowledgement to fill the wait."""
        return (
            self._wording is not None
            and self._key == _key(command)
            and same_answer(self._answer, command.answer)
            and self._wording.result_text() is not None
        )

    @property
    def pending(self) -> bool:
        return self._wording is not None

    def worded(self) -> tuple[str, Persona] | None:
        """The finished wording and who will say it, once the model is done (to voice it ahead)."""
        text = self._wording.result_text() if self._wording is not None else None
        return (text, self._persona) if text and self._persona is not None else None
