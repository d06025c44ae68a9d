"""An answer a crash cut off before its transcript was saved: its words are found again in its recording."""

from __future__ import annotations

import numpy as np
import pytest

from interview_voice.app import load_stt
from interview_voice.records import TurnFinished, TurnRecord, TurnStarted
from interview_voice.runtime.cut_off_answers import transcribe_cut_off_answers
from interview_voice.storage.export import transcript_markdown
from interview_voice.storage.recorder import SessionRecorder
from interview_voice.storage.repository import SessionStore
from tests.conftest import TEST_MODELS

ANSWER_AT_MS = 2500.0


@pytest.fixture(scope="module")
def stt(installed_models_dir):
    from interview_voice.paths import default_paths

    return load_stt(default_paths(), TEST_MODELS["stt"])


class RefusingSpeechToText:
    """Stands in for the speech model where it must not be asked at all, or fails."""

    name = "refusing"

    def __init__(self, error: Exception | None = None) -> None:
        self.calls, self.error = 0, error

    def transcribe(self, pcm16k, prompt="", quick=False, full_window=False):
        self.calls += 1
        raise self.error or AssertionError("the speech model was asked about silence")


def _killed_mid_answer(data_dir, candidate_audio: np.ndarray | None) -> str:
    """A session whose process died while the candidate spoke: audio on disk, the answer only started."""
    store = SessionStore(data_dir)
    session_id = store.start(
        plan="technical-screen",
        title="Technical screen",
        level="mid",
        personas=[],
        models={},
        settings={},
        questions=["q1"],
    )
    recorder = SessionRecorder(store, session_id)
    question = TurnRecord(
        0, "interviewer", "question", "How would you predict churn?", "q1", started_ms=0, ended_ms=2000
    )
    recorder.on_event(TurnStarted(question))
    recorder.on_event(TurnFinished(question))
    answer = TurnRecord(1, "candidate", "answer", "", "q1", started_ms=ANSWER_AT_MS)
    recorder.on_event(TurnStarted(answer))
    if candidate_audio is not None:
        recorder.candidate_audio(ANSWER_AT_MS, candidate_audio, answer)
    recorder.tracks["candidate"]._file.flush()  # the process dies here: no close, no finish
    store.close()
    return session_id


def _recovered(data_dir) -> SessionStore:
    store = SessionStore(data_dir)
    store.recover_interrupted()
    return store


def test_the_words_of_the_answer_are_transcribed_from_its_recording(tmp_path, speech_16k, stt):
    session_id = _killed_mid_answer(tmp_path, speech_16k[: 16_000 * 7])  # killed 7 s into the answer
    store = _recovered(tmp_path)
    assert store.get(session_id).turns[1].text == ""  # recovery alone has no model to hear it with
    [answer] = store.answers_to_transcribe()
    assert (answer.index, answer.started_s, answer.next_started_s, answer.question_ended_s) == (1, 2.5, None, 2.0)

    assert transcribe_cut_off_answers(store, stt) == [session_id]

    turn = store.get(session_id).turns[1]
    assert "business" in turn.text.lower() and "prediction" in turn.text.lower(), turn.text
    assert turn.end_reason == "crash" and turn.interrupted and turn.signals["from_audio"] == "transcribed"
    assert turn.words and all(2.0 <= w.start < 9.5 for w in turn.words)  # on the session timeline
    assert turn.timings["audio_start_s"] == 2.0
    assert store.list()[0].answers == 1
    assert "(cut off: the app stopped; its words were transcribed from the recording)" in transcript_markdown(
        store.get(session_id)
    )
    assert store.answers_to_transcribe() == []


def test_a_silent_answer_keeps_no_answer_and_is_not_looked_at_again(tmp_path):
    session_id = _killed_mid_answer(tmp_path, np.zeros(16_000 * 4, np.float32))
    store = _recovered(tmp_path)
    model = RefusingSpeechToText()
    assert transcribe_cut_off_answers(store, model) == []
    turn = store.get(session_id).turns[1]
    assert turn.text == "" and turn.signals["from_audio"] == "silent" and model.calls == 0
    assert "*(no answer)*" in transcript_markdown(store.get(session_id))
    assert store.answers_to_transcribe() == []


def test_an_answer_cut_off_before_any_audio_was_written_keeps_no_answer(tmp_path):
    session_id = _killed_mid_answer(tmp_path, None)
    store = _recovered(tmp_path)
    assert transcribe_cut_off_answers(store, RefusingSpeechToText()) == []
    turn = store.get(session_id).turns[1]
    assert turn.text == "" and turn.signals["from_audio"] == "no_audio"


def test_an_answer_whose_transcription_failed_is_tried_again_next_time(tmp_path, speech_16k):
    session_id = _killed_mid_answer(tmp_path, speech_16k[: 16_000 * 3])
    store = _recovered(tmp_path)
    model = RefusingSpeechToText(RuntimeError("out of memory"))
    assert transcribe_cut_off_answers(store, model) == [] and model.calls == 1
    assert [a.session_id for a in store.answers_to_transcribe()] == [session_id]
    assert "from_audio" not in store.get(session_id).turns[1].signals


def test_a_transcript_already_there_is_never_replaced(tmp_path, speech_16k):
    session_id = _killed_mid_answer(tmp_path, speech_16k[: 16_000 * 3])
    store = _recovered(tmp_path)
    [answer] = store.answers_to_transcribe()
    typed = TurnRecord(
        1,
        "candidate",
        "answer",
        "What I said myself.",
        "q1",
        started_ms=ANSWER_AT_MS,
        ended_ms=5500,
        end_reason="crash",
    )
    store.save_turn(session_id, typed)  # written by something else meanwhile
    assert store.save_answer_from_audio(answer, "transcribed", "Words from the recording.", [], 2.5) is False
    assert store.get(session_id).turns[1].text == "What I said myself."


def test_only_spoken_answers_a_crash_left_without_text_are_picked(tmp_path, speech_16k):
    store = SessionStore(tmp_path)
    finished = store.start(plan="p", title="t", level="", personas=[], models={}, settings={}, questions=[])
    store.save_turn(finished, TurnRecord(0, "candidate", "answer", "", "q1", ended_ms=900, end_reason="no_speech"))
    store.finish(finished, "completed", 1.0, {})
    store.close()
    session_id = _killed_mid_answer(tmp_path, speech_16k[: 16_000 * 3])
    store = _recovered(tmp_path)
    # The interviewer's turn is closed at the crash too when it was the one cut off; only answers are picked.
    assert [(a.session_id, a.index) for a in store.answers_to_transcribe()] == [(session_id, 1)]


def test_the_feedback_computed_without_the_answer_is_computed_again(tmp_path, speech_16k, stt):
    session_id = _killed_mid_answer(tmp_path, speech_16k[: 16_000 * 5])
    store = _recovered(tmp_path)
    store.save_feedback(session_id, {"feedback_version": 99}, {1: {"verdict": "no answer"}})
    transcribe_cut_off_answers(store, stt)
    assert session_id in store.feedback_due(99)
    assert store.get(session_id).turns[1].feedback == {}


def test_the_recovered_words_survive_a_damaged_database(tmp_path, speech_16k, stt):
    session_id = _killed_mid_answer(tmp_path, speech_16k[: 16_000 * 5])
    store = _recovered(tmp_path)
    transcribe_cut_off_answers(store, stt)
    before = store.get(session_id).turns[1]
    store.close()
    (tmp_path / "sessions.db").write_bytes(b"not a database")
    rebuilt = SessionStore(tmp_path)
    turn = rebuilt.get(session_id).turns[1]
    assert turn.text == before.text and turn.signals["from_audio"] == "transcribed"
    assert [round(w.start, 2) for w in turn.words] == [round(w.start, 2) for w in before.words]
