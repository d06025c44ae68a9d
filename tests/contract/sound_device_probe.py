"""Run in a subprocess with a virtual sound card: plays a tone while recording it."""

import json
import threading
import time

import numpy as np

from interview_voice.core.types import AudioChunk
from interview_voice.engines import audio_sd
from interview_voice.engines.audio_sd import SoundDeviceInput, SoundDeviceOutput, default_device

# The buffer stays at its size: a busy machine may make it grow before the second play (tested apart,
# tests/unit/test_speaker_buffer.py), and this probe measures what a cancel reports with a known buffer.
audio_sd.OUTPUT_LATENCY_MAX_S = audio_sd.OUTPUT_LATENCY_S

rate = 16_000
t = np.arange(int(1.5 * rate)) / rate
tone = (0.5 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
mic, speaker = SoundDeviceInput(), SoundDeviceOutput()
mic.start()
recorded = []
stop = threading.Event()


def record():
    while not stop.is_set():
        block = mic.read(timeout=0.2)
        if block is not None:
            recorded.append(block)


reader = threading.Thread(target=record)
reader.start()
played = speaker.play(AudioChunk(tone, rate))
time.sleep(0.3)
cancel = threading.Event()
threading.Timer(0.4, cancel.set).start()
started = time.monotonic()
cut = speaker.play(AudioChunk(tone, rate), cancel)
stop_delay = time.monotonic() - started - 0.4
stop.set()
reader.join()
mic.stop()
audio = np.concatenate(recorded)
spectrum = np.abs(np.fft.rfft(audio))
peak_hz = float(np.argmax(spectrum) * rate / audio.size)
print(
    json.dumps(
        {
            "input": default_device("input").name,
            "played": played,
            "cut": cut,
            "stop_delay": stop_delay,
            "recorded_s": audio.size / rate,
            "rms": float(np.sqrt(np.mean(audio**2))),
            "peak_hz": peak_hz,
        }
    )
)
