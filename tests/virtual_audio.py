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
def null_sink(root: Path):
    if shutil.which("pulseaudio") is None or shutil.which("pactl") is None:
        if os.environ.get("CI"):
            pytest.fail("pulseaudio is needed for the sound-device tests: `make test` installs it")
        pytest.skip("pulseaudio is not installed")
    runtime = root / "run"
    runtime.mkdir(parents=True, mode=0o700)
    env = {**os.environ, "HOME": str(root), "XDG_RUNTIME_DIR": str(runtime)}
    env.pop("PULSE_SERVER", None)
    daemon = subprocess.Popen(
        ["pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--disable-shm",
         "-L", "module-native-protocol-unix",
         "-L", "module-null-sink sink_name=virt rate=16000 channels=1",
         "-L", "module-remap-source master=virt.monitor source_name=virtmic"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(50):
            if subprocess.run(["pactl", "info"], env=env, capture_output=True).returncode == 0:
                break
            time.sleep(0.1)
        else:
            pytest.fail("the PulseAudio test daemon did not start")
        subprocess.run(["pactl", "set-default-sink", "virt"], env=env, check=True)
        subprocess.run(["pactl", "set-default-source", "virtmic"], env=env, check=True)
        yield env
    finally:
        daemon.terminate()
        daemon.wait(timeout=10)
