"""The audio check's work, off the GUI thread: listen for speech, play a sample sentence."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator

import numpy as np
from PySide6.QtCore import QObject, Signal

from interview_voice.core.types import AudioChunk
from interview_voice.engines.base import EngineError
from interview_voice.ui.tasks import Task, TaskControl, TaskRunner

log = logging.getLogger(__name__)
LISTEN_S = 4.0
SPEECH_NEEDED_S = 0.3  # less than this is a cough or a click, not "I heard you"
ENERGY_SPEECH = 0.02  # RMS above which a frame counts as voice when no voice detector is loaded
SAMPLE_TEXT = "Hello. This is how your interviewer will sound. If you can hear me clearly, you are ready."


class AudioCheck(QObject):
    """Each check runs as a task on a thread of its own (they call the voice detector and the voice, native
    code); its results reach these signals on the GUI thread."""

    level = Signal(float, bool)  # RMS of a block, whether it is speech
    heard = Signal(bool, str)  # speech was heard; what to tell the user
    played = Signal(bool, str)  # the sample was played; what to tell the user

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tasks = TaskRunner(self)
        self._tasks: list[Task] = []

    def _keep(self, task: Task) -> None:
        self._tasks = [t for t in self._tasks if not t.finished.is_set()] + [task]

    def _level(self, level: tuple[float, bool]) -> None:
        self.level.emit(*level)

    def _said_heard(self, said: tuple[bool, str] | None) -> None:
        if said is not None:
            self.heard.emit(*said)

    def _said_played(self, said: tuple[bool, str] | None) -> None:
        if said is not None:
            self.played.emit(*said)

    def listen(self, open_input: Callable[[], object], vad=None, seconds: float = LISTEN_S) -> None:
        self._keep(
            self.tasks.start(
                lambda control: self._listen(open_input, vad, seconds, control),
                self._said_heard,
                on_progress=self._level,
                thread="audio-check-mic",
                native=True,
            )
        )

    @staticmethod
    def _listen(open_input, vad, seconds: float, control: TaskControl) -> tuple[bool, str] | None:
        try:
            mic = open_input()
            mic.start()
        except EngineError as exc:
            return False, f"The microphone cannot be used: {exc}"
        speech_s = heard_s = 0.0
        peak = 0.0
        try:
            while heard_s < seconds and not control.stop.is_set():
                block = mic.read(0.5)
                if block is None:
                    continue
                block = np.asarray(block, dtype=np.float32)
                rms = float(np.sqrt(np.mean(block**2))) if block.size else 0.0
                speaking = _is_speech(vad, block, rms)
                heard_s += block.size / mic.sample_rate
                speech_s += block.size / mic.sample_rate if speaking else 0.0
                peak = max(peak, rms)
                control.progress((rms, speaking))
                if not getattr(mic, "realtime", False):
                    time.sleep(0.002)  # a recording: give the meter time to draw
        except EngineError as exc:
            return False, f"The microphone stopped: {exc}"
        finally:
            mic.stop()
            control.progress((0.0, False))
        if control.stop.is_set():
            return None
        if speech_s >= SPEECH_NEEDED_S:
            return True, f"I heard you: {speech_s:.1f} s of speech. The microphone works."
        if peak < 0.002:
            return False, (
                "I heard nothing at all: is the microphone muted, or is another one chosen? "
                "Check the system sound settings or choose another microphone in Settings."
            )
        return False, (
            "I heard sound, but no speech. Speak a little louder or closer to the microphone, and try again."
        )

    def play(
        self, open_output: Callable[[], object], synthesize: Callable[[str], Iterator[AudioChunk]], where: str
    ) -> None:
        self._keep(
            self.tasks.start(
                lambda control: self._play(open_output, synthesize, where, control),
                self._said_played,
                thread="audio-check-speakers",
                native=True,
            )
        )

    @staticmethod
    def _play(open_output, synthesize, where: str, control: TaskControl) -> tuple[bool, str] | None:
        played = 0.0
        speakers = None
        try:
            speakers = open_output()
            for chunk in synthesize(SAMPLE_TEXT):
                if control.stop.is_set():
                    break
                played += speakers.play(chunk, control.stop)
        except EngineError as exc:
            return False, f"The sample cannot be played: {exc}"
        finally:
            if speakers is not None:
                speakers.close()
        if control.stop.is_set():
            return None
        return True, (
            f"Played {played:.1f} s through {where}. If you heard nothing, turn the volume "
            "up or choose other speakers in Settings."
        )

    def stop(self, wait_s: float = 2.0) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            task.finished.wait(wait_s)


def _is_speech(vad, block: np.ndarray, rms: float) -> bool:
    """The voice detector where there is one (blocks of its frame size), loudness otherwise."""
    if vad is None or block.size % vad.frame_samples:
        return rms > ENERGY_SPEECH
    frames = block.reshape(-1, vad.frame_samples)
    return any(vad.speech_probability(frame) > 0.5 for frame in frames)
