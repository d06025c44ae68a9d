"""The model libraries' idle threads are told to sleep before any of them loads."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _policy_seen_by_a_model_library(env_policy: str | None) -> str:
    """What OMP_WAIT_POLICY a library loaded after the command line started would read."""
    code = (
        "import os, sys\n"
        "from interview_voice import cli\n"
        "try:\n    cli.main(['--version'])\nexcept SystemExit:\n    pass\n"
        "print(os.environ.get('OMP_WAIT_POLICY'))\n"
    )
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    if env_policy is not None:
        env["OMP_WAIT_POLICY"] = env_policy
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    return done.stdout.strip().splitlines()[-1]


def test_the_command_line_lets_idle_model_threads_sleep_before_loading_any_model():
    assert _policy_seen_by_a_model_library(None) == "PASSIVE"


def test_a_policy_the_user_set_is_left_to_rule():
    assert _policy_seen_by_a_model_library("ACTIVE") == "ACTIVE"
