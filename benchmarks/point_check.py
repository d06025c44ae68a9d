"""Asking the interviewer model whether an answer makes a rubric point, for the points the terms cannot
decide (benchmarks/evidence_model_bench.py measures it; not in the app: it measured worse than the terms
alone on the tuned sets, see that benchmark).

The terms decide most points: all of a point's concepts heard is "covered", none is "missed". A point
with only some concepts heard is "partial": a paraphrase that names one concept in its own words, or a
near-miss that shares a word but not the meaning. Only those are asked about. The answer comes first in
the prompt and the point last, so the model reads each answer once for all its points (llama.cpp keeps
the common prefix).
"""

from __future__ import annotations

from interview_voice.core.types import ChatMessage

SYSTEM = (
    "You check interview answers. Reply with one word: yes or no. Say yes only if the answer itself "
    "clearly states the point as something the candidate did, said or knows; a point the answer denies "
    "(did not, never, no) or only touches with the same words about something else is no."
)


def messages(answer: str, point: str) -> list[ChatMessage]:
    """The question put to the model for one point of one answer."""
    return [
        ChatMessage("system", SYSTEM),
        ChatMessage("user", f"Answer:\n{' '.join(answer.split())}\n\nPoint: {point}\nDoes the answer make this point?"),
    ]


def verdict(raw: str) -> bool | None:
    """yes -> True, no -> False, anything else -> None (the terms' own status stands)."""
    word = raw.strip().strip(".!,'\"*").lower().split()
    if not word:
        return None
    return True if word[0].startswith("yes") else False if word[0].startswith("no") else None
