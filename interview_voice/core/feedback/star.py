"""STAR structure of a behavioural answer: situation, task, action, result (and learning).

Heuristic, like the detectors in open tools: a situation opener, a statement of
one's own responsibility, action verbs after "I" or "we" (whose voice it is shows in
the I/we counts), and a result phrase. Each
part is the first sentence that shows it (the result: the last), quoted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from interview_voice.core.feedback.tokens import Token, quote, sentence_bounds
from interview_voice.records import Word

_SITUATION = re.compile(
    r"\b(at my (last|previous|current|old|first) (job|company|role|team|employer)|in my (last|previous|current|old) "
    r"(job|company|role|team|position)|when i was|a (few|couple of) (years|months) ago|last (year|quarter|spring|"
    r"summer|autumn|fall|winter)|back (in|when)|there was a time|we had (a|an|this)|our team (was|had)|i was working "
    r"(at|on|as)|the (situation|context|background) was|at (a|the) (startup|bank|hospital|company))\b"
)
_TASK = re.compile(
    r"\b(my (role|job|task|responsibility|goal|part|brief) was|i was (responsible|asked|tasked|in charge|the one|"
    r"supposed|expected)|i needed to|i had to|i owned|i was leading|i led the|the goal was|we needed to|"
    r"my manager asked me|it was (up to me|my job))\b"
)
_ACTION = re.compile(
    r"\b(i|we|so i|so we|then i|then we|first i|first we) "
    r"(built|wrote|designed|set up|proposed|analysed|analyzed|compared|ran|talked|met|"
    r"created|implemented|changed|added|moved|decided|started|organised|organized|reached out|scheduled|showed|"
    r"explained|trained|fixed|investigated|suggested|asked|collected|prototyped|escalated|deployed|introduced|"
    r"called|sat down|presented|measured|tested|rewrote|split|reviewed|documented|negotiated|pushed|focused|"
    r"prioritised|prioritized|dug|checked|looked|worked|spent|brought|agreed|offered|put|made|took|used)\b"
)
_RESULT = re.compile(
    r"\b(as a result|in the end|the (result|outcome|impact) was|which (led|meant) to|that led to|ended up|"
    r"eventually|finally|we (reduced|increased|improved|cut|saved|shipped|launched|delivered|hit|reached|recovered)|"
    r"it (reduced|increased|improved|cut|saved|worked|recovered)|(went|dropped|fell|rose|grew) (from|to|by)|"
    r"(reduced|increased|improved|cut|saved) (it|the|our|by)|percent|per cent|after that|"
    r"(they|we|it|the team|management) (approved|agreed|decided|adopted|accepted|funded|chose|went ahead))\b"
)
_LEARNING = re.compile(
    r"\b(i learn(ed|t)|the lesson|lessons|next time|since then|looking back|in hindsight|"
    r"taught me|i now|i would (do|have done) (it )?differently)\b"
)
_I = frozenset({"i", "i'm", "i've", "i'd", "i'll", "me", "my", "myself"})
_WE = frozenset({"we", "we're", "we've", "we'd", "we'll", "us", "our", "ourselves"})
NUMBER_WORDS = frozenset(
    "two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty "
    "fifty sixty seventy eighty ninety hundred thousand million billion percent half "
    "double doubled tripled twice".split()
)


def has_number(text: str) -> bool:
    return bool(re.search(r"\d", text)) or any(w in NUMBER_WORDS for w in re.findall(r"[a-z]+", text.lower()))


def star_parts(words: Sequence[Word], tokens: Sequence[Token]) -> dict:
    sentences = [(s, e, " ".join(t.norm for t in tokens[s:e])) for s, e in sentence_bounds(tokens)]
    found: dict[str, str | None] = {"situation": None, "task": None, "action": None, "result": None, "learning": None}
    used: set[int] = set()
    for part, pattern in (("situation", _SITUATION), ("task", _TASK), ("learning", _LEARNING)):
        for k, (s, e, text) in enumerate(sentences):
            if k not in used and pattern.search(text):
                found[part] = quote(words, tokens, s, e - 1)
                used.add(k)
                break
    for k, (s, e, text) in enumerate(sentences):
        if k not in used and _ACTION.search(text):
            found["action"] = quote(words, tokens, s, e - 1)
            used.add(k)
            break
    for k in range(len(sentences) - 1, -1, -1):  # the result is usually near the end
        s, e, text = sentences[k]
        if k not in used and _RESULT.search(text):
            found["result"] = quote(words, tokens, s, e - 1)
            break
    norms = [t.norm for t in tokens]
    return {
        **found,
        "result_has_number": bool(found["result"]) and has_number(found["result"] or ""),
        "i_count": sum(n in _I for n in norms),
        "we_count": sum(n in _WE for n in norms),
    }
