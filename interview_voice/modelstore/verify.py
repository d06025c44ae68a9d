"""Is a model installed, and is it intact?

A full check hashes every file (seconds for the 1.1 GB model). After a full
check passes, a stamp records each file's size and mtime, so that start-up can
trust an untouched file without hashing it again; `models verify` always hashes.
"""

from __future__ import annotations

import enum
import hashlib
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from interview_voice.modelstore.manifest import ModelSpec

log = logging.getLogger(__name__)
STAMP_NAME = ".verified.json"
CHUNK = 1 << 20


class Status(enum.Enum):
    VERIFIED = "verified"  # every file hashed and matched (stamp valid)
    INSTALLED = "installed"  # files present with the right sizes, not hashed since they changed
    MISSING = "missing"
    CORRUPT = "corrupt"


@dataclass(frozen=True)
class ModelStatus:
    spec: ModelSpec
    status: Status
    detail: str = ""

    @property
    def usable(self) -> bool:
        return self.status in (Status.VERIFIED, Status.INSTALLED)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def _read_stamp(folder: Path) -> dict:
    try:
        return json.loads((folder / STAMP_NAME).read_text())
    except (OSError, ValueError):
        return {}


def write_stamp(spec: ModelSpec, folder: Path) -> None:
    stamp = {}
    for f in spec.files:
        st = (folder / f.path).stat()
        stamp[f.path] = {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": f.sha256}
    (folder / STAMP_NAME).write_text(json.dumps(stamp, indent=1))


def quick_status(spec: ModelSpec, models_dir: Path) -> ModelStatus:
    """Status from the stamp and file sizes only: cheap enough for start-up."""
    folder = spec.folder(models_dir)
    stamp = _read_stamp(folder)
    changed = False
    for f in spec.files:
        path = folder / f.path
        if not path.exists():
            return ModelStatus(spec, Status.MISSING, f"{path} is missing")
        st = path.stat()
        entry = stamp.get(f.path)
        if not entry or entry.get("sha256") != f.sha256:
            changed = True
        elif entry["size"] != st.st_size:
            return ModelStatus(spec, Status.CORRUPT, f"{path} has {st.st_size} bytes, expected {entry['size']}")
        elif entry["mtime_ns"] != st.st_mtime_ns:
            changed = True
    if changed:
        return ModelStatus(spec, Status.INSTALLED, "not verified since it changed: run `interview-voice models verify`")
    return ModelStatus(spec, Status.VERIFIED)


def full_verify(spec: ModelSpec, models_dir: Path) -> ModelStatus:
    """Hash every file; on success refresh the stamp."""
    folder = spec.folder(models_dir)
    for f in spec.files:
        path = folder / f.path
        if not path.exists():
            return ModelStatus(spec, Status.MISSING, f"{path} is missing")
        actual = sha256_of(path)
        if actual != f.sha256:
            return ModelStatus(spec, Status.CORRUPT, f"{path}: sha256 {actual[:12]}… does not match {f.sha256[:12]}…")
    try:
        write_stamp(spec, folder)
    except OSError as exc:  # a read-only models dir still verifies
        log.warning("could not write the verification stamp in %s: %s", folder, exc)
    return ModelStatus(spec, Status.VERIFIED)
