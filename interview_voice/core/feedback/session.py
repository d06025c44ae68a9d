"""Feedback on a whole session: headline figures, one row per answer, and what to practise next."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from interview_voice.core.bank import Question, area_name
from interview_voice.core.feedback.answer import FEEDBACK_VERSION, AnswerFeedback
from interview_voice.core.feedback.delivery import PACE_BAND
from interview_voice.core.feedback.wording import FILLERS_PER_MIN_NOTICED

_RANK = {"missed": 0, "partial": 1, "covered": 2}
WEAK_COVERAGE = 0.6  # a question or area below this share of key points is worth practising
SUGGESTIONS = 3  # other bank questions offered per area to practise


@dataclass(frozen=True)
class SessionFeedback:
    headline: dict
    rows: list[dict]
    questions: list[dict]
    practise_next: list[dict]

    def to_dict(self) -> dict:
        return {
            "feedback_version": FEEDBACK_VERSION,
            "headline": self.headline,
            "rows": self.rows,
            "questions": self.questions,
            "practise_next": self.practise_next,
        }


def _question_coverage(answers: Sequence[AnswerFeedback]) -> dict[str, float]:
    """Per question: the best status of each rubric point over its answer and follow-up answers."""
    best: dict[str, list[int]] = {}
    for fb in answers:
        ranks = [_RANK[r["status"]] for r in fb.data["rubric"]]
        prev = best.get(fb.question_id)
        best[fb.question_id] = ranks if prev is None else [max(a, b) for a, b in zip(prev, ranks)]
    return {qid: (sum(r / 2 for r in ranks) / len(ranks) if ranks else 0.0) for qid, ranks in best.items()}


def _delivery_items(answers: Sequence[AnswerFeedback], headline: dict) -> list[tuple[float, dict]]:
    items = []

    def add(severity: float, habit: str, title: str, why: str) -> None:
        items.append((severity, {"kind": "delivery", "title": title, "why": why, "habit": habit, "question_ids": []}))

    rate = headline["fillers_per_min"]
    # None when too little speech was judged (talk_time_s is rounded: 4.96 s shows as 5.0)
    if rate is not None and rate >= FILLERS_PER_MIN_NOTICED:
        add(
            min(1.0, rate / 12),
            "fillers",
            "Fewer filler words",
            f"{rate:.1f} filler words a minute over the session; listeners notice from about 5.",
        )
    wpm = headline["wpm"]
    if wpm is not None and not PACE_BAND[0] <= wpm <= PACE_BAND[1]:
        gap = PACE_BAND[0] - wpm if wpm < PACE_BAND[0] else wpm - PACE_BAND[1]
        add(
            min(1.0, gap / 40),
            "pace",
            "Pace",
            f"{wpm:.0f} words a minute on average, outside the usual {PACE_BAND[0]}-{PACE_BAND[1]} band.",
        )
    if headline["long_pauses"] >= 2:
        add(
            min(1.0, headline["long_pauses"] / (3 * len(answers))),
            "pauses",
            "Long pauses",
            f"{headline['long_pauses']} pauses of 2 s or more inside answers.",
        )
    if headline["over_time"]:
        add(
            headline["over_time"] / len(answers),
            "over_time",
            "Answer within the time",
            f"{headline['over_time']} answer(s) ran past the question's time budget.",
        )
    star_answers = [fb.data["star"] for fb in answers if fb.data["star"] is not None and fb.data["words"]]
    if star_answers:
        missing = sum(sum(1 for p in ("situation", "task", "action", "result") if not s[p]) for s in star_answers)
        no_number = sum(1 for s in star_answers if not s["result_has_number"])
        if missing or no_number:
            add(
                min(1.0, (missing / 4 + no_number / 2) / len(star_answers)),
                "star",
                "STAR stories with a measured result",
                f"{missing} STAR part(s) missing and {no_number} result(s) without a number in "
                f"{len(star_answers)} behavioural answer(s).",
            )
    hedges = sum(len(fb.data["hedges"]) for fb in answers)
    if hedges >= 3 * len(answers):
        add(
            min(1.0, hedges / (6 * len(answers))),
            "hedges",
            "Fewer hedges",
            f"{hedges} hedges (\"I think\", \"maybe\", \"kind of\") over {len(answers)} answer(s).",
        )
    return items


def session_feedback(answers: Sequence[AnswerFeedback], questions: Mapping[str, Question]) -> SessionFeedback:
    # pace and fillers: spoken answers clean enough to judge only (not typed, not too noisy)
    spoken = [fb for fb in answers if not fb.data.get("typed") and not fb.data.get("too_noisy")]
    talk = sum(fb.data["talk_time_s"] for fb in spoken)
    # the session's rates pool only the answers that have rates of their own: answers each too short for
    # a rate (their rows say "too little speech") must not add up to a headline figure the rows deny
    rated = [fb for fb in spoken if fb.data["wpm"] is not None]
    # each answer's minutes from its own shown pace (its talk time is stored rounded): one answer's
    # headline pace is then its row's to the digit, and several pool the figures their rows show
    rated_minutes = sum(fb.data["words"] / fb.data["wpm"] for fb in rated)
    flag_counts = Counter(f for fb in answers for f in fb.data["flags"])
    by_question = _question_coverage(answers)
    headline = {
        "answers": sum(1 for fb in answers if fb.data["words"]),  # a question left unanswered is not one
        "talk_time_s": round(talk, 1),
        "wpm": round(sum(fb.data["words"] for fb in rated) / rated_minutes, 1) if rated else None,
        # None, like the pace, when too little speech could be judged (typed, too noisy or very short): Progress
        # charts no point for it rather than a 0
        "fillers_per_min": (round(sum(len(fb.data["fillers"]) for fb in rated) / rated_minutes, 1) if rated else None),
        "typed_answers": sum(1 for fb in answers if fb.data.get("typed")),
        "noisy_answers": sum(1 for fb in answers if fb.data.get("too_noisy")),
        "long_pauses": sum(len(fb.data["long_pauses"]) for fb in answers),
        "coverage": round(sum(by_question.values()) / len(by_question), 2) if by_question else None,
        "over_time": flag_counts.get("over_time", 0),
        "flags": dict(flag_counts),
    }
    rows = [
        {
            "turn": fb.turn,
            "question_id": fb.question_id,
            "kind": fb.kind,
            "coverage": fb.data["coverage"],
            "wpm": fb.data["wpm"],
            "fillers": len(fb.data["fillers"]),
            "flags": fb.data["flags"],
            **({"typed": True} if fb.data.get("typed") else {}),
            **({"too_noisy": True} if fb.data.get("too_noisy") else {}),
        }
        for fb in answers
    ]
    question_rows = [
        {"question_id": qid, "area": questions[qid].area if qid in questions else None, "coverage": round(share, 2)}
        for qid, share in by_question.items()
    ]
    items = _content_items(question_rows, questions) + (_delivery_items(answers, headline) if answers else [])
    items.sort(key=lambda item: -item[0])
    return SessionFeedback(headline, rows, question_rows, [item for _, item in items[:3]])


def _content_items(rows: list[dict], questions: Mapping[str, Question]) -> list[tuple[float, dict]]:
    by_area: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        if row["area"] is not None:
            by_area[row["area"]].append(row)
    items = []
    asked = {row["question_id"] for row in rows}
    for area, area_rows in by_area.items():
        share = sum(r["coverage"] for r in area_rows) / len(area_rows)
        if share >= WEAK_COVERAGE:
            continue
        weakest = min(area_rows, key=lambda r: r["coverage"])
        others = sorted(q.id for q in questions.values() if q.area == area and q.id not in asked)[:SUGGESTIONS]
        name = area_name(area)
        if len(area_rows) == 1 and not others:
            items.append(
                (
                    1 - share,
                    {
                        "kind": "question",
                        "title": f"Answer again: {questions[weakest['question_id']].text}",
                        "why": f"Your answer covered {share:.0%} of its key points.",
                        "area": area,
                        "question_ids": [weakest["question_id"]],
                    },
                )
            )
            continue
        items.append(
            (
                1 - share,
                {
                    "kind": "area",
                    "title": f"Practise {name} questions",
                    "why": f"Your {name} answers covered {share:.0%} of their key points.",
                    "area": area,
                    "question_ids": [weakest["question_id"], *others],
                },
            )
        )
    return items
