"""Template wording of what went well and what to work on, from the computed facts only.

Observations, not traits ("three pauses over 2 s", not "you lacked confidence"),
each tied to a quote and its time; praise comes first.
"""

from __future__ import annotations

from dataclasses import dataclass

from interview_voice.core.feedback.delivery import PACE_BAND

FILLERS_PER_MIN_NOTICED = 5.0   # below this listeners barely notice fillers
HEDGES_NOTICED = 3
NUMBERS_EXPECTED_FROM_WORDS = 60   # an answer this long with no number at all is worth a note


@dataclass(frozen=True)
class Note:
    text: str
    quote: str | None
    at_s: float | None
    source: str = "template"      # "model" when the interviewer model reworded it
    rejected: str | None = None   # why the model's wording was not used, when it was tried

    def to_dict(self) -> dict:
        data = {"text": self.text, "quote": self.quote, "at_s": self.at_s, "source": self.source}
        return data | ({"rejected": self.rejected} if self.rejected else {})


def clock(seconds: float | None) -> str:
    seconds = max(0, int(round(seconds or 0)))
    return f"{seconds // 60}:{seconds % 60:02d}"


def at(seconds: float | None) -> str:
    """" at 1:05" in a note; nothing for words with no time (a typed answer)."""
    return "" if seconds is None else f" at {clock(seconds)}"


def went_well(fb: dict) -> Note | None:
    """One or two observations about strengths; None when there is nothing to praise."""
    if "no_answer" in fb["flags"] or "injection" in fb["flags"]:
        return None
    items: list[Note] = []
    covered = [r for r in fb["rubric"] if r["status"] == "covered"]
    if covered:
        r = covered[0]
        more = f" You covered {len(covered)} of {len(fb['rubric'])} key points." if len(covered) > 1 else ""
        items.append(Note(f"You covered \"{r['point'].rstrip('.')}\": \"{r['evidence']}\"{at(r['at_s'])}.{more}",
                          r["evidence"], r["at_s"]))
    star = fb.get("star")
    if star and star.get("result_has_number"):
        items.append(Note(f"Your result had a number in it: \"{star['result']}\".", star["result"], None))
    if fb["specifics"]["numbers"] and not (star and star.get("result_has_number")):
        n = fb["specifics"]["numbers"][0]
        items.append(Note(f"You gave a specific figure, \"{n['text']}\"{at(n['at_s'])}.", n["text"], n["at_s"]))
    if fb["pace"] == "in_band" and fb.get("first_sentence"):
        items.append(Note(f"Your pace, {fb['wpm']:.0f} words a minute, was inside the usual {PACE_BAND[0]}-"
                          f"{PACE_BAND[1]} band.", fb["first_sentence"], fb["first_at_s"]))
    if not items:
        return None
    first = items[0]
    text = first.text if len(items) == 1 or first.text.count(".") > 1 else f"{first.text} {items[1].text}"
    return Note(text, first.quote, first.at_s)


CUT_SHORT_NOTE = "You ended the interview during this answer, so it is judged on what you said up to then."


def work_on(fb: dict) -> Note | None:
    """Up to three observations to work on, most important first."""
    items: list[Note] = []
    flags = fb["flags"]
    if "no_answer" in flags:
        return Note("There was almost nothing to go on: try a first answer of two or three sentences, "
                    "even a rough one.", None, None)
    if fb.get("cut_short"):
        items.append(Note(CUT_SHORT_NOTE, None, None))
    if "injection" in flags:
        items.append(Note("The answer gave instructions to the interviewer instead of answering the question.",
                          fb.get("first_sentence"), fb.get("first_at_s")))
    if "off_topic" in flags:
        items.append(Note("The answer did not address the question that was asked.", fb.get("first_sentence"),
                          fb.get("first_at_s")))
    if "evasive" in flags:
        items.append(Note("The answer stepped around the question; saying what you would try first helps.",
                          fb.get("first_sentence"), fb.get("first_at_s")))
    partial = [r for r in fb["rubric"] if r["status"] == "partial"]
    missed = [r for r in fb["rubric"] if r["status"] == "missed"]
    if missed and not {"off_topic", "injection"} & set(flags):
        names = "; ".join(f"\"{r['point'].rstrip('.')}\"" for r in missed[:2])
        items.append(Note(f"Nothing in the answer covered {names}.", None, None))
    if partial:
        r = partial[0]
        items.append(Note(f"You touched on \"{r['point'].rstrip('.')}\" (\"{r['evidence']}\"{at(r['at_s'])}) "
                          "without going all the way.", r["evidence"], r["at_s"]))
    star = fb.get("star")
    if star is not None:
        absent = [p for p in ("situation", "task", "action", "result") if not star.get(p)]
        if absent:
            items.append(Note(f"The story had no clear {' or '.join(absent)}.", None, None))
        elif not star.get("result_has_number"):
            items.append(Note(f"The result had no number: \"{star['result']}\".", star["result"], None))
        if star.get("we_count", 0) > 2 * max(star.get("i_count", 0), 1):
            items.append(Note(f"You said \"we\" {star['we_count']} times and \"I\" {star['i_count']} times: "
                              "say what you did yourself.", None, None))
    if "over_time" in flags:
        items.append(Note(f"You spoke for {fb['talk_time_s']:.0f} s against a budget of {fb['time_budget_s']} s.",
                          fb.get("last_sentence"), fb.get("last_at_s")))
    if (fb["fillers_per_min"] or 0.0) >= FILLERS_PER_MIN_NOTICED and fb["fillers"]:
        f = fb["fillers"][0]
        items.append(Note(f"{len(fb['fillers'])} filler words ({fb['fillers_per_min']:.1f} a minute), the first "
                          f"\"{f['word']}\"{at(f['at_s'])}.", f["word"], f["at_s"]))
    if fb["long_pauses"]:
        p = max(fb["long_pauses"], key=lambda p: p["seconds"])
        items.append(Note(f"{len(fb['long_pauses'])} pause(s) of 2 s or more; the longest, {p['seconds']:.1f} s, "
                          f"after \"{p['after']}\"{at(p['at_s'])}.", p["after"], p["at_s"]))
    if fb["pace"] in ("slow", "fast"):
        items.append(Note(f"Your pace was {fb['wpm']:.0f} words a minute, {'under' if fb['pace'] == 'slow' else 'over'}"
                          f" the usual {PACE_BAND[0]}-{PACE_BAND[1]} band.", fb.get("first_sentence"),
                          fb.get("first_at_s")))
    if not fb["specifics"]["numbers"] and fb["words"] >= NUMBERS_EXPECTED_FROM_WORDS:
        items.append(Note("There was no number in the answer: one measured detail (a size, a time, a result) "
                          "makes it concrete.", None, None))
    if len(fb["hedges"]) >= HEDGES_NOTICED:
        h = fb["hedges"][0]
        items.append(Note(f"{len(fb['hedges'])} hedges such as \"{h['phrase']}\" (first{at(h['at_s'])}).",
                          h["phrase"], h["at_s"]))
    if not items:
        return None
    chosen = items[:3]
    anchor = next((n for n in chosen if n.quote), chosen[0])
    return Note(" ".join(n.text for n in chosen), anchor.quote, anchor.at_s)
