"""An answer's feedback as HTML for the replay transcript: quotes link to their moment on the session timeline."""

from __future__ import annotations

import html

from interview_voice.records import is_typed
from interview_voice.runtime.feedback_service import answer_base_s
from interview_voice.storage.export import clock
from interview_voice.storage.feedback_report import PACE_NAMES, TYPED, answer_marks, num, pct, unjudged

STATUS = {
    "covered": ("✔", "#1f6f43", "covered"),
    "partial": ("◐", "#b7791f", "partly"),
    "missed": ("✘", "#c0392b", "missed"),
}


def _quote(text: str | None, at_s: float | None, base: float) -> str:
    if not text:
        return ""
    if at_s is None:
        return f" “{html.escape(text)}”"
    at = base + at_s
    return f" <a href='seek:{at:.3f}'>“{html.escape(text)}”</a> <span style='color:#8a929e'>{clock(at)}</span>"


def delivery_text(fb: dict, typed: bool = False) -> str:
    """The answer's pace, fillers, pauses and time; a typed answer (typed: its turn ended by typing, for
    feedback stored before it said so) has no speech to measure and says so, as the report does."""
    if typed or fb.get("typed"):
        return f"{TYPED}; {len(fb.get('hedges', []))} hedges"
    if unjudged(fb):  # too noisy, or too little speech: no pace or filler count
        return (
            f"pace and fillers {unjudged(fb)}, {len(fb.get('long_pauses', []))} long pauses, "
            f"{len(fb.get('hedges', []))} hedges, {clock(fb.get('talk_time_s', 0))} of "
            f"{clock(fb.get('time_budget_s', 0))}"
        )
    return (
        f"{num(fb.get('wpm'))} words/min ({PACE_NAMES.get(fb.get('pace'), fb.get('pace'))}), "
        f"{len(fb.get('fillers', []))} fillers, {len(fb.get('long_pauses', []))} long pauses, "
        f"{len(fb.get('hedges', []))} hedges, {clock(fb.get('talk_time_s', 0))} of "
        f"{clock(fb.get('time_budget_s', 0))}"
    )


def feedback_html(turn, attempts: int = 0) -> str:
    fb, base = turn.feedback, answer_base_s(turn)
    muted = "color:#5b6472"
    out = [f"<div style='{muted}; margin-left:18px'>"]
    out.append(f"<b>Delivery:</b> {delivery_text(fb, is_typed(turn.end_reason))}")
    if answer_marks(fb):
        out.append(" · <b style='color:#c0392b'>" + html.escape(", ".join(answer_marks(fb))) + "</b>")
    out.append(f"<br><b>What a strong answer covers</b> ({pct(fb.get('coverage'))} of it here):")
    for r in fb.get("rubric", []):
        mark, colour, word = STATUS.get(r["status"], ("·", "#5b6472", r["status"]))
        out.append(
            f"<br>&nbsp;&nbsp;<span style='color:{colour}'>{mark} {word}</span>: {html.escape(r['point'])}"
            f"{_quote(r.get('evidence'), r.get('at_s'), base)}"
        )
    star = fb.get("star")
    if star:
        parts = " ".join(
            f"<span style='color:{'#1f6f43' if star.get(p) else '#c0392b'}'>{p}</span>"
            for p in ("situation", "task", "action", "result")
        )
        number = "yes" if star.get("result_has_number") else "no"
        out.append(f"<br><b>STAR:</b> {parts}; result with a number: {number}")
    for flag in fb.get("red_flags", []):
        quote = _quote(flag.get("evidence"), flag.get("at_s"), base)
        out.append(f"<br><b>Watch:</b> {html.escape(flag['flag'])}{quote}")
    for key, label in (("went_well", "Went well"), ("work_on", "Work on")):
        note = fb.get(key)
        if note:
            out.append(f"<br><b>{label}:</b> {html.escape(note['text'])}{_quote(None, None, base)}")
            if note.get("quote") and note.get("at_s") is not None:
                out.append(f" <a href='seek:{base + note['at_s']:.3f}'>▶ {clock(base + note['at_s'])}</a>")
    out.append(f"<br><a href='redo:{turn.index}'>↻ Answer again</a>")
    if attempts:
        out.append(
            f" · <a href='compare:{turn.index}'>Compare with your {attempts} other attempt"
            f"{'s' if attempts > 1 else ''}</a>"
        )
    out.append("</div>")
    return "".join(out)
