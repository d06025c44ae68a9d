"""Delivery feedback on REAL human speech, with synthetic (espeak) speech of the same text beside it.

    .venv/bin/python benchmarks/feedback_speech_bench.py --clips DIR [--stt whisper-base]

DIR holds the LibriVox clips shipped (with forced word alignments) in the pocketsphinx 5.1.1 sdist
(BSD-2-Clause; LibriVox audio is public domain), which are too large to keep in git:

    pip download --no-deps --no-binary :all: pocketsphinx==5.1.1
    tar xzf pocketsphinx-5.1.1.tar.gz pocketsphinx-5.1.1/test/data/librivox
    DIR = pocketsphinx-5.1.1/test/data/librivox

For each clip, and for all clips joined with a 2.5 s silence between them (known long pauses), it
prints pace, fillers and long pauses from the reference alignment and from the app's transcript
(the same speech model the `feedback` command uses), for the human recording and for espeak-ng
reading the same words. Read speech has no fillers, so every filler reported is a false one.
Asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from interview_voice.app import load_stt  # noqa: E402
from interview_voice.core.bank import load_bank  # noqa: E402
from interview_voice.core.feedback import answer_feedback  # noqa: E402
from interview_voice.core.types import Transcript  # noqa: E402
from interview_voice.engines.audio_file import read_wav_mono  # noqa: E402
from interview_voice.paths import default_paths  # noqa: E402
from interview_voice.records import Word  # noqa: E402

GAP_S = 2.5


def reference_words(alignment: Path, offset: float = 0.0) -> list[Word]:
    data = json.loads(alignment.read_text())
    return [
        Word(w["t"].split("(")[0], offset + w["b"], offset + w["b"] + w["d"])
        for w in data["w"]
        if not w["t"].startswith(("<", "["))
    ]


def espeak(text: str, out: Path) -> np.ndarray:
    subprocess.run(
        [shutil.which("espeak-ng") or "espeak-ng", "-v", "en-us", "-s", "150", "-w", str(out), text], check=True
    )
    return read_wav_mono(out)


def metrics(question, words: list[Word]) -> str:
    d = answer_feedback(question, words).to_dict()
    pauses = ",".join(f"{p['seconds']:.1f}" for p in d["long_pauses"]) or "-"
    return f"{d['wpm'] or 0:6.1f} {len(d['fillers']):3d}  {pauses:12}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clips", required=True, type=Path)
    parser.add_argument("--stt", default="whisper-base")
    args = parser.parse_args()
    question = load_bank([ROOT / "assets" / "questions"]).get("beh-why-ml")  # any question: delivery only
    stt = load_stt(default_paths(), args.stt)
    clips = sorted(args.clips.glob("*.wav"))
    print(f"speech model {args.stt}; columns: wpm, fillers, long pauses (s)")
    print(f"{'clip':26} {'reference (human)':24} {'app on human':24} {'app on espeak':24}")
    joined_audio, joined_ref, joined_espeak, offset = [], [], [], 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for clip in clips:
            audio = read_wav_mono(clip)
            ref = reference_words(clip.with_suffix(".json"))
            synthetic = espeak(clip.with_suffix(".txt").read_text().strip(), Path(tmp) / "s.wav")
            heard = Transcript(list(stt.transcribe(audio))).words
            heard_synthetic = Transcript(list(stt.transcribe(synthetic))).words
            print(
                f"{clip.stem[-4:]:26} {metrics(question, ref):24} {metrics(question, heard):24} "
                f"{metrics(question, heard_synthetic):24}"
            )
            silence = np.zeros(int(GAP_S * 16000), dtype=np.float32)
            joined_audio += [audio, silence]
            joined_ref += reference_words(clip.with_suffix(".json"), offset)
            joined_espeak += [synthetic, silence]
            offset += audio.size / 16000 + GAP_S
        human = Transcript(list(stt.transcribe(np.concatenate(joined_audio)))).words
        synthetic = Transcript(list(stt.transcribe(np.concatenate(joined_espeak)))).words
        print(
            f"{'joined, ' + str(len(clips) - 1) + ' gaps of ' + str(GAP_S) + ' s':26} "
            f"{metrics(question, joined_ref):24} {metrics(question, human):24} {metrics(question, synthetic):24}"
        )


if __name__ == "__main__":
    main()
