"""The audio up to each pause of benchmarks/turn_judgement.py's cases, kept once for acoustic cues.

    .venv/bin/python benchmarks/turn_audio.py [--out FILE]

turn_judgement.py's features pickle keeps no audio. The cases are cut where Whisper tiny.en put its
word boundaries, so they are rebuilt here the same way (turn_judgement._cases) and the last
KEEP_S seconds of each answer are kept as int16, with the case's group, words and pause length so
that a reader can check each one against its row (a temperature fallback can write other words).
"""

from __future__ import annotations

import argparse
import pickle
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

KEEP_S = 20.0
RATE, FRAME = 16_000, 512
SAME_AUDIO = 0.2  # largest VAD probability difference of the same audio (int16 rounding moves it by up to ~0.08)
DEFAULT = Path.home() / ".cache" / "interview-voice-bench" / "turn_judgement_audio.pkl"


def attach(rows: list, kept: list, vad) -> int:
    """Each row gets its case's audio (row.audio, float32) where the kept audio is the row's: Silero's
    probabilities over its last second agree with the row's own (a rebuilt case can be cut elsewhere
    when Whisper's fallback samples other word times). Returns how many rows got none."""
    from endpointing import vad_probabilities

    missing = 0
    for row, (group, _text, pause_s, samples) in zip(rows, kept, strict=True):
        audio = samples.astype(np.float32) / 32767
        tail = audio[-RATE:]
        tail = tail[tail.size % FRAME :]
        probs = vad_probabilities(vad, tail)
        same = (
            group == row.group
            and abs(pause_s - row.pause_s) < 1e-6
            and probs.size > 0
            and float(np.max(np.abs(probs - row.probs[: probs.size]))) < SAME_AUDIO
        )
        row.audio = audio if same else None
        missing += not same
    return missing


def kept_audio() -> list[tuple[str, str, float, np.ndarray]]:
    """(group, words, pause s, the last KEEP_S of the answer as int16) of every case, in the rows' order."""
    from endpointing import fetch
    from turn_judgement import _cases

    from interview_voice import app
    from interview_voice.paths import default_paths

    files = fetch(Path.home() / ".cache" / "interview-voice-bench")
    stt, vad = app.load_stt(default_paths(), "whisper-tiny.en"), app.load_vad()
    kept = []
    for case in _cases(files, stt, vad):
        tail = np.clip(case.audio[-int(KEEP_S * RATE) :], -1, 1)
        kept.append((case.group, case.text, case.pause.size / RATE, (tail * 32767).astype(np.int16)))
    return kept


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=DEFAULT)
    args = parser.parse_args()
    kept = kept_audio()
    args.out.write_bytes(pickle.dumps(kept))
    print(f"{len(kept)} cases kept in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
