"""The speech-to-noise ratio the report judges "too noisy" by, on real recordings as they are and with white
noise mixed in at a known level under the voice (core/feedback/audio_quality.py). Asserts nothing.

    .venv/bin/python benchmarks/noisy_answers.py

Recordings: tests/data/human (pocketsphinx 5.1.1 and MFA 3.4.3 clips), two AMI meeting clips from
pyannote-audio 4.0.7 and the silero-vad 6.2.3 news broadcast (pinned sdists, cached as the filler
benchmarks cache them). Noise level: under the mean power of the clip's louder half of 32 ms frames.
"""

from __future__ import annotations

import sys
import time
import wave
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

UNDER_DB = (20, 10, 5, 0)


def clips() -> dict[str, np.ndarray]:
    from filler_precision import _sdist_member

    out = {}
    for path in sorted((ROOT / "tests" / "data" / "human").glob("*.wav")):
        with wave.open(str(path)) as w:
            out[path.name] = np.frombuffer(w.readframes(w.getnframes()), np.int16).astype(np.float32) / 32768
    for name in ("trn03", "dev00"):
        member = f"pyannote_audio-4.0.7/tests/data/{name}.wav"
        out[f"ami-{name}"] = _sdist_member("pyannote-audio 4.0.7", member)
    out["news-aepyx"] = _sdist_member("silero-vad 6.2.3", "silero_vad-6.2.3/examples/c++/aepyx.wav")
    return out


def main() -> None:
    from interview_voice.core.feedback.audio_quality import NOISY_SNR_DB
    from interview_voice.runtime.audio_quality import measure_snr, silero_vad

    vad = silero_vad()
    shown = lambda v: "-" if v is None else f"{v:.1f}"  # noqa: E731
    print(f"measured speech-to-noise ratio, dB ('too noisy' under {NOISY_SNR_DB:.0f}; - : not measured)")
    print(f"{'clip':22} {'s':>5} {'clean':>6}" + "".join(f" {f'-{d} dB':>7}" for d in UNDER_DB) + "   s to measure")
    for name, audio in clips().items():
        frames = audio[: audio.size // 512 * 512].reshape(-1, 512)
        power = np.mean(frames**2, axis=1)
        loud = power[power >= np.median(power)].mean()
        rng = np.random.default_rng(0)
        began = time.perf_counter()
        row = [measure_snr(audio, vad)]
        took = time.perf_counter() - began
        for under in UNDER_DB:
            noise = rng.standard_normal(audio.size).astype(np.float32) * np.sqrt(loud / 10 ** (under / 10))
            row.append(measure_snr(audio + noise, vad))
        print(f"{name:22} {audio.size / 16000:5.0f} " + " ".join(f"{shown(v):>7}" for v in row) + f"   {took:.2f}")


if __name__ == "__main__":
    main()
