"""Each answer's audio, kept where the recording put it: on the session's candidate track, on disk.

The recording is the one copy of what the candidate said. The runner notes where on the track
each answer's blocks went (a few numbers an answer) and reads them back when they are needed
again: for an answer that goes on after a pause, for the accurate model's second pass, and for
`simulate`'s outputs. A 45-minute interview so holds no minutes of audio in memory.

A session that is not recorded (the store could not be opened) has no track: only the newest
answer's audio is held then, which an answer that goes on needs.
"""

from __future__ import annotations

import logging
from array import array
from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np

from interview_voice.records import TurnRecord

log = logging.getLogger(__name__)
Reader = Callable[[int, int], np.ndarray]  # (first sample, count) of the candidate track -> samples


class CandidateTrack(Protocol):
    """What the recorder offers for the candidate's audio (storage's SessionRecorder)."""

    def candidate_audio(self, at_ms: float, block: np.ndarray, turn: TurnRecord) -> int | None:
        """Write the block at its time; the sample of the track it starts at (None: not kept on a track)."""

    def read_candidate(self, first: int, count: int) -> np.ndarray:
        """Samples of the candidate track, read back from the file."""


def _pairs(runs: array) -> list[tuple[int, int]]:
    return list(zip(runs[0::2], runs[1::2]))


def _read(reader: Reader, runs: Sequence[tuple[int, int]]) -> np.ndarray:
    if not runs:
        return np.zeros(0, np.float32)
    return np.concatenate([reader(first, count) for first, count in runs])


class AnswerAudio:
    """Where each answer's audio is: runs of the candidate track by turn index (the runner's thread
    adds; any thread may read back)."""

    def __init__(self) -> None:
        self._runs: dict[int, array] = {}  # turn index: first sample, count, ... on the track
        self._samples: dict[int, int] = {}  # turn index: samples heard
        self._held: tuple[int, list[np.ndarray]] | None = None  # the newest unrecorded answer's blocks
        self._reader: Reader | None = None

    def heard(self, track: CandidateTrack | None, at_ms: float, block: np.ndarray, turn: TurnRecord) -> None:
        """A block of this answer, heard at at_ms: onto the recording (or held, with no recording)."""
        first = track.candidate_audio(at_ms, block, turn) if track is not None else None
        index = turn.index
        self._samples[index] = self._samples.get(index, 0) + block.size
        if first is None or track is None:
            if self._held is None or self._held[0] != index:
                self._held = (index, [])  # an older answer's audio is let go: only the newest can go on
            self._held[1].append(block)
            return
        self._reader = track.read_candidate
        runs = self._runs.setdefault(index, array("q"))
        if runs and runs[-2] + runs[-1] == first:
            runs[-1] += block.size
        else:
            runs.extend((first, block.size))  # 16 bytes a run: a block apart when the clock moved on

    def samples(self, index: int) -> int:
        """How many samples of this answer were heard (0 for a typed or unheard one)."""
        return self._samples.get(index, 0)

    @property
    def held_samples(self) -> int:
        """Samples held in memory (only a session without a recording holds any)."""
        return sum(b.size for b in self._held[1]) if self._held is not None else 0

    def audio(self, index: int) -> np.ndarray:
        """The answer's audio as heard, read back from the recording; empty if none was heard (or,
        with no recording, for any answer but the newest)."""
        if self._held is not None and self._held[0] == index:
            return np.concatenate(self._held[1]) if self._held[1] else np.zeros(0, np.float32)
        runs = self._runs.get(index)
        if not runs or self._reader is None:
            return np.zeros(0, np.float32)
        return _read(self._reader, _pairs(runs))

    def loader(self, index: int, samples: int | None = None) -> Callable[[], np.ndarray]:
        """The answer's audio so far (its first `samples`), read when called: a later pass reads the
        recording then, instead of holding the audio while it waits."""
        runs = _pairs(self._runs.get(index, array("q")))
        reader = self._reader
        if runs and reader is not None and not (self._held is not None and self._held[0] == index):
            return lambda: _read(reader, runs)[:samples]
        audio = self.audio(index)[:samples]
        return lambda: audio
