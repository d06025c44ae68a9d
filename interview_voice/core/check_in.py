"""Hearing the question again, and a long silence: what the interviewer says and when.

A candidate may ask for the question again (a key, a button, or aloud: "could you repeat
that?"); the interviewer says it again in the same voice and listens afresh. A candidate
who stays silent is left to think until NUDGE_AFTER_S (core.endpointing), then the
interviewer checks in once and waits SKIP_AFTER_NUDGE_S more before moving on.
"""

from __future__ import annotations

import re
from dataclasses import replace

from interview_voice.core.commands import Speak, TurnKind
from interview_voice.core.endpointing import EndpointSettings

NUDGE_LINE = "Take your time. Say 'repeat' or press R to hear the question again."
REPEAT_OPENER = "Of course."
SKIP_AFTER_NUDGE_S = 15.0  # silence after the check-in before the interviewer moves on

# The lines a candidate answers, and so may ask to hear again.
ANSWERED_KINDS = frozenset(
    {TurnKind.QUESTION, TurnKind.PHASE, TurnKind.FOLLOW_UP, TurnKind.REDIRECT, TurnKind.CUT_IN, TurnKind.INTERJECTION}
)

_POLITE = r"(?:(?:sorry|um+|uh+|er+|so|okay|ok|excuse me|please|yes|yeah|hmm+),?\s*)*"
_ASK = r"(?:(?:could|can|would|will) you (?:please )?|please |)"
_AGAIN = (
    r"(?:repeat(?: (?:the|that|your|this) question| that| it| please| again)*"
    r"|say (?:that|it|the question) again|ask (?:that|it|the question) again"
    r"|read (?:that|it|the question) again|come again|pardon(?: me)?|one more time|what was the question)"
)
_REQUEST = re.compile(rf"^{_POLITE}{_ASK}{_AGAIN}(?: (?:please|for me|once more))*$")


def asks_to_repeat(text: str) -> bool:
    """Is this whole answer a request to hear the question again? ("Repeat.", "Sorry, could you
    say that again?") An answer that only uses the word ("we repeat the test") is not."""
    said = re.sub(r"[^a-z' ]+", " ", text.lower()).split()
    return 0 < len(said) <= 12 and bool(_REQUEST.match(" ".join(said)))


def repeat_line(asked: Speak) -> Speak:
    """The question (or follow-up) said again by whoever asked it."""
    return Speak(f"{REPEAT_OPENER} {asked.text}", TurnKind.REPEAT, asked.persona, asked.question_id, "repeat")


def nudge_line(asked: Speak) -> Speak:
    return Speak(NUDGE_LINE, TurnKind.NUDGE, asked.persona, asked.question_id, "nudge")


def after_nudge(settings: EndpointSettings) -> EndpointSettings:
    """Listening after the check-in: no second check-in; moving on after SKIP_AFTER_NUDGE_S."""
    return replace(settings, nudge_after_s=None, no_speech_timeout_s=SKIP_AFTER_NUDGE_S)
