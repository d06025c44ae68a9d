"""The speakers' buffer grows, between sentences, on a machine too busy for it; never mid-sentence."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest

from interview_voice.core.types import AudioChunk
from interview_voice.engines import audio_sd

RATE = 22_050


class Status:
    def __init__(self, underflow: bool) -> None:
        self.output_underflow = underflow


class FakeStream:
    """A sound card's stream: its own thread asks the callback for block after block, as PortAudio's does,
    on a clock of its own that moves a block per callback, whatever the machine's load. It reports a buffer
    a hundredth of the one asked for, so that play()'s wait for the buffer to be heard is short; the test
    makes a callback flag an underflow, or come late, when it wants."""

    opened: list[FakeStream] = []
    clock = 0.0
    start_up: tuple[int, float] = (0, 0.0)  # a new stream's start: callbacks back to back, then a wait

    def __init__(self, *, callback, finished_callback, latency, blocksize, **_) -> None:
        self.callback, self.asked, self.blocksize = callback, latency, blocksize
        self.latency = latency / 100
        self.active = False
        self.underflow_next = False
        self.pause_next = 0.0
        self.samples = 0  # non-silent samples this stream played
        self.calls = 0
        FakeStream.opened.append(self)

    def start(self) -> None:
        self.active = True
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        priming, wait = FakeStream.start_up
        while self.active:
            if self.calls >= priming:  # the buffer filled at the start comes at once, the device not playing yet
                FakeStream.clock += self.blocksize / RATE + self.pause_next + (wait if self.calls == priming else 0.0)
            self.pause_next = 0.0
            out = np.zeros((self.blocksize, 1), np.float32)
            flagged, self.underflow_next = self.underflow_next or (priming and self.calls == 0), False
            self.callback(out, self.blocksize, None, Status(flagged))
            self.samples += int(np.count_nonzero(out))
            self.calls += 1
            time.sleep(0.0005)

    def abort(self) -> None:
        self.active = False

    def stop(self) -> None:
        self.active = False

    def close(self) -> None:
        self.active = False


class FakeSoundDevice:
    OutputStream = FakeStream


@pytest.fixture
def speakers(monkeypatch):
    FakeStream.opened, FakeStream.start_up = [], (0, 0.0)
    monkeypatch.setattr(audio_sd, "sounddevice_module", lambda: FakeSoundDevice)
    monkeypatch.setattr(audio_sd, "default_device", lambda kind: 0)
    monkeypatch.setattr(audio_sd, "raise_audio_thread", lambda: "unchanged (test)")
    monkeypatch.setattr(audio_sd, "callback_clock", lambda: FakeStream.clock)
    output = audio_sd.SoundDeviceOutput()
    yield output
    output.close()


def callbacks_pass(stream: FakeStream) -> None:
    """Until the stream's callback has been called twice more (it has seen what the test set)."""
    until = stream.calls + 2
    while stream.calls < until:
        time.sleep(0.001)


def sentence(seconds: float = 0.2) -> AudioChunk:
    return AudioChunk(np.full(int(seconds * RATE), 0.1, np.float32), RATE)


def test_an_unstrained_machine_keeps_the_short_buffer_on_one_stream(speakers):
    for _ in range(4):
        speakers.play(sentence())
    assert [s.asked for s in FakeStream.opened] == [audio_sd.OUTPUT_LATENCY_S]


def test_after_the_speakers_ran_dry_the_next_sentence_gets_a_buffer_twice_as_long_up_to_the_cap(speakers):
    asked = []
    for _ in range(5):
        speakers.play(sentence())
        asked.append(FakeStream.opened[-1].asked)
        FakeStream.opened[-1].underflow_next = True  # between sentences, as the device runs dry
        callbacks_pass(FakeStream.opened[-1])
    assert asked == [0.1, 0.2, 0.4, 0.4, 0.4]
    assert len(FakeStream.opened) == 3  # at the cap the stream is not opened again
    assert audio_sd.OUTPUT_LATENCY_MAX_S == 0.4


def test_a_callback_that_comes_with_most_of_the_buffer_used_counts_as_a_near_miss(speakers):
    speakers.play(sentence())
    stream = FakeStream.opened[-1]
    stream.pause_next = 0.9 * audio_sd.OUTPUT_LATENCY_S  # the buffer nearly ran dry: no underflow flagged
    callbacks_pass(stream)
    speakers.play(sentence())
    assert [s.asked for s in FakeStream.opened] == [0.1, 0.2]
    # a gap under the near-miss share is ordinary jitter
    FakeStream.opened[-1].pause_next = 0.5 * 0.2 * audio_sd.NEAR_MISS_SHARE
    callbacks_pass(FakeStream.opened[-1])
    speakers.play(sentence())
    assert [s.asked for s in FakeStream.opened] == [0.1, 0.2]


def test_the_buffer_never_changes_in_the_middle_of_a_sentence(speakers):
    speakers.play(sentence(0.05))
    first = FakeStream.opened[-1]

    def run_dry_while_playing():
        while first.samples <= int(0.05 * RATE):  # the long sentence has begun
            time.sleep(0.001)
        first.underflow_next = True

    threading.Thread(target=run_dry_while_playing).start()
    long = sentence(0.6)
    speakers.play(long)
    assert len(FakeStream.opened) == 1 and first.samples == int(0.05 * RATE) + long.samples.size
    speakers.play(sentence(0.05))  # the next sentence has it
    assert [s.asked for s in FakeStream.opened] == [0.1, 0.2]


def test_a_new_streams_start_is_not_taken_for_a_busy_machine(speakers):
    """As on a PulseAudio sink that was idle, measured on a null sink: PortAudio fills the buffer with six
    to twenty-four callbacks back to back (the first flagging an underflow on some hosts), then the next
    comes only once the device has begun to play, 0.1-1.8 s later, on each new stream. It made the buffer
    double at the next sentence, and again on the stream opened for that, up to 0.4 s, on a quiet machine."""
    FakeStream.start_up = (12, 1.7)
    for _ in range(4):
        speakers.play(sentence())
    assert [s.asked for s in FakeStream.opened] == [audio_sd.OUTPUT_LATENCY_S]
    stream = FakeStream.opened[-1]
    stream.pause_next = 0.9 * audio_sd.OUTPUT_LATENCY_S  # once it plays, a late callback is a near miss
    callbacks_pass(stream)
    speakers.play(sentence())
    assert [s.asked for s in FakeStream.opened] == [0.1, 0.2]
