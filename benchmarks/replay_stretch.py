"""Replay at 1.5x and 2x: the cost of WSOLA time-stretching and whether the voice keeps its pitch.

    .venv/bin/python benchmarks/replay_stretch.py [WAV ...]

For each recording (default: the human speech clips in tests/data/human), at the replay's rate:
the CPU seconds WSOLA (audiotsm, as engines/stretch.py runs it, in 0.25 s chunks) takes per 10 s
of audio, and the median pitch of voiced 40 ms frames (autocorrelation, 70-400 Hz) at 1x, at 2x
by plain resampling (what replay did before), and at 1.5x/2x stretched. Asserts nothing.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from interview_voice.engines.audio_file import read_wav_mono  # noqa: E402
from interview_voice.engines.playback import RATE  # noqa: E402
from interview_voice.engines.stretch import CHUNK_S  # noqa: E402


def stretch(samples: np.ndarray, speed: float) -> tuple[np.ndarray, float]:
    from audiotsm import wsola
    from audiotsm.io.array import ArrayReader, ArrayWriter

    tsm, writer, step = wsola(1, speed=speed), ArrayWriter(1), int(CHUNK_S * RATE)
    start = time.process_time()
    for at in range(0, samples.size, step):
        tsm.run(ArrayReader(samples[at : at + step].reshape(1, -1)), writer, flush=False)
    tsm.run(ArrayReader(np.zeros((1, 0), np.float32)), writer, flush=True)
    return writer.data[0].astype(np.float32), time.process_time() - start


def resampled(samples: np.ndarray, speed: float) -> np.ndarray:
    positions = np.arange(0, samples.size - 1, speed)
    return np.interp(positions, np.arange(samples.size), samples).astype(np.float32)


def median_pitch(samples: np.ndarray) -> float | None:
    frame, hop = int(0.04 * RATE), int(0.01 * RATE)
    lo, hi = RATE // 400, RATE // 70
    pitches = []
    for at in range(0, samples.size - frame, hop):
        x = samples[at : at + frame] - samples[at : at + frame].mean()
        if np.sqrt(np.mean(x**2)) < 0.01:
            continue
        corr = np.correlate(x, x, "full")[frame - 1 :]
        lag = lo + int(np.argmax(corr[lo:hi]))
        if corr[lag] / corr[0] > 0.6 and lo < lag < hi - 1:  # voiced (a peak at the range's edge is noise)
            pitches.append(RATE / lag)
    return statistics.median(pitches) if len(pitches) >= 10 else None


def main() -> None:
    files = [Path(a) for a in sys.argv[1:]] or sorted((ROOT / "tests" / "data" / "human").glob("*.wav"))
    print("| recording | length | pitch 1x | 2x resampled | 1.5x WSOLA | 2x WSOLA | WSOLA s per 10 s (1.5x / 2x) |")
    print("|---|---|---|---|---|---|---|")
    for path in files:
        samples = read_wav_mono(path, RATE)
        seconds = samples.size / RATE
        fast15, cost15 = stretch(samples, 1.5)
        fast20, cost20 = stretch(samples, 2.0)

        def hz(x):
            p = median_pitch(x)
            return f"{p:.0f} Hz" if p else "n/a"

        print(
            f"| {path.name} | {seconds:.1f} s | {hz(samples)} | {hz(resampled(samples, 2.0))} | {hz(fast15)} | "
            f"{hz(fast20)} | {cost15 * 10 / seconds:.3f} / {cost20 * 10 / seconds:.3f} |"
        )


if __name__ == "__main__":
    main()
