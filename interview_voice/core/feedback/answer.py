"""Feedback on one answer: every figure computed by code from the words and their timings."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from interview_voice.core.bank import Question
from interview_voice.core.feedback import audio_quality, coverage, delivery, flags, specifics, star, wording
from interview_voice.core.feedback.judge import PointJudge
from interview_voice.core.feedback.tokens import quote, sentence_bounds, tokenize
from interview_voice.core.signals import analyse
from interview_voice.records import Word

log = logging.getLogger(__name__)

FEEDBACK_VERSION = 5  # bump when a method changes, so stored feedback can be recomputed (2: fillers; 3: fillers
#                       must sound like one, quotes keep figures whole and mark a cut, a denied point is
#                       not credited; 4: "no"/"without" deny a point, a definition's "not" does not, a
#                       point's concepts count together only within two sentences; a held sound above the
#                       voice's pitch is not a filler, and every steady run in a pause is judged; 5: a
#                       noisy recording's pace and fillers are not judged, fillers at an answer's edges)


@lru_cache(maxsize=1)
def bundled_technologies() -> specifics.Technologies:
    from interview_voice.paths import resource_dir  # the app's read-only assets (also when packaged)

    path = resource_dir("assets") / "technologies.txt"
    try:
        return specifics.load_technologies(path)
    except OSError as exc:
        log.warning("cannot read %s: %s", path, exc)
        return specifics.Technologies(())


@dataclass(frozen=True)
class AnswerFeedback:
    question_id: str
    kind: str
    data: dict  # the JSON fields except went_well / work_on
    went_well: wording.Note | None
    work_on: wording.Note | None
    turn: int | None = None  # the candidate turn in a session, when there is one

    def to_dict(self) -> dict:
        out = {
            "feedback_version": FEEDBACK_VERSION,
            "question_id": self.question_id,
            "kind": self.kind,
            **({"turn": self.turn} if self.turn is not None else {}),
            **{k: v for k, v in self.data.items() if not k.startswith("_")},
        }
        out["went_well"] = self.went_well.to_dict() if self.went_well else None
        out["work_on"] = self.work_on.to_dict() if self.work_on else None
        return out

    def with_notes(self, went_well: wording.Note | None, work_on: wording.Note | None) -> "AnswerFeedback":
        return replace(self, went_well=went_well, work_on=work_on)


def _terms(question: Question) -> Sequence:
    if question.terms:
        return question.terms
    # A question without authored terms (should not happen for the bank): each content word is a concept.
    from interview_voice.core.signals import content_stems

    return [tuple(((s,),) for s in sorted(content_stems(point))) or (((point.lower(),),),) for point in question.rubric]


def answer_feedback(
    question: Question,
    words: Sequence[Word],
    *,
    text: str | None = None,
    extra_fillers: Sequence[dict] = (),
    cut_ins: int = 0,
    barge_ins: int = 0,
    technologies: specifics.Technologies | None = None,
    kind: str = "answer",
    turn: int | None = None,
    typed: bool = False,
    cut_short: bool = False,
    snr_db: float | None = None,
    judge: PointJudge | None = None,
) -> AnswerFeedback:
    """typed: the answer was typed, so its words have no timings: the measures of speech (pace,
    fillers, pauses, talk time) are None and say "typed answer" wherever they are shown.
    cut_short: the candidate ended the interview during the answer: what was said is scored like any
    answer, with a note that it was cut short; only no words at all is "no answer".
    snr_db: the recording's speech-to-noise ratio (core.feedback.audio_quality), when measured; under
    NOISY_SNR_DB the pace and fillers are "too noisy to judge" (None, and no fillers listed).
    judge: the interviewer model's verdict on each key point the terms credit (core.feedback.judge);
    without it, the terms alone."""
    words = list(words)
    noisy = not typed and audio_quality.too_noisy(snr_db)
    text = " ".join(w.text.strip() for w in words) if text is None else text
    tokens = tokenize(words)
    found, filler_tokens = ([], set()) if typed else delivery.find_fillers(tokens)
    fillers = [] if typed else delivery.merge_fillers(found, extra_fillers)
    spoken = [t for i, t in enumerate(tokens) if i not in filler_tokens]
    talk = delivery.talk_time(tokens)
    wpm = None if noisy else delivery.words_per_minute(len(spoken), talk)
    if noisy:  # noise heard as held vowels and words misheard: no filler from this recording is trusted
        fillers = []
    minutes = talk / 60.0
    judging = (
        coverage.Judging(judge, question.text, text, missed_too=bool(getattr(judge, "missed_too", False)))
        if judge is not None
        else None
    )
    points = coverage.rubric_coverage(question.rubric, _terms(question), words, tokens, judging)
    share = coverage.coverage_share(points)
    numbers = specifics.find_numbers(words, tokens)
    parts = star.star_parts(words, tokens)
    star_facts = parts if question.star else None
    signals = analyse(question, text)
    over_time = talk > question.time_budget_s
    bounds = sentence_bounds(tokens)
    facts = flags.AnswerFacts(
        words, tokens, len(spoken), len(numbers), parts["result"], parts["i_count"], parts["we_count"], over_time
    )
    data = {
        "words": len(spoken),
        "wpm": round(wpm, 1) if wpm is not None else None,
        "pace_band": list(delivery.PACE_BAND),
        "pace": delivery.pace_label(wpm),
        "talk_time_s": round(talk, 2),
        "time_budget_s": question.time_budget_s,
        "over_budget_s": round(max(0.0, talk - question.time_budget_s), 2),
        "fillers": [{"word": f.word, "at_s": round(f.at_s, 2)} for f in fillers],
        "fillers_per_min": (
            round(len(fillers) / minutes, 1) if not typed and not noisy and talk >= delivery.MIN_RATE_S else None
        ),  # None: typed, too noisy, or too little speech for a rate
        "long_pauses": [
            {"at_s": p.at_s, "seconds": p.seconds, "after": p.after}
            for p in delivery.long_pauses(tokens, [w.text for w in words])
        ],
        "hedges": [{"phrase": h, "at_s": round(at, 2)} for h, at in delivery.find_hedges(tokens)],
        "interruptions": {"received": cut_ins, "given": barge_ins},
        "rubric": [{"point": p.point, "status": p.status, "evidence": p.evidence, "at_s": p.at_s} for p in points],
        "coverage": round(share, 2),
        "star": star_facts,
        **({"typed": True} if typed else {}),
        **({"cut_short": True} if cut_short else {}),
        **({"snr_db": round(snr_db, 1)} if snr_db is not None and not typed else {}),
        **({"too_noisy": True} if noisy else {}),
        "specifics": {
            "numbers": numbers,
            "technologies": specifics.find_technologies(tokens, technologies or bundled_technologies()),
        },
        "red_flags": flags.red_flags(question.red_flags, facts),
        "flags": flags.answer_flags(
            spoken_words=len(spoken),
            off_topic=signals.off_topic,
            evasive=signals.evasive,
            injection=signals.injection,
            over_time=over_time,
            coverage=share,
            cut_short=cut_short,
        ),
        # for the wording only, not part of the JSON
        "_question": question.text,
        "_rubric_terms": list(question.rubric_terms),
        "_first_sentence": quote(words, tokens, *_first(bounds)) if bounds else None,
        "_first_at_s": round(tokens[0].start, 2) if tokens else None,
        "_last_sentence": quote(words, tokens, bounds[-1][0], bounds[-1][1] - 1) if bounds else None,
        "_last_at_s": round(tokens[bounds[-1][0]].start, 2) if bounds else None,
    }
    if typed:
        _untimed(data)
    view = {**data, **{k[1:]: v for k, v in data.items() if k.startswith("_")}}
    return AnswerFeedback(question.id, kind, data, wording.went_well(view), wording.work_on(view), turn)


def _untimed(data: dict) -> None:
    """A typed answer's words have no times: its quotes say where, not when."""
    for item in (*data["rubric"], *data["specifics"]["numbers"], *data["hedges"], *data["red_flags"]):
        item["at_s"] = None
    data["_first_at_s"] = data["_last_at_s"] = None


def _first(bounds: list[tuple[int, int]]) -> tuple[int, int]:
    start, end = bounds[0]
    return start, min(end, start + 24) - 1
