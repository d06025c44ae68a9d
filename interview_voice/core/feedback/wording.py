"""Template wording of what went well and what to work on, from the computed facts only.

Observations, not traits ("three pauses over 2 s", not "you lacked confidence"),
each tied to a quote and its time; praise comes first.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from interview_voice.core.feedback.delivery import PACE_BAND

FILLERS_PER_MIN_NOTICED = 5.0  # below this listeners barely notice fillers
HEDGES_NOTICED = 3
NUMBERS_EXPECTED_FROM_WORDS = 60  # an answer this long with no number at all is worth a note


@dataclass(frozen=True)
class Note:
    text: str
    quote: str | None
    at_s: float | None
    source: str = "template"  # "model" when the note ends with the interviewer model's advice
    rejected: str | None = None  # why the model's advice was not used, when it was tried
    # For the model's advice (not stored): the finding it is about, and the words that tie advice to it.
    focus: str | None = field(default=None, compare=False)
    ties: str = field(default="", compare=False)

    def to_dict(self) -> dict:
        data = {"text": self.text, "quote": self.quote, "at_s": self.at_s, "source": self.source}
        return data | ({"rejected": self.rejected} if self.rejected else {})


def clock(seconds: float | None) -> str:
    seconds = max(0, int(round(seconds or 0)))
    return f"{seconds // 60}:{seconds % 60:02d}"


def at(seconds: float | None) -> str:
    """ " at 1:05 into the answer" in a note; nothing for words with no time (a typed answer). Said as the
    answer's own time: the replay's links beside the note give the session's ("▶ 1:22"), and a bare
    "at 0:02" next to them read as a second clock."""
    return "" if seconds is None else f" at {clock(seconds)} into the answer"


def went_well(fb: dict) -> Note | None:
    """One or two observations about strengths; None when there is nothing to praise."""
    if "no_answer" in fb["flags"] or "injection" in fb["flags"]:
        return None
    items: list[Note] = []
    covered = [r for r in fb["rubric"] if r["status"] == "covered"]
    if covered:
        r = covered[0]
        more = f" You covered {len(covered)} of {len(fb['rubric'])} key points." if len(covered) > 1 else ""
        items.append(
            Note(
                f"You covered \"{r['point'].rstrip('.')}\": \"{r['evidence']}\"{at(r['at_s'])}.{more}",
                r["evidence"],
                r["at_s"],
            )
        )
    star = fb.get("star")
    if star and star.get("result_has_number"):
        items.append(Note(f"Your result had a number in it: \"{star['result']}\".", star["result"], None))
    if fb["specifics"]["numbers"] and not (star and star.get("result_has_number")):
        n = fb["specifics"]["numbers"][0]
        items.append(Note(f"You gave a specific figure, \"{n['text']}\"{at(n['at_s'])}.", n["text"], n["at_s"]))
    if fb["pace"] == "in_band" and fb.get("first_sentence"):
        items.append(
            Note(
                f"Your pace, {fb['wpm']:.0f} words a minute, was inside the usual {PACE_BAND[0]}-{PACE_BAND[1]} band.",
                fb["first_sentence"],
                fb["first_at_s"],
            )
        )
    if not items:
        return None
    first = items[0]
    text = first.text if len(items) == 1 or first.text.count(".") > 1 else f"{first.text} {items[1].text}"
    return Note(text, first.quote, first.at_s)


CUT_SHORT_NOTE = "You ended the interview during this answer, so it is judged on what you said up to then."


def _focused(note: Note, focus: str, ties: str) -> Note:
    return replace(note, focus=focus, ties=ties)


# Words that tie advice to a finding about delivery or the story's shape (the content findings use the
# rubric point's own wording and terms).
_TIES = {
    "star": "situation task action result outcome story happened did",
    "result_number": "number figure measure measured percent result outcome impact change",
    "we": "personally myself role part own contribution decided did",
    "over_time": "time shorter short concise budget minute seconds brief long point summary",
    "fillers": "filler pause breath silence word",
    "pauses": "pause silence gap think thought breath prepare structure",
    "pace": "pace slow slower fast faster speed words minute breath",
    "no_number": "number figure measure measured size time result percent concrete detail",
    "hedges": "hedge hedges sure definite direct commit state plainly",
    "question": "question asked address answer directly",
}


def work_on(fb: dict) -> Note | None:
    """Up to three observations to work on, most important first. The first one carries its focus:
    the finding the model may add one sentence of advice about."""
    items: list[Note] = []
    flags = fb["flags"]
    question = fb.get("question") or ""
    if "no_answer" in flags:
        return Note(
            "There was almost nothing to go on: try a first answer of two or three sentences, even a rough one.",
            None,
            None,
        )
    if fb.get("cut_short"):
        items.append(
            _focused(
                Note(CUT_SHORT_NOTE, None, None),
                "The interview was ended during this answer.",
                f"finish answer end {question}",
            )
        )
    if "injection" in flags:
        items.append(
            _focused(
                Note(
                    "The answer gave instructions to the interviewer instead of answering the question.",
                    fb.get("first_sentence"),
                    fb.get("first_at_s"),
                ),
                "The answer gave instructions to the interviewer instead of answering the question.",
                f"{_TIES['question']} {question}",
            )
        )
    if "off_topic" in flags:
        items.append(
            _focused(
                Note(
                    "The answer did not address the question that was asked.",
                    fb.get("first_sentence"),
                    fb.get("first_at_s"),
                ),
                "The answer did not address the question that was asked.",
                f"{_TIES['question']} {question}",
            )
        )
    if "evasive" in flags:
        items.append(
            _focused(
                Note(
                    "The answer stepped around the question; saying what you would try first helps.",
                    fb.get("first_sentence"),
                    fb.get("first_at_s"),
                ),
                "The answer stepped around the question instead of saying what you would do.",
                f"{_TIES['question']} try first {question}",
            )
        )
    terms = fb.get("rubric_terms") or ()
    partial = [(i, r) for i, r in enumerate(fb["rubric"]) if r["status"] == "partial"]
    missed = [(i, r) for i, r in enumerate(fb["rubric"]) if r["status"] == "missed"]

    def point_ties(i: int, r: dict) -> str:
        return f"{r['point']} {terms[i] if i < len(terms) else ''}".replace("|", " ").replace(";", " ")

    if missed and not {"off_topic", "injection"} & set(flags):
        names = "; ".join(f"\"{r['point'].rstrip('.')}\"" for _, r in missed[:2])
        i, first = missed[0]
        items.append(
            _focused(
                Note(f"Nothing in the answer covered {names}.", None, None),
                f"The answer did not cover this key point: {first['point'].rstrip('.')}.",
                point_ties(i, first),
            )
        )
    if partial:
        i, r = partial[0]
        items.append(
            _focused(
                Note(
                    f"You touched on \"{r['point'].rstrip('.')}\" (\"{r['evidence']}\"{at(r['at_s'])}) "
                    "without going all the way.",
                    r["evidence"],
                    r["at_s"],
                ),
                f"The answer only touched on this key point: {r['point'].rstrip('.')} (it said \"{r['evidence']}\").",
                point_ties(i, r),
            )
        )
    star = fb.get("star")
    if star is not None:
        absent = [p for p in ("situation", "task", "action", "result") if not star.get(p)]
        if absent:
            text = f"The story had no clear {' or '.join(absent)}."
            items.append(_focused(Note(text, None, None), text, f"{_TIES['star']} {' '.join(absent)}"))
        elif not star.get("result_has_number"):
            items.append(
                _focused(
                    Note(f"The result had no number: \"{star['result']}\".", star["result"], None),
                    f"The result had no number: \"{star['result']}\".",
                    f"{_TIES['result_number']} {star['result']}",
                )
            )
        if star.get("we_count", 0) > 2 * max(star.get("i_count", 0), 1):
            text = (
                f"You said \"we\" {star['we_count']} times and \"I\" {star['i_count']} times: "
                "say what you did yourself."
            )
            items.append(
                _focused(
                    Note(text, None, None), "The story said what the team did, not what you did yourself.", _TIES["we"]
                )
            )
    if "over_time" in flags:
        text = f"You spoke for {fb['talk_time_s']:.0f} s against a budget of {fb['time_budget_s']} s."
        items.append(
            _focused(
                Note(text, fb.get("last_sentence"), fb.get("last_at_s")),
                "The answer ran over its time budget.",
                _TIES["over_time"],
            )
        )
    if (fb["fillers_per_min"] or 0.0) >= FILLERS_PER_MIN_NOTICED and fb["fillers"]:
        f = fb["fillers"][0]
        items.append(
            _focused(
                Note(
                    f"{len(fb['fillers'])} filler words ({fb['fillers_per_min']:.1f} a minute), "
                    f"the first \"{f['word']}\"{at(f['at_s'])}.",
                    f["word"],
                    f["at_s"],
                ),
                "Many filler words such as \"um\" and \"uh\".",
                _TIES["fillers"],
            )
        )
    if fb["long_pauses"]:
        p = max(fb["long_pauses"], key=lambda p: p["seconds"])
        items.append(
            _focused(
                Note(
                    f"{len(fb['long_pauses'])} pause(s) of 2 s or more; the longest, "
                    f"{p['seconds']:.1f} s, after \"{p['after']}\"{at(p['at_s'])}.",
                    p["after"],
                    p["at_s"],
                ),
                f"Long pauses in the middle of the answer, the longest after \"{p['after']}\".",
                _TIES["pauses"],
            )
        )
    if fb["pace"] in ("slow", "fast"):
        items.append(
            _focused(
                Note(
                    f"Your pace was {fb['wpm']:.0f} words a minute, "
                    f"{'under' if fb['pace'] == 'slow' else 'over'} the usual {PACE_BAND[0]}-"
                    f"{PACE_BAND[1]} band.",
                    fb.get("first_sentence"),
                    fb.get("first_at_s"),
                ),
                f"The pace was {'too slow' if fb['pace'] == 'slow' else 'too fast'} to follow easily.",
                _TIES["pace"],
            )
        )
    if not fb["specifics"]["numbers"] and fb["words"] >= NUMBERS_EXPECTED_FROM_WORDS:
        text = "There was no number in the answer: one measured detail (a size, a time, a result) makes it concrete."
        items.append(
            _focused(
                Note(text, None, None), "There was no number or measured detail in the answer.", _TIES["no_number"]
            )
        )
    if len(fb["hedges"]) >= HEDGES_NOTICED:
        h = fb["hedges"][0]
        items.append(
            _focused(
                Note(
                    f"{len(fb['hedges'])} hedges such as \"{h['phrase']}\" (first{at(h['at_s'])}).",
                    h["phrase"],
                    h["at_s"],
                ),
                f"Many hedges such as \"{h['phrase']}\".",
                f"{_TIES['hedges']} {h['phrase']}",
            )
        )
    if not items:
        return None
    chosen = items[:3]
    anchor = next((n for n in chosen if n.quote), chosen[0])
    return Note(" ".join(n.text for n in chosen), anchor.quote, anchor.at_s, focus=chosen[0].focus, ties=chosen[0].ties)
