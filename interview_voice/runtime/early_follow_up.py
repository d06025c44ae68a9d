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

from interview_voice.core.follow_up_prompt import PromptTemplates
from interview_voice.core.interview import WriteFollowUp
from interview_voice.core.plan import Persona
from interview_voice.runtime.engines import Engines
from interview_voice.runtime.follow_up import FollowUpByDeadline

log = logging.getLogger(__name__)


def _key(command: WriteFollowUp) -> tuple:
    return command.question.id, command.asked, command.answer, command.target, command.persona.name


class EarlyFollowUp:
    """At most one follow-up worded ahead of the end of the turn (runner's thread only)."""

    def __init__(self, engines: Engines, prompts: PromptTemplates, *, timeout_s: float, max_tokens: int) -> None:
        self._engines, self._prompts = engines, prompts  # the model is looked up per follow-up: tests swap it
        self._timeout_s, self._max_tokens = timeout_s, max_tokens
        self._key: tuple | None = None
        self._wording: FollowUpByDeadline | None = None
        self._persona: Persona | None = None
        self.started = self.used = self.dropped = 0

    def start(self, command: WriteFollowUp) -> FollowUpByDeadline | None:
        """Word this follow-up now (dropping any other under way); None if it is already."""
        if self._key == _key(command):
            return None
        self.drop()
        self._key = _key(command)
        self._wording = FollowUpByDeadline(self._engines.llm, self._prompts, command, timeout_s=self._timeout_s,
                                           max_tokens=self._max_tokens)
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
        """The wording under way for exactly this follow-up (it then belongs to the caller); else
        None, and whatever was under way is dropped."""
        if self._wording is not None and self._key == _key(command):
            wording, self._key, self._wording = self._wording, None, None
            self.used += 1
            return wording
        self.drop()
        return None

    @property
    def pending(self) -> bool:
        return self._wording is not None

    def worded(self) -> tuple[str, Persona] | None:
        """The finished wording and who will say it, once the model is done (to voice it ahead)."""
        text = self._wording.result_text() if self._wording is not None else None
        return (text, self._persona) if text and self._persona is not None else None
