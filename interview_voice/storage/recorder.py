"""Records a running session: audio tracks as they are heard, each turn as it starts and ends."""

from __future__ import annotations

import logging
from collections.abc import Callable

import numpy as np

from interview_voice.core.types import AudioChunk
from interview_voice.records import (EventRecorded, SessionEvent, TranscriptRefined, TurnFinished, TurnRecord,
                                     TurnStarted)
from interview_voice.storage.errors import StorageError, WriteFailed
from interview_voice.storage.repository import TRACK_RATES, SessionStore
from interview_voice.storage.tracks import TrackWriter

log = logging.getLogger(__name__)


class SessionRecorder:
    """Implements the runner's recorder hooks; storage failures stop recording, never the app."""

    def __init__(self, store: SessionStore, session_id: str) -> None:
        self.store = store
        self.session_id = session_id
        self.tracks = {kind: TrackWriter(store.track_path(session_id, kind), rate) for kind, rate in TRACK_RATES.items()}
        self._turn_audio_start: dict[int, float] = {}
        self.error: str | None = None

    def _guard(self, what: str, work: Callable[[], None]) -> None:
        if self.error:
            return
        try:
            work()
        except (OSError, StorageError) as exc:
            self.error = (f"Recording stopped: {getattr(exc, 'strerror', None) or exc}. Everything recorded "
                          "before this moment is kept.")
            log.error("%s failed: %s", what, exc)
            raise WriteFailed(self.error) from exc

    # audio hooks, called on the runner's thread ---------------------------------------------
    def interviewer_audio(self, at_ms: float, chunk: AudioChunk, turn: TurnRecord) -> None:
        track = self.tracks["interviewer"]
        self._turn_audio_start.setdefault(turn.index, max(track.seconds, at_ms / 1000))
        self._guard("writing the interviewer track",
                    lambda: track.write_at(at_ms / 1000, chunk.samples, chunk.sample_rate))

    def candidate_audio(self, at_ms: float, block: np.ndarray, turn: TurnRecord) -> None:
        track = self.tracks["candidate"]
        self._turn_audio_start.setdefault(turn.index, max(track.seconds, at_ms / 1000))
        self._guard("writing the candidate track", lambda: track.write_at(at_ms / 1000, block))

    # events ------------------------------------------------------------------------------------
    def on_event(self, event: SessionEvent) -> None:
        if isinstance(event, TurnStarted):
            self._guard("saving a turn", lambda: self.store.save_turn(self.session_id, event.turn, finished=False))
        elif isinstance(event, (TurnFinished, TranscriptRefined)):
            start = self._turn_audio_start.get(event.turn.index)
            self._guard("saving a turn", lambda: self.store.save_turn(self.session_id, event.turn,
                                                                      audio_start_s=start, finished=True))
        elif isinstance(event, EventRecorded):
            data = {k: v for k, v in event.data.items() if k not in ("type", "at_ms")}
            self._guard("saving an event", lambda: self.store.add_event(
                self.session_id, event.data["type"], event.data["at_ms"], data))

    def close(self, status: str, duration_s: float, notice: str = "") -> None:
        for track in self.tracks.values():
            try:
                track.close()
            except OSError as exc:
                log.error("closing %s: %s", track.path, exc)
        try:
            self.store.finish(self.session_id, "failed" if self.error and status == "completed" else status,
                              duration_s, {k: t.seconds for k, t in self.tracks.items()}, notice or self.error or "")
        except StorageError as exc:  # e.g. a full disk: the session is recovered on the next start
            log.error("could not mark the session finished: %s", exc)
