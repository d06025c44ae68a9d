"""The sounddevice library (PortAudio) and the devices it lists.

Imported on first use, so a machine without PortAudio gets a clear message instead of an
import error; both the streams (audio_sd) and the device names (sound_names) list through here.
"""

from __future__ import annotations

from dataclasses import dataclass

from interview_voice.engines.base import AudioDeviceError


def sounddevice_module():
    try:
        import sounddevice
    except OSError as exc:  # "PortAudio library not found"
        raise AudioDeviceError(
            "the PortAudio library is missing, so no sound device can be used: "
            "install it with `sudo apt-get install libportaudio2`"
        ) from exc
    return sounddevice


@dataclass(frozen=True)
class DeviceInfo:
    index: int
    name: str
    inputs: int
    outputs: int
    default_rate: float


def list_devices() -> list[DeviceInfo]:
    sd = sounddevice_module()
    try:
        devices = sd.query_devices()
    except Exception as exc:
        raise AudioDeviceError(f"cannot list sound devices: {exc}") from exc
    return [
        DeviceInfo(i, d["name"], d["max_input_channels"], d["max_output_channels"], d["default_samplerate"])
        for i, d in enumerate(devices)
    ]


def default_device(kind: str) -> DeviceInfo | None:
    """The default input or output device, or None when there is none."""
    sd = sounddevice_module()
    try:
        info = sd.query_devices(kind=kind)
    except Exception:
        return None
    channels = info["max_input_channels"] if kind == "input" else info["max_output_channels"]
    if channels < 1:
        return None
    return DeviceInfo(
        info["index"], info["name"], info["max_input_channels"], info["max_output_channels"], info["default_samplerate"]
    )
