"""The interviewer's words on the session timeline, for the replay's highlight.

Speech recognition times the candidate's words; the interviewer's come from text-to-speech, which
gives no word times. The runner stores when each sentence was heard (acknowledgements included),
and a voice speaks at an even pace, so each sentence's words are spread over its time by length.
Sessions recorded before sentence times were kept spread the turn's text over the whole turn.
"""

from __future__ import annotations

from interview_voice.storage.views import TurnView, WordView


def _spread(start: float, end: float, text: str) -> list[WordView]:
    tokens = text.split()
    weights = [len(t) + 1 for t in tokens]  # +1: the gap after each word
    total = sum(weights) or 1
    words, at = [], start
    for token, weight in zip(tokens, weights):
        length = (end - start) * weight / total
        words.append(WordView(token, at, at + length, 1.0))
        at += length
    return words


def interviewer_words(turn: TurnView) -> tuple[WordView, ...]:
    """Each word of what the interviewer said in this turn, with estimated start and end in seconds."""
    start = turn.timings.get("audio_start_s", turn.started_ms / 1000)
    sentences = [s for s in turn.timings.get("sentences") or [] if isinstance(s, list) and len(s) == 3]
    if sentences:
        shift = start - sentences[0][0] / 1000  # the first sentence starts where its audio is on the track
        spans = [(a / 1000 + shift, max(b, a) / 1000 + shift, str(text)) for a, b, text in sentences]
    else:
        end = max((turn.ended_ms or turn.started_ms) / 1000, start)
        spans = [(start, end, " ".join(t for t in (turn.follow_up.get("ack_text"), turn.text) if t))]
    return tuple(w for a, b, text in spans for w in _spread(a, b, text))
