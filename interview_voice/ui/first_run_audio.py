"""The audio check's work, off the GUI thread: listen for speech, play a sample sentence."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator

import numpy as np
from PySide6.QtCore import QObject, Signal

from interview_voice.core.types import AudioChunk
from interview_voice.engines.base import EngineError

log = logging.getLogger(__name__)
LISTEN_S = 4.0
SPEECH_NEEDED_S = 0.3      # less than this is a cough or a click, not "I heard you"
ENERGY_SPEECH = 0.02       # RMS above which a frame counts as voice when no voice detector is loaded
SAMPLE_TEXT = "Hello. This is how your interviewer will sound. If you can hear me clearly, you are ready."


class AudioCheck(QObject):
    """Signals come from worker threads (queued to the GUI thread)."""

    level = Signal(float, bool)     # RMS of a block, whether it is speech
    heard = Signal(bool, str)       # speech was heard; what to tell the user
    played = Signal(bool, str)      # the sample was played; what to tell the user

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cancel = threading.Event()
        self._threads: list[threading.Thread] = []

    def _run(self, name: str, work: Callable[[], None]) -> None:
        thread = threading.Thread(target=work, name=name, daemon=True)
        self._threads.append(thread)
        thread.start()

    def listen(self, open_input: Callable[[], object], vad=None, seconds: float = LISTEN_S) -> None:
        self._run("audio-check-mic", lambda: self._listen(open_input, vad, seconds))

    def _listen(self, open_input, vad, seconds: float) -> None:
        try:
            mic = open_input()
            mic.start()
        except EngineError as exc:
            self.heard.emit(False, f"The microphone cannot be used: {exc}")
            return
        speech_s = heard_s = 0.0
        peak = 0.0
        try:
            while heard_s < seconds and not self.cancel.is_set():
                block = mic.read(0.5)
                if block is None:
                    continue
                block = np.asarray(block, dtype=np.float32)
                rms = float(np.sqrt(np.mean(block ** 2))) if block.size else 0.0
                speaking = _is_speech(vad, block, rms)
                heard_s += block.size / mic.sample_rate
                speech_s += block.size / mic.sample_rate if speaking else 0.0
                peak = max(peak, rms)
                self.level.emit(rms, speaking)
                if not getattr(mic, "realtime", False):
                    time.sleep(0.002)   # a recording: give the meter time to draw
        except EngineError as exc:
            self.heard.emit(False, f"The microphone stopped: {exc}")
            return
        finally:
            mic.stop()
            self.level.emit(0.0, False)
        if self.cancel.is_set():
            return
        if speech_s >= SPEECH_NEEDED_S:
            self.heard.emit(True, f"I heard you: {speech_s:.1f} s of speech. The microphone works.")
        elif peak < 0.002:
            self.heard.emit(False, "I heard nothing at all: is the microphone muted, or is another one chosen? "
                                   "Check the system sound settings or choose another microphone in Settings.")
        else:
            self.heard.emit(False, "I heard sound, but no speech. Speak a little louder or closer to the "
                                   "microphone, and try again.")

    def play(self, open_output: Callable[[], object], synthesize: Callable[[str], Iterator[AudioChunk]],
             where: str) -> None:
        self._run("audio-check-speakers", lambda: self._play(open_output, synthesize, where))

    def _play(self, open_output, synthesize, where: str) -> None:
        played = 0.0
        speakers = None
        try:
            speakers = open_output()
            for chunk in synthesize(SAMPLE_TEXT):
                if self.cancel.is_set():
                    break
                played += speakers.play(chunk, self.cancel)
        except EngineError as exc:
            self.played.emit(False, f"The sample cannot be played: {exc}")
            return
        finally:
            if speakers is not None:
                speakers.close()
        if not self.cancel.is_set():
            self.played.emit(True, f"Played {played:.1f} s through {where}. If you heard nothing, turn the volume "
                                   "up or choose other speakers in Settings.")

    def stop(self, wait_s: float = 2.0) -> None:
        self.cancel.set()
        for thread in self._threads:
            thread.join(timeout=wait_s)


def _is_speech(vad, block: np.ndarray, rms: float) -> bool:
    """The voice detector where there is one (blocks of its frame size), loudness otherwise."""
    if vad is None or block.size % vad.frame_samples:
        return rms > ENERGY_SPEECH
    frames = block.reshape(-1, vad.frame_samples)
    return any(vad.speech_probability(frame) > 0.5 for frame in frames)
