"""Transcribing the answers a crash cut off, from their recording, once a speech model is loaded.

The store recovers a session a crash cut off without any model (listing sessions must
stay quick); the words of the answer that was being spoken are found here, later, by
whichever start has the speech model: the window's model loader, `simulate`, or
`sessions rebuild`. Slow (a second or so per answer): never call on the GUI thread.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from interview_voice.core.cut_off_span import answer_span, is_silent
from interview_voice.core.types import Transcript
from interview_voice.engines.base import SpeechToText

log = logging.getLogger(__name__)
STATUS = "Transcribing the answer the app was cut off in"


def transcribe_cut_off_answers(
    store, stt: SpeechToText, status: Callable[[str], None] = lambda message: None
) -> list[str]:
    """Give text to every cut-off answer whose audio holds speech; the ids of the sessions that gained some."""
    changed: list[str] = []
    try:
        answers = store.answers_to_transcribe()
    except Exception:  # the interview must still start: they are looked for again next time
        log.exception("could not look for answers a crash cut off")
        return changed
    if answers:
        status(STATUS if len(answers) == 1 else f"Transcribing the {len(answers)} answers the app was cut off in")
    for answer in answers:
        try:
            if _transcribe_one(store, stt, answer) and answer.session_id not in changed:
                changed.append(answer.session_id)
        except Exception:  # one unreadable answer must not stop the others; it is tried again next start
            log.exception("transcribing answer %d of session %s failed", answer.index, answer.session_id)
    return changed


def _transcribe_one(store, stt: SpeechToText, answer) -> bool:
    """answer: a storage CutOffAnswer (the runtime is handed the store, it never imports storage)."""
    span = answer_span(answer.started_s, answer.next_started_s, answer.track_s, answer.question_ended_s)
    if span is None or not answer.track.exists():
        log.info("answer %d of %s: no audio was recorded", answer.index, answer.session_id)
        store.save_answer_from_audio(answer, "no_audio")
        return False
    start, end = span
    audio = store.answer_audio(answer, start, end)
    if is_silent(audio):
        store.save_answer_from_audio(answer, "silent")
        return False
    began = time.monotonic()
    transcript = Transcript(list(stt.transcribe(audio, full_window=True)))
    log.info(
        "answer %d of %s: %.1f s of audio transcribed in %.2f s",
        answer.index,
        answer.session_id,
        end - start,
        time.monotonic() - began,
    )
    if not transcript.text:
        store.save_answer_from_audio(answer, "silent")
        return False
    return store.save_answer_from_audio(answer, "transcribed", transcript.text, transcript.words, start)
