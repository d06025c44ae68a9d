"""Build variants of llama-cpp-python, safest last.

llama.cpp's default build is tuned to the CPU it is built on (-march=native). That
can still fail on the same machine: some virtual machines list AMX in
/proc/cpuinfo, llama.cpp then multiplies with AMX tiles, and the process dies with
"Illegal instruction". Each variant below gives up a little speed for safety.
"""

from __future__ import annotations

import os
import platform
from dataclasses import dataclass, field

FORCE_ENV = "INTERVIEW_VOICE_LLAMA_VARIANT"
_NO_AMX = "-mno-amx-tile -mno-amx-int8 -mno-amx-bf16"


@dataclass(frozen=True)
class Variant:
    name: str
    summary: str
    cmake_args: str
    cflags: str = ""
    needs: frozenset[str] = field(default_factory=frozenset)  # CPU flags the build assumes
    x86_only: bool = False


VARIANTS: tuple[Variant, ...] = (
    Variant("native", "tuned to this CPU", "-DGGML_NATIVE=ON"),
    Variant("native-noamx", "tuned to this CPU, without AMX", "-DGGML_NATIVE=ON", cflags=_NO_AMX, x86_only=True),
    Variant(
        "avx2",
        "portable: any x86-64 CPU with AVX2 (most laptops since 2015)",
        "-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON",
        needs=frozenset({"avx", "avx2", "fma", "f16c", "bmi2"}),
        x86_only=True,
    ),
    Variant(
        "plain",
        "portable: no optional instruction sets (slowest)",
        "-DGGML_NATIVE=OFF -DGGML_AVX=OFF -DGGML_AVX2=OFF -DGGML_FMA=OFF -DGGML_F16C=OFF -DGGML_BMI2=OFF "
        "-DGGML_SSE42=OFF",
    ),
)


def by_name(name: str) -> Variant:
    for variant in VARIANTS:
        if variant.name == name:
            return variant
    raise ValueError(
        f"unknown llama-cpp-python build variant {name!r}; choose one of: {', '.join(v.name for v in VARIANTS)}"
    )


def cpu_flags() -> frozenset[str]:
    """The CPU's feature flags as the kernel lists them (empty when unknown)."""
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith(("flags", "Features")):
                    return frozenset(line.split(":", 1)[1].split())
    except OSError:
        pass
    return frozenset()


def is_x86(machine: str | None = None) -> bool:
    return (machine or platform.machine()).lower() in ("x86_64", "amd64", "i686", "i386")


def candidates(flags: frozenset[str], *, x86: bool, forced: str | None = None) -> list[Variant]:
    """The variants to try on this machine, in order; only the forced one when one is forced."""
    if forced:
        return [by_name(forced)]
    usable = [v for v in VARIANTS if (x86 or not v.x86_only) and (not flags or v.needs <= flags)]
    if x86 and not flags & {"amx_tile", "amx_int8", "amx_bf16"}:
        # Without AMX the two native builds are the same: do not build the second.
        usable = [v for v in usable if v.name != "native-noamx"]
    return usable


def forced_variant() -> str | None:
    value = os.environ.get(FORCE_ENV, "").strip()
    if value:
        by_name(value)  # a clear error for a typo
    return value or None
