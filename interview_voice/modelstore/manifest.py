"""The manifest of default models (models/manifest.toml)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from interview_voice.paths import resource_dir

MANIFEST_PATH = resource_dir("models") / "manifest.toml"
ROLES = ("stt", "tts", "llm")


class ManifestError(ValueError):
    """The manifest file is malformed."""


@dataclass(frozen=True)
class PackagePin:
    name: str
    version: str
    sha256: str

    @property
    def requirement(self) -> str:
        return f"{self.name}=={self.version}"


@dataclass(frozen=True)
class Source:
    package: str
    member: str


@dataclass(frozen=True)
class ModelFile:
    path: str
    sha256: str
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class ModelSpec:
    id: str
    role: str
    name: str
    sets: tuple[str, ...]
    licence: str
    size_mb: int
    notes: str
    packages: tuple[PackagePin, ...]
    files: tuple[ModelFile, ...]

    def folder(self, models_dir: Path) -> Path:
        return models_dir / self.role / self.id


def _parse_source(text: str, model_id: str) -> Source:
    package, sep, member = text.partition(":")
    if not sep or not member:
        raise ManifestError(f"model {model_id}: source {text!r} is not 'package:member'")
    return Source(package, member)


def _parse_model(raw: dict) -> ModelSpec:
    try:
        model_id = raw["id"]
        role = raw["role"]
        if role not in ROLES:
            raise ManifestError(f"model {model_id}: role {role!r} is not one of {ROLES}")
        packages = tuple(PackagePin(p["name"], p["version"], p["sha256"]) for p in raw["package"])
        files = tuple(
            ModelFile(f["path"], f["sha256"], tuple(_parse_source(s, model_id) for s in f["from"])) for f in raw["file"]
        )
        known = {p.name for p in packages}
        for f in files:
            for s in f.sources:
                if s.package not in known:
                    raise ManifestError(f"model {model_id}: file {f.path} names unknown package {s.package}")
        return ModelSpec(
            id=model_id,
            role=role,
            name=raw["name"],
            sets=tuple(raw["sets"]),
            licence=raw["licence"],
            size_mb=int(raw["size_mb"]),
            notes=raw.get("notes", ""),
            packages=packages,
            files=files,
        )
    except KeyError as missing:
        raise ManifestError(f"model {raw.get('id', '?')}: missing field {missing}") from None


def load_manifest(path: Path = MANIFEST_PATH) -> list[ModelSpec]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ManifestError(f"cannot read the model manifest {path}: {exc}") from exc
    return [_parse_model(m) for m in data.get("model", [])]


def models_in_set(specs: list[ModelSpec], name: str) -> list[ModelSpec]:
    if name == "all":
        return list(specs)
    return [s for s in specs if name in s.sets]
