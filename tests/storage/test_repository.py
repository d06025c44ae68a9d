import numpy as np
import pytest

from interview_voice.core.types import AudioChunk
from interview_voice.records import TurnFinished, TurnRecord, TurnStarted, Word
from interview_voice.storage.errors import StorageError
from interview_voice.storage.recorder import SessionRecorder
from interview_voice.storage.repository import SessionStore


def start(store):
    return store.start(
        plan="technical-screen",
        title="Technical screen",
        level="mid",
        personas=[],
        models={},
        settings={},
        questions=["q1"],
    )


def test_a_recorded_session_is_listed_searched_shown_and_deleted(tmp_path):
    store = SessionStore(tmp_path)
    session_id = start(store)
    recorder = SessionRecorder(store, session_id)
    question = TurnRecord(
        0, "interviewer", "question", "How would you detect drift?", "q1", persona="Priya", started_ms=0, ended_ms=2000
    )
    recorder.on_event(TurnStarted(question))
    recorder.interviewer_audio(0, AudioChunk(np.full(22_050 * 2, 0.1, np.float32), 22_050), question)
    recorder.on_event(TurnFinished(question))
    answer = TurnRecord(1, "candidate", "answer", "", "q1", started_ms=2500)
    recorder.on_event(TurnStarted(answer))
    recorder.candidate_audio(2500, np.full(16_000 * 3, 0.2, np.float32), answer)
    answer.text, answer.ended_ms, answer.end_reason = "I would monitor the input distributions.", 5500, "silence"
    answer.words = [Word("I", 0.1, 0.2), Word("would", 0.2, 0.4)]
    recorder.on_event(TurnFinished(answer))
    recorder.close("completed", 5.5)

    [summary] = store.list()
    assert (summary.status, summary.answers, summary.duration_s) == ("completed", 1, 5.5)
    assert store.list(search="input distributions")[0].id == session_id
    assert store.list(search="nothing like this") == []
    session = store.get(session_id[:8])
    assert [t.text for t in session.turns] == [
        "How would you detect drift?",
        "I would monitor the input distributions.",
    ]
    assert [(w.text, w.start) for w in session.turns[1].words] == [("I", 2.6), ("would", 2.7)]  # session timeline
    assert {t.kind: round(t.seconds, 2) for t in session.tracks} == {"candidate": 5.5, "interviewer": 2.0}

    store.delete(session_id)
    assert store.list() == [] and not (tmp_path / "sessions" / session_id).exists()


def test_a_session_cut_off_mid_answer_is_recovered_up_to_the_crash(tmp_path):
    store = SessionStore(tmp_path)
    session_id = start(store)
    recorder = SessionRecorder(store, session_id)
    answer = TurnRecord(0, "candidate", "answer", "", "q1", started_ms=0)
    recorder.on_event(TurnStarted(answer))
    recorder.candidate_audio(0, np.full(16_000 * 4, 0.2, np.float32), answer)
    recorder.tracks["candidate"]._file.flush()  # the process dies here: no close, no finish
    store.close()  # ... and its recording lock goes with it

    [recovered] = SessionStore(tmp_path).recover_interrupted()
    assert recovered.status == "interrupted" and "was recovered" in recovered.notice
    session = store.get(session_id)
    assert session.turns[0].interrupted and session.turns[0].end_reason == "crash"
    assert abs(session.duration_s - 4.0) < 0.01
    assert session.events[0].type == "recovered"


def test_a_data_dir_that_cannot_be_created_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StorageError, match="cannot be opened"):
        SessionStore(blocker / "data")


def _finished_session(store, answer_text="I would compare against a baseline.", **start_args):
    session_id = store.start(
        plan="technical-screen",
        title="Technical screen",
        level="mid",
        personas=[],
        models={},
        settings={},
        questions=["q1"],
        **start_args,
    )
    store.save_turn(session_id, TurnRecord(0, "interviewer", "question", "Why a baseline?", "q1", ended_ms=1000))
    store.save_turn(
        session_id,
        TurnRecord(
            1, "candidate", "answer", answer_text, "q1", started_ms=1500, ended_ms=4000, words=[Word("I", 0.1, 0.2)]
        ),
    )
    store.finish(session_id, "completed", 4.0, {})
    return session_id


def test_feedback_is_stored_with_its_turn_and_recomputed_when_older_than_the_method(tmp_path):
    store = SessionStore(tmp_path)
    first, second = _finished_session(store), _finished_session(store)
    assert store.feedback_due(1) == [first, second]
    store.save_feedback(first, {"feedback_version": 1, "headline": {"answers": 1}}, {1: {"coverage": 0.5}})
    assert store.feedback_due(1) == [second]
    assert store.feedback_due(2) == [first, second]  # a newer method: computed again
    session = store.get(first)
    assert session.feedback["headline"] == {"answers": 1}
    assert [t.feedback for t in session.turns] == [{}, {"coverage": 0.5}]
    store.save_answer_feedback(first, 1, {"coverage": 0.5, "went_well": {"source": "model"}})
    assert store.get(first).turns[1].feedback["went_well"] == {"source": "model"}
    assert [r.id for r in store.feedback_history()] == [first]


def test_a_redo_is_a_session_linked_to_the_first_attempt_and_left_out_of_progress(tmp_path):
    store = SessionStore(tmp_path)
    original = _finished_session(store)
    redo = _finished_session(store, "First I would fit a logistic regression baseline.", redo_of=(original, 1))
    other = _finished_session(store, redo_of=(original, 3))
    assert [s.id for s in store.redo_attempts(original, 1)] == [redo]
    attempt = store.redo_attempts(original, 1)[0]
    assert attempt.turns[1].text.startswith("First I would fit") and attempt.turns[1].words[0].text == "I"
    for sid in (original, redo, other):
        store.save_feedback(sid, {"feedback_version": 1}, {})
    assert [r.id for r in store.feedback_history()] == [original]
    assert store.get(redo).redo_of_session == original and store.get(redo).redo_of_turn == 1


def test_words_said_over_the_interviewer_and_a_resumed_answer_are_stored_with_the_turn(tmp_path):
    store = SessionStore(tmp_path)
    session_id = start(store)
    recorder = SessionRecorder(store, session_id)
    answer = TurnRecord(0, "candidate", "answer", "", "q1", started_ms=1000)
    recorder.on_event(TurnStarted(answer))
    answer.text, answer.ended_ms, answer.end_reason = "and the cache. Then I would retrain.", 6000, "silence"
    answer.overlap_text, answer.resumed = "and the cache.", 1
    answer.words = [Word("and", -1.0, -0.8), Word("Then", 0.2, 0.4)]
    recorder.on_event(TurnFinished(answer))
    recorder.close("completed", 6.0)
    [turn] = store.get(session_id).turns
    assert turn.signals["overlap_text"] == "and the cache." and turn.signals["resumed"] == 1
    assert [(w.text, w.start) for w in turn.words] == [("and", 0.0), ("Then", 1.2)]  # before the turn began


def test_a_session_counts_its_answers_not_its_requests_to_repeat_or_silences(tmp_path):
    from interview_voice.records import TurnRecord
    from interview_voice.storage.repository import SessionStore

    store = SessionStore(tmp_path)
    sid = store.start(
        plan="first-interview", title="First", level="mid", personas=[], models={}, settings={}, questions=["q1"]
    )
    turns = [
        TurnRecord(0, "interviewer", "question", "Why?", "q1"),
        TurnRecord(1, "candidate", "answer", "", "q1", end_reason="nudged"),
        TurnRecord(2, "interviewer", "nudge", "Take your time.", "q1"),
        TurnRecord(3, "candidate", "answer", "Could you repeat that?", "q1", end_reason="repeat"),
        TurnRecord(4, "interviewer", "repeat", "Of course. Why?", "q1"),
        TurnRecord(5, "candidate", "answer", "Because billing is monthly.", "q1", end_reason="typed"),
        TurnRecord(6, "candidate", "answer", "", "q1", end_reason="no_speech"),
    ]
    for turn in turns:
        turn.ended_ms = 1.0
        store.save_turn(sid, turn, finished=True)
    store.finish(sid, "completed", 5.0, {})
    assert store.list()[0].answers == 1
    stored = store.get(sid)
    assert [t.end_reason for t in stored.turns if t.speaker == "candidate"] == [
        "nudged",
        "repeat",
        "typed",
        "no_speech",
    ]
    from interview_voice.storage.export import transcript_markdown

    shown = transcript_markdown(stored)
    assert "**[0:00] You:** *(silence: the interviewer checked in)*" in shown
    assert "You:** Could you repeat that?" in shown and "Of course. Why?" in shown
    assert "You:** Because billing is monthly. *(typed)*" in shown
    assert "*(no answer: the question was skipped after a long silence)*" in shown
    store.close()


def test_a_session_s_start_comes_back_as_the_same_moment_in_utc(tmp_path):
    from datetime import datetime, timedelta, timezone

    store = SessionStore(tmp_path)
    before = datetime.now(timezone.utc)
    session_id = start(store)
    [summary] = store.list()
    # SQLite keeps no time zone: read back naive, a UTC time was shown as if it were local time
    assert summary.started_at.tzinfo is not None
    assert before - timedelta(seconds=5) <= summary.started_at <= datetime.now(timezone.utc)
    assert store.get(session_id).started_at == summary.started_at
    berlin = timezone(timedelta(hours=1))
    assert summary.started_at.astimezone(berlin).hour == (summary.started_at.hour + 1) % 24
