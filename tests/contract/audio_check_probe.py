"""Run in a process of its own on a virtual room (the microphone hears the speakers): the first-run audio
check on the real adapters, Piper's sample played to the chosen sink and Silero listening. One JSON line."""

import json
import sys
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from interview_voice.app import load_tts, load_vad, open_sound_device
from interview_voice.paths import AppPaths
from interview_voice.settings import Settings
from interview_voice.ui.first_run_audio import AudioCheck


def wait_for(app, results: dict, count: int, seconds: float = 40.0) -> None:
    started = time.monotonic()
    while len(results) < count and time.monotonic() - started < seconds:
        app.processEvents()
        time.sleep(0.01)


def main(models_dir: str) -> None:
    app = QCoreApplication([])
    paths = AppPaths(Path("unused"), Path(models_dir), Path("unused"))
    tts, vad = load_tts(paths, "piper-joe-medium"), load_vad()
    settings = Settings(input_device="pulse:virtmic", output_device="pulse:virt")
    check, results = AudioCheck(), {}
    check.heard.connect(lambda ok, message: results.__setitem__("heard", [ok, message]))
    check.played.connect(lambda ok, message: results.__setitem__("played", [ok, message]))
    check.listen(lambda: open_sound_device(settings, "input"), vad, seconds=6.0)
    check.play(lambda: open_sound_device(settings, "output"), tts.synthesize, "the test sink")
    wait_for(app, results, 2)
    quiet, silence = AudioCheck(), {}
    quiet.heard.connect(lambda ok, message: silence.__setitem__("heard", [ok, message]))
    vad.reset()
    quiet.listen(lambda: open_sound_device(settings, "input"), vad, seconds=2.0)
    wait_for(app, silence, 1)
    results["silence"] = silence.get("heard")
    print(json.dumps(results))


if __name__ == "__main__":
    main(sys.argv[1])
