"""The disk fills up while a session is recorded: a clear message, and what was recorded stays."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import wave

from interview_voice.core.text import normalize_words
from tests.simulate_cli import simulate_command


def test_a_disk_that_fills_mid_session_keeps_what_was_recorded(small_disk, answers_dir, installed_models_dir, tmp_path):
    disk = small_disk(6 * 1024)
    filler = disk / "filler"
    filler.write_bytes(b"\0" * 3 * 1024 * 1024)  # about 3 MB left: room for ~35 s of both tracks
    env = {
        **os.environ,
        "INTERVIEW_VOICE_MODELS_DIR": str(installed_models_dir),
        "INTERVIEW_VOICE_DATA_DIR": str(disk / "data"),
        "INTERVIEW_VOICE_CONFIG_DIR": str(tmp_path / "cfg"),
    }
    result = subprocess.run(
        simulate_command(answers_dir, tmp_path / "out"),
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 1
    assert "Recording stopped" in result.stderr and "No space left on device" in result.stderr
    assert "Traceback" not in result.stderr

    filler.unlink()  # the user frees some space and opens the app again
    listed = subprocess.run(
        [sys.executable, "-m", "interview_voice", "sessions", "list", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert listed.returncode == 0, listed.stderr
    [session] = json.loads(listed.stdout)
    assert session["status"] in ("failed", "interrupted") and session["answers"] >= 1
    shown = subprocess.run(
        [sys.executable, "-m", "interview_voice", "sessions", "show", session["id"]],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    said = [line for line in shown.stdout.splitlines() if "You:**" in line]
    assert said, shown.stdout
    # the first answer's words, as Whisper heard them (it may write "I'd" for "I would")
    assert {"business", "prediction"} <= set(normalize_words(said[0])), shown.stdout
    with wave.open(str(disk / "data" / "sessions" / session["id"] / "candidate.wav")) as wav:
        assert wav.getnframes() / wav.getframerate() > 5
