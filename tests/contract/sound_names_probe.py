"""Run in a process of its own (PortAudio lists devices once, at import): the devices by name, and
which sink a chosen speaker really plays to. Prints one JSON line."""

import json
import time

import numpy as np

from interview_voice.app import open_sound_device
from interview_voice.core.types import AudioChunk
from interview_voice.engines.base import AudioDeviceError
from interview_voice.engines.sound_names import sound_devices
from interview_voice.settings import Settings


def heard_when_playing_to(speakers: str) -> float:
    """Peak the microphone "virtmic" (the sink "voice" in headset mode) hears while a tone plays."""
    settings = Settings(input_device="pulse:virtmic", output_device=speakers)
    mic, out = open_sound_device(settings, "input"), open_sound_device(settings, "output")
    mic.start()
    tone = (0.5 * np.sin(2 * np.pi * 440 * np.arange(16000) / 16000)).astype(np.float32)
    out.play(AudioChunk(tone, 16000))
    out.close()
    time.sleep(0.2)
    blocks = []
    while (block := mic.read(0.05)) is not None and len(blocks) < 200:
        blocks.append(block)
    mic.stop()
    return float(np.abs(np.concatenate(blocks)).max()) if blocks else 0.0


def main() -> None:
    result = {}
    for kind in ("input", "output"):
        devices, problem = sound_devices(kind)
        result[kind] = [[d.id, d.label] for d in devices]
        result[kind + "_problem"] = problem
    if result["output"]:
        result["heard_voice"] = heard_when_playing_to("pulse:voice")
        result["heard_phones"] = heard_when_playing_to("pulse:phones")
        from interview_voice.commands.doctor import check_audio

        chosen = Settings(input_device="pulse:unplugged-mic", output_device="pulse:voice")
        result["doctor"] = [[c.name, c.ok, c.detail] for c in check_audio(chosen)]
        try:
            open_sound_device(Settings(output_device="pulse:unplugged"), "output")
        except AudioDeviceError as exc:
            result["unplugged"] = str(exc)
    else:
        try:
            open_sound_device(Settings(), "input").start()
        except AudioDeviceError as exc:
            result["no_server"] = str(exc)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
