"""Records a running session: audio tracks as they are heard, each turn as it starts and ends."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TypeVar

import numpy as np

from interview_voice.core.types import AudioChunk
from interview_voice.records import (
    EventRecorded,
    SessionEvent,
    TranscriptRefined,
    TurnFinished,
    TurnRecord,
    TurnStarted,
)
from interview_voice.storage.errors import DatabaseBusy, StorageError, WriteFailed
from interview_voice.storage.repository import SessionStore
from interview_voice.storage.tracks import TRACK_RATES, TrackWriter

log = logging.getLogger(__name__)
T = TypeVar("T")
RETRY_EVERY_S = 5.0  # while the database is busy, try again at most this often during the interview
CLOSE_WAIT_S = 30.0  # at the end, wait this long for it before leaving the rest to the next start


class SessionRecorder:
    """Implements the runner's recorder hooks; storage failures stop recording, never the app.

    A database another program holds is not a failure: the audio and each finished
    turn are on disk already (tracks, turns.jsonl), and the database writes wait in
    order until it frees, at the latest when the session closes or the next start.
    """

    def __init__(self, store: SessionStore, session_id: str) -> None:
        self.store = store
        self.session_id = session_id
        self.tracks = {
            kind: TrackWriter(store.track_path(session_id, kind), rate) for kind, rate in TRACK_RATES.items()
        }
        self._turn_audio_start: dict[int, float] = {}
        self.error: str | None = None
        self.busy_notice = ""  # set when the database was busy at the end
        self._waiting: list[tuple[str, Callable[[], object]]] = []  # database writes held back while it is busy
        self._last_try = 0.0
        self._lock = threading.Lock()  # hooks come from the runner's thread and the acknowledgement player

    def _guard(self, what: str, work: Callable[[], T], database: bool = False) -> T | None:
        with self._lock:
            if self.error:  # a failure on another thread stops the session at its next recording step
                raise WriteFailed(self.error)
            try:
                if database:
                    self._database_write(what, work)
                    return None
                return work()
            except (OSError, StorageError) as exc:
                self.error = (
                    f"Recording stopped: {getattr(exc, 'strerror', None) or exc}. Everything recorded "
                    "before this moment is kept."
                )
                log.error("%s failed: %s", what, exc)
                raise WriteFailed(self.error) from exc

    def _database_write(self, what: str, work: Callable[[], object]) -> None:
        if self._waiting and time.monotonic() - self._last_try < RETRY_EVERY_S:
            self._waiting.append((what, work))  # still busy a moment ago: do not stall the interview again
            return
        self._waiting.append((what, work))
        self._flush()

    def _flush(self) -> bool:
        """Write what waits, in order; False if the database is still busy."""
        self._last_try = time.monotonic()
        while self._waiting:
            what, work = self._waiting[0]
            try:
                work()
            except DatabaseBusy as exc:
                if len(self._waiting) == 1:
                    log.warning("%s: %s; recording goes on and it is saved when the database frees", what, exc)
                return False
            self._waiting.pop(0)
        return True

    # audio hooks, called on the runner's thread ---------------------------------------------
    def interviewer_audio(self, at_ms: float, chunk: AudioChunk, turn: TurnRecord) -> None:
        track = self.tracks["interviewer"]
        self._turn_audio_start.setdefault(turn.index, max(track.seconds, at_ms / 1000))
        self._guard(
            "writing the interviewer track", lambda: track.write_at(at_ms / 1000, chunk.samples, chunk.sample_rate)
        )

    def candidate_audio(self, at_ms: float, block: np.ndarray, turn: TurnRecord, *, over_line: bool = False) -> int:
        """Onto the candidate track; returns the sample it starts at there. over_line: heard while the
        interviewer spoke, before the answer's own audio: kept on the track, but the turn's audio (where
        its words' times count from) starts with the answer's own."""
        track = self.tracks["candidate"]
        if not over_line:
            self._turn_audio_start.setdefault(turn.index, max(track.seconds, at_ms / 1000))
        first = self._guard("writing the candidate track", lambda: track.write_at(at_ms / 1000, block))
        assert first is not None
        return first

    def read_candidate(self, first: int, count: int) -> np.ndarray:
        """Samples of the candidate track, read back from the file (any thread, during or after the session)."""
        track = self.tracks["candidate"]
        try:
            return track.read(first, count)
        except (OSError, ValueError) as exc:
            raise WriteFailed(
                f"The recording could not be read back: {getattr(exc, 'strerror', None) or exc}. "
                "Everything recorded before this moment is kept."
            ) from exc

    # events ------------------------------------------------------------------------------------
    def on_event(self, event: SessionEvent) -> None:
        if isinstance(event, TurnStarted):
            self._guard(
                "saving a turn",
                lambda: self.store.save_turn(self.session_id, event.turn, finished=False),
                database=True,
            )
        elif isinstance(event, (TurnFinished, TranscriptRefined)):
            start = self._turn_audio_start.get(event.turn.index)
            turn = event.turn
            # The transcript goes beside the tracks now, whatever the database's state.
            self._guard("writing the turn file", lambda: self.store.write_turn_file(self.session_id, turn, start))
            self._guard(
                "saving a turn",
                lambda: self.store.save_turn(
                    self.session_id, turn, audio_start_s=start, finished=True, turn_file=False
                ),
                database=True,
            )
        elif isinstance(event, EventRecorded):
            stored = event.event
            self._guard("saving an event", lambda: self.store.add_event(self.session_id, stored), database=True)

    def leave(self, status: str, duration_s: float, notice: str = "") -> None:
        """The process leaves before close() (from another thread: the window was closed and the answer in
        progress is still being transcribed). The audio heard so far goes onto the disk and the session's
        ending is noted beside it; the next start finishes the recording with that status, closes the turn
        still open and transcribes an answer among them from its audio (storage/cut_off.py)."""
        for track in self.tracks.values():
            try:
                track.flush()
            except (OSError, ValueError) as exc:  # ValueError: closed under us by close() on the session thread
                log.error("writing %s: %s", track.path, exc)
        self.store.leave_to_next_start(self.session_id, status, duration_s, notice)

    def close(self, status: str, duration_s: float, notice: str = "") -> None:
        for track in self.tracks.values():
            try:
                track.close()
            except OSError as exc:
                log.error("closing %s: %s", track.path, exc)
        deadline = time.monotonic() + CLOSE_WAIT_S
        while self._waiting and not self._flush() and time.monotonic() < deadline:
            time.sleep(0.5)
        if self._waiting:  # the next start adds the turns from the session folder
            self.busy_notice = (
                "The session database stayed busy (another program holds it): the recording and "
                "its transcript are kept in the session folder and are listed at the next start."
            )
            log.error(self.busy_notice)
        if self.error and status in ("completed", "ended_early"):
            status = "failed"  # recording stopped part way: what came before is kept
        try:
            self.store.finish(
                self.session_id,
                status,
                duration_s,
                {k: t.seconds for k, t in self.tracks.items()},
                notice or self.error or "",
            )
        except StorageError as exc:  # e.g. a full disk: the session is recovered on the next start
            log.error("could not mark the session finished: %s", exc)
