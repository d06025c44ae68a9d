"""Labels that say what happened: who was cut off, which answers ended unusually, an interview ended
early with the answers actually given, and an export written for people. Real buttons are pressed."""

from __future__ import annotations

import time
import zipfile

import numpy as np
from PySide6.QtCore import Qt

from interview_voice.engines.audio_file import BLOCK, FileAudioInput, FileAudioOutput
from interview_voice.records import EventRecorded, TurnFinished, TurnRecord, TurnStarted
from interview_voice.storage.export import transcript_markdown
from tests.fakes.engines import answer_tone
from tests.gui.windows import ANSWERS, listed, slow_models, window_for


class ThinkingOnTheThirdQuestion(FileAudioInput):
    """Answers the first two questions, then stays silent (thinking, in real time) on the third."""

    def read(self, timeout):
        if self._turn == 2:
            time.sleep(BLOCK / 16_000)
            return np.zeros(BLOCK, np.float32)
        return super().read(timeout)


def clips():
    return [
        np.concatenate([np.zeros(8000, np.float32), answer_tone(i, 1.5), np.zeros(24000, np.float32)]) for i in range(4)
    ]


def test_ending_early_after_two_answers_says_so_and_is_stored_as_ended_early(qtbot, paths):
    window = window_for(qtbot, paths)
    window.context.open_audio = lambda: (ThinkingOnTheThirdQuestion(clips()), FileAudioOutput(None, 16_000))
    window.start_interview()
    qtbot.waitUntil(lambda: sum(t.speaker == "candidate" for t in window.page.transcript.turns) == 3, timeout=15000)
    with qtbot.waitSignal(window.bridge.saved, timeout=15000):
        qtbot.mouseClick(window.page.stop_button, Qt.LeftButton)
    assert window.status.label.text() == "Interview ended early: 2 answers"
    listed(qtbot, window.history, 1)
    assert window.history.table.item(0, 3).text() == "ended early"
    [summary] = window.store.list()
    assert summary.status == "ended_early" and summary.answers == 2
    assert window.store.list(status="ended_early") == [summary]
    session = window.store.get(summary.id)
    assert session.notice == "You ended this interview early."
    assert "- Status: ended early" in transcript_markdown(session)


def test_answers_ended_normally_are_not_interrupted_and_get_no_event_mark(qtbot, paths, tmp_path):
    window = window_for(qtbot, paths)
    with qtbot.waitSignal(window.bridge.saved, timeout=30000):
        window.start_interview()
    [summary] = window.store.list()
    assert summary.status == "completed" and summary.answers == 4
    session = window.store.get(summary.id)
    answers = [t for t in session.turns if t.speaker == "candidate"]
    assert {t.end_reason for t in answers} <= {"silence", "user"} and not any(t.interrupted for t in answers)
    listed(qtbot, window.history, 1)
    with qtbot.waitSignal(window.history.opened, timeout=5000):
        window.history.table.selectRow(0)
    replay = window.history.replay
    assert "interrupted" not in replay.transcript.toPlainText()
    assert replay.timeline.events == []  # four answers ended after a pause: nothing to mark
    assert "interruptions and events" not in replay.legend.text()
    # the real Export button, with the folder dialog answered
    window.history.table.selectRow(0)
    dest = tmp_path / "exports"
    dest.mkdir()
    from interview_voice.ui import history as history_module

    original = history_module.QFileDialog.getExistingDirectory
    history_module.QFileDialog.getExistingDirectory = staticmethod(lambda *a, **k: str(dest))
    try:
        with qtbot.waitSignal(window.history.exported, timeout=10000) as done:
            qtbot.mouseClick(window.history.export_button, Qt.LeftButton)
    finally:
        history_module.QFileDialog.getExistingDirectory = original
    exported = done.args[0]
    with zipfile.ZipFile(exported) as archive:
        text = archive.read(next(n for n in archive.namelist() if n.endswith("transcript.md"))).decode()
    assert "interrupted" not in text and f"You:** {ANSWERS[0]}" in text
    events = text.split("## Events", 1)[1]
    assert "Answer 1 ended after a pause" in events and "s of speech)." in events
    assert "endpoint" not in events and "speech_s" not in events and "reason" not in events


def test_cut_offs_are_labelled_and_marked_and_an_answer_without_words_does_not_count(qtbot, paths):
    from interview_voice.app import load_kit, open_store
    from interview_voice.storage.recorder import SessionRecorder

    store, _ = open_store(paths)
    kit = load_kit(paths, "first-interview")
    session_id = store.start(
        plan=kit.plan.id, title=kit.plan.title, level="mid", personas=[], models={}, settings={}, questions=[]
    )
    recorder = SessionRecorder(store, session_id)

    def turn(index, speaker, text, start_s, end_s, reason=None, kind=None):
        return TurnRecord(
            index,
            speaker,
            kind or ("answer" if speaker == "candidate" else "question"),
            text,
            persona="Alex" if speaker == "interviewer" else None,
            role="Lead" if speaker == "interviewer" else None,
            started_ms=start_s * 1000,
            ended_ms=end_s * 1000,
            end_reason=reason,
        )

    turns = [
        turn(0, "interviewer", "Tell me about a model you shipped. What was the", 0, 2, "barge_in"),
        turn(1, "candidate", "The churn model, it went on and on", 2, 9, "cut_in"),
        turn(2, "interviewer", "How did you measure it?", 9, 10, kind="follow_up"),
        turn(3, "candidate", "", 10, 30, "no_speech"),
        turn(4, "interviewer", "What would you do differently?", 30, 31),
        turn(5, "candidate", "Fewer features, tested sooner.", 31, 35, "user"),
    ]
    for turn in turns:
        recorder.on_event(TurnStarted(turn))
    for turn in turns:
        recorder.on_event(TurnFinished(turn))
    for event in (
        {"type": "barge_in", "at_ms": 1900.0, "turn": 0, "stop_ms": 1.0, "heard": "Tell me about"},
        {"type": "cut_in", "at_ms": 8900.0, "turn": 1, "reason": "time_budget", "persona": "Alex"},
        {"type": "endpoint", "at_ms": 9000.0, "turn": 1, "reason": "cut_in", "speech_s": 6.5},
        {"type": "endpoint", "at_ms": 30000.0, "turn": 3, "reason": "no_speech", "speech_s": 0},
        {"type": "endpoint", "at_ms": 35000.0, "turn": 5, "reason": "user", "speech_s": 3.2},
    ):
        recorder.on_event(EventRecorded(event))
    recorder.close("completed", 36.0)
    # feedback stored by an older version counted the unanswered question as an answer
    store.save_feedback(session_id, {"feedback_version": 2, "headline": {"answers": 3}}, {})
    from interview_voice.storage.feedback_report import report_markdown

    assert "| Answers | 2 |" in report_markdown(store.get(session_id), {})
    store.close()
    [summary] = store.list()
    assert summary.answers == 2  # the unanswered question is not an answer
    session = store.get(summary.id)
    by_index = {t.index: t for t in session.turns}
    assert by_index[0].interrupted and by_index[1].interrupted
    assert not by_index[3].interrupted and not by_index[5].interrupted  # no words; ended with I'm done
    text = transcript_markdown(session)
    assert "Tell me about a model you shipped. What was the *(interrupted: you spoke over it)*" in text
    assert "it went on and on *(interrupted by the interviewer)*" in text
    assert "Fewer features, tested sooner.**" not in text and "Fewer features, tested sooner." in text
    assert "tested sooner. *(" not in text
    assert "- [0:08] Alex cut in on answer 1 because it ran well past its time." in text
    assert "- [0:30] Nothing was heard for answer 2, so the interview moved on." in text
    assert "- [0:35] Answer 3 ended when you pressed I'm done (3 s of speech)." in text
    window = window_for(qtbot, paths)
    listed(qtbot, window.history, 1)
    with qtbot.waitSignal(window.history.opened, timeout=5000):
        window.history.table.selectRow(0)
    replay = window.history.replay
    plain = replay.transcript.toPlainText()
    assert plain.count("(interrupted") == 2 and "tested sooner.  (" not in plain
    marks = [text for _, text in replay.timeline.events]
    assert len(marks) == 3  # barge-in, cut-in, the unanswered question; not the answer ended with I'm done
    assert not any("I'm done" in m for m in marks)
    assert "interruptions and events" in replay.legend.text()
    assert [b.start for b in replay.timeline.blocks if b.silent] == [10.0]  # the unanswered question: faint
    at, words = replay.timeline.events[0]
    assert replay.timeline.event_near(replay.timeline._x(at) + 3) == words


def test_the_replay_highlights_the_interviewers_words_acknowledgements_included(qtbot, paths):
    from interview_voice.storage.spoken import interviewer_words

    window = window_for(qtbot, paths, load_models=slow_models)  # still wording at the end: "Okay." first
    with qtbot.waitSignal(window.bridge.saved, timeout=30000):
        window.start_interview()
    listed(qtbot, window.history, 1)
    with qtbot.waitSignal(window.history.opened, timeout=5000):
        window.history.table.selectRow(0)
    replay = window.history.replay
    session = replay.session
    spoken = [t for t in session.turns if t.speaker == "interviewer"]
    assert spoken and all(t.timings.get("sentences") for t in spoken)
    acked = [t for t in spoken if t.follow_up.get("ack_text")]
    assert acked, "the follow-up starts with an acknowledgement"
    turn = acked[0]
    ack = turn.follow_up["ack_text"]
    assert turn.timings["sentences"][0][2] == ack
    words = interviewer_words(turn)
    assert " ".join(w.text for w in words).startswith(ack) and turn.text in " ".join(w.text for w in words)
    assert ack in replay.transcript.toPlainText()
    for word in (words[0], words[-1]):  # the acknowledgement's first word, the follow-up's last
        replay.seek(word.start + 0.001)
        assert replay.highlighted_word == word.text
    first, last = turn.timings["sentences"][0], turn.timings["sentences"][-1]
    end = last[1] / 1000 + turn.timings["audio_start_s"] - first[0] / 1000
    assert abs(words[-1].end - end) < 1e-6
