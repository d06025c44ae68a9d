"""A stored session's feedback report: as JSON and as Markdown (the PDF is built from the same parts)."""

from __future__ import annotations

from collections.abc import Mapping

from interview_voice.core.feedback.delivery import MIN_RATE_S
from interview_voice.records import empty_answer_text, is_answer
from interview_voice.storage.export import clock
from interview_voice.storage.views import SessionView, status_label

FLAG_NAMES = {
    "off_topic": "off topic",
    "evasive": "evasive",
    "no_answer": "no answer",
    "injection": "instructions to the interviewer",
    "over_time": "over time",
    "rambling": "rambling",
}
PACE_NAMES = {"slow": "slow", "in_band": "in the usual band", "fast": "fast", None: "too short to tell"}
STATUS_MARK = {"covered": "✔ covered", "partial": "◐ partly", "missed": "✘ missed"}


CUT_SHORT = "cut short: you ended the interview"  # an answer given when the interview was ended


def answer_marks(fb: dict) -> list[str]:
    """An answer's flags as people read them, and whether it was cut short by ending the interview."""
    return [FLAG_NAMES.get(f, f) for f in fb.get("flags", [])] + ([CUT_SHORT] if fb.get("cut_short") else [])


def answer_turns(session: SessionView) -> list:
    """Candidate turns that have feedback, in order."""
    return [t for t in session.turns if t.speaker == "candidate" and t.feedback]


def question_text(questions: Mapping, turn) -> str:
    q = questions.get(turn.question_id)
    return q.text if q is not None else (turn.question_id or "")


# The interviewer lines an answer may answer other than the bank question, as a report row names them.
ASKED_MARKS = {
    "follow_up": "Follow-up",
    "redirect": "Redirect",
    "phase": "Next phase",
    "cut_in": "Cut in",
    "interjection": "Interjection",
}
SAID_AGAIN = frozenset({"repeat", "nudge"})  # the line said again, a check-in: the answer still answers the one before
ROW_CHARS = 90  # a row's question is shortened past this


def asking_turn(session: SessionView, turn):
    """The interviewer turn this answer answers: the last one before it, past a repeat or a check-in."""
    before = [t for t in session.turns if t.index < turn.index and t.speaker == "interviewer"]
    return next((t for t in reversed(before) if t.kind not in SAID_AGAIN), None)


def shorten(text: str, limit: int = ROW_CHARS) -> str:
    """The text cut at a word before limit characters, with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,;:.-–—") + "…"


def row_question(session: SessionView, questions: Mapping, turn) -> str:
    """What an answer's row says was asked: the bank question, or for a follow-up, a redirect or another
    line the interviewer asked, that line (shortened) after what it was ("Follow-up: …")."""
    asked = asking_turn(session, turn)
    if asked is None or asked.kind not in ASKED_MARKS or not asked.text.strip():
        return question_text(questions, turn)
    return f"{ASKED_MARKS[asked.kind]}: {shorten(asked.text)}"


TYPED = "typed answer"  # what a measure of speech says for an answer that was typed
TOO_LITTLE = "too little speech"  # a rate from too little talk to mean anything (core: MIN_RATE_S)
NOISY = "too noisy to judge"  # a recording under core.feedback.audio_quality.NOISY_SNR_DB


def unjudged(fb: dict) -> str | None:
    """What an answer's pace and fillers say instead of a figure: typed, too noisy, or too little speech
    (no words, or too short for a pace); None when they are figures."""
    if fb.get("typed"):
        return TYPED
    if fb.get("too_noisy"):
        return NOISY
    if fb.get("wpm") is None:
        return TOO_LITTLE
    return None


def spoken(fb: dict, shown: str) -> str:
    """A measure of speech as shown, or what stands for it where it could not be judged."""
    return unjudged(fb) or shown


def rate(value: float | None, unit: str, digits: int = 0) -> str:
    """A rate with its unit ("6.6/min"), or what stands for it when there was too little speech."""
    return TOO_LITTLE if value is None else f"{value:.{digits}f}{unit}"


def pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def num(value: float | None, digits: int = 0) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def headline_items(head: dict, session: SessionView | None = None) -> list[tuple[str, str]]:
    """The headline's figures; with the session, Answers counts its answers with words (feedback stored
    before it did so counted every answer turn, an unanswered question too)."""
    flags = ", ".join(f"{FLAG_NAMES.get(k, k)} {v}" for k, v in sorted(head.get("flags", {}).items())) or "none"
    answers, typed = head.get("answers", 0), head.get("typed_answers", 0)
    if session is not None:  # feedback stored before answers were counted so counted every answer turn
        answers = sum(is_answer(t.speaker, t.text, t.end_reason) for t in session.turns)
    all_typed = bool(answers) and typed == answers  # no speech to measure
    little = head.get("talk_time_s", 0) < MIN_RATE_S  # a session of a few spoken words has no rate to give
    # the spoken answers that could be judged were too few because the rest were too noisy
    noisy = little and head.get("noisy_answers", 0) > 0
    speech = {
        "talk": clock(head.get("talk_time_s", 0)),
        "pace": NOISY if noisy else rate(None if little else head.get("wpm"), " words/min"),
        "fillers": NOISY if noisy else rate(None if little else head.get("fillers_per_min"), "/min", 1),
        "pauses": str(head.get("long_pauses", 0)),
    }
    if all_typed:
        speech = dict.fromkeys(speech, "typed answers")
    return [
        ("Answers", f"{answers} ({typed} typed)" if typed else str(answers)),
        ("Talk time", speech["talk"]),
        ("Pace", speech["pace"]),
        ("Fillers", speech["fillers"]),
        ("Long pauses", speech["pauses"]),
        ("Key points covered", pct(head.get("coverage"))),
        ("Over time", str(head.get("over_time", 0))),
        ("Flags", flags),
    ]


def report_dict(session: SessionView, questions: Mapping) -> dict:
    return {
        "session_id": session.id,
        "title": session.title,
        "plan": session.plan,
        "started_at": session.started_at.isoformat(timespec="seconds"),
        "duration_s": round(session.duration_s, 1),
        "status": session.status,
        "feedback": session.feedback,
        "redo_of": (
            {"session_id": session.redo_of_session, "turn": session.redo_of_turn} if session.redo_of_session else None
        ),
        "turns": [
            {
                "index": t.index,
                "speaker": t.speaker,
                "kind": t.kind,
                "persona": t.persona or None,
                "text": t.text,
                "question_id": t.question_id,
                "question": question_text(questions, t) if t.question_id else None,
                "at_s": round(t.timings.get("audio_start_s", t.started_ms / 1000), 2),
                **({"feedback": t.feedback} if t.feedback else {}),
            }
            for t in session.turns
        ],
    }


def answer_markdown(fb: dict) -> list[str]:
    delivery = (
        f"- Pace: {num(fb.get('wpm'))} words/min ({PACE_NAMES.get(fb.get('pace'), fb.get('pace'))}); talk "
        f"time {clock(fb.get('talk_time_s', 0))} of {clock(fb.get('time_budget_s', 0))}; fillers "
        f"{len(fb.get('fillers', []))} ({rate(fb.get('fillers_per_min'), '/min', 1)}); long pauses "
        f"{len(fb.get('long_pauses', []))}; hedges {len(fb.get('hedges', []))}"
    )
    if fb.get("typed"):
        delivery = f"- Pace, fillers, pauses, talk time: {TYPED}; hedges {len(fb.get('hedges', []))}"
    elif unjudged(fb):
        delivery = (
            f"- Pace and fillers: {unjudged(fb)}; talk time {clock(fb.get('talk_time_s', 0))} of "
            f"{clock(fb.get('time_budget_s', 0))}; long pauses {len(fb.get('long_pauses', []))}; hedges "
            f"{len(fb.get('hedges', []))}"
        )
    lines = [delivery, f"- Key points: {pct(fb.get('coverage'))} covered"]
    for r in fb.get("rubric", []):
        when = f" ({clock(r['at_s'])})" if r.get("at_s") is not None else ""
        quote = f": \"{r['evidence']}\"{when}" if r.get("evidence") else ""
        lines.append(f"  - {STATUS_MARK.get(r['status'], r['status'])}: {r['point']}{quote}")
    if fb.get("star"):
        s = fb["star"]
        parts = ", ".join(f"{p} {'✔' if s.get(p) else '✘'}" for p in ("situation", "task", "action", "result"))
        lines.append(
            f"- STAR: {parts}; result with a number: {'yes' if s.get('result_has_number') else 'no'}; "
            f"\"I\" {s.get('i_count', 0)} / \"we\" {s.get('we_count', 0)}"
        )
    if answer_marks(fb):
        lines.append("- Flags: " + ", ".join(answer_marks(fb)))
    for flag in fb.get("red_flags", []):
        lines.append(f"- Watch: {flag['flag']}: \"{flag['evidence']}\"")
    for key, label in (("went_well", "Went well"), ("work_on", "Work on")):
        if fb.get(key):
            lines.append(f"- **{label}:** {fb[key]['text']}")
    return lines


def report_markdown(session: SessionView, questions: Mapping, charts: Mapping[str, str] | None = None) -> str:
    """charts: {caption: relative image path} shown under the headline."""
    fb = session.feedback or {}
    lines = [
        f"# Feedback: {session.title}",
        "",
        f"{session.started_at:%Y-%m-%d %H:%M} UTC · {clock(session.duration_s)} · {status_label(session.status)}",
        "",
    ]
    if not fb:
        lines += ["No feedback yet: it is computed when the session ends.", ""]
    else:
        lines += ["## Headline", "", "| | |", "|---|---|"]
        lines += [f"| {k} | {v} |" for k, v in headline_items(fb.get("headline", {}), session)]
        lines += [""] + [f"![{caption}]({path})" for caption, path in (charts or {}).items()]
        lines += ["", "## Practise next", ""]
        lines += [f"{n}. **{p['title']}**: {p['why']}" for n, p in enumerate(fb.get("practise_next", []), 1)] or [
            "Nothing stands out: keep practising."
        ]
        lines += [
            "",
            "## Answers at a glance",
            "",
            "| # | Question | Key points | Pace | Fillers | Flags |",
            "|---|---|---|---|---|---|",
        ]
        for n, t in enumerate(answer_turns(session), 1):
            a = t.feedback
            lines.append(
                f"| {n} | {row_question(session, questions, t)}"
                f" | {pct(a.get('coverage'))} | {spoken(a, num(a.get('wpm')))} | "
                f"{spoken(a, str(len(a.get('fillers', []))))} | "
                f"{', '.join(answer_marks(a)) or '–'} |"
            )
    lines += ["", "## Answers and transcript", ""]
    for turn in session.turns:
        who = "You" if turn.speaker == "candidate" else (turn.persona or "Interviewer")
        at = turn.timings.get("audio_start_s", turn.started_ms / 1000)
        lines += [f"**[{clock(at)}] {who}:** {turn.text or f'*{empty_answer_text(turn.end_reason)}*'}", ""]
        if turn.feedback:
            lines += answer_markdown(turn.feedback) + [""]
    return "\n".join(lines).rstrip() + "\n"
