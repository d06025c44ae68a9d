"""Has the candidate finished, or are they thinking? Judged from the words up to a pause.

People announce more before they pause to think ("Let me think about how to explain
it.", "There are three reasons.", "First, ..."), and a pause after such words is not
the end of the answer however finished the sentence sounds. Pure text logic: the
endpointer turns the judgement into how long a silence it waits for.
"""

from __future__ import annotations

import enum
import re

from interview_voice.core.text import continues, normalize_words, sounds_finished, split_sentences


class Completion(str, enum.Enum):
    FINISHED = "finished"  # a finished thought: a short silence ends the turn
    UNKNOWN = "unknown"  # the words are not known yet
    HANGING = "hanging"  # stopped mid-thought ("and", "um", no full stop)
    MORE_COMING = "more_coming"  # announced more: a thinking pause, a list in progress, only a preamble


# Phrases that say the speaker is about to go on (matched on the last sentence's normalized words).
_ANNOUNCES = [
    re.compile(p)
    for p in (
        r"\blet me (think|see|explain|recall|remember|start|walk|break|put|try|give|describe|back up|rephrase)\b",
        r"\b(give|bear with) me (a |one )?(second|sec|moment|minute)\b",
        r"\bhow (to|do i|would i|can i|should i) (explain|put|say|describe|phrase)\b",
        r"\b(i'm|i am) (just )?(trying to|going to|gonna) (think|remember|recall|explain|describe|find)\b",
        r"\b(i'll|i will|i'd|i would|i want to|i'd like to|let's) (explain|describe|start with|begin with|walk you"
        r"|break it|go through|talk about|give (you )?(an|a few|some|two|three))( it| this| that| you| through| down"
        r"| example| examples)?$",
        r"\bwhat (was|is) (it|the word|the name|that called)\b",
        r"\b(the|my|our) (main |first |short |key |best )?(answer|reason|point|idea|approach|plan|way|thing|step|one)"
        r" (is|was|would be)$",
        r"\b(here's|here is) (how|what|the|why|my)\b",
        r"\bfor (example|instance)$",
        # "the reason is", "such as": but "than he was", "that's what it is" are finished
        r"\b(?<!\bi )(?<!\byou )(?<!\bhe )(?<!\bshe )(?<!\bit )(?<!\bwe )(?<!\bthey )(?<!\bthere )(?<!\bthat )"
        r"(?<!\bthis )(?<!\bwho )(?<!\bwhat )(?<!\bwhere )(is|are|was|were|be)$",
        r"\b(like|such as|namely|including)$",
    )
]
_NUMBERS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "couple": 2,
    "few": 3,
    "several": 3,
    "2": 2,
    "3": 3,
    "4": 4,
    "5": 5,
}
_NOUNS = (
    r"(?:reasons|things|ways|steps|parts|points|options|problems|issues|approaches|ideas|factors|stages|"
    r"lessons|changes|metrics|cases|aspects|sides|components|pieces|risks|questions|of them)"
)
# "there are three reasons", "I see two options": an announced count, at the end of a sentence
_COUNT = re.compile(r"\b(two|three|four|five|couple|few|several|2|3|4|5)(?: of)?(?: \w+)? " + _NOUNS + r"$")
_ORDINAL = {"first": 1, "firstly": 1, "second": 2, "secondly": 2, "third": 3, "thirdly": 3, "fourth": 4, "fifth": 5}
_GOES_ON = {
    "second",
    "secondly",
    "then",
    "next",
    "also",
    "finally",
    "lastly",
    "another",
    "third",
    "after",
    "afterwards",
    "and",
}
_FILLERS = {"um", "uh", "erm", "er", "hmm", "mm", "ah", "uhm", "umm", "uhh", "hm"}
# A first answer this short that only restates the question or stalls is a preamble.
_PREAMBLE = [
    re.compile(p)
    for p in (
        r"\b(good|great|interesting|tough|hard|fair|tricky) question\b",
        r"\bthat's a (good|great|tough|hard|interesting|tricky|big) (one|question)\b",
        r"\b(the question is|you're asking|you want to know|if i understand)\b",
        r"\bhow would i\b|\bwhat would i do\b|\bwhere do i (start|begin)\b|\bwhere to (start|begin)\b",
        r"\bi (need|have) to think\b|\bi'm thinking\b|\blet me\b",
    )
]
PREAMBLE_WORDS = 12
_MINOR = {
    "what",
    "which",
    "when",
    "where",
    "would",
    "could",
    "should",
    "about",
    "that",
    "this",
    "there",
    "with",
    "your",
    "have",
    "from",
    "they",
    "them",
    "then",
    "than",
    "were",
    "will",
    "does",
    "into",
    "some",
}


def _restates(words: list[str], asked: str) -> bool:
    """A short answer whose content words mostly come from the question: it is being restated."""
    content = [w for w in words if len(w) > 3 and w not in _MINOR]
    asked_words = set(normalize_words(asked))
    return len(content) >= 2 and sum(w in asked_words for w in content) >= 0.6 * len(content)


def _list_in_progress(clauses: list[list[str]]) -> bool:
    """A list was announced or started ("There are three reasons.", "First, ...") and not carried
    to its end ("second", "then", "finally", or as many items as announced). Works on clauses:
    Whisper puts a full stop or a comma after "reasons" as it pleases."""
    counted, started_at = 0, None
    for i, words in enumerate(clauses):
        match = _COUNT.search(" ".join(words))
        if match and started_at is None:
            counted, started_at = _NUMBERS[match.group(1)], i
        elif words and (words[0] in ("first", "firstly") or words[:3] == ["the", "first", "one"]):
            started_at = i if started_at is None else started_at
    if started_at is None:
        return False
    if started_at == len(clauses) - 1 and counted:
        return True  # the count was the last thing said: the items are to come
    later = clauses[started_at][1:] + [w for words in clauses[started_at + 1 :] for w in words]
    if {"finally", "lastly"} & set(later):
        return False
    ordinals = [_ORDINAL[w] for w in later if w in _ORDINAL]
    if counted:  # "three reasons": as many items as that, or items given in one breath
        return bool(ordinals) and max(ordinals) < counted
    return max(ordinals, default=1) < 2 and not _GOES_ON & set(later)


def judge_pause(text: str | None, *, first_turn_of_question: bool = True, asked: str = "") -> Completion:
    """What the words said up to a pause tell about whether the answer is over (asked: the
    question, to notice an answer that only restates it)."""
    if text is None:
        return Completion.UNKNOWN
    # Dots Whisper adds after a full stop (". ...", ". .") are the silence, not a trailing-off.
    text = re.sub(r"(?<=[.?!])(\s+[.…]+)+\s*$", "", text.strip())
    words = normalize_words(text)
    if not words:
        return Completion.UNKNOWN
    if words[-1] in _FILLERS or continues(text):  # "... and", "... um": more is on its way
        return Completion.MORE_COMING
    sentences = [normalize_words(s) for s in split_sentences(text)]
    last = " ".join(sentences[-1]) if sentences else ""
    if text.rstrip().endswith((":", ",", "...", "…")) or any(p.search(last) for p in _ANNOUNCES):
        return Completion.MORE_COMING
    clauses = [normalize_words(c) for c in re.split(r"[.?!,;:]+", text)]
    if _list_in_progress([c for c in clauses if c]):
        return Completion.MORE_COMING
    if first_turn_of_question and len(words) <= PREAMBLE_WORDS:
        joined = " ".join(words)
        if any(p.search(joined) for p in _PREAMBLE) or _restates(words, asked):
            return Completion.MORE_COMING
    return Completion.FINISHED if sounds_finished(text) else Completion.HANGING


# A presenter closing the talk: "That's all from me.", "Thank you for listening.", "Happy to take questions."
_CONCLUDES = re.compile(
    r"\b(that's (all|it|everything)( from me| for me| i have)?|that is (all|it)|thank you( all| very much| so much)?"
    r"( for (listening|your time|your attention|having me))?|thanks( for (listening|your time))?"
    r"|(happy|glad|open|ready) to (take|answer|hear) (any |your )?questions|(any|are there any) questions"
    r"|(that|which) (concludes|wraps up|ends) (my|the|this) (talk|presentation)|i'm (done|finished)"
    r"|over to you|questions (are )?welcome)$"
)


def talk_concluded(text: str) -> bool:
    """Did a presenter just close their talk? Judged on the last sentence said: a closing phrase
    at its end (the word "questions" mid-talk, or "thank you" before going on, is not the end)."""
    sentences = [" ".join(normalize_words(s)) for s in split_sentences(text.strip())]
    sentences = [s for s in sentences if s]
    return bool(sentences) and bool(_CONCLUDES.search(sentences[-1]))
