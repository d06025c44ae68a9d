"""Microphones and speakers by the names people know them by.

Under PulseAudio or PipeWire, PortAudio (through ALSA) sees only "pulse" and
"default": the real sinks and sources stay behind the sound server. They are
listed here from `pactl` and chosen by telling the pulse client which one to
use (PULSE_SINK / PULSE_SOURCE, read when a stream connects). Without a sound
server, or without `pactl`, the PortAudio devices are listed as they are.

A chosen device is kept in the settings as its id: "" (the system default),
"pulse:<sink or source name>", or a PortAudio device name.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import threading
from dataclasses import dataclass

from interview_voice.engines.base import AudioDeviceError
from interview_voice.engines.portaudio import DeviceInfo, list_devices

log = logging.getLogger(__name__)
PULSE = "pulse:"
# PortAudio's names for the sound server itself: not devices a person would pick
_SERVER_NAMES = {"pulse", "default", "pipewire", "sysdefault"}
_route_lock = threading.Lock()


@dataclass(frozen=True)
class SoundDevice:
    id: str  # what the settings keep
    label: str  # what the user reads


def _pactl(kind: str) -> list[dict] | None:
    """The sound server's sinks or sources, or None when there is no server to ask."""
    pactl = shutil.which("pactl")
    if pactl is None:
        return None
    env = {**os.environ, "LC_ALL": "C"}
    try:
        done = subprocess.run([pactl, "-f", "json", "list", kind], capture_output=True, text=True, env=env, timeout=3)
    except (OSError, subprocess.TimeoutExpired) as exc:
        log.info("pactl did not answer: %s", exc)
        return None
    if done.returncode != 0:
        log.info("no sound server to list %s: %s", kind, done.stderr.strip()[:200])
        return None
    try:
        items = json.loads(done.stdout or "[]")
    except ValueError:
        log.info("pactl (older than 16?) gave no JSON; listing PortAudio devices instead")
        return None
    return items if isinstance(items, list) else None


def _labelled(items: list[tuple[str, str]]) -> list[SoundDevice]:
    """Descriptions as labels; two devices with the same description also show their names."""
    counts: dict[str, int] = {}
    for _, description in items:
        counts[description] = counts.get(description, 0) + 1
    return [
        SoundDevice(PULSE + name, description if counts[description] == 1 else f"{description} ({name})")
        for name, description in items
    ]


def server_devices(kind: str) -> list[SoundDevice] | None:
    """kind "input" or "output": the sound server's devices (monitors left out), or None."""
    items = _pactl("sources" if kind == "input" else "sinks")
    if items is None:
        return None
    chosen = []
    for item in items:
        name = str(item.get("name") or "")
        description = str(item.get("description") or (item.get("properties") or {}).get("device.description") or name)
        if not name or (
            kind == "input" and (item.get("monitor_of_sink") not in (None, "", "n/a") or name.endswith(".monitor"))
        ):
            continue  # "Monitor of ...": what the speakers play, not a microphone
        chosen.append((name, description))
    return _labelled(chosen)


def portaudio_devices(kind: str) -> list[SoundDevice]:
    devices = list_devices()
    has = (lambda d: d.inputs > 0) if kind == "input" else (lambda d: d.outputs > 0)
    return [SoundDevice(d.name, d.name) for d in devices if has(d) and d.name not in _SERVER_NAMES]


def sound_devices(kind: str) -> tuple[list[SoundDevice], str]:
    """The devices of one kind (the system default not included), and a note to show ("" if none).

    The sound server's devices come first when one runs and PortAudio can reach it.
    """
    try:
        portaudio = portaudio_devices(kind)
        names = {d.name for d in _all_portaudio()}
    except AudioDeviceError as exc:
        return [], str(exc)
    if "pulse" in names:
        server = server_devices(kind)
        if server is not None:
            return server, ""  # the cards behind the server are busy with it: not offered
        if not portaudio:
            return [], (
                "The sound server does not list its devices (`pactl` is missing or did not answer): "
                "only the system default can be used. Choose the device in the system sound settings."
            )
    if not portaudio:
        what = "microphone" if kind == "input" else "speakers"
        if names & _SERVER_NAMES:  # e.g. PipeWire's own ALSA device: its nodes are not listed here
            return [], (
                f"Only the system default {what} can be offered here: choose the device in the system sound settings."
            )
        return [], f"The system lists no {what} (no sound card or sound server was found)."
    return portaudio, ""


def _all_portaudio() -> list[DeviceInfo]:
    return list_devices()


def portaudio_target(device_id: str, kind: str) -> str | None:
    """What to open with PortAudio for a chosen device id (None = the default). A server device
    is opened as "pulse" after routing the pulse client to it: call inside routed()."""
    if not device_id:
        return None
    if device_id.startswith(PULSE):
        return "pulse"
    return device_id


class routed:  # noqa: N801 - used as a context manager, reads as a phrase
    """Open a stream to a sound-server device: the pulse client reads PULSE_SINK/PULSE_SOURCE when
    the stream connects, so the variable is set just for that moment (streams open one at a time)."""

    def __init__(self, device_id: str, kind: str) -> None:
        self._name = device_id[len(PULSE) :] if device_id.startswith(PULSE) else ""
        self._variable = "PULSE_SOURCE" if kind == "input" else "PULSE_SINK"
        self._before: str | None = None

    def __enter__(self) -> None:
        _route_lock.acquire()
        if self._name:
            self._before = os.environ.get(self._variable)
            os.environ[self._variable] = self._name

    def __exit__(self, *exc) -> None:
        try:
            if self._name:
                if self._before is None:
                    os.environ.pop(self._variable, None)
                else:
                    os.environ[self._variable] = self._before
        finally:
            _route_lock.release()


def missing_server_device(device_id: str, kind: str) -> str:
    """A clear message when a chosen sound-server device is not there now ("" when it is, or unknown)."""
    if not device_id.startswith(PULSE):
        return ""
    listed = server_devices(kind)
    if listed is None or any(d.id == device_id for d in listed):
        return ""
    what = "microphone" if kind == "input" else "speakers"
    return (
        f"The {what} chosen in Settings ({device_id[len(PULSE) :]}) is not connected now. Plug it in, "
        f"or choose other {what} in Settings."
    )
