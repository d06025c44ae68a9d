"""When the interviewer speaks, and when it gives the floor back: the turn-taking rules in one file.

- An answer ends at a silence whose length depends on the words so far (core.endpointing, with
  core.turn_end judging them). A presentation holds the floor: `presentation_endpointing` waits longer.
- The interviewer cuts in on an answer that runs past its budget by CUT_IN_GRACE (core.panel words
  it); in a panel presentation, after INTERJECT_AFTER_S, a panelist may jump in at a pause of at least
  INTERJECT_PAUSE_MS (`may_interject`) when the words before it make a claim (core.panel.interjection).
- While a follow-up is being worded, an acknowledgement fills the silence (`acknowledgement`).
- An answer that ended at a silence may not be over: the microphone listens on through the
  interviewer's next line, and speech before it begins continues the answer (`answer_may_go_on`).
- With a headset the candidate may talk over the lines they are meant to answer (`can_talk_over`);
  speech within YIELD_WITHIN_MS of such a line, right after an answer that ended at a silence, means
  the answer was not over: the interviewer yields and the answer goes on (`candidate_went_on`).
"""

from __future__ import annotations

from dataclasses import replace

from interview_voice.core.commands import TurnKind
from interview_voice.core.endpointing import EndpointSettings, EndReason

CUT_IN_GRACE = 1.25  # candidates may run 25 % past the budget before anyone cuts in
INTERJECT_AFTER_S = 45  # a presenter gets this long before anyone jumps in
INTERJECT_PAUSE_MS = 700  # ... and only at a pause at least this long
YIELD_WITHIN_MS = 1500  # headset: speech this soon into the line after an answer continues that answer
ACKNOWLEDGEMENTS = ("Okay.", "Right.", "I see.", "Thanks.")

# The lines a candidate answers: with a headset, speaking over one of them stops it.
_TALKED_OVER = frozenset(
    {TurnKind.QUESTION, TurnKind.PHASE, TurnKind.FOLLOW_UP, TurnKind.REDIRECT, TurnKind.INTERJECTION, TurnKind.REPEAT}
)


TALK_PAUSE_MS = 8000  # a presenter silent this long, with no word that the talk is over, gets a check-in
TALK_DONE_MS = 1500  # ... a pause this long after they said it is over ("that's all, thank you") ends it
TALK_CHECK_IN = "Take your time. Carry on when you're ready, or tell us when you've finished."


def presentation_endpointing(s: EndpointSettings) -> EndpointSettings:
    """Presenting: pauses between points (up to 6 s and more) are not the end of the talk. Only
    words that close it (core.turn_end.talk_concluded, judged as FINISHED) end it at a short pause."""
    return replace(
        s,
        finished_silence_ms=max(s.finished_silence_ms, TALK_DONE_MS),
        undecided_silence_ms=max(s.undecided_silence_ms, TALK_PAUSE_MS),
        thinking_grace_ms=max(s.thinking_grace_ms, TALK_PAUSE_MS),
        more_coming_ms=max(s.more_coming_ms, TALK_PAUSE_MS),
    )


def may_interject(silence_ms: float, pause_at_ms: float | None, last_considered_ms: float | None) -> bool:
    """Is this pause (ending the speech at pause_at_ms) long enough, and new, for a panelist to
    consider jumping in? Each pause is considered once."""
    return pause_at_ms is not None and silence_ms >= INTERJECT_PAUSE_MS and pause_at_ms != last_considered_ms


def answer_may_go_on(end_reason: str | None) -> bool:
    """Only a silence leaves the answer open: "I'm done", a cut-in or the time budget close it."""
    return end_reason == EndReason.SILENCE.value


def acknowledgement(given: int) -> str:
    """The short word said while the follow-up is worded, varied from one to the next."""
    return ACKNOWLEDGEMENTS[given % len(ACKNOWLEDGEMENTS)]


def can_talk_over(kind: TurnKind, headset: bool) -> bool:
    """May the candidate's speech stop this line? Only with a headset (speakers would be heard back)."""
    return headset and kind in _TALKED_OVER


def candidate_went_on(
    onset_ms: float | None, line_audio_ms: float | None, *, follows_answer: bool, answer_ended_at_silence: bool
) -> bool:
    """Was speech over the interviewer the candidate still answering? It came within the first
    moments of the line spoken right after an answer that ended at a silence."""
    return (
        answer_ended_at_silence
        and follows_answer
        and onset_ms is not None
        and line_audio_ms is not None
        and onset_ms - line_audio_ms <= YIELD_WITHIN_MS
    )
