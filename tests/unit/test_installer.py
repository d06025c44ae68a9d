"""The one-file installer (packaging/make_installer.sh + bundle/installer-head.sh), run on a small
app folder whose `interview-voice` is a shell script: the header's checks and the install swap are
what is tested; the real packaged app is exercised by `make package-check`."""

from __future__ import annotations

import os
import subprocess
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "packaging" / "bundle"

# stands in for the PyInstaller binary: answers `desktop install` by writing a menu entry
APP_SCRIPT = """#!/bin/sh
if [ "$1 $2" = "desktop install" ]; then
  mkdir -p "$HOME/.local/share/applications"
  echo "[Desktop Entry]" > "$HOME/.local/share/applications/org.interviewvoice.InterviewVoice.desktop"
fi
"""


def build_installer(tmp_path: Path, marker: str = "v1") -> Path:
    app = tmp_path / "build" / "interview-voice"
    app.mkdir(parents=True)
    for name in ("install.sh", "uninstall.sh"):
        (app / name).write_bytes((BUNDLE / name).read_bytes())
    binary = app / "interview-voice"
    binary.write_text(APP_SCRIPT)
    binary.chmod(0o755)
    (app / "version.txt").write_text(marker)
    tarball = tmp_path / "app.tar.gz"
    with tarfile.open(tarball, "w:gz") as tar:
        tar.add(app, arcname="interview-voice")
    out = tmp_path / f"app-{marker}.run"
    subprocess.run([str(ROOT / "packaging" / "make_installer.sh"), str(tarball), str(app), str(out)], check=True)
    return out


def run(installer: Path, home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {"HOME": str(home), "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8"}
    return subprocess.run(["sh", str(installer), *args], env=env, capture_output=True, text=True, timeout=60)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    path = tmp_path / "home"
    path.mkdir()
    return path


def test_installs_into_the_users_folder_and_menu(tmp_path: Path, home: Path) -> None:
    result = run(build_installer(tmp_path), home, "--no-start")
    assert result.returncode == 0, result.stderr
    target = home / ".local" / "opt" / "interview-voice"
    assert (target / "version.txt").read_text() == "v1"
    assert (home / ".local/share/applications/org.interviewvoice.InterviewVoice.desktop").exists()
    leftovers = [p.name for p in (home / ".local" / "opt").iterdir() if p.name != "interview-voice"]
    assert leftovers == []


def test_a_second_install_replaces_the_first(tmp_path: Path, home: Path) -> None:
    assert run(build_installer(tmp_path / "a", "v1"), home, "--no-start").returncode == 0
    assert run(build_installer(tmp_path / "b", "v2"), home, "--no-start").returncode == 0
    assert (home / ".local/opt/interview-voice/version.txt").read_text() == "v2"


def test_a_cut_off_download_is_refused_and_changes_nothing(tmp_path: Path, home: Path) -> None:
    installer = build_installer(tmp_path)
    data = installer.read_bytes()
    cut = tmp_path / "cut.run"
    cut.write_bytes(data[: len(data) - 100])
    result = run(cut, home, "--no-start")
    assert result.returncode == 1
    assert "incomplete" in result.stderr and "download it again" in result.stderr
    assert not (home / ".local" / "opt" / "interview-voice").exists()


def test_a_damaged_download_is_refused(tmp_path: Path, home: Path) -> None:
    installer = build_installer(tmp_path)
    data = bytearray(installer.read_bytes())
    data[-50] ^= 0xFF
    damaged = tmp_path / "damaged.run"
    damaged.write_bytes(bytes(data))
    result = run(damaged, home, "--no-start")
    assert result.returncode == 1 and "damaged" in result.stderr


def test_extract_only_unpacks_and_installs_nothing(tmp_path: Path, home: Path) -> None:
    where = tmp_path / "unpacked"
    result = run(build_installer(tmp_path), home, "--extract", str(where))
    assert result.returncode == 0, result.stderr
    assert (where / "interview-voice" / "interview-voice").exists()
    assert not (home / ".local" / "opt" / "interview-voice").exists()


def test_an_unknown_option_gets_a_clear_message(tmp_path: Path, home: Path) -> None:
    result = run(build_installer(tmp_path), home, "--frobnicate")
    assert result.returncode == 1 and "unknown option --frobnicate" in result.stderr
