"""The live transcript rewrites only the turn that changed, and ends up as a full render would."""

from __future__ import annotations

from dataclasses import replace

from interview_voice.records import TurnRecord
from interview_voice.ui.widgets import LevelMeter, TranscriptView


def live_sequence(view: TranscriptView) -> None:
    """What a session sends: questions, an answer growing word by word, its final text, a silent answer."""
    question = TurnRecord(0, "interviewer", "question", "Tell me about a model you shipped.", persona="Alex")
    view.upsert(question)
    answer = TurnRecord(1, "candidate", "answer", started_ms=1000)
    view.upsert(answer)
    for n in range(1, 6):
        view.set_partial(answer, " ".join("we shipped a churn model".split()[:n]))
    view.upsert(replace(question, ended_ms=900))          # a newer copy of an earlier turn
    view.upsert(replace(answer, text="We shipped a churn model.\nIt cut losses.", ended_ms=5000))
    view.set_partial(answer, "too late")                  # a partial after the end is ignored
    follow = TurnRecord(2, "interviewer", "follow_up", "How did you pick the window?", persona="Sam")
    view.upsert(follow)
    silent = TurnRecord(3, "candidate", "answer", started_ms=7000)
    view.upsert(silent)
    view.set_partial(silent, "um")
    view.upsert(replace(silent, ended_ms=9000))
    view.upsert(TurnRecord(4, "candidate", "answer", started_ms=9500))


def test_incremental_updates_equal_a_full_render(qtbot):
    live = TranscriptView("Interviewer")
    qtbot.addWidget(live)
    live_sequence(live)
    incremental_text, incremental_html = live.toPlainText(), live.toHtml()
    live.render_all()
    assert incremental_text == live.toPlainText()
    assert incremental_html == live.toHtml()
    assert incremental_text == ("Alex: Tell me about a model you shipped.\n"
                                "You: We shipped a churn model.\nIt cut losses.\n"   # a line break, same paragraph
                                "Sam: How did you pick the window?\n"
                                "You: (no answer)\n"
                                "You: (listening…)")
    assert live.document().blockCount() == len(live.turns) == 5


def answering(qtbot) -> tuple[TranscriptView, TurnRecord]:
    """A transcript with a question asked and its answer begun."""
    view = TranscriptView()
    qtbot.addWidget(view)
    view.upsert(TurnRecord(0, "interviewer", "question", "Why thirty days?"))
    answer = TurnRecord(1, "candidate", "answer", started_ms=10)
    view.upsert(answer)
    return view, answer


def test_a_partial_shows_the_words_so_far_in_place(qtbot):
    view, answer = answering(qtbot)
    view.set_partial(answer, "because billing")
    view.set_partial(answer, "because billing is monthly")
    assert view.toPlainText() == "Interviewer: Why thirty days?\nYou: because billing is monthly…"
    view.clear_turns()
    assert view.toPlainText() == "" and view.turns == []


def test_while_the_candidate_types_the_answer_in_progress_says_so_not_listening(qtbot):
    view, answer = answering(qtbot)
    assert view.toPlainText().endswith("You: (listening…)")
    view.set_typing("typing")
    assert view.toPlainText().endswith("You: (typing…)")
    view.set_typing("")   # the box was cleared
    assert view.toPlainText().endswith("You: (listening…)")
    view.set_partial(answer, "because billing")   # words spoken before typing began stay, first
    view.set_typing("typing")
    assert view.toPlainText().endswith("You: because billing… (typing…)")
    view.set_typing("sent")
    assert view.toPlainText().endswith("You: because billing… (typed answer sent)")
    incremental = view.toHtml()
    view.render_all()
    assert view.toHtml() == incremental
    view.upsert(TurnRecord(1, "candidate", "answer", "because billing, and monthly plans", started_ms=10,
                           ended_ms=900, end_reason="typed"))
    assert view.toPlainText().endswith("You (typed): because billing, and monthly plans")
    view.upsert(TurnRecord(2, "candidate", "answer", started_ms=1000))   # still typing into the next answer
    assert view.toPlainText().endswith("You: (typed answer sent)")
    view.clear_turns()
    view.upsert(TurnRecord(0, "candidate", "answer", started_ms=10))
    assert view.toPlainText() == "You: (listening…)"


def test_the_level_meter_restyles_only_when_speech_starts_or_stops(qtbot):
    meter = LevelMeter()
    qtbot.addWidget(meter)
    sheets = []
    meter._restyle = lambda colour: sheets.append(colour)
    for n in range(30):
        meter.set_level(n / 30, speaking=n >= 10)
    assert len(sheets) == 1 and meter.value() == 96
