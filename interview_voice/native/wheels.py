"""Set up llama-cpp-python for this machine: build (or take from the cache) a wheel,
install it, prove it in a child process, and fall back to a safer build when the
proof fails. Used by packaging/setup.sh:

    python -m interview_voice.native.wheels --version 0.3.36

Each variant's wheel is cached under its own folder with the verdict of its proof;
a wheel that failed its proof here is never installed again.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path

from interview_voice.native.proof import ProofResult, library_key, proof_command, run_proof
from interview_voice.native.variants import Variant, candidates, cpu_flags, forced_variant, is_x86

log = logging.getLogger(__name__)
BUILD_INFO = Path(sys.prefix) / "share" / "interview-voice" / "llama-build.json"


class SetupFailed(Exception):
    pass


@dataclass
class Tools:
    """The steps with side effects, so that the fallback logic can be tested without a build."""

    build: Callable[[Variant, Path], Path]  # build a wheel into a folder; returns the wheel
    install: Callable[[Path], None]
    prove: Callable[[], ProofResult]
    say: Callable[[str], None]


class WheelCache:
    """<root>/<variant>/llama_cpp_python-*.whl and <root>/<variant>/proof.json."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def folder(self, variant: Variant) -> Path:
        return self.root / variant.name

    def wheel(self, variant: Variant) -> Path | None:
        wheels = sorted(self.folder(variant).glob("llama_cpp_python-*.whl"))
        return wheels[-1] if wheels else None

    def verdict(self, variant: Variant) -> dict | None:
        try:
            return json.loads((self.folder(variant) / "proof.json").read_text())
        except (OSError, ValueError):
            return None

    def record(self, variant: Variant, result: ProofResult, build_s: float | None) -> None:
        entry = {**asdict(result), "variant": variant.name, "build_s": build_s, "at": time.time()}
        (self.folder(variant) / "proof.json").write_text(json.dumps(entry, indent=1))


def install_proven(variants: list[Variant], cache: WheelCache, tools: Tools) -> tuple[Variant, ProofResult]:
    """Try each variant in order until one passes its proof; say in one line what happens."""
    for i, variant in enumerate(variants):
        following = variants[i + 1].name if i + 1 < len(variants) else None
        then = f"trying the '{following}' build instead." if following else "no safer build is left."
        verdict = cache.verdict(variant)
        if verdict is not None and verdict.get("outcome") != "passed":
            tools.say(
                f"The cached '{variant.name}' build failed its proof here before "
                f"({verdict.get('outcome')}: {verdict.get('detail')}); {then}"
            )
            continue
        wheel, build_s = cache.wheel(variant), None
        if wheel is None:
            tools.say(
                f"Building llama-cpp-python, '{variant.name}' build ({variant.summary}); "
                "about 5 minutes on 2 cores, once."
            )
            started = time.monotonic()
            try:
                wheel = tools.build(variant, cache.folder(variant))
            except SetupFailed as exc:
                tools.say(f"The '{variant.name}' build did not compile ({exc}); {then}")
                continue
            build_s = round(time.monotonic() - started, 1)
        tools.install(wheel)
        result = tools.prove()
        cache.record(variant, result, build_s)
        if result.ok:
            tools.say(f"llama-cpp-python: the '{variant.name}' build runs on this CPU (proof {result.summary()}).")
            return variant, result
        tools.say(
            f"The '{variant.name}' build failed its proof on this CPU ({result.outcome}: {result.detail}); {then}"
        )
    raise SetupFailed(
        "no build of llama-cpp-python runs on this CPU; see the lines above. Set "
        "INTERVIEW_VOICE_LLAMA_VARIANT to choose one, or use a model endpoint instead"
    )


# The real steps --------------------------------------------------------------------------------------


def _pip(*args: str, env: dict | None = None, log_file: Path | None = None) -> None:
    command = [sys.executable, "-m", "pip", "--disable-pip-version-check", *args]
    out = log_file.open("w") if log_file else subprocess.DEVNULL
    try:
        done = subprocess.run(command, env=env, stdout=out, stderr=subprocess.STDOUT if log_file else None)
    finally:
        if not isinstance(out, int):  # the log file, not DEVNULL
            out.close()
    if done.returncode != 0:
        tail = log_file.read_text(errors="replace").strip().splitlines()[-3:] if log_file else []
        raise SetupFailed(f"pip {args[0]} failed" + (": " + " / ".join(tail) if tail else ""))


def _sdist(root: Path, version: str) -> Path:
    folder = root / "sdist"
    found = sorted(folder.glob(f"llama_cpp_python-{version}.tar.gz"))
    if not found:
        folder.mkdir(parents=True, exist_ok=True)
        _pip("download", "--no-deps", "--no-binary", ":all:", "-q", "-d", str(folder), f"llama-cpp-python=={version}")
        found = sorted(folder.glob(f"llama_cpp_python-{version}.tar.gz"))
    if not found:
        raise SetupFailed(f"the llama-cpp-python {version} source was not downloaded")
    return found[0]


def real_tools(root: Path, version: str, model: Path | None) -> Tools:
    def build(variant: Variant, folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        env = dict(os.environ, CMAKE_ARGS=variant.cmake_args, CMAKE_BUILD_PARALLEL_LEVEL=str(os.cpu_count() or 2))
        if variant.cflags:
            env["CFLAGS"] = f"{env.get('CFLAGS', '')} {variant.cflags}".strip()
            env["CXXFLAGS"] = f"{env.get('CXXFLAGS', '')} {variant.cflags}".strip()
        with tempfile.TemporaryDirectory(dir=folder) as tmp:  # no half-written wheel is ever cached
            _pip(
                "wheel",
                "--no-deps",
                "--no-cache-dir",
                "-w",
                tmp,
                str(_sdist(root, version)),
                env=env,
                log_file=folder / "build.log",
            )
            built = sorted(Path(tmp).glob("llama_cpp_python-*.whl"))
            if not built:
                raise SetupFailed("pip made no wheel")
            return Path(shutil.move(str(built[0]), folder / built[0].name))

    def install(wheel: Path) -> None:
        _pip("install", "-q", "--no-deps", "--force-reinstall", str(wheel))

    def prove() -> ProofResult:
        if model is None:
            return ProofResult("failed", "no interviewer model is installed to prove the library with", 0.0)
        return run_proof(proof_command(model))

    return Tools(build, install, prove, say=lambda line: print(f"==> {line}", flush=True))


def cache_root(version: str) -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "interview-voice" / "wheels"
    cpu = hashlib.sha256(" ".join(sorted(cpu_flags())).encode()).hexdigest()[:12]
    return base / f"llama-{version}-cp{sys.version_info[0]}{sys.version_info[1]}-{cpu}"


def smallest_model() -> Path | None:
    """The smallest installed GGUF model: the proof only needs the library to run."""
    from interview_voice.modelstore.catalog import catalog
    from interview_voice.paths import default_paths

    files = [c.path for c in catalog(default_paths()) if c.role == "llm" and c.path.is_file()]
    return min(files, key=lambda p: p.stat().st_size) if files else None


def installed_version() -> str | None:
    try:
        return metadata.version("llama-cpp-python")
    except metadata.PackageNotFoundError:
        return None


def main(argv: list[str] | None = None) -> int:
    from interview_voice.native.runtime import proof_stamps

    parser = argparse.ArgumentParser(prog="python -m interview_voice.native.wheels")
    parser.add_argument("--version", required=True, help="the llama-cpp-python version to install")
    args = parser.parse_args(argv)
    try:
        forced = forced_variant()
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    model, stamps = smallest_model(), proof_stamps()
    if model is None:
        print("error: no interviewer model is installed; run `interview-voice models install` first", file=sys.stderr)
        return 1
    current = json.loads(BUILD_INFO.read_text()) if BUILD_INFO.exists() else {}
    if installed_version() == args.version and (forced is None or current.get("variant") == forced):
        key = library_key()
        kept = stamps.get(key) if key else None
        if kept is not None and kept.ok:
            return 0  # installed and proven on this CPU: nothing to do
    root = cache_root(args.version)
    variants = candidates(cpu_flags(), x86=is_x86(), forced=forced)
    try:
        variant, result = install_proven(variants, WheelCache(root), real_tools(root, args.version, model))
    except SetupFailed as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    key = library_key()
    if key:
        stamps.put(key, result)
    BUILD_INFO.parent.mkdir(parents=True, exist_ok=True)
    BUILD_INFO.write_text(
        json.dumps(
            {
                "variant": variant.name,
                "version": args.version,
                "cmake_args": variant.cmake_args,
                "cflags": variant.cflags,
                "forced": forced is not None,
            },
            indent=1,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
