"""The real sounddevice adapters on a virtual sound card (PulseAudio null sink)."""

import json
import subprocess
import sys

from tests.virtual_audio import null_sink


def test_playback_reaches_the_microphone_and_stops_when_cancelled(tmp_path):
    with null_sink(tmp_path) as env:
        result = subprocess.run(
            [sys.executable, "-m", "tests.contract.sound_device_probe"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert abs(probe["played"] - 1.5) < 0.05  # the whole clip was played
    # cancelled ~0.4 s after play(): reports what was heard, not what still sat in the ~0.1 s buffer
    assert 0.2 < probe["cut"] < 0.4
    assert probe["stop_delay"] < 0.3  # playback stops promptly
    assert probe["recorded_s"] > 1.5
    assert probe["rms"] > 0.05 and abs(probe["peak_hz"] - 440) < 10  # the microphone heard the tone


def test_sentences_play_back_to_back_without_silence_between_them(tmp_path):
    """On a sink nobody records from (a headset), PulseAudio lets it go idle: a new stream per
    sentence then played nothing for ~1.7 s first. One stream stays open for the session, with a
    buffer that covers a late wake-up on a busy machine (PortAudio's "low", ~10 ms, broke the voice
    into fragments: benchmarks/audio_under_load.py)."""
    script = (
        "import json, time\n"
        "import numpy as np\n"
        "from interview_voice.core.types import AudioChunk\n"
        "from interview_voice.engines import audio_sd\n"
        "audio_sd.OUTPUT_LATENCY_MAX_S = audio_sd.OUTPUT_LATENCY_S  # one stream throughout, on a busy machine too\n"
        "speaker, took = audio_sd.SoundDeviceOutput(), []\n"
        "sentence = AudioChunk(np.full(8000, 0.1, np.float32), 16000)\n"
        "for _ in range(3):\n"
        "    began = time.monotonic(); speaker.play(sentence); took.append(time.monotonic() - began)\n"
        "    time.sleep(0.2)\n"
        "latency = float(speaker._stream.latency)\n"
        "speaker.close()\n"
        "print(json.dumps({'took': took, 'latency': latency}))\n"
    )
    with null_sink(tmp_path, headset=True) as env:
        result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert 0.08 <= probe["latency"] <= 0.25, probe
    # each 0.5 s sentence takes 0.5 s and the time its last samples spend in the buffer, after the first
    assert all(0.45 < t - probe["latency"] < 0.65 for t in probe["took"][1:]), probe


def test_a_device_that_does_not_exist_is_a_clear_error(tmp_path):
    script = (
        "import numpy as np\n"
        "from interview_voice.core.types import AudioChunk\n"
        "from interview_voice.engines.audio_sd import SoundDeviceInput, SoundDeviceOutput\n"
        "from interview_voice.engines.base import AudioDeviceError\n"
        "for action in (lambda: SoundDeviceInput('No Such Mic').start(),\n"
        "               lambda: SoundDeviceOutput('No Such Speaker')"
        ".play(AudioChunk(np.zeros(800, np.float32), 16000))):\n"
        "    try:\n        action()\n    except AudioDeviceError as e:\n        print('ERR', e)\n"
    )
    with null_sink(tmp_path) as env:
        result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert "Traceback" not in result.stderr, result.stderr
    mic_error, speaker_error = result.stdout.strip().splitlines()
    assert mic_error.startswith("ERR cannot open the microphone") and "No microphone was found" in mic_error
    assert speaker_error.startswith("ERR cannot play sound")
