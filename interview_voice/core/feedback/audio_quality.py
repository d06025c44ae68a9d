"""Is an answer's recording clean enough to judge how it was spoken?

Pace and fillers come from the speech model's words and the filler detector's voiced sounds; under loud
background noise both go wrong (words dropped or made up, noise heard as held vowels), and a figure from
them would mislead. The measure is a speech-to-noise ratio in dB: the median power of the 32 ms frames the
voice activity detector (Silero) calls speech over the quiet end of the frames it calls not speech (the
background in the pauses). Measured on real recordings (a LibriVox line, two AMI meeting clips, a
2.8-minute news broadcast) with white noise mixed in at a known level under the voice's loud frames:

| noise added       | none      | 20 dB under | 10 dB under | 5 dB under | same level |
|-------------------|-----------|-------------|-------------|------------|------------|
| measured ratio    | 24.6-38.9 | 14.0-18.4   | 5.1-8.6     | 2.5-4.7    | 1.1-2.2    |

so NOISY_SNR_DB = 10 stops the figures once the noise is within about 12 dB of the voice, where Whisper
drops and invents words. (A 3 s clip that is mostly a held "um" measured 8.1 dB clean: so short an
answer is "too little speech" already.) An answer with too few frames of either kind (no pause at all)
is not judged: its ratio is None and its figures are shown.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

SPEECH_PROBABILITY = 0.5  # a frame the detector is this sure of is speech
PAUSE_PROBABILITY = 0.2  # ... and one under this is background
MIN_FRAMES = 10  # of each kind (about 0.3 s of 32 ms frames) for a ratio to mean anything
NOISE_PERCENTILE = 20  # the background: the quietest fifth of the pause frames
NOISY_SNR_DB = 10.0  # under this, pace and fillers are "too noisy to judge" (see the module's docstring)


def speech_to_noise_db(power: Sequence[float], speech_probability: Sequence[float]) -> float | None:
    """The ratio in dB from each frame's mean power and the detector's speech probability for it; None
    when there are too few speech or background frames to tell."""
    p = np.asarray(power, np.float64)
    prob = np.asarray(speech_probability, np.float64)
    speech, pause = p[prob >= SPEECH_PROBABILITY], p[prob < PAUSE_PROBABILITY]
    if speech.size < MIN_FRAMES or pause.size < MIN_FRAMES:
        return None
    # the voice's typical level over the background's floor: a held "um" or a breath the detector did not
    # call speech sits among the pause frames, so the background is their quiet end, not their mean
    voice, floor = np.median(speech), np.percentile(pause, NOISE_PERCENTILE)
    return float(10 * np.log10(max(voice, 1e-12) / max(floor, 1e-12)))


def too_noisy(snr_db: float | None) -> bool:
    return snr_db is not None and snr_db < NOISY_SNR_DB
