"""`interview-voice doctor`: can a session run on this machine? A plain report."""

from __future__ import annotations

import json
import os
import platform
import shutil
import stat
import sys
from dataclasses import dataclass

from interview_voice import __version__
from interview_voice.engines.base import AudioDeviceError
from interview_voice.modelstore.catalog import catalog, find
from interview_voice.modelstore.manifest import ManifestError
from interview_voice.paths import AppPaths, default_paths
from interview_voice.settings import Settings

MIN_FREE_MB = 500  # room for a long session's audio


@dataclass
class Check:
    name: str
    ok: bool
    detail: str
    blocking: bool = True  # a failed blocking check means no session can run


def check_audio(settings: Settings | None = None) -> list[Check]:
    from interview_voice.engines.portaudio import default_device, list_devices
    from interview_voice.engines.sound_names import missing_server_device, sound_devices

    try:
        devices = list_devices()
    except AudioDeviceError as exc:
        return [Check("sound", False, str(exc))]
    checks = []
    for kind, label in (("input", "microphone"), ("output", "speakers")):
        chosen = "" if settings is None else (settings.input_device if kind == "input" else settings.output_device)
        if chosen:  # the one chosen in Settings, by the name the sound server gives it
            named = {d.id: d.label for d in sound_devices(kind)[0]}
            missing = missing_server_device(chosen, kind)
            checks.append(Check(label, not missing, missing or f"{named.get(chosen, chosen)} (chosen in Settings)"))
            continue
        device = default_device(kind)
        if device is not None:
            checks.append(Check(label, True, f"{device.name} (default)"))
            continue
        others = [d.name for d in devices if (d.inputs if kind == "input" else d.outputs) > 0]
        if others:
            checks.append(Check(label, False, "no default device; available: " + ", ".join(others)))
        else:
            hint = (
                " This computer reports no sound devices at all (no sound card, or no access to it)."
                if not devices
                else ""
            )
            checks.append(
                Check(
                    label,
                    False,
                    f"none found.{hint} Connect a {label.rstrip('s')} or headset; "
                    "the app cannot run a spoken interview without one.",
                )
            )
    return checks


def check_models(paths: AppPaths, settings: Settings) -> list[Check]:
    try:
        choices = catalog(paths)
    except ManifestError as exc:
        return [Check("models", False, str(exc))]
    checks = []
    for role, model_id, label in (
        ("stt", settings.stt_model, "speech model"),
        ("tts", settings.tts_voice, "voice"),
        ("llm", settings.llm_model, "interviewer model"),
    ):
        if role == "llm" and model_id == "endpoint":
            from interview_voice.engines.llm_http import endpoint_problem, without_credentials

            problem = endpoint_problem(settings.llm_endpoint_url) if settings.llm_endpoint_url else None
            shown = without_credentials(settings.llm_endpoint_url) or "(no URL set)"
            checks.append(
                Check(label, bool(settings.llm_endpoint_url) and problem is None, problem or f"endpoint {shown}")
            )
            continue
        choice = find(choices, role, model_id)
        if choice is None:
            checks.append(Check(label, False, f"{model_id} is not installed: run `interview-voice models install`"))
        elif choice.usable:
            checks.append(Check(label, True, f"{choice.name}: {choice.status.value}"))
        else:
            checks.append(
                Check(
                    label,
                    False,
                    f"{choice.name}: {choice.status.value} ({choice.detail}); "
                    f"run `interview-voice models install --model {choice.id} --force`",
                )
            )
    return checks


def check_interviewer_library(paths: AppPaths, settings: Settings) -> Check:
    """Which llama-cpp-python build is installed, and a fresh proof that it runs on this CPU
    (in a child process: a build that cannot run here kills the child, not doctor)."""
    from interview_voice.native.proof import library_key, proof_command, run_proof
    from interview_voice.native.runtime import FIX, proof_stamps
    from interview_voice.native.wheels import BUILD_INFO, installed_version

    needed = settings.llm_model != "endpoint"
    version = installed_version()
    if version is None:
        return Check(
            "interviewer library",
            not needed,
            "llama-cpp-python is not installed: run `make setup` to build "
            "it" + ("" if needed else " (not needed: the interviewer runs on an endpoint)"),
            blocking=needed,
        )
    try:
        variant = json.loads(BUILD_INFO.read_text())["variant"]
    except (OSError, ValueError, KeyError):
        variant = "unknown (not installed by `make setup`)"
    choices = [c for c in catalog(paths) if c.role == "llm" and c.path.is_file()]
    chosen = find(choices, "llm", settings.llm_model)
    model = (
        chosen.path if chosen else (min((c.path for c in choices), key=lambda p: p.stat().st_size) if choices else None)
    )
    label = f"llama-cpp-python {version}, '{variant}' build"
    if model is None:
        return Check(
            "interviewer library", not needed, f"{label}; no model installed to prove it with", blocking=needed
        )
    result = run_proof(proof_command(model))
    key = library_key()
    if key:
        proof_stamps().put(key, result)
    detail = f"{label}: proof on {model.name} {result.summary()}"
    return Check("interviewer library", result.ok, detail if result.ok else f"{detail}. {FIX}", blocking=needed)


def check_cpu() -> Check:
    flags: set[str] = set()
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("flags"):
                    flags = set(line.split(":", 1)[1].split())
                    break
    except OSError:
        pass
    wanted = ["sse4_2", "avx", "avx2", "fma", "f16c", "avx512f"]
    have = [f for f in wanted if f in flags] if flags else ["unknown"]
    detail = f"{os.cpu_count()} cores, {platform.machine()}, features: {' '.join(have)}"
    if flags and "avx2" not in flags:
        detail += " (no AVX2: the interviewer model will be slow)"
    return Check("cpu", True, detail, blocking=False)


def check_storage(paths: AppPaths) -> list[Check]:
    checks = []
    try:
        paths.ensure()
    except OSError as exc:
        return [Check("data folder", False, f"cannot create {paths.data_dir}: {exc}")]
    mode = stat.S_IMODE(paths.data_dir.stat().st_mode)
    writable = os.access(paths.data_dir, os.W_OK)
    private = mode & 0o077 == 0
    checks.append(
        Check(
            "data folder",
            writable,
            f"{paths.data_dir} (mode {mode:o}{', private' if private else ', readable by others!'}"
            f"{'' if writable else ', NOT writable'})",
        )
    )
    free_mb = shutil.disk_usage(paths.data_dir).free // (1 << 20)
    checks.append(
        Check(
            "free disk",
            free_mb >= MIN_FREE_MB,
            f"{free_mb} MB free"
            + ("" if free_mb >= MIN_FREE_MB else f"; at least {MIN_FREE_MB} MB are needed to record"),
        )
    )
    return checks


def check_your_files(paths: AppPaths) -> list[Check]:
    """Question banks and plans you added: each problem with its file and line (warnings: the rest loads)."""
    from interview_voice.app import plan_folders
    from interview_voice.core.bank import load_bank
    from interview_voice.core.plan import PlanError, available_plans, load_plan
    from interview_voice.paths import resource_dir

    bank = load_bank([resource_dir("assets") / "questions", paths.data_dir / "questions"])
    checks = [
        Check(
            "question bank",
            not bank.problems,
            f"{len(bank.questions)} questions" + "".join(f"\n    {p}" for p in bank.problems),
            blocking=False,
        )
    ]
    problems, count = [], 0
    for folder in plan_folders(paths):
        for plan_id in available_plans(folder):
            try:
                load_plan(folder / f"{plan_id}.toml", bank)
                count += 1
            except PlanError as exc:
                problems.append(str(exc))
    checks.append(
        Check("plans", not problems, f"{count} usable" + "".join(f"\n    {p}" for p in problems), blocking=False)
    )
    return checks


def run(args) -> int:
    paths = default_paths()
    settings = Settings.load(paths.settings_file)
    checks = [Check("app", True, f"Interview Voice {__version__}, Python {sys.version.split()[0]}", blocking=False)]
    checks += check_audio(settings) + check_models(paths, settings) + [check_interviewer_library(paths, settings)]
    checks += [check_cpu()] + check_storage(paths) + check_your_files(paths)
    width = max(len(c.name) for c in checks)
    for c in checks:
        mark = "ok  " if c.ok else ("FAIL" if c.blocking else "warn")
        print(f"[{mark}] {c.name:<{width}}  {c.detail}")
    blocking = [c for c in checks if not c.ok and c.blocking]
    print()
    if blocking:
        print(f"A session cannot run yet: fix the {len(blocking)} item(s) marked FAIL.")
        return 1
    print("Ready: a session can run.")
    return 0
