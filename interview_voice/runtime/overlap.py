"""Speech heard while the interviewer spoke (speakers mode): transcribed afterwards, kept, marked."""

from __future__ import annotations

import logging
import threading

import numpy as np

from interview_voice.core.text import without_echo
from interview_voice.records import Word
from interview_voice.runtime.after_answer import speech_spans
from interview_voice.threads import start_thread

log = logging.getLogger(__name__)
PAD_MS = 200  # audio kept either side of a speech run, so no word is cut


class OverlapTranscriber:
    """Transcribes, on a thread of its own, the speech runs in audio heard over the interviewer."""

    def __init__(self) -> None:
        self.words: list[Word] = []
        self._thread: threading.Thread | None = None

    @classmethod
    def start(
        cls, stt, vad, rate: int, blocks: list[tuple[float, np.ndarray]], turn_start_ms: float, said: str
    ) -> "OverlapTranscriber | None":
        """None when nothing in blocks sounds like speech. The VAD runs here (it is the listening
        loop's, not to be shared with a thread); only the transcription runs in the background."""
        spans = speech_spans(vad, blocks, rate)
        vad.reset()
        if not spans:
            return None
        audio = np.concatenate([b for _, b in blocks])
        origin = blocks[0][0]
        pieces = []
        for start_ms, end_ms in spans:
            a = max(0, int((start_ms - PAD_MS - origin) * rate / 1000))
            b = min(audio.size, int((end_ms + PAD_MS - origin) * rate / 1000))
            pieces.append((origin + 1000 * a / rate, audio[a:b]))
        transcriber = cls()

        def work() -> None:
            words: list[Word] = []
            for at_ms, piece in pieces:
                offset = (at_ms - turn_start_ms) / 1000  # word times are from the start of the turn
                for segment in stt.transcribe(piece):
                    words += [Word(w.text, w.start + offset, w.end + offset, w.probability) for w in segment.words]
            transcriber.words = without_echo(words, said)
            log.info(
                "heard over the interviewer: %r (of %d words)", " ".join(w.text for w in transcriber.words), len(words)
            )

        transcriber._thread = start_thread("overlap", work, native=True)
        return transcriber

    def result(self) -> list[Word]:
        if self._thread is not None:
            self._thread.join()
        return self.words
