"""How the answer was spoken: pace, fillers, long pauses, hedges, talk time.

All from word timings (seconds from the start of the answer audio).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from interview_voice.core.feedback.tokens import Token

# Conversational pace: speech-coaching apps target roughly 120-160 words per
# minute (Orai starts at 120-145; others use 130-170 or 140-160), and
# conversational English is commonly measured at 120-160 wpm (Yuan et al.,
# "Towards an integrated understanding of speaking rate in conversation",
# Interspeech 2006). A band to show, not a verdict.
PACE_BAND = (120, 160)
LONG_PAUSE_S = 2.0
MIN_RATE_S = 5.0  # a rate (words or fillers a minute) from less talk than this is not given: a
# 3 s answer with one "uh" is not "20 fillers a minute"
ISOLATING_PAUSE_S = 0.5  # a gap this long before and after "like" / "so" sets it apart
MERGE_WINDOW_S = 0.5  # an audio-detected filler this close to a known one is the same filler
STACKED_S = 0.15  # fillers written this close together are one: nobody says "uh" faster

_FILLERS = {
    "um": "um",
    "umm": "um",
    "ummm": "um",
    "uhm": "um",
    "mm": "um",
    "uh": "uh",
    "uhh": "uh",
    "er": "er",
    "erm": "er",
    "err": "er",
    "ah": "uh",
    "hmm": "hmm",
    "hm": "hmm",
    "hmmm": "hmm",
}
_ISOLATED_FILLERS = ("like", "so")
_HEDGES = (
    ("i", "think"),
    ("i", "guess"),
    ("i", "believe"),
    ("i", "suppose"),
    ("i", "feel", "like"),
    ("maybe",),
    ("perhaps",),
    ("probably",),
    ("kind", "of"),
    ("sort", "of"),
    ("somewhat",),
    ("more", "or", "less"),
    ("i'm", "not", "sure"),
    ("not", "sure"),
    ("might",),
    ("possibly",),
)


@dataclass(frozen=True)
class Filler:
    word: str
    at_s: float
    token: int | None = None  # None: detected from the audio, not in the transcript


@dataclass(frozen=True)
class Pause:
    at_s: float
    seconds: float
    after: str  # the word before the pause


def normal_filler(norm: str) -> str | None:
    return _FILLERS.get(norm)


def _isolated(tokens: Sequence[Token], first: int, last: int) -> bool:
    """Set apart on both sides by a comma, a sentence end, a pause, or the answer's start or end."""
    before = (
        first == 0
        or tokens[first - 1].comma_after
        or tokens[first - 1].stop_after
        or (tokens[first].start - tokens[first - 1].end >= ISOLATING_PAUSE_S)
    )
    after = (
        last == len(tokens) - 1
        or tokens[last].comma_after
        or tokens[last].stop_after
        or (tokens[last + 1].start - tokens[last].end >= ISOLATING_PAUSE_S)
    )
    return before and after


def find_fillers(tokens: Sequence[Token]) -> tuple[list[Filler], set[int]]:
    """Fillers in the transcript, and the token indexes they use (left out of word counts)."""
    found: list[Filler] = []
    used: set[int] = set()
    for i, token in enumerate(tokens):
        if i in used:
            continue
        if (name := normal_filler(token.norm)) is not None:
            # Whisper sometimes writes "uh uh uh" with all the words at one instant: one filler said
            if not any(f.token is not None and 0 <= token.start - f.at_s < STACKED_S for f in found[-1:]):
                found.append(Filler(name, token.start, i))
            used.add(i)
        elif token.norm in _ISOLATED_FILLERS and _isolated(tokens, i, i):
            found.append(Filler(token.norm, token.start, i))
            used.add(i)
        elif (
            token.norm == "you" and i + 1 < len(tokens) and tokens[i + 1].norm == "know" and _isolated(tokens, i, i + 1)
        ):
            found.append(Filler("you know", token.start, i))
            used.update((i, i + 1))
    return found, used


def merge_fillers(found: list[Filler], extra: Sequence[dict]) -> list[Filler]:
    """Add fillers detected from the audio ([{"word", "at_s"}]) that the transcript does not already hold."""
    merged = list(found)
    for item in extra:
        word = normal_filler(str(item.get("word", "")).lower().strip(" .,")) or str(item.get("word", "um")).lower()
        at_s = float(item["at_s"])
        if all(abs(f.at_s - at_s) >= MERGE_WINDOW_S for f in merged):
            merged.append(Filler(word, at_s))
    return sorted(merged, key=lambda f: f.at_s)


def long_pauses(tokens: Sequence[Token], words_text: Sequence[str]) -> list[Pause]:
    pauses = []
    for prev, nxt in zip(tokens, tokens[1:]):
        gap = nxt.start - prev.end
        if gap >= LONG_PAUSE_S and nxt.word != prev.word:
            pauses.append(Pause(round(prev.end, 2), round(gap, 2), words_text[prev.word].strip()))
    return pauses


def find_hedges(tokens: Sequence[Token]) -> list[tuple[str, float]]:
    hedges: list[tuple[str, float]] = []
    norms = [t.norm for t in tokens]
    i = 0
    while i < len(norms):
        for phrase in _HEDGES:
            if tuple(norms[i : i + len(phrase)]) == phrase:
                hedges.append((" ".join(phrase), tokens[i].start))
                i += len(phrase) - 1
                break
        i += 1
    return hedges


def talk_time(tokens: Sequence[Token]) -> float:
    return max(0.0, tokens[-1].end - tokens[0].start) if tokens else 0.0


def words_per_minute(spoken_words: int, seconds: float) -> float | None:
    """None when there is too little to measure (under 2 words or under MIN_RATE_S of talk)."""
    if spoken_words < 2 or seconds < MIN_RATE_S:
        return None
    return spoken_words / (seconds / 60.0)


def pace_label(wpm: float | None) -> str | None:
    if wpm is None:
        return None
    low, high = PACE_BAND
    return "slow" if wpm < low else "fast" if wpm > high else "in_band"
