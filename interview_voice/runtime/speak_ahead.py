"""The interviewer's lines, synthesised ahead of the sound card.

When the answer ends with no follow-up, the interviewer moves on to a line
known in advance (the next question, phase or closing). Its first sentence is
ready before the turn ends, so the first sound comes without waiting for the
voice. Every line's later sentences are synthesised on a thread while the
earlier ones play: on a busy machine Piper can take longer than a pause between
sentences, and the voice must not wait for it.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Iterator

from interview_voice.core.text import speaking_chunks
from interview_voice.core.types import AudioChunk, VoiceStyle
from interview_voice.engines.base import TextToSpeech
from interview_voice.threads import start_thread

log = logging.getLogger(__name__)
# Sentences ready ahead of the one playing: one is enough for the next to start at once;
# two cover a short sentence followed by a long one on a busy machine.
AHEAD = 2
_END = object()


class SentencesAhead:
    """tts.synthesize(text, style), computed on a worker thread from the moment this is made, up
    to AHEAD chunks before the caller takes them. close() (or dropping it: a barge-in) stops the
    worker after the sentence in hand."""

    def __init__(self, tts: TextToSpeech, text: str, style: VoiceStyle) -> None:
        self._ready: queue.Queue[object] = queue.Queue(maxsize=AHEAD)
        self._stop = threading.Event()
        # the worker holds the queue and the event, not self: dropping self stops it
        start_thread("speak-ahead", _synthesize_into, tts, text, style, self._ready, self._stop, native=True)

    def __iter__(self) -> SentencesAhead:
        return self

    def __next__(self) -> AudioChunk:
        if self._stop.is_set():
            raise StopIteration
        item = self._ready.get()
        if item is _END:
            self.close()
            raise StopIteration
        if isinstance(item, BaseException):
            self.close()
            raise item
        assert isinstance(item, AudioChunk)
        return item

    def close(self) -> None:
        self._stop.set()

    def __del__(self) -> None:
        self._stop.set()


def _synthesize_into(
    tts: TextToSpeech, text: str, style: VoiceStyle, ready: queue.Queue[object], stop: threading.Event
) -> None:
    def put(item: object) -> bool:
        while not stop.is_set():
            try:
                ready.put(item, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    try:
        for chunk in tts.synthesize(text, style):
            if not put(chunk):
                return
    except Exception as exc:  # handed over: the speaking thread reports it as it always did
        put(exc)
        return
    put(_END)


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

        self._worker = start_thread("speak-ahead", work, native=True)

    def synthesize(self, text: str, style: VoiceStyle) -> Iterator[AudioChunk]:
        """Like tts.synthesize, starting from the prepared sentence when it is this line, and
        with the next sentences synthesised while the caller plays the one in hand."""
        if self._key == (text, style) and self._worker is not None:
            self._worker.join()
            first, self._key, self._first = self._first, None, None
            if first is not None:
                self.hits += 1
                rest = " ".join(speaking_chunks(text)[1:])
                if not rest:
                    yield first
                    return
                later = SentencesAhead(self.tts, rest, style)  # starts now, while `first` plays
                try:
                    yield first
                    yield from later
                finally:
                    later.close()
                return
        sentences = SentencesAhead(self.tts, text, style)
        try:
            yield from sentences
        finally:
            sentences.close()
