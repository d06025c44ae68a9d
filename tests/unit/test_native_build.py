"""The interviewer library is proven in a child process, and setup falls back to safer builds."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from interview_voice.native.proof import ProofResult, ProofStamps, ensure_proven, run_proof
from interview_voice.native.variants import VARIANTS, by_name, candidates
from interview_voice.native.wheels import SetupFailed, Tools, WheelCache, install_proven

DIES_OF_SIGILL = [sys.executable, "-c", "import os, signal; os.kill(os.getpid(), signal.SIGILL)"]
HANGS = [sys.executable, "-c", "import time; time.sleep(60)"]
PASSES = [sys.executable, "-c", "print('noise'); print('{\"load_s\": 0.2, \"prompt_tps\": 150.0, \"gen_tps\": 30.0}')"]
FAILS = [sys.executable, "-c", "import sys; print('ValueError: bad model', file=sys.stderr); sys.exit(3)"]


def test_a_proof_that_dies_with_a_signal_is_a_crash():
    result = run_proof(DIES_OF_SIGILL, timeout_s=30)
    assert result.outcome == "crashed" and not result.ok
    assert "Illegal instruction" in result.detail


def test_a_proof_that_hangs_is_stopped():
    result = run_proof(HANGS, timeout_s=0.5)
    assert result.outcome == "hung"
    assert result.seconds < 10


def test_a_proof_that_passes_reports_its_speeds():
    result = run_proof(PASSES, timeout_s=30)
    assert result.ok
    assert result.speeds == {"load_s": 0.2, "prompt_tps": 150.0, "gen_tps": 30.0}
    assert "150 tokens/s" in result.summary()


def test_a_proof_that_fails_says_why():
    result = run_proof(FAILS, timeout_s=30)
    assert result.outcome == "failed"
    assert "bad model" in result.detail


def test_a_kept_pass_or_crash_is_not_proven_again(tmp_path):
    stamps = ProofStamps(tmp_path / "proof.json")
    first = ensure_proven(Path("m.gguf"), stamps, command=PASSES, key="k1")
    assert first.ok
    # Were the proof run again, this command would crash it.
    assert ensure_proven(Path("m.gguf"), stamps, command=DIES_OF_SIGILL, key="k1").ok
    crashed = ensure_proven(Path("m.gguf"), stamps, command=DIES_OF_SIGILL, key="k2")
    assert crashed.outcome == "crashed"
    assert ensure_proven(Path("m.gguf"), stamps, command=PASSES, key="k2").outcome == "crashed"


def test_a_hang_is_tried_again_next_time(tmp_path):
    stamps = ProofStamps(tmp_path / "proof.json")
    assert ensure_proven(Path("m.gguf"), stamps, command=HANGS, key="k", timeout_s=0.3).outcome == "hung"
    assert ensure_proven(Path("m.gguf"), stamps, command=PASSES, key="k").ok


def test_a_corrupt_stamp_file_means_prove_again(tmp_path):
    (tmp_path / "proof.json").write_text("{not json")
    assert ensure_proven(Path("m.gguf"), ProofStamps(tmp_path / "proof.json"), command=PASSES, key="k").ok


# The fallback chain, with no real build ---------------------------------------------------------------


class FakeSteps:
    def __init__(self, outcomes: dict[str, str], broken_builds: tuple[str, ...] = ()) -> None:
        self.outcomes = outcomes
        self.broken_builds = broken_builds
        self.built: list[str] = []
        self.installed: list[str] = []
        self.said: list[str] = []

    def tools(self) -> Tools:
        def build(variant, folder: Path) -> Path:
            if variant.name in self.broken_builds:
                raise SetupFailed("compiler error")
            self.built.append(variant.name)
            folder.mkdir(parents=True, exist_ok=True)
            wheel = folder / f"llama_cpp_python-0.3.36-{variant.name}.whl"
            wheel.write_text(variant.name)
            return wheel

        def install(wheel: Path) -> None:
            self.installed.append(wheel.read_text())

        def prove() -> ProofResult:
            outcome = self.outcomes[self.installed[-1]]
            return ProofResult(
                outcome,
                "Illegal instruction" if outcome == "crashed" else "",
                1.0,
                {"load_s": 0.1, "prompt_tps": 100.0, "gen_tps": 20.0} if outcome == "passed" else None,
            )

        return Tools(build, install, prove, self.said.append)


def _variants(*names: str):
    return [by_name(n) for n in names]


def test_a_crashing_build_falls_back_to_the_next_and_is_never_used_again(tmp_path):
    cache = WheelCache(tmp_path)
    steps = FakeSteps({"native": "crashed", "native-noamx": "passed"})
    variant, result = install_proven(_variants("native", "native-noamx", "avx2"), cache, steps.tools())
    assert variant.name == "native-noamx" and result.ok
    assert steps.built == ["native", "native-noamx"]
    assert any(
        "'native' build failed its proof" in line and "trying the 'native-noamx' build" in line for line in steps.said
    )
    assert json.loads((tmp_path / "native" / "proof.json").read_text())["outcome"] == "crashed"

    again = FakeSteps({"native": "passed", "native-noamx": "passed"})  # would pass now: must not matter
    variant, _ = install_proven(_variants("native", "native-noamx", "avx2"), cache, again.tools())
    assert variant.name == "native-noamx"
    assert again.built == [] and again.installed == ["native-noamx"]  # cached wheel, bad one skipped
    assert any("cached 'native' build failed its proof here before" in line for line in again.said)


def test_a_hang_and_a_broken_compile_also_fall_back(tmp_path):
    steps = FakeSteps({"native": "hung", "avx2": "passed"}, broken_builds=("native-noamx",))
    variant, _ = install_proven(_variants("native", "native-noamx", "avx2"), WheelCache(tmp_path), steps.tools())
    assert variant.name == "avx2"
    assert any("did not compile" in line for line in steps.said)


def test_when_nothing_runs_setup_fails_with_a_message(tmp_path):
    steps = FakeSteps({"native": "crashed", "plain": "crashed"})
    with pytest.raises(SetupFailed, match="no build of llama-cpp-python runs on this CPU"):
        install_proven(_variants("native", "plain"), WheelCache(tmp_path), steps.tools())
    assert "no safer build is left" in steps.said[-1]


# Which variants a machine tries -----------------------------------------------------------------------

AMX_CPU = frozenset("avx avx2 fma f16c bmi2 avx512f amx_tile amx_int8 amx_bf16".split())


def test_a_cpu_that_lists_amx_tries_native_then_without_amx_then_portable():
    assert [v.name for v in candidates(AMX_CPU, x86=True)] == ["native", "native-noamx", "avx2", "plain"]


def test_without_amx_the_second_native_build_is_skipped_and_without_avx2_the_portable_one():
    assert [v.name for v in candidates(frozenset({"avx", "sse4_2"}), x86=True)] == ["native", "plain"]


def test_other_architectures_try_native_then_plain():
    assert [v.name for v in candidates(frozenset({"neon", "asimd"}), x86=False)] == ["native", "plain"]


def test_a_forced_variant_is_the_only_one_and_a_typo_is_explained(monkeypatch):
    assert [v.name for v in candidates(AMX_CPU, x86=True, forced="avx2")] == ["avx2"]
    with pytest.raises(ValueError, match="choose one of: native, native-noamx, avx2, plain"):
        by_name("avx3")


def test_only_the_native_builds_use_march_native_and_the_no_amx_one_disables_amx():
    assert {v.name for v in VARIANTS if "GGML_NATIVE=ON" in v.cmake_args} == {"native", "native-noamx"}
    assert "-mno-amx-int8" in by_name("native-noamx").cflags
