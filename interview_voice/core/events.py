"""What happened in a session, in words for people: who was cut off, why an answer ended, what went wrong.

The runner records events as data ("endpoint", reason "silence", speech_s 30.3); the replay, the
timeline and the export say them with these functions. Which events deserve a mark on the
timeline is decided here too: an answer that ended normally (a pause, the I'm done key) is not one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

# How an answer (candidate turn) ended, said after "Answer N ended ..."
ANSWER_ENDS = {
    "silence": "after a pause",
    "user": "when you pressed I'm done",
    "typed": "when you sent your typed answer",
    "repeat": "when you asked to hear the question again",
    "nudged": "in silence, and the interviewer checked in",
    "no_speech": "with nothing heard, so the interview moved on",
    "time_budget": "at the time limit for one answer",
    "cut_in": "when the interviewer cut in",
    "cancelled": "when you ended the interview",
    "device_lost": "when the microphone stopped working",
    "crash": "when the app stopped (recovered at the next start)",
    "closed": "when you closed the window (its words taken from the recording at the next start)",
}
NORMAL_ANSWER_ENDS = frozenset({"silence", "user", "typed", "repeat"})  # no mark on the timeline for these
# A turn was cut off by someone (or something), not ended by its speaker.
CUT_OFF = {
    "candidate": frozenset({"cut_in", "crash", "closed"}),
    "interviewer": frozenset({"barge_in", "yielded", "crash", "closed"}),
}


def was_cut_off(speaker: str, end_reason: str | None) -> bool:
    """True when the turn was interrupted: the interviewer cut in on an answer, the candidate spoke over
    the interviewer, or a crash cut it short. Ending one's own answer (I'm done, a pause) is not."""
    return end_reason in CUT_OFF.get(speaker, frozenset())


CUT_OFF_LABELS = {
    "cut_in": "interrupted by the interviewer",
    "barge_in": "interrupted: you spoke over it",
    "yielded": "stopped: you went on with your answer",
    "crash": "cut off: the app stopped",
    "closed": "cut off: the window was closed",
}


# The turn's signals say how the text of an answer a crash cut off was found again:
# "transcribed" from its recording at the next start, or "silent" / "no_audio" when there was nothing to hear.
FROM_AUDIO = "from_audio"


def cut_off_label(speaker: str, end_reason: str | None, signals: Mapping | None = None) -> str:
    """ "interrupted by the interviewer" and the like; "" for a turn nobody cut off."""
    if not was_cut_off(speaker, end_reason):
        return ""
    label = CUT_OFF_LABELS.get(end_reason or "", "interrupted")
    if (signals or {}).get(FROM_AUDIO) == "transcribed":
        label += "; its words were transcribed from the recording"
    return label


def is_notable(event_type: str, data: Mapping) -> bool:
    """Worth a mark on the timeline: interruptions and things that went differently, not routine ends."""
    if event_type == "endpoint":  # a cut-in has its own event: one mark for it, not two
        return data.get("reason") not in NORMAL_ANSWER_ENDS | {"cut_in"}
    return event_type not in _ROUTINE


_ROUTINE = frozenset({"early_follow_up", "pace"})  # kept for the record (and the export), no mark on the timeline
_JUDGED = {
    "finished": "your words sounded finished",
    "hanging": "you had stopped mid-sentence",
    "more_coming": "your words said more was coming",
    "unknown": "your words were not transcribed yet",
}


def answer_numbers(turns: Sequence[tuple[int, str]]) -> dict[int, int]:
    """{turn index: answer number from 1} for the candidate's turns, from (index, speaker) pairs."""
    numbers: dict[int, int] = {}
    for index, speaker in sorted(turns):
        if speaker == "candidate":
            numbers[index] = len(numbers) + 1
    return numbers


def _seconds(value) -> str:
    """ "12 s"; "" when unknown or under a second (a typed answer, a quick "repeat that")."""
    try:
        return f"{float(value):.0f} s" if float(value) >= 1 else ""
    except (TypeError, ValueError):
        return ""


def learned_pauses(data: Mapping) -> str:
    """What the interviewer learned of the candidate's pauses in a session (its "pace" event)."""
    parts = [
        f"up to {data[key] / 1000:.1f} s {where}"
        for key, where in (
            ("between_sentences_ms", "between sentences"),
            ("mid_sentence_ms", "in the middle of a sentence"),
        )
        if isinstance(data.get(key), (int, float))
    ]
    if not parts:
        return ""
    return f"You paused {' and '.join(parts)} and went on."


def describe_event(event_type: str, data: Mapping, answers: Mapping[int, int] | None = None) -> str:
    """One sentence for people. answers: {turn index: answer number} to say "answer 2" for a turn."""
    answers = answers or {}
    turn = data.get("turn")
    answer = f"answer {answers[turn]}" if isinstance(turn, int) and turn in answers else "the answer"
    if event_type == "endpoint":
        reason = data.get("reason")
        if reason == "no_speech":
            return f"Nothing was heard for {answer}, so the interview moved on."
        how = ANSWER_ENDS.get(reason or "", "")
        spoke = _seconds(data.get("speech_s"))
        text = f"{answer.capitalize()} ended {how}".rstrip() if how else f"{answer.capitalize()} ended"
        if data.get("words") in _JUDGED and isinstance(data.get("waited_ms"), (int, float)):
            learned = f", after your pauses of up to {data['pace_ms'] / 1000:.1f} s" if data.get("pace_ms") else ""
            text += f": the interviewer waited {data['waited_ms'] / 1000:.1f} s because {_JUDGED[data['words']]}"
            text += learned
        return text + (f" ({spoke} of speech)." if spoke else ".")
    if event_type == "pace":
        return learned_pauses(data) or "No pause you went on after was long enough to learn from."
    if event_type == "no_follow_up":
        left = _seconds(data.get("left_s"))
        when = f" ({left} of the plan left)" if left else ""
        return (
            f"There was no follow-up on {answer}: the interview was too close to its end{when}, "
            "so the interviewer moved on."
        )
    if event_type == "early_follow_up":
        return f"The interviewer began wording its follow-up at a pause in {answer}."
    if event_type == "kept_after_answer":
        return f"What you said over the interviewer after {answer} was kept with it."
    if event_type == "cut_in":
        who = data.get("persona") or "The interviewer"
        why = {
            "time_budget": " because it ran well past its time",
            "word_budget": " because it ran long",
            "probe_claim": " to ask about a claim",
        }.get(str(data.get("reason") or ""), "")
        return f"{who} cut in on {answer}{why}."
    if event_type == "barge_in":
        if data.get("yielded"):
            return "You went on with your answer while the interviewer started to speak; the interviewer stopped."
        heard = str(data.get("heard") or "").strip()
        if not heard:
            return "You spoke over the interviewer, who stopped."
        end = "" if heard[-1] in ".?!…" else "."
        return f"You spoke over the interviewer, who stopped after: \u201c{heard}{end}\u201d"
    if event_type == "resumed":
        return f"You went on with {answer} after a pause."
    if event_type == "error":
        return f"Something went wrong: {data.get('message') or 'no details'}."
    if event_type == "recovered":
        return "The app stopped during this interview; what was recorded was recovered at the next start."
    details = ", ".join(f"{k} {v}" for k, v in data.items())
    return f"{event_type.replace('_', ' ').capitalize()}" + (f": {details}." if details else ".")


def session_end_text(answers: int, ended_early: bool) -> str:
    """The window's line when an interview is over; answers: those with words in them."""
    count = "no answers" if answers == 0 else "1 answer" if answers == 1 else f"{answers} answers"
    return f"Interview ended early: {count}" if ended_early else f"Interview finished: {count}"
