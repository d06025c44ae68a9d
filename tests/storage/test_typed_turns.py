"""Turn kinds, end reasons and event types are typed in memory and stored as the same strings as before:
sessions written by older versions (with values this version no longer writes) open, list and save unchanged."""

from __future__ import annotations

import json
import sqlite3

from interview_voice.records import EndReason, EventRecorded, EventType, StoredEvent, TurnKind, TurnRecord
from interview_voice.storage.recorder import SessionRecorder
from interview_voice.storage.repository import SessionStore

# turns.jsonl lines as an older version wrote them: plain strings, one end reason ("closed") no longer written
OLD_TURNS = [
    {
        "index": 0,
        "speaker": "interviewer",
        "kind": "question",
        "text": "Why this role?",
        "question_id": "q1",
        "started_ms": 0.0,
        "ended_ms": 2000.0,
        "audio_start_s": 0.0,
    },
    {
        "index": 1,
        "speaker": "candidate",
        "kind": "answer",
        "text": "It is the work I like.",
        "question_id": "q1",
        "started_ms": 2500.0,
        "ended_ms": 5500.0,
        "end_reason": "silence",
        "audio_start_s": 2.5,
        "words": [{"text": "It", "start": 0.1, "end": 0.2}],
    },
    {
        "index": 2,
        "speaker": "interviewer",
        "kind": "follow_up",
        "text": "Which part?",
        "question_id": "q1",
        "started_ms": 6000.0,
        "ended_ms": 6500.0,
        "end_reason": "closed",
        "audio_start_s": 6.0,
    },
]


def test_a_turn_record_reads_old_strings_as_its_types_and_writes_the_same_strings_back():
    for old in OLD_TURNS:
        data = {k: v for k, v in old.items() if k != "audio_start_s"}
        turn = TurnRecord(**{**data, "words": []})
        assert isinstance(turn.kind, TurnKind) and turn.kind == old["kind"]
        assert turn.end_reason is None if "end_reason" not in old else isinstance(turn.end_reason, EndReason)
        written = turn.to_dict()
        assert written["kind"] == old["kind"] and written.get("end_reason") == old.get("end_reason")
        assert json.loads(json.dumps(written))["kind"] == old["kind"]  # plain strings, as before
    assert TurnRecord(0, "interviewer", "question").kind is TurnKind.QUESTION
    closed = TurnRecord(0, "interviewer", "follow_up", end_reason="closed").end_reason
    assert closed == "closed" and str(closed) == "closed" and f"{closed}" == "closed"


def test_an_old_session_folder_is_listed_again_with_its_values_unchanged(tmp_path):
    folder = tmp_path / "sessions" / "0ld5e551-0000-4000-8000-000000000000"
    folder.mkdir(parents=True)
    (folder / "session.json").write_text(
        json.dumps(
            {
                "plan": "behavioural",
                "title": "Old one",
                "level": "mid",
                "started_at": "2025-03-01T10:00:00+00:00",
                "status": "completed",
            }
        )
    )
    (folder / "turns.jsonl").write_text("".join(json.dumps(t) + "\n" for t in OLD_TURNS))
    store = SessionStore(tmp_path)  # no database beside the folder: listed again from it
    session = store.get(folder.name)
    assert [(t.kind, t.end_reason) for t in session.turns] == [
        ("question", None),
        ("answer", "silence"),
        ("follow_up", "closed"),
    ]
    assert store.list()[0].answers == 1
    store.close()
    rows = (
        sqlite3.connect(tmp_path / "sessions.db")
        .execute("SELECT kind, end_reason, typeof(kind) FROM turns ORDER BY [index]")
        .fetchall()
    )
    assert rows == [("question", None, "text"), ("answer", "silence", "text"), ("follow_up", "closed", "text")]


def test_events_are_stored_by_type_as_the_runner_recorded_them(tmp_path):
    store = SessionStore(tmp_path)
    session_id = store.start(
        plan="behavioural", title="t", level="mid", personas=[], models={}, settings={}, questions=["q1"]
    )
    recorder = SessionRecorder(store, session_id)
    recorder.on_event(EventRecorded({"type": "cut_in", "at_ms": 1234.5, "turn": 1, "persona": "Priya"}))
    recorder.on_event(EventRecorded({"type": "a_newer_kind", "at_ms": 2000.0, "turn": 2}))
    recorder.close("completed", 3.0)
    events = store.get(session_id).events
    assert [(e.type, e.at_ms, e.data) for e in events] == [
        ("cut_in", 1234.5, {"turn": 1, "persona": "Priya"}),
        ("a_newer_kind", 2000.0, {"turn": 2}),
    ]
    event = StoredEvent.from_dict({"type": "cut_in", "at_ms": 5.0, "turn": 3})
    assert event.type is EventType.CUT_IN and event.to_dict() == {"type": "cut_in", "at_ms": 5.0, "turn": 3}
