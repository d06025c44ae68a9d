"""The interviewer's next line, synthesised while the candidate is still answering.

When the answer ends with no follow-up, the interviewer moves on to a line
known in advance (the next question, phase or closing). Its first sentence is
ready before the turn ends, so the first sound comes without waiting for the
voice; the rest is synthesised while that sentence plays.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator

from interview_voice.core.text import speaking_chunks
from interview_voice.core.types import AudioChunk, VoiceStyle
from interview_voice.engines.base import TextToSpeech

log = logging.getLogger(__name__)


class SpeechAhead:
    def __init__(self, tts: TextToSpeech) -> None:
        self.tts = tts
        self._key: tuple[str, VoiceStyle] | None = None
        self._first: AudioChunk | None = None
        self._worker: threading.Thread | None = None
        self.hits = 0

    def prepare(self, text: str, style: VoiceStyle) -> None:
        """Start synthesising the first piece of text (a sentence, or a long one's first part)
        in the background."""
        chunks = speaking_chunks(text)
        if not chunks or self._key == (text, style):
            return
        self._key, self._first = (text, style), None

        def work() -> None:
            try:
                self._first = next(iter(self.tts.synthesize(chunks[0], style)), None)
            except Exception as exc:  # the line is synthesised normally when it is spoken
                log.warning("could not prepare the next line: %s", exc)

        self._worker = threading.Thread(target=work, name="speak-ahead", daemon=True)
        self._worker.start()

    def synthesize(self, text: str, style: VoiceStyle) -> Iterator[AudioChunk]:
        """Like tts.synthesize, starting from the prepared sentence when it is this line."""
        if self._key == (text, style) and self._worker is not None:
            self._worker.join()
            first, self._key, self._first = self._first, None, None
            if first is not None:
                self.hits += 1
                yield first
                rest = " ".join(speaking_chunks(text)[1:])
                if rest:
                    yield from self.tts.synthesize(rest, style)
                return
        yield from self.tts.synthesize(text, style)
