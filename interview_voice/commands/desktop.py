"""`interview-voice desktop install|uninstall`: the app in the desktop's menu, for this user only.

Writes the desktop entry, the icon (SVG, and PNGs drawn from it at the usual sizes) and the
AppStream metainfo under $XDG_DATA_HOME (~/.local/share), with no root. Uninstall removes
exactly those files; recorded sessions and settings are never touched. The PNGs are drawn by
the ui's Qt code (ui/icon_images.py), offscreen.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from interview_voice.identity import APP_ID
from interview_voice.paths import resource_dir
from interview_voice.ui.icon_images import render_pngs

PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def launcher() -> str:
    """The command that starts this installation of the app."""
    if getattr(sys, "frozen", False):  # a packaged build: its own executable
        return shlex.quote(sys.executable)
    script = Path(sys.executable).with_name("interview-voice")
    if script.exists():
        return shlex.quote(str(script))
    return f"{shlex.quote(sys.executable)} -m interview_voice"


def installed_files(home: Path) -> list[Path]:
    icons = home / "icons" / "hicolor"
    return [
        home / "applications" / f"{APP_ID}.desktop",
        home / "metainfo" / f"{APP_ID}.metainfo.xml",
        icons / "scalable" / "apps" / f"{APP_ID}.svg",
        *(icons / f"{n}x{n}" / "apps" / f"{APP_ID}.png" for n in PNG_SIZES),
    ]


def install(home: Path, exec_command: str) -> list[Path]:
    files = installed_files(home)
    desktop, metainfo, svg = files[:3]
    for path in (desktop, metainfo, svg):
        path.parent.mkdir(parents=True, exist_ok=True)
    entry = (resource_dir("assets") / "desktop" / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    desktop.write_text(entry.replace("@EXEC@", exec_command), encoding="utf-8")
    shutil.copyfile(resource_dir("assets") / "desktop" / f"{APP_ID}.metainfo.xml", metainfo)
    shutil.copyfile(resource_dir("assets") / "icons" / "interview-voice.svg", svg)
    render_pngs(svg, dict(zip(PNG_SIZES, files[3:], strict=True)))
    for path in files:
        path.chmod(0o644)  # read by the desktop's menu and icon cache, like any installed entry
    _refresh(home)
    return files


def uninstall(home: Path) -> list[Path]:
    removed = []
    for path in installed_files(home):
        if path.exists():
            path.unlink()
            removed.append(path)
    _refresh(home)
    return removed


def _refresh(home: Path) -> None:
    """Tell the desktop the menu and icons changed, where those tools exist (they are optional)."""
    for cmd in (
        ["update-desktop-database", str(home / "applications")],
        ["gtk-update-icon-cache", "-q", "-t", str(home / "icons" / "hicolor")],
    ):
        if shutil.which(cmd[0]):
            subprocess.run(cmd, capture_output=True, check=False)


def run(args) -> int:
    home = data_home()
    try:
        if args.action == "install":
            files = install(home, args.exec or launcher())
            print(f"Interview Voice is in your applications menu (for this user): {files[0]}")
            print(f"It starts: {args.exec or launcher()}")
        else:
            removed = uninstall(home)
            print(f"removed {len(removed)} files from {home}" if removed else "nothing to remove: it was not installed")
            print(
                "Your sessions, settings and models are kept; delete them from the app's Settings or the data "
                "folder if you want them gone."
            )
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0
