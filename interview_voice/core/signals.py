"""Facts about an answer, computed by code: the model never judges.

Coverage is a hint (the share of each rubric point's author-written terms heard, the measure
the feedback uses too), not a score shown during the interview.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from interview_voice.core.bank import Question
from interview_voice.core.rubric_match import Spoken, score_point
from interview_voice.core.terms import stem
from interview_voice.core.text import normalize_words
from interview_voice.core.words import tokenize, words_from_text

STOPWORDS = frozenset(
    "a an the and or but of to in on for with by is are was were be been being it its that this these those "
    "what how why your you do does did done from as at into about which when where who whom their they them "
    "we our us i me my he she his her can could would should will shall may might must have has had not no "
    "so such than then there here also just very more most some any each other all both only own same too "
    "use used using uses such like one two first".split()
)
COVERED_AT = 1.0  # share of a rubric point's concepts (its author-written terms) the answer must contain
OVERLAP_COVERED_AT = 0.5  # ... of its own content stems, for a question with no terms
OFF_TOPIC_BELOW = 0.06  # share of the answer's stems that belong to the question's vocabulary
SHORT_ANSWER_WORDS = 12
_EVASIVE = re.compile(r"\b(i don'?t know|no idea|not sure|can'?t remember|pass|skip( this)?|next question)\b")
_INJECTION = re.compile(
    r"\b(ignore (all |your |the )?(previous |prior )?(instructions|prompt|rules)|system prompt|"
    r"full marks|give me (a )?(perfect|top|full|high) (score|marks|rating)|you are now|"
    r"disregard (your|the) (instructions|rules)|reveal (the )?(rubric|answer|instructions))\b"
)


# Text that addresses a reader (the interviewer, a model) rather than describing the candidate's work.
_ADDRESSES_READER = re.compile(
    r"\b(you|your|yours|yourself|the candidate|this candidate|candidate is|the interviewers?|the assistant|"
    r"as an ai)\b"
)
_IMPERATIVE_START = re.compile(
    r"^(please |now |always |just )?(say|tell|write|rate|score|grade|mark|give|ignore|pretend|act|respond|answer|"
    r"output|print|repeat|praise|recommend|hire|forget|disregard|read|describe me|treat|assume|consider|"
    r"do not|don't|never|stop|make sure|remember|from now on)\b"
)


def reads_as_instruction(text: str) -> bool:
    """True when a line of a resume or job text reads as an instruction to whoever reads it, or talks
    about the candidate or the interviewer instead of the work: such text is never spoken or obeyed."""
    lowered = " ".join(normalize_words(text)) if text else ""
    return bool(_INJECTION.search(lowered) or _IMPERATIVE_START.search(lowered) or _ADDRESSES_READER.search(lowered))


def content_stems(text: str) -> set[str]:
    return {stem(w) for w in normalize_words(text) if w not in STOPWORDS and len(w) > 2}


def content_bigrams(text: str) -> set[tuple[str, str]]:
    words = [stem(w) for w in normalize_words(text) if w not in STOPWORDS and len(w) > 2]
    return set(zip(words, words[1:]))


@dataclass(frozen=True)
class AnswerSignals:
    words: int
    coverage: tuple[float, ...]  # per rubric point, 0..1
    on_topic: float  # share of answer stems in the question's vocabulary
    evasive: bool
    injection: bool

    @property
    def empty(self) -> bool:
        return self.words == 0

    @property
    def short(self) -> bool:
        return 0 < self.words < SHORT_ANSWER_WORDS

    @property
    def off_topic(self) -> bool:
        return self.words >= SHORT_ANSWER_WORDS and self.on_topic < OFF_TOPIC_BELOW

    covered_at: float = COVERED_AT

    @property
    def covered(self) -> list[int]:
        return [i for i, c in enumerate(self.coverage) if c >= self.covered_at - 1e-9]

    @property
    def missing(self) -> list[int]:
        return [i for i, c in enumerate(self.coverage) if c < self.covered_at - 1e-9]


_LEAK_WORDS = re.compile(
    r"\b(rubric|score|scored|scoring|marks?|grade|graded|points? (for|towards)|model answer|"
    r"ideal answer|correct answer is)\b",
    re.IGNORECASE,
)


_EXAMPLES = re.compile(r"\b(?:such as|for example|e\.g\.|like|including)\b(.*)$", re.IGNORECASE)
_EXAMPLES_END = re.compile(r"[,;:]|\b(?:before|then|rather than|instead|and (?:then|also))\b", re.IGNORECASE)


def point_wording(point: str) -> str:
    """A rubric point's wording without the examples it names."""
    return _EXAMPLES.split(point)[0]


def example_terms(point: str) -> set[str]:
    """Stems of the example answers a rubric point names ("... such as PR-AUC or NDCG")."""
    match = _EXAMPLES.search(point)
    if not match:
        return set()
    examples = _EXAMPLES_END.split(match.group(1))[0]
    return {stem(w) for w in normalize_words(examples) if w not in STOPWORDS and len(w) > 1}


# "Would you use X?", "Did you consider X?": a closed question that can name the answer.
_YES_NO = re.compile(
    r"^\s*(?:\w+[,.]\s+)?(?:would|will|did|do|does|is|are|was|were|have|has|should|can|could)\b"
    r"(?!\s+(?:you\s+)?(?:tell|explain|describe|walk|talk|say|share|elaborate|give|provide|expand)\b)",
    re.IGNORECASE,
)


def leaks(follow_up: str, question: Question, answer: str) -> str | None:
    """Why a worded follow-up gives away what a strong answer contains, or None.

    A leak is grading talk, or an example answer a rubric point names, that
    neither the question nor the candidate used; or a closed (yes/no)
    question built from a rubric point's own wording.
    """
    if follow_up in question.follow_ups:
        return None  # authored probes are vetted with the rubric
    question_words = {m.group(0).lower() for m in _LEAK_WORDS.finditer(question.text)}
    if any(m.group(0).lower() not in question_words for m in _LEAK_WORDS.finditer(follow_up)):
        return "mentions scoring"
    heard = {stem(w) for w in normalize_words(question.text + " " + answer)}
    asked = {stem(w) for w in normalize_words(follow_up)}
    for point in question.rubric:
        named = (example_terms(point) & asked) - heard
        if named:
            return f"names an expected answer {sorted(named)[0]!r}"
    if not _YES_NO.match(follow_up):
        return None  # an open question may name the topic of a gap; only a closed one hands over the answer
    allowed = content_bigrams(question.text) | content_bigrams(answer)
    for point in question.rubric:
        shared = (content_bigrams(point) & content_bigrams(follow_up)) - allowed
        if shared:
            return f"repeats rubric wording {' '.join(next(iter(shared)))!r}"
    return None


def point_stems(question: Question, index: int) -> set[str]:
    """A rubric point's own words and its author-written terms, as stems."""
    terms = question.rubric_terms[index] if index < len(question.rubric_terms) else ""
    return content_stems(question.rubric[index]) | content_stems(terms.replace("|", " ").replace(";", " "))


def best_probe(
    question: Question, rubric_index: int | None, asked: frozenset[str] = frozenset(), covered: tuple[int, ...] = ()
) -> str:
    """The prepared follow-up for a missed rubric point: the point's own probe (point_probes) when the
    bank has one and it was not already asked; otherwise the curated follow-up closest to the point,
    not one already asked (unless all were), and not one about a point the answer covered (a bank
    with no probe for the point would otherwise ask again for what was just said). With no point
    (rubric_index None: the answer covered them all), a curated follow-up."""
    if rubric_index is not None and rubric_index < len(question.point_probes):
        own = question.point_probes[rubric_index]
        if own not in asked:
            return own
    asked_about = content_stems(question.text)
    index = rubric_index if rubric_index is not None else 0
    target = point_stems(question, index) - asked_about
    given = set().union(*(point_stems(question, i) for i in covered if i != index)) - asked_about - target
    fresh = [probe for probe in question.follow_ups if probe not in asked] or list(question.follow_ups)
    return max(
        fresh,
        key=lambda probe: (len(content_stems(probe) & target) - len(content_stems(probe) & given), -fresh.index(probe)),
    )


def analyse(question: Question, answer: str) -> AnswerSignals:
    words = normalize_words(answer)
    said = content_stems(answer)
    # By the points' author-written terms, as the feedback judges them: on 57 labelled answers
    # written by someone who never saw the code (tests/data/follow_up_labels.toml), the first point
    # judged missing was one the answer had covered in 10 cases, against 30 by the stemmed overlap
    # with the point's own wording used before (benchmarks/follow_up_quality.py).
    if question.terms:
        spoken = Spoken.of(tokenize(words_from_text(answer)))  # negated mentions cover nothing
        coverage = [score_point(spoken, concepts)[0] for concepts in question.terms]
    else:  # a question with no terms: the share of the point's own content stems said
        coverage = [
            1.0
            if example_terms(p) & said
            else len(core & said) / len(core)
            if (core := content_stems(point_wording(p)))
            else 0.0
            for p in question.rubric
        ]
    vocabulary = content_stems(" ".join([question.text, question.probes, *question.rubric, *question.follow_ups]))
    on_topic = len(said & vocabulary) / len(said) if said else 0.0
    lowered = " ".join(words)
    return AnswerSignals(
        len(words),
        tuple(coverage),
        on_topic,
        bool(_EVASIVE.search(lowered)),
        bool(_INJECTION.search(lowered)),
        COVERED_AT if question.terms else OVERLAP_COVERED_AT,
    )
