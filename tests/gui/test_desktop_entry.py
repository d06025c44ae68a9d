"""The app in the desktop menu: installed for this user without root, and removed cleanly."""

import configparser
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

from interview_voice.commands.desktop import PNG_SIZES, installed_files
from interview_voice.identity import APP_ID


def run_desktop(action, tmp_path, *extra):
    env = {
        "XDG_DATA_HOME": str(tmp_path / "share"),
        "HOME": str(tmp_path),
        "PATH": "/usr/bin:/bin",
        "QT_QPA_PLATFORM": "offscreen",
    }
    return subprocess.run(
        [sys.executable, "-m", "interview_voice", "desktop", action, *extra],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_install_writes_the_menu_entry_icons_and_metainfo_and_uninstall_removes_only_them(tmp_path):
    from PySide6.QtGui import QImage

    kept = tmp_path / "share" / "interview-voice" / "sessions" / "s1" / "turns.jsonl"
    kept.parent.mkdir(parents=True)
    kept.write_text("{}\n")
    done = run_desktop("install", tmp_path, "--exec", "/opt/Interview Voice/interview-voice")
    assert done.returncode == 0, done.stderr
    files = installed_files(tmp_path / "share")
    assert all(f.is_file() for f in files), [f for f in files if not f.is_file()]
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(files[0])
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application" and desktop["Name"] == "Interview Voice"
    assert desktop["Exec"] == "/opt/Interview Voice/interview-voice" and desktop["Icon"] == APP_ID
    assert files[0].name == f"{APP_ID}.desktop"
    for size, png in zip(PNG_SIZES, files[3:], strict=True):
        image = QImage(str(png))
        assert (image.width(), image.height()) == (size, size) and not image.isNull()
    for tool in (["desktop-file-validate", str(files[0])], ["appstreamcli", "validate", "--no-net", str(files[1])]):
        if shutil.which(tool[0]):  # the freedesktop validators, where the machine has them
            checked = subprocess.run(tool, capture_output=True, text=True)
            assert checked.returncode == 0, checked.stdout + checked.stderr
    meta = ET.parse(files[1]).getroot()
    assert meta.findtext("id") == APP_ID and meta.findtext("launchable") == files[0].name
    done = run_desktop("uninstall", tmp_path)
    assert done.returncode == 0 and "kept" in done.stdout
    assert not any(f.exists() for f in files)
    assert kept.read_text() == "{}\n", "the user's sessions stay"
    assert "nothing to remove" in run_desktop("uninstall", tmp_path).stdout


def test_the_menu_entry_starts_this_installation_by_default(tmp_path):
    done = run_desktop("install", tmp_path)
    assert done.returncode == 0, done.stderr
    entry = installed_files(tmp_path / "share")[0].read_text()
    exec_line = next(line for line in entry.splitlines() if line.startswith("Exec="))
    assert "interview-voice" in exec_line or "-m interview_voice" in exec_line
    assert "@EXEC@" not in entry
