"""A whole session asks the network for nothing and writes nothing outside the app's own folders."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.simulate_cli import simulate_args

AUDITED_RUN = Path(__file__).with_name("audited_run.py")


def _private_home(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """HOME and the XDG folders in tmp, so anything a library writes can be seen."""
    home = tmp_path / "home"
    home.mkdir()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("INTERVIEW_VOICE_", "XDG_", "ORT_", "HF_"))
    }
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_STATE_HOME=str(home / "state"),
        TMPDIR=str(tmp_path / "tmp"),
    )
    (tmp_path / "tmp").mkdir()
    return home, env


def _network_syscalls(trace: str) -> list[str]:
    """Connects and sends to an internet address (a local socket is not the network)."""
    return [
        line
        for line in trace.splitlines()
        if re.search(r"\b(connect|sendto|sendmsg)\(", line) and re.search(r"AF_INET6?\b", line)
    ]


def test_a_whole_session_makes_no_network_attempt_and_writes_only_its_own_folders(
    tmp_path, answers_dir, installed_models_dir
):
    home, env = _private_home(tmp_path)
    env["INTERVIEW_VOICE_MODELS_DIR"] = str(installed_models_dir)  # read only: the installed test models
    audit_log, trace_file, out = tmp_path / "audit.log", tmp_path / "strace.txt", home / "out"
    command = [
        sys.executable,
        str(AUDITED_RUN),
        str(audit_log),
        *simulate_args(answers_dir, out),
    ]
    strace = shutil.which("strace")
    if strace is None and os.environ.get("CI"):
        pytest.fail("CI must check native network calls: `make test` installs strace")
    if strace:  # native threads (onnxruntime's telemetry) do not pass Python's audit hooks
        command = [strace, "-f", "-qq", "-e", "trace=connect,sendto,sendmsg", "-o", str(trace_file), *command]
    result = subprocess.run(command, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr

    assert not audit_log.exists() or audit_log.read_text() == "", audit_log.read_text()
    if strace:
        assert _network_syscalls(trace_file.read_text()) == []
    allowed = [
        home / "data" / "interview-voice",
        home / "config" / "interview-voice",
        home / "cache" / "interview-voice",
        out,
    ]
    written = [p for p in home.rglob("*") if p.is_file()]
    assert written, "the session wrote nothing at all"
    outside = [str(p.relative_to(home)) for p in written if not any(p.is_relative_to(a) for a in allowed)]
    assert outside == []  # e.g. .cache/Microsoft/DeveloperTools/.onnxruntime/onnxruntime.db
    assert any(p.name == "sessions.db" for p in written)
