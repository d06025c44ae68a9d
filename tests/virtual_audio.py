"""A PulseAudio null sink as a sound card: what the app plays comes back on its microphone.

Used by tests that need the real sounddevice adapters on machines with no sound
card. The daemon runs with a private HOME and runtime dir and is stopped by PID.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def null_sink(root: Path, headset: bool = False):
    """headset=False: one sink, and the microphone hears everything played (speakers in a room).
    headset=True: the app plays to the sink "phones", which the microphone does not hear; the
    candidate's voice is played into the sink "voice" (`paplay --device=voice`), which it does."""
    if shutil.which("pulseaudio") is None or shutil.which("pactl") is None:
        if os.environ.get("CI"):
            pytest.fail("pulseaudio is needed for the sound-device tests: `make test` installs it")
        pytest.skip("pulseaudio is not installed")
    runtime = root / "run"
    runtime.mkdir(parents=True, mode=0o700)
    env = {**os.environ, "HOME": str(root), "XDG_RUNTIME_DIR": str(runtime)}
    env.pop("PULSE_SERVER", None)
    sinks = ["-L", "module-null-sink sink_name=virt rate=16000 channels=1"]
    if headset:
        sinks = [
            "-L",
            "module-null-sink sink_name=voice rate=16000 channels=1",
            "-L",
            "module-null-sink sink_name=phones rate=22050 channels=1",
        ]
    mic_from = "voice" if headset else "virt"
    daemon = subprocess.Popen(
        [
            "pulseaudio",
            "-n",
            "--daemonize=no",
            "--exit-idle-time=-1",
            "--disable-shm",
            "-L",
            "module-native-protocol-unix",
            *sinks,
            "-L",
            f"module-remap-source master={mic_from}.monitor source_name=virtmic",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(50):
            if subprocess.run(["pactl", "info"], env=env, capture_output=True).returncode == 0:
                break
            time.sleep(0.1)
        else:
            pytest.fail("the PulseAudio test daemon did not start")
        subprocess.run(["pactl", "set-default-sink", "phones" if headset else "virt"], env=env, check=True)
        subprocess.run(["pactl", "set-default-source", "virtmic"], env=env, check=True)
        yield env
    finally:
        daemon.terminate()
        daemon.wait(timeout=10)
