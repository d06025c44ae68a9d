"""Prove the interviewer library in a child process before relying on it.

A build that uses an instruction this CPU cannot run kills the whole process
("Illegal instruction"), with no Python exception to catch. So the library is
first run in a child: it may die; the caller reads how it ended. The result is
kept per library build and CPU, so later starts pay nothing.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import platform
import signal
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from interview_voice.native.proof_child import BAD_MODEL
from interview_voice.native.variants import cpu_flags

log = logging.getLogger(__name__)
PROOF_TIMEOUT_S = 300.0  # loading a 1 GB model from a slow disk on a busy machine


@dataclass(frozen=True)
class ProofResult:
    outcome: str  # passed, crashed, hung, failed, bad_model (the file, not the library)
    detail: str
    seconds: float
    speeds: dict | None = None  # load_s, prompt_tps, gen_tps when passed

    @property
    def ok(self) -> bool:
        return self.outcome == "passed"

    def summary(self) -> str:
        if self.ok and self.speeds:
            return (
                f"passed in {self.seconds:.1f} s: prompt {self.speeds['prompt_tps']:.0f} tokens/s, "
                f"generation {self.speeds['gen_tps']:.0f} tokens/s"
            )
        return f"{self.outcome}: {self.detail}"


def proof_command(model: Path, python: str = sys.executable) -> list[str]:
    return [python, "-m", "interview_voice.native.proof_child", str(model)]


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1][-300:] if lines else ""


def run_proof(command: list[str], timeout_s: float = PROOF_TIMEOUT_S) -> ProofResult:
    """Run the proof command; a death by signal, a hang or an error is a failed proof."""
    started = time.monotonic()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout_s)
    except subprocess.TimeoutExpired:
        return ProofResult("hung", f"no answer within {timeout_s:.0f} s", time.monotonic() - started)
    except OSError as exc:
        return ProofResult("failed", f"could not start the proof: {exc}", time.monotonic() - started)
    seconds = time.monotonic() - started
    if done.returncode < 0:
        number = -done.returncode
        name = signal.strsignal(number) or f"signal {number}"
        return ProofResult(
            "crashed", f"{name} (signal {number}); this build uses instructions this CPU cannot run", seconds
        )
    if done.returncode == BAD_MODEL:
        return ProofResult("bad_model", _last_line(done.stderr) or "the model file does not load", seconds)
    if done.returncode != 0:
        return ProofResult("failed", _last_line(done.stderr) or f"exit status {done.returncode}", seconds)
    try:
        speeds = json.loads(_last_line(done.stdout))
    except ValueError:
        speeds = None
    return ProofResult("passed", "generated text", seconds, speeds)


def library_dir() -> Path | None:
    """The folder of llama-cpp-python's shared libraries, found without loading them."""
    spec = importlib.util.find_spec("llama_cpp")
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent / "lib"


def library_key(lib_dir: Path | None = None) -> str | None:
    """Names this exact build on this exact CPU: the libraries' bytes and the CPU's flags."""
    lib_dir = lib_dir or library_dir()
    if lib_dir is None or not lib_dir.is_dir():
        return None
    digest = hashlib.sha256()
    for lib in sorted(lib_dir.glob("*.so*")) + sorted(lib_dir.glob("*.dylib")) + sorted(lib_dir.glob("*.dll")):
        digest.update(lib.name.encode())
        digest.update(lib.read_bytes())
    digest.update(platform.machine().encode())
    digest.update(" ".join(sorted(cpu_flags())).encode())
    return digest.hexdigest()[:24]


class ProofStamps:
    """Proof results kept in one small JSON file, keyed by library_key()."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _read(self) -> dict:
        try:
            return json.loads(self.path.read_text())
        except (OSError, ValueError):
            return {}

    def get(self, key: str) -> ProofResult | None:
        entry = self._read().get(key)
        try:
            return ProofResult(**entry) if entry else None
        except TypeError:
            return None

    def put(self, key: str, result: ProofResult) -> None:
        entries = self._read()
        entries[key] = asdict(result)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(json.dumps(entries, indent=1))
            tmp.replace(self.path)
        except OSError as exc:  # the proof only runs again next time
            log.warning("could not keep the library proof in %s: %s", self.path, exc)


def ensure_proven(
    model: Path,
    stamps: ProofStamps,
    *,
    timeout_s: float = PROOF_TIMEOUT_S,
    command: list[str] | None = None,
    key: str | None = None,
) -> ProofResult:
    """The kept result for this library and CPU, or a new proof. A crash is kept for good
    (the build will not change its mind); a hang or an error is tried again next time."""
    key = key or library_key()
    if key is None:
        return ProofResult("failed", "llama-cpp-python is not installed", 0.0)
    kept = stamps.get(key)
    if kept is not None and kept.outcome in ("passed", "crashed"):
        return kept
    log.info("proving the interviewer library on this CPU (once)")
    result = run_proof(command or proof_command(model), timeout_s)
    log.info("interviewer library proof: %s", result.summary())
    if result.outcome != "bad_model":  # a damaged model says nothing about the library: proven with the next
        stamps.put(key, result)
    return result
