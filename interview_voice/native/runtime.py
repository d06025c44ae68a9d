"""The check the app makes before it first loads the interviewer model in process."""

from __future__ import annotations

from pathlib import Path

from interview_voice.native.proof import ProofResult, ProofStamps, ensure_proven
from interview_voice.native.variants import FORCE_ENV
from interview_voice.paths import cache_dir

FIX = (
    f"Run `make setup` again: it tries safer builds until one works. People packaging the app for other "
    f"machines can force a portable build with `{FORCE_ENV}=avx2 make setup`. Meanwhile, a model endpoint "
    "(`interview-voice settings --llm endpoint --endpoint URL`) works without this library."
)


class ModelFileUnusable(Exception):
    """The library runs on this CPU, but this model file does not load (damaged, cut short)."""


class LibraryUnusable(Exception):
    def __init__(self, result: ProofResult) -> None:
        super().__init__(
            f"the interviewer library (llama-cpp-python) cannot run on this CPU "
            f"({result.outcome}: {result.detail}). {FIX}"
        )
        self.result = result


def proof_stamps() -> ProofStamps:
    return ProofStamps(cache_dir() / "llama-proof.json")


def check_library(model: Path) -> ProofResult:
    """Prove the library once per build and CPU (a few seconds, in a child process); later
    calls read the kept result. Raises LibraryUnusable when it does not run here, ModelFileUnusable
    when it runs but the model file does not load."""
    result = ensure_proven(model, proof_stamps())
    if result.outcome == "bad_model":
        raise ModelFileUnusable(result.detail)
    if not result.ok:
        raise LibraryUnusable(result)
    return result
