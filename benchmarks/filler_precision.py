"""False fillers on fluent speech, recall on real disfluent speech: today's detector beside the new. Asserts nothing.

    .venv/bin/python benchmarks/filler_precision.py --today /tmp/base [--stt whisper-base] [--clips]

--today is a checkout of the code to compare with (e.g. `git worktree add /tmp/base 3c4f7eb`).
Each clip is transcribed once with the session's speech model (the short window a session
uses); then the filler count the report shows (answer_feedback's hesitation fillers: um, uh,
er, hmm, with the audio detector's finds merged in) is computed by today's code and by this
checkout's, each in its own child process on the same words and audio.

Sources (all human material from pinned PyPI source distributions, downloaded once with pip):
- fluent human, tuned on: pocketsphinx 5.1.1 test data (five LibriVox sentences of one reader,
  and short commands, digits and a sung-like line by others);
- a talk, tuned on (*): silero-vad 6.2.3 tests/data/test.wav (a lecture, one speaker, 1 min). Its
  fillers are not marked by hand: the marks are where plain faster-whisper base asked for fillers
  (hotwords) writes one (five "uh"), another method than the detector's, not a ground truth;
- fluent human, held out (never looked at while tuning): the read clips of the Montreal Forced
  Aligner 3.4.3 test data (a LibriSpeech sentence and three Common Voice speakers);
- real disfluent human speech: the Montreal Forced Aligner 3.4.3 recordings with hand-marked
  fillers (benchmarks/disfluent_speech.py: spontaneous talk with filler times, commentary,
  fillers said on purpose); recall = fillers found / fillers marked;
- human voice effects without fillers: the same package's clips of one speaker saying "montreal
  forced aligner" with breaths, laughter, creaky, breathy and whispered voice, drawn-out words and
  internal silences, whose hand transcripts have no filler: every filler there is a false one;
- synthetic: the app's Piper voice (joe-medium) and espeak-ng reading fluent answers of our own
  writing, a sentence per line with a pause between lines.
Fluent material has no fillers, so every filler found there is a false one. Rates are per 5
minutes for human speech without marked fillers, per minute otherwise.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

RATE = 16_000
SILERO_SHA256 = "d7a23b09202be4953915cb9173089bb307eed0418a9bd4794d9ec5af07fa1996"
LINE_PAUSE_S = 0.7
ANSWERS = [
    "When our churn model lost accuracy in production, I first compared the live features with the "
    "training set. The account age feature had shifted, because a new sign up flow reset it. We fixed "
    "the pipeline, retrained on the last three months, and added a weekly drift check. Accuracy came "
    "back within a point of the offline figure, and the check caught two more shifts that year.",
    "I would start with a simple baseline, a logistic regression on the counts we already log. It "
    "tells us how hard the problem is, and it gives the product team something to test early. Then I "
    "would try gradient boosted trees, and keep the baseline as the fallback if latency grows.",
    "The hardest part of the project was the labels. Support agents tagged tickets in different ways, "
    "so I wrote a short guide, ran a calibration session with five of them, and measured agreement "
    "before and after. Agreement rose from sixty to eighty five percent, which mattered more than any "
    "change to the model.",
    "Precision matters more when a false alarm is expensive, for example when every flagged payment is "
    "blocked. Recall matters more when a miss is costly, such as a fraud case nobody reviews. In "
    "practice I look at the precision recall curve with the business owner and pick the threshold "
    "together.",
    "I disagreed with my manager about shipping a model that had not been tested on new users. I "
    "showed her the numbers for that group, we agreed on a small rollout, and the rollout found a bug "
    "in the feature store. She thanked me later, and we made that kind of test part of every release.",
]


@dataclass
class Sample:
    source: str
    name: str
    audio: np.ndarray
    fillers: int = 0                                  # hand-marked fillers (0: fluent)
    spans: list[tuple[float, float]] | None = None    # their times, when known
    words: list[tuple[str, float, float]] | None = None

    @property
    def seconds(self) -> float:
        return self.audio.size / RATE


def silero_talk() -> np.ndarray:
    from faster_whisper import decode_audio
    from human_speech import cache_dir

    member = "silero_vad-6.2.3/tests/data/test.wav"
    folder = cache_dir()
    archive = folder / "silero_vad-6.2.3.tar.gz"
    if not archive.exists():
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
                        "-d", str(folder), "silero-vad==6.2.3"], check=True)
    digest = hashlib.sha256(archive.read_bytes()).hexdigest()
    if digest != SILERO_SHA256:
        raise SystemExit(f"{archive} has sha256 {digest}, expected {SILERO_SHA256}: delete it and run again")
    with tarfile.open(archive) as tar:
        data = tar.extractfile(member).read()  # type: ignore[union-attr]
    with tempfile.NamedTemporaryFile(suffix=".wav") as f:
        f.write(data)
        f.flush()
        return np.asarray(decode_audio(f.name, sampling_rate=RATE), np.float32)


def hotword_fillers(audio: np.ndarray) -> list[float]:
    """Where plain faster-whisper base, asked for fillers with hotwords, writes one: the lecture's only
    filler marks (nobody marked them by hand). Another method than the detector's, not a ground truth."""
    from faster_whisper import WhisperModel

    from interview_voice import app
    from interview_voice.paths import default_paths

    path = app.resolve(default_paths(), "stt", "whisper-base").path
    model = WhisperModel(str(path), device="cpu", compute_type="int8", cpu_threads=2, local_files_only=True)
    segments, _ = model.transcribe(audio, language="en", word_timestamps=True, vad_filter=True,
                                   hotwords="Um, uh, er, hmm.", condition_on_previous_text=False)
    return [w.start for s in segments for w in s.words or ()
            if w.word.strip(" ,.!?").lower() in {"um", "uh", "er", "hmm", "erm", "uhm"}]


def synthetic(which: str) -> list[np.ndarray]:
    from interview_voice.core.audio import resample

    pause = np.zeros(int(LINE_PAUSE_S * RATE), np.float32)
    out = []
    if which == "piper":
        from interview_voice.app import load_tts
        from interview_voice.paths import default_paths
        from interview_voice.settings import DEFAULT_TTS

        tts = load_tts(default_paths(), DEFAULT_TTS)
        for answer in ANSWERS:
            parts = []
            for chunk in tts.synthesize(answer):   # one chunk a sentence
                parts += [resample(np.asarray(chunk.samples, np.float32), chunk.sample_rate, RATE), pause]
            out.append(np.concatenate(parts))
        return out
    with tempfile.TemporaryDirectory() as tmp:
        for answer in ANSWERS:
            parts = []
            for sentence in answer.split(". "):
                wav = Path(tmp) / "s.wav"
                subprocess.run([shutil.which("espeak-ng") or "espeak-ng", "-v", "en-us", "-s", "150", "-w", str(wav),
                                sentence.rstrip(".") + "."], check=True)
                parts += [_read16k(wav), pause]
            out.append(np.concatenate(parts))
    return out


def _read16k(path: Path) -> np.ndarray:
    from faster_whisper import decode_audio

    return np.asarray(decode_audio(str(path), sampling_rate=RATE), np.float32)


def samples() -> list[Sample]:
    from disfluent_speech import disfluent_clips
    from human_speech import human_clips

    out = [Sample("human fluent, tuned: pocketsphinx", c.name, c.audio) for c in human_clips()]
    talk = silero_talk()
    marks = hotword_fillers(talk)
    out.append(Sample("human talk, tuned: silero-vad lecture*", "silero-test", talk, len(marks),
                      [(at - 0.1, at + 0.3) for at in marks]))
    for c in disfluent_clips():
        if c.kind == "read":
            out.append(Sample("human fluent, held out: MFA read", c.name, c.audio))
        elif c.kind == "elicited" and not c.fillers:
            out.append(Sample("human no fillers: MFA voice effects", c.name, c.audio))
        else:
            out.append(Sample(f"human disfluent: MFA {c.kind}", c.name, c.audio, c.fillers, c.spans))
    for which in ("piper", "espeak"):
        out += [Sample(f"synthetic: {which}", f"{which}-{i}", a) for i, a in enumerate(synthetic(which))]
    return out


def score(sample: Sample, found: list[float], tolerance: float = 0.3) -> tuple[int, int]:
    """(hits, false fillers) against the clip's hand-marked fillers."""
    if sample.spans is None:
        hits = min(len(found), sample.fillers)
        return hits, len(found) - hits
    free, hits = list(sample.spans), 0
    for at in sorted(found):
        match = next((s for s in free if s[0] - tolerance <= at <= s[1] + tolerance), None)
        if match is not None:
            free.remove(match)
            hits += 1
    return hits, len(found) - hits


CHILD = """
import json, sys
import numpy as np
sys.path.insert(0, sys.argv[1])
from interview_voice.core.bank import load_bank
from interview_voice.core.feedback.answer import answer_feedback
from interview_voice.records import Word
from interview_voice.runtime.fillers import detect_fillers
from pathlib import Path
question = load_bank([Path(sys.argv[1]) / "assets" / "questions"]).get("beh-why-ml")
data = np.load(sys.argv[2])
words = json.loads(Path(sys.argv[3]).read_text())
out = {}
for name, ws in words.items():
    heard = [Word(t, s, e) for t, s, e in ws]
    extra = detect_fillers(data[name], heard)
    fillers = answer_feedback(question, heard, extra_fillers=extra).to_dict()["fillers"]
    out[name] = [f["at_s"] for f in fillers if f["word"] in ("um", "uh", "er", "hmm")]
print(json.dumps(out))
"""


def fillers_by(code: Path, audio: Path, words: Path) -> dict[str, list[float]]:
    env = {**os.environ, "PYTHONPATH": str(code)}
    done = subprocess.run([sys.executable, "-c", CHILD, str(code), str(audio), str(words)], env=env, check=True,
                          capture_output=True, text=True)
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--today", type=Path, required=True, help="a checkout of the code to compare with")
    parser.add_argument("--stt", default="whisper-base", help="the speech model whose transcript feedback uses")
    parser.add_argument("--window", choices=("session", "file"), default="session",
                        help="session: the short window a session transcribes with; file: Whisper's whole window, "
                             "as `interview-voice feedback FILE.wav` does")
    parser.add_argument("--clips", action="store_true", help="each clip's fillers, by both")
    args = parser.parse_args()
    from interview_voice.app import load_stt
    from interview_voice.paths import default_paths

    stt = load_stt(default_paths(), args.stt)
    clips = samples()
    with tempfile.TemporaryDirectory() as tmp:
        audio, words = Path(tmp) / "audio.npz", Path(tmp) / "words.json"
        heard = {}
        for c in clips:
            full = args.window == "file"
            heard[c.name] = [(w.text, w.start, w.end) for s in stt.transcribe(c.audio, full_window=full)
                             for w in s.words]
            c.words = heard[c.name]
        np.savez(audio, **{c.name: c.audio for c in clips})
        words.write_text(json.dumps(heard))
        found = {"today": fillers_by(args.today.resolve(), audio, words), "new": fillers_by(ROOT, audio, words)}
    sources = list(dict.fromkeys(c.source for c in clips))
    print(f"\nHesitation fillers the report counts ({args.stt}, {args.window} window transcript + audio detector)")
    print(f"{'source':40} {'clips':>5} {'min':>5} {'marked':>6}   {'today: found false rate recall':>34}"
          f"   {'new: found false rate recall':>32}")
    for source in sources:
        chosen = [c for c in clips if c.source == source]
        minutes = sum(c.seconds for c in chosen) / 60
        marked = sum(c.fillers for c in chosen)
        cells = []
        for who in ("today", "new"):
            hits, false = map(sum, zip(*(score(c, found[who][c.name]) for c in chosen)))
            per = 1 if marked or source.startswith("synthetic") else 5
            rate = f"{false / minutes * per:4.1f}/{'5 min' if per == 5 else 'min'}"
            recall = f"{hits / marked:.2f}" if marked else "-"
            cells.append(f"{hits + false:5d} {false:5d} {rate:>10} {recall:>6}")
        print(f"{source:40} {len(chosen):5d} {minutes:5.1f} {marked:6d}   {cells[0]:>34}   {cells[1]:>32}")
    if args.clips:
        for c in clips:
            spans = ",".join(f"{a:.1f}" for a, _ in c.spans or [])
            print(f"  {c.name:26} marked {c.fillers} {spans:20} today "
                  + ",".join(f"{t:.1f}" for t in found["today"][c.name]) + "  new "
                  + ",".join(f"{t:.1f}" for t in found["new"][c.name]), file=sys.stderr)
            print(f"    heard: {' '.join(w[0] for w in c.words or [])}", file=sys.stderr)


if __name__ == "__main__":
    main()
