"""Microphone and speakers through sounddevice (PortAudio)."""

from __future__ import annotations

import logging
import queue
import threading
import time
from typing import Any

import numpy as np

from interview_voice.core.types import SAMPLE_RATE_STT, AudioChunk
from interview_voice.engines.base import AudioDeviceError
from interview_voice.engines.portaudio import default_device, sounddevice_module
from interview_voice.engines.sound_names import portaudio_target, routed
from interview_voice.engines.thread_priority import raise_audio_thread

log = logging.getLogger(__name__)
BLOCK = 512
# The speakers' buffer, in seconds. PortAudio's "low" latency on PulseAudio (~10 ms) left the
# voice in 25-100 ms fragments whenever other programs kept the cores busy: a callback a few
# milliseconds late is a hole in a word (benchmarks/audio_under_load.py). This much covers a
# late wake-up; a barge-in still stops at once (abort drops the buffer), and it adds this much
# to the pause between sentences and before the first word.
OUTPUT_LATENCY_S = 0.1
# On a machine busier than that covers (a whole session: Whisper, the model and the window's own
# Python threads share the interpreter lock the callback needs, and a thread holding it can wait
# behind other programs), the buffer doubles, up to this, at the next sentence once the speakers ran
# dry or a callback came with most of the buffer used up: as a sound server raises its own buffer
# after an underrun. Only a busy machine pays the longer pause between sentences and before the first.
OUTPUT_LATENCY_MAX_S = 0.4
# A callback later than this share of the buffer after the one before: the speakers nearly ran dry.
NEAR_MISS_SHARE = 0.75
# A new stream's start: PortAudio fills the buffer with callbacks back to back, then the next waits
# until the device has begun to play: on a PulseAudio null sink 0.1-1.8 s, once per stream, right after
# those, and at no other callback (tests/unit/test_speaker_buffer.py). Neither that wait nor an underflow
# flagged before it is the machine being busy: the first callback this long after the one before ends the start.
STARTED_GAP_S = 0.01
# Samples per callback: fewer wake-ups, each one a short copy.
OUTPUT_BLOCK_S = 0.02
callback_clock = time.monotonic  # when a callback came (the tests give the fake device's own clock)


# PortAudio's codes for a sound system that went away under it (a sound server restarted or
# stopped, a device unplugged): its own words ("Illegal combination of I/O devices") mean nothing
# to a candidate.
_GONE_CODES = ("-9985", "-9986", "-9993", "-9996", "-9997", "-9999")


def plain_reason(exc: Exception) -> str:
    text = str(exc)
    if any(code in text for code in _GONE_CODES):
        return f"the sound system did not answer (was it restarted, or the device unplugged?) [{text}]"
    return text


def no_device_message(kind: str) -> str:
    what = "microphone" if kind == "input" else "speaker or headphones"
    return (
        f"No {what} was found. Plug one in (or enable it in the system sound settings) and try again; "
        "`interview-voice doctor` lists the devices this computer offers."
    )


class SoundDeviceInput:
    sample_rate = SAMPLE_RATE_STT
    realtime = True
    continuous = True

    def __init__(self, device: int | str | None = None) -> None:
        self._chosen = device if isinstance(device, str) else ""  # a sound-server device is routed to
        self._device = portaudio_target(device, "input") if isinstance(device, str) else device
        self._queue: queue.Queue[np.ndarray] = queue.Queue()
        self._stream: Any = None  # a sounddevice stream while open
        self._error: str | None = None
        self._raised = False
        self.overflows = 0  # blocks the sound system lost because this thread came too late

    def _callback(self, indata, frames, time_info, status) -> None:
        # Runs on PortAudio's thread: copy and hand over, nothing else.
        if not self._raised:
            self._raised = True
            log.info("microphone thread priority: %s", raise_audio_thread())
        if status.input_overflow:
            self.overflows += 1
        self._queue.put(indata[:, 0].copy())

    def _finished(self) -> None:
        self._error = "the microphone stopped delivering audio (was it unplugged?)"

    def start(self) -> None:
        sd = sounddevice_module()
        if self._device is None and default_device("input") is None:
            raise AudioDeviceError(no_device_message("input"))
        self._raised = False  # a new stream may run on a new thread
        try:
            with routed(self._chosen, "input"):
                self._stream = sd.InputStream(
                    samplerate=self.sample_rate,
                    channels=1,
                    dtype="float32",
                    blocksize=BLOCK,
                    device=self._device,
                    callback=self._callback,
                    finished_callback=self._finished,
                )
                self._stream.start()
        except Exception as exc:
            self._stream = None
            raise AudioDeviceError(
                f"cannot open the microphone: {plain_reason(exc)}. {no_device_message('input')}"
            ) from exc
        self._error = None

    def prove(self) -> None:
        """Open the microphone once and close it: AudioDeviceError now, rather than mid-interview."""
        self.start()
        self.stop()

    def read(self, timeout: float) -> np.ndarray | None:
        try:
            return self._queue.get(timeout=timeout)
        except queue.Empty:
            if self._error or (self._stream is not None and not self._stream.active):
                raise AudioDeviceError(self._error or "the microphone stopped delivering audio") from None
            return None

    def stop(self) -> None:
        if self.overflows:
            log.warning("the microphone lost audio %d times (the machine was too busy)", self.overflows)
            self.overflows = 0
        if self._stream is not None:
            try:
                self._stream.stop()
                self._stream.close()
            except Exception as exc:  # a vanished device may refuse to close
                log.warning("closing the microphone: %s", exc)
            self._stream = None
        while not self._queue.empty():
            self._queue.get_nowait()


class SoundDeviceOutput:
    """The speakers, as one stream opened at the first sound and kept running (silent
    between sentences) until close().

    A stream per sentence cost silence: on PulseAudio a new stream played nothing for
    0.6-1.7 s when the sink had gone idle, and closing one waited for its buffer to
    drain, so an acknowledgement held the follow-up back by ~2 s.
    """

    realtime = True
    audible = True  # the microphone may hear it, unless the candidate wears a headset

    def __init__(self, device: int | str | None = None) -> None:
        self._chosen = device if isinstance(device, str) else ""
        self._device = portaudio_target(device, "output") if isinstance(device, str) else device
        self._lock = threading.Lock()  # the callback and play() share what is playing
        self._playing = threading.Lock()  # one sentence at a time
        self._stream: Any = None  # a sounddevice stream while open
        self._rate: int | None = None
        self._samples: np.ndarray | None = None
        self._position = 0
        self._done = threading.Event()  # the sentence was handed to the device, or the stream ended
        self._raised = False
        self.underflows = 0  # callbacks that came too late: the speakers ran dry
        self.latency = OUTPUT_LATENCY_S  # the buffer asked for; raised on a busy machine (OUTPUT_LATENCY_MAX_S)
        self._near_miss = 0.0  # a gap between callbacks that means the buffer nearly ran dry
        self._last_call = 0.0  # when the stream's previous callback came (0: none yet)
        self._started = False  # the device plays what the stream's first callbacks wrote (STARTED_GAP_S)
        self._strained = False  # the speakers ran dry, or nearly, since the buffer was last sized

    def _callback(self, outdata, frames, time_info, status) -> None:
        # PortAudio's thread: a copy of the next samples, nothing slower (no allocation, no I/O).
        now = callback_clock()
        if not self._raised:
            self._raised = True
            log.info("speakers thread priority: %s", raise_audio_thread())
        if not self._started:  # the stream's start: nothing is late yet
            self._started = bool(self._last_call) and now - self._last_call >= STARTED_GAP_S
        elif status.output_underflow:
            self.underflows += 1
            self._strained = True
        elif now - self._last_call > self._near_miss:
            self._strained = True
        self._last_call = now
        with self._lock:
            samples = self._samples
            if samples is None:
                outdata.fill(0)
                return
            piece = samples[self._position : self._position + frames]
            outdata[: len(piece), 0] = piece
            outdata[len(piece) :, 0] = 0
            self._position += len(piece)
            if self._position >= samples.size:
                self._samples = None
                self._done.set()

    def _open(self, rate: int) -> None:
        if self._stream is not None and self._rate == rate and self._stream.active:
            return
        self._close_stream()
        sd = sounddevice_module()
        if self._device is None and default_device("output") is None:
            raise AudioDeviceError(no_device_message("output"))
        try:
            with routed(self._chosen, "output"):
                self._stream = sd.OutputStream(
                    samplerate=rate,
                    channels=1,
                    dtype="float32",
                    device=self._device,
                    callback=self._callback,
                    finished_callback=self._done.set,
                    latency=self.latency,
                    blocksize=round(rate * OUTPUT_BLOCK_S),
                )
                self._last_call, self._started = 0.0, False  # its start is not counted (STARTED_GAP_S)
                self._near_miss = NEAR_MISS_SHARE * max(float(self._stream.latency), self.latency)
                self._stream.start()
        except Exception as exc:
            self._stream = None
            raise AudioDeviceError(f"cannot play sound: {plain_reason(exc)}. {no_device_message('output')}") from exc
        self._rate = rate

    def _grow_if_strained(self) -> None:
        """Between sentences: a buffer twice as long (up to OUTPUT_LATENCY_MAX_S) if the speakers ran dry,
        or nearly, during the last ones; the stream opens again with it for the next sentence."""
        if not self._strained or self.latency >= OUTPUT_LATENCY_MAX_S:
            self._strained = False
            return
        self._strained = False
        self.latency = min(2 * self.latency, OUTPUT_LATENCY_MAX_S)
        log.info("the speakers nearly ran dry (a busy machine): their buffer is now %.0f ms", 1000 * self.latency)
        self._close_stream()

    def prove(self, rate: int = 22_050) -> None:
        """Open the speakers' stream (it stays open, silent, for the interview): AudioDeviceError now,
        rather than at the interviewer's first word."""
        with self._playing:
            self._open(rate)

    def play(self, chunk: AudioChunk, cancel: threading.Event | None = None) -> float:
        with self._playing:
            self._grow_if_strained()
            self._open(chunk.sample_rate)
            samples = np.ascontiguousarray(chunk.samples, dtype=np.float32)
            with self._lock:
                self._samples, self._position = samples, 0
                self._done.clear()
            while not self._done.wait(0.01):
                if cancel is not None and cancel.is_set():
                    # Abort drops what the device still holds: a barge-in silences the
                    # interviewer at once. The next sentence opens a new stream.
                    with self._lock:
                        played, self._samples = self._position, None
                    # what the device still held was never heard
                    held = float(self._stream.latency) * chunk.sample_rate if self._stream is not None else 0.0
                    self._close_stream(abort=True)
                    return max(0.0, played - held) / chunk.sample_rate
            if self._stream is None or not self._stream.active:
                self._close_stream()
                raise AudioDeviceError(f"the speakers stopped playing. {no_device_message('output')}")
            # The last samples are in the device's buffer: they are heard within its latency.
            time.sleep(float(self._stream.latency))
            return samples.size / chunk.sample_rate

    def _close_stream(self, abort: bool = False) -> None:
        if self.underflows:
            log.warning("the speakers ran dry %d times (the machine was too busy)", self.underflows)
            self.underflows = 0
        self._raised = False  # a new stream may get a new thread
        stream, self._stream = self._stream, None
        if stream is None:
            return
        try:
            if abort:
                stream.abort()
            stream.close()
        except Exception as exc:  # a vanished device may refuse to close
            log.warning("closing the speakers: %s", exc)

    def close(self) -> None:
        with self._playing:
            self._close_stream(abort=True)
