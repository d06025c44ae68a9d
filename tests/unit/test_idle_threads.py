"""The model libraries' idle threads are told to spin only briefly before any of them loads."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from interview_voice.runtime.idle_threads import SPIN_COUNT

ROOT = Path(__file__).resolve().parents[2]


def _seen_by_a_model_library(env: dict[str, str]) -> tuple[str, str]:
    """(OMP_WAIT_POLICY, GOMP_SPINCOUNT) a library loaded after the command line started would read."""
    code = (
        "import os, sys\n"
        "from interview_voice import cli\n"
        "try:\n    cli.main(['--version'])\nexcept SystemExit:\n    pass\n"
        "print(os.environ.get('OMP_WAIT_POLICY'), os.environ.get('GOMP_SPINCOUNT'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    policy, spin = done.stdout.strip().splitlines()[-1].split()
    return policy, spin


def test_the_command_line_makes_idle_model_threads_spin_briefly_before_loading_any_model():
    assert _seen_by_a_model_library({}) == ("None", str(SPIN_COUNT))


def test_a_policy_or_spin_count_the_user_set_is_left_to_rule():
    assert _seen_by_a_model_library({"OMP_WAIT_POLICY": "PASSIVE"}) == ("PASSIVE", "None")
    assert _seen_by_a_model_library({"GOMP_SPINCOUNT": "0"}) == ("None", "0")
