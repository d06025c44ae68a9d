"""The `interview-voice simulate` command line the end-to-end and fault tests run, written once.

subprocess.run(simulate_command(answers_dir, out, "--realtime"), ...)  # python -m interview_voice simulate ...
cli(*simulate_args(answers_dir, out, llm=None))  # through the tests' `cli` fixture; the configured model
"""

from __future__ import annotations

import sys
from pathlib import Path

from tests.conftest import TEST_MODELS


def simulate_args(
    answers: Path | str,
    out: Path | str,
    *options: str,
    plan: str | None = None,
    stt: str | None = TEST_MODELS["stt"],
    llm: str | None = TEST_MODELS["llm"],
) -> list[str]:
    """`simulate` and its arguments: the answers, the output folder, the test models (None: the configured
    one), then any other options as given."""
    args = ["simulate"]
    if plan is not None:
        args += ["--plan", plan]
    args += ["--answers", str(answers), "--out", str(out)]
    if stt is not None:
        args += ["--stt", stt]
    if llm is not None:
        args += ["--llm", llm]
    return [*args, *options]


def simulate_command(answers: Path | str, out: Path | str, *options: str, **models: str | None) -> list[str]:
    """The whole command: this Python running the package's `simulate` with simulate_args."""
    return [sys.executable, "-m", "interview_voice", *simulate_args(answers, out, *options, **models)]
