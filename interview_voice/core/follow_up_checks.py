"""Is a worded follow-up about this answer? Checked by code before the candidate hears it.

A small model asked for one question about an answer often writes a question that could have
been asked without listening ("What kind of problem did you solve?" right after the problem was
described), follows the candidate's digression, or asks again for what was just said. The code
chose what to probe (a key point the answer missed, or a claim it made); these checks keep a
wording only when it names that point or the candidate's own words, and not only their tangent
or a point they already covered.
"""

from __future__ import annotations

import re

from interview_voice.core.bank import Question
from interview_voice.core.signals import analyse, content_stems, point_stems
from interview_voice.core.text import split_sentences

# Words any follow-up may use: they name no point and nothing the candidate said.
GENERIC_STEMS = content_stems(
    "specific specifically example detail details approach explain tell walk describe think "
    "happen happened exactly kind sort thing things way ways help mean means step steps go "
    "going know make made sure part why what how which time really actually"
)


def _vocabulary(question: Question) -> set[str]:
    return content_stems(
        " ".join(
            [
                question.text,
                question.probes,
                *question.rubric,
                *question.follow_ups,
                *(t.replace("|", " ").replace(";", " ") for t in question.rubric_terms),
            ]
        )
    )


# A question that points back at what the interviewer just said back: "that" or "those" ("Why did you
# pick that window?"), or another pronoun on its own ("How did you measure it?") or with a word that
# stands for a claim ("this number"); not "this plan", which could follow any answer.
_REFERS_BACK = re.compile(
    r"\b(?:that|those)\b|\b(?:it|this|these|them)\b(?=\s*(?:[?.,!]|$)|\s+(?:in|on|at|to|for|from|with|by|"
    r"over|against|before|after|first|again|number|figure|result|results|choice|decision|estimate|value|"
    r"metric|change|drop|gain|improvement|difference|step)\b)",
    re.IGNORECASE,
)


def off_target(
    follow_up: str, question: Question, answer: str, target: str | None, lead_in: str | None = None
) -> str | None:
    """Why this follow-up is not about the answer (None: it is). lead_in: the candidate's claim,
    said back just before the question; a question that points back at it is about the answer."""
    asked = content_stems(question.text)
    said = content_stems(follow_up) - asked - GENERIC_STEMS
    index = question.rubric.index(target) if target in question.rubric else None
    aimed = (point_stems(question, index) if index is not None else set()) - asked - GENERIC_STEMS
    heard = content_stems(answer) - asked - GENERIC_STEMS
    if not said & (aimed | heard):
        if lead_in and _REFERS_BACK.search(follow_up):
            return None
        return "names neither the point to probe nor anything the candidate said"
    if said & aimed:
        return None
    vocabulary = _vocabulary(question)
    on_topic = set().union(*(content_stems(s) for s in split_sentences(answer) if content_stems(s) & vocabulary))
    if not (said & heard) & on_topic:
        return "follows a digression of the answer"
    if lead_in and said & content_stems(lead_in):
        # about the claim just said back ("You mentioned 30 days." "How did you settle on 30 days?"): the
        # claim was chosen to be asked about, though it lies within a point the answer covered
        return None
    covered = analyse(question, answer).covered
    for i in covered:
        if len(said & (point_stems(question, i) - asked - GENERIC_STEMS)) >= 2 and not said & heard - point_stems(
            question, i
        ):
            return "asks for what the answer already gave"
    return None
