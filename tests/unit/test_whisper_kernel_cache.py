"""oneDNN's cache of compiled kernels is capped before Whisper first runs (issue 26: the short window
gives nearly every pass a shape of its own, and each shape's kernels were kept)."""

from __future__ import annotations

import os
import subprocess
import sys

from interview_voice.engines.stt_whisper import ONEDNN_CACHE_CAPACITY, ONEDNN_CACHE_VARIABLE

LOAD = (
    "import os, sys\n"
    "from interview_voice.engines import stt_whisper\n"
    "assert 'ctranslate2' not in sys.modules\n"
    "stt_whisper._short_window_model()\n"
    "assert 'ctranslate2' in sys.modules\n"
    f"print(os.environ.get({ONEDNN_CACHE_VARIABLE!r}, 'unset'))\n"
)


def _capacity_after_loading(**env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k != ONEDNN_CACHE_VARIABLE}
    done = subprocess.run(
        [sys.executable, "-c", LOAD], env={**clean, "PYTHONPATH": ".", **env}, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_whisper_model_class_caps_the_kernel_cache_before_ctranslate2_loads():
    assert _capacity_after_loading() == str(ONEDNN_CACHE_CAPACITY)


def test_a_capacity_the_user_set_is_kept():
    assert _capacity_after_loading(**{ONEDNN_CACHE_VARIABLE: "512"}) == "512"
