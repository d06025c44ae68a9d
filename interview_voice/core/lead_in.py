"""The interviewer's first words after an answer: the candidate's own claim, said back to them.

"You mentioned an AUC of about 0.91." A real interviewer often starts a follow-up by saying back
what they are asking about; here the code chooses it (a figure with its unit, or a named tool or
product the candidate used, in the part of the answer that is about the question) and the model
only words the question that follows. It is what the candidate hears first, where "Okay." was: it
can sound the moment the answer ends, it shows the answer was heard, and while it plays (about
two seconds) the model writes the question, which may then say "that" or "it" and still be about
what was said.

The choice is made from the words alone, by rules a reader can check: no figure and no name in the
answer's on-topic sentences, no lead-in (the interviewer says "Okay." as before).
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass

from interview_voice.core.bank import Question
from interview_voice.core.signals import (
    STOPWORDS,
    content_bigrams,
    content_stems,
    leaks,
    point_stems,
    reads_as_instruction,
)
from interview_voice.core.terms import stem
from interview_voice.core.text import normalize_words, split_sentences
from interview_voice.records import Word

log = logging.getLogger(__name__)

_NUMBER_WORDS = (
    "one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty "
    "sixty seventy eighty ninety hundred half".split()
)
_NUMBER = (
    r"(?:\d+(?:[.,]\d+)*%?|(?:"
    + "|".join(_NUMBER_WORDS)
    + r")(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?)"
)
_UNIT = (
    r"(?:%|percent|per cent|percentage points?|points?|x|times|fold|ms|milliseconds?|seconds?|minutes?|hours?|"
    r"days?|weeks?|months?|years?|k|thousand|million|billion|gb|tb|mb|users?|customers?|requests?|rows?|"
    r"queries|query|records?|tickets?|samples?|examples?|images?|features?|models?|engineers?|people|servers?|"
    r"gpus?|nodes?|dollars?|euros?|pounds?|qps|fps)"
)
# not "over" or "under" alone: "churn over thirty days" is a window, not more than thirty days
_APPROX = r"(?:about|around|roughly|nearly|almost|just under|just over|only|less than|more than|up to)"
# "an AUC of about 0.91", "about twelve percent of requests", "40 milliseconds", "3x"
_FIGURE = re.compile(
    r"(?:\b(?P<lead>(?:(?:an?|the|our|my|their)\s+)?[A-Za-z][\w-]*\s+of)\s+)?"
    r"(?:\b(?P<approx>" + _APPROX + r")\s+)?"
    r"(?P<number>(?<![\w.])" + _NUMBER + r")"
    r"(?:(?P<unit>\s*(?:%|x\b)|\s+" + _UNIT + r"\b)(?:\s+(?P<of>of\s+(?!the\b|a\b|an\b)[a-z][\w-]+))?)?",
    re.IGNORECASE,
)
_YEAR = re.compile(r"^(?:19|20)\d\d$")
# A name the candidate used for a tool, model or product: capitalised inside a sentence, or with a
# capital or a digit after its first letter ("XGBoost", "BERT", "S3", "GPT-4").
_NAME = re.compile(r"\b[A-Z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*\b")
_NOT_NAMES = frozenset(
    "I I'm I've I'd I'll OK Okay So And But Then Also Yes No Well Because First Second Third Finally "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July "
    "August September October November December English".split()
)
_YOURS = {
    "i": "you",
    "we": "you",
    "me": "you",
    "us": "you",
    "my": "your",
    "our": "your",
    "mine": "yours",
    "ours": "yours",
    "myself": "yourself",
    "ourselves": "yourselves",
    "i'm": "you're",
    "we're": "you're",
    "i've": "you've",
    "we've": "you've",
    "i'd": "you'd",
    "we'd": "you'd",
    "i'll": "you'll",
    "we'll": "you'll",
    "am": "are",
}
_WAS = {"i", "we"}  # "I was" -> "you were"
# A clause of the sentence: what a figure is said back with, when it starts with who did or had it
_CLAUSE_END = re.compile(r"[,;:]|\s(?:and|but|so|because|which|while|whereas|although|though|when)\s", re.IGNORECASE)
_OPENERS = frozenset("then so and but well first also actually basically um uh because which now finally".split())
_SUBJECTS = frozenset("i we they it he she the our my this that these those their its".split())
MAX_CLAUSE_WORDS = 10
_TRAILING = {"of", "the", "a", "an", "to", "and", "or", "in", "on", "for", "with", "by", "at"}
MAX_PHRASE_WORDS = 7
DOUBTFUL_BELOW = 0.5  # a word the speech model gave less probability than this is never said back
# Words that make a pair of words an action, not a thing to say back ("went wrong", "we shipped")
_VERBS = frozenset(
    "went go goes got get gets made make makes did was were had has said says took take takes found find built "
    "build chose choose picked pick moved move wrote write ran run runs put saw see seen came come wanted want "
    "tried try needed need started start decided decide thought think knew know gave give kept keep left told "
    "asked ask worked work works showed show shows helped help looked look felt feel set sets "
    "between across within without after before over under through during against per via versus "
    "correct wrong good bad better worse best fast slow high low large small new old right".split()
)
_DETERMINERS = frozenset("the a an our my this that their".split())


def doubtful_words(words: Iterable[Word]) -> frozenset[str]:
    """The words of a transcript the speech model was unsure of, lower case."""
    return frozenset(w for word in words if word.probability < DOUBTFUL_BELOW for w in normalize_words(word.text))


@dataclass(frozen=True)
class LeadIn:
    text: str  # what the interviewer says: "You mentioned an AUC of about 0.91."
    phrase: str  # the candidate's own words it names


def _figure_phrases(sentence: str) -> list[str]:
    found = []
    for match in _FIGURE.finditer(sentence):
        number = match.group("number")
        has_unit = bool(match.group("unit"))
        if _YEAR.match(number) and not has_unit:
            continue  # "in 2019": a date, not a claim
        if not (has_unit or match.group("lead") or any(c.isdigit() for c in number)):
            continue  # "one of them", "two options": a number word with nothing measured
        if number.lower() in ("one", "half") and not re.search(r"percent|%|thousand|million|billion", match.group(0)):
            continue  # "one feature was computed...": a count of one says nothing to ask about
        if re.match(r"\s*[.,]\d", sentence[match.end("number") :]) or re.search(
            r"\d\s*[.,]?\s*$", sentence[: match.start("number")]
        ):
            continue  # "of 0 .9": a number the speech model heard in pieces
        phrase = match.group(0).strip()
        rest = sentence[match.end() :].split()
        if match.group("of") and rest and rest[0].lower().strip(".,;:!?") not in STOPWORDS and rest[0][-1].isalnum():
            phrase = phrase[: phrase.rindex(match.group("of"))].strip()  # "ten percent of high-scoring tickets"
        found.append(phrase)
    return found


def _name_phrases(sentence: str) -> list[str]:
    words = sentence.split()
    found = []
    for i, word in enumerate(words):
        bare = word.strip(".,;:!?\"'()")
        if not bare or bare in _NOT_NAMES or not _NAME.fullmatch(bare):
            continue
        inner_capital = any(c.isupper() or c.isdigit() for c in bare[1:])
        if i == 0 and not inner_capital:
            continue  # the first word of a sentence is capitalised anyway
        if len(bare) < 2:
            continue
        found.append(bare)
    return found


@functools.lru_cache(maxsize=64)
def _vocabulary(question: Question) -> frozenset[str]:
    """The question's and its key points' words, as stems: a sentence about the question uses one."""
    return frozenset(
        content_stems(question.text).union(*(point_stems(question, i) for i in range(len(question.rubric))))
    )


@functools.lru_cache(maxsize=64)
def _question_words(question: Question) -> frozenset[str]:
    """Every word the question, its key points, their terms and probes use, lower case."""
    texts = [question.text, question.probes, *question.rubric, *question.follow_ups, *question.point_probes]
    texts += [terms.replace("|", " ").replace(";", " ") for terms in question.rubric_terms]
    return frozenset(w for text in texts for w in normalize_words(text))


@functools.lru_cache(maxsize=1)
def _field_names() -> frozenset[str]:
    """One-word names of the field the app knows: the technologies (assets/technologies.txt) and the
    field's names and short forms (assets/field_names.txt), lower case."""
    from interview_voice.core.feedback.answer import bundled_technologies
    from interview_voice.paths import resource_dir  # the app's read-only assets (also when packaged)

    # every word of a name of several ("PR-AUC": "pr", "auc"), as a transcript splits it
    known = {w for _name, spellings in bundled_technologies().entries for s in spellings for w in s if len(w) > 1}
    path = resource_dir("assets") / "field_names.txt"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        log.warning("cannot read %s: %s", path, exc)
        lines = []
    for line in lines:
        if not line.lstrip().startswith("#"):
            known.update(w for w in normalize_words(line) if len(w) > 1)
    return frozenset(known)


def _known_name(name: str, question: Question) -> bool:
    """A name the field or the question uses. A capitalised word nothing knows is, in a transcript,
    more often a mishearing than a tool: the live speech model heard "data" as "NATO" and "AUC" as
    "AOC" with confidence, and saying that back tells the candidate they were not heard."""
    words = normalize_words(name)
    known = _field_names() | _question_words(question)
    return bool(words) and all(w in known or (w.endswith("s") and w[:-1] in known) for w in words)


def _unknown_names(text: str, question: Question) -> bool:
    return any(not _known_name(name, question) for name in _name_phrases(text))


@functools.lru_cache(maxsize=64)  # asked at every pause that sounds finished; a plan has a few questions
def _vocabulary_pairs(question: Question) -> frozenset[tuple[str, str]]:
    """Pairs of words, as stems, that the question and its key points use: the field's terms."""
    texts = [question.text, *question.rubric, *question.follow_ups, *question.point_probes]
    texts += [alternative for terms in question.rubric_terms for alternative in re.split(r"[|;]", terms)]
    return frozenset().union(*(content_bigrams(text) for text in texts))


def _term_phrases(sentence: str, pairs: frozenset[tuple[str, str]], asked: set[str]) -> list[str]:
    """Two words in a row that name a thing the field talks about ("logistic regression", "the
    feature store"), with the determiner before them; not the question's own words (asked: its
    stems), which would say nothing the candidate added."""
    words = [w.strip(".,;:!?\"'()") for w in sentence.split()]
    found = []
    for i in range(len(words) - 1):
        first, second = words[i].lower(), words[i + 1].lower()
        if not first or not second or {first, second} & (STOPWORDS | _VERBS):
            continue
        if len(first) <= 2 or len(second) <= 2 or first.endswith("ed") or second.endswith("ed"):
            continue
        if (stem(first), stem(second)) not in pairs or {stem(first), stem(second)} <= asked:
            continue
        before = [w.lower() for w in words[max(0, i - 2) : i]]
        if before and before[-1] in _DETERMINERS:  # "the feature store"
            lead = before[-1:]
        elif len(before) == 2 and before[0] in _DETERMINERS and not {before[1]} & (STOPWORDS | _VERBS):
            lead = before  # "the shared feature store"
        else:
            lead = []
        end = i + 2
        while end < len(words) and (stem(words[end - 1].lower()), stem(words[end].lower())) in pairs:
            end += 1  # "a key value store"
        raw = sentence.split()
        if end < len(words) and raw[end - 1][-1].isalnum() and words[end].lower() not in STOPWORDS | _VERBS:
            continue  # part of a longer name ("key value" of "key value store"): saying half of it is wrong
        found.append(" ".join([*lead, *words[i:end]]))
    return found


def _second_person(phrase: str) -> str:
    words = phrase.split()
    out = []
    for i, word in enumerate(words):
        lowered = word.lower()
        if lowered == "was" and i > 0 and words[i - 1].lower() in _WAS:
            out.append("were")
        else:
            out.append(_YOURS.get(lowered, word))
    return " ".join(out)


def _clause_with(sentence: str, figure: str) -> str | None:
    """The clause around a figure when it says who did or had it in a few words ("I rebuilt it three
    times", "the network was two points better on AUC"); else None."""
    start = sentence.find(figure)
    if start < 0:
        return None
    begin = 0
    for match in _CLAUSE_END.finditer(sentence[:start]):
        begin = match.end()
    end = len(sentence)
    after = _CLAUSE_END.search(sentence, start + len(figure))
    if after is not None:
        end = after.start()
    words = sentence[begin:end].strip(" .!?").split()
    up_to_figure = len(sentence[begin : start + len(figure)].split())
    while words and words[0].lower().strip(",") in _OPENERS:
        words, up_to_figure = words[1:], up_to_figure - 1
    if words and words[0].lower() not in _SUBJECTS:  # "For the churn label I rebuilt ...": from "I" on
        who = next((i for i, w in enumerate(words[:6]) if w.lower() in ("i", "we")), None)
        if who is not None:
            words, up_to_figure = words[who:], up_to_figure - who
    following = [w.lower() for w in words[up_to_figure : up_to_figure + 2]]
    if len(words) > MAX_CLAUSE_WORDS and following[:1] == ["of"] and following[1:] in (["the"], ["a"], ["an"]):
        # "... within thirty days [of the billing date]": a detail after the figure may go, but not
        # what the figure counts ("about ten percent [of churned customers]")
        words = words[:up_to_figure]
    if not words or words[0].lower() not in _SUBJECTS or len(words) > MAX_CLAUSE_WORDS:
        return None
    first = words[0] if words[0] == "I" else words[0].lower()
    return " ".join([first, *words[1:]])


def _tidy(phrase: str) -> str:
    words = phrase.strip(" ,;:.").split()[:MAX_PHRASE_WORDS]
    while len(words) > 1 and words[-1].lower().strip(".,;") in _TRAILING:
        words.pop()
    return _second_person(" ".join(words)).rstrip(".,;:!?")


def choose_lead_in(
    question: Question,
    answer: str,
    target: str | None,
    already_said: str = "",
    doubtful: frozenset[str] = frozenset(),
) -> LeadIn | None:
    """The claim to say back before the follow-up, or None. The sentence it comes from must be about
    the question (it shares words with the question, its key points or their terms), so a digression
    is never said back; among those, a figure before a name, a sentence that touches the point to
    probe before one that does not, a figure said with who did it before one without, and a later
    sentence before an earlier one (the result comes last); a figure or a name before two words
    of the field's terms ("the feature store"). already_said: what the interviewer has said in
    this question so far; a phrase in it is not said twice. doubtful: words the speech model was
    unsure of ("a UC of 0 .9"): a phrase with one of them is not said back."""
    vocabulary = _vocabulary(question)
    aimed = (
        point_stems(question, question.rubric.index(target))
        if target is not None and target in question.rubric
        else set()
    )
    pairs, asked = _vocabulary_pairs(question), content_stems(question.text)
    said_before = already_said.lower()
    best: tuple[tuple[int, int, int, int], str] | None = None
    for position, sentence in enumerate(split_sentences(answer)):
        if reads_as_instruction(sentence):
            continue  # "give me full marks": never said back
        stems = content_stems(sentence)
        if not stems & vocabulary:
            continue
        touches = int(bool(stems & aimed))
        found = (
            (2, _figure_phrases(sentence)),
            (1, _name_phrases(sentence)),
            (0, _term_phrases(sentence, pairs, asked)),
        )
        for kind, phrases in found:
            for phrase in phrases:
                tidy = _tidy(phrase)
                if not tidy or tidy.lower() in said_before or not any(c.isalnum() for c in tidy):
                    continue
                if set(normalize_words(phrase)) & doubtful:
                    continue
                if kind == 1 and (tidy.lower() in STOPWORDS or not _known_name(tidy, question)):
                    continue
                clause = _clause_with(sentence, phrase) if kind == 2 else None
                if clause and (set(normalize_words(clause)) & doubtful or _unknown_names(clause, question)):
                    continue  # "the network was two points manner on a UC": every word said back is heard surely
                text = f"You said {_second_person(clause)}." if clause else f"You mentioned {tidy}."
                if leaks(text, question, answer):
                    continue  # held to the follow-up's own check: no example answer, no talk of scores
                rank = (kind, touches, int(clause is not None), position)
                if best is None or rank > best[0]:
                    best = (rank, text)
    if best is None:
        return None
    return LeadIn(best[1], best[1].split(" ", 2)[2].rstrip("."))
