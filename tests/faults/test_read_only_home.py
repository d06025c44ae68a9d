"""A read-only home folder (a kiosk, a live system, a locked-down account): `models list` says what it
can and why nothing can be installed, with no traceback."""

from __future__ import annotations

import os
import subprocess
import sys


def test_models_list_and_install_with_a_read_only_home(small_disk):
    home = small_disk(256)
    assert subprocess.run(["mount", "-o", "remount,ro", str(home)], capture_output=True).returncode == 0
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INTERVIEW_VOICE_", "XDG_"))} | {"HOME": str(home)}
    listed = subprocess.run(
        [sys.executable, "-m", "interview_voice", "models", "list"], env=env, capture_output=True, text=True, timeout=60
    )
    assert listed.returncode == 0 and "Traceback" not in listed.stderr, listed.stderr
    assert "whisper-tiny.en" in listed.stdout and "cannot create the models folder" in listed.stderr
    installed = subprocess.run(
        [sys.executable, "-m", "interview_voice", "models", "install"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert installed.returncode == 2 and "Traceback" not in installed.stderr
    assert "INTERVIEW_VOICE_MODELS_DIR" in installed.stderr
