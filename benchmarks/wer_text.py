"""Whisper-style text normalisation and word error rate for the speech benchmarks.

Like Whisper's English normaliser, on the points that matter for short answers:
case, punctuation and hyphens do not count, numbers count the same as digits
or words ("10" = "ten"), common abbreviations are spelled out, and hesitations
(um, uh, hmm) are removed: they are counted separately as fillers.
"""

from __future__ import annotations

import re

_UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen".split()
)
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_SPELLED = {
    "mr": "mister",
    "mrs": "missus",
    "dr": "doctor",
    "st": "saint",
    "ok": "okay",
    "metres": "meters",
    "metre": "meter",
    "percent": "percent",
}
HESITATIONS = {"um", "umm", "uhm", "uh", "uhh", "er", "erm", "hmm", "hm", "mm", "ah", "eh"}


def _number_words(n: int) -> list[str]:
    if n < 20:
        return [_UNITS[n]]
    if n < 100:
        return [_TENS[n // 10]] + ([_UNITS[n % 10]] if n % 10 else [])
    if n < 1000:
        return [_UNITS[n // 100], "hundred"] + (_number_words(n % 100) if n % 100 else [])
    return [_UNITS[int(d)] for d in str(n)]


def normalise(text: str, keep_hesitations: bool = False) -> list[str]:
    text = text.lower().replace("-", " ").replace("%", " percent")
    words = []
    for token in re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text):
        if token.isdigit() and (len(token) > 1 and token[0] == "0" or len(token) > 3):
            words.extend(_UNITS[int(d)] for d in token)  # "2934" is said digit by digit
        elif token.isdigit():
            words.extend(_number_words(int(token)))
        elif keep_hesitations or token not in HESITATIONS:
            words.append(_SPELLED.get(token, token))
    return words


def edit_distance(ref: list[str], hyp: list[str]) -> int:
    d = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        prev, d[0] = d[0], i
        for j, h in enumerate(hyp, 1):
            prev, d[j] = d[j], min(d[j] + 1, d[j - 1] + 1, prev + (r != h))
    return d[len(hyp)]
