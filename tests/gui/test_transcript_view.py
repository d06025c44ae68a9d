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
    view.upsert(replace(question, ended_ms=900))  # a newer copy of an earlier turn
    view.upsert(replace(answer, text="We shipped a churn model.\nIt cut losses.", ended_ms=5000))
    view.set_partial(answer, "too late")  # a partial after the end is ignored
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
    assert incremental_text == (
        "Alex: Tell me about a model you shipped.\n"
        "You: We shipped a churn model.\nIt cut losses.\n"  # a line break, same paragraph
        "Sam: How did you pick the window?\n"
        "You: (no answer)\n"
        "You: (listening…)"
    )
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
    view.set_typing("")  # the box was cleared
    assert view.toPlainText().endswith("You: (listening…)")
    view.set_partial(answer, "because billing")  # words spoken before typing began stay, first
    view.set_typing("typing")
    assert view.toPlainText().endswith("You: because billing… (typing…)")
    view.set_typing("sent")
    assert view.toPlainText().endswith("You: because billing… (typed answer sent)")
    incremental = view.toHtml()
    view.render_all()
    assert view.toHtml() == incremental
    view.upsert(
        TurnRecord(
            1,
            "candidate",
            "answer",
            "because billing, and monthly plans",
            started_ms=10,
            ended_ms=900,
            end_reason="typed",
        )
    )
    assert view.toPlainText().endswith("You (typed): because billing, and monthly plans")
    view.upsert(TurnRecord(2, "candidate", "answer", started_ms=1000))  # still typing into the next answer
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


def _at_bottom(view: TranscriptView) -> bool:
    bar = view.verticalScrollBar()
    return bar.value() == bar.maximum()


def test_the_transcript_follows_the_newest_line_through_a_whole_session(qtbot):
    """The check-in, the answer in progress and the closing were once left below the visible area: the
    window's layout changes the transcript's height during a session (the question grows, the answer
    controls show and hide), and a taller scroll range made the view think the reader had scrolled up."""
    view = TranscriptView("Interviewer")
    qtbot.addWidget(view)
    view.resize(420, 160)
    view.show()
    qtbot.waitExposed(view)
    long_question = "Tell me about a time a model you trained behaved differently in production than offline. " * 2
    index = 0
    for round_ in range(6):
        view.resize(420, 120 if round_ % 2 else 160)  # the question above takes more room, or less
        view.upsert(TurnRecord(index, "interviewer", "question", long_question, persona="Alex"))
        answer = TurnRecord(index + 1, "candidate", "answer", started_ms=1000 * index)
        view.upsert(answer)
        words = []
        for word in ("we compared the logged serving features with the training features " * 3).split():
            words.append(word)
            view.set_partial(answer, " ".join(words))
            qtbot.wait(1)  # the window repaints between partials, as it does live
        view.upsert(replace(answer, text=" ".join(words) + ".", ended_ms=1000 * index + 900))
        qtbot.waitUntil(lambda: _at_bottom(view), timeout=1000)
        index += 2
    view.resize(420, 100)  # the end of the session: the window shows what comes next
    view.upsert(TurnRecord(index, "interviewer", "closing", "Thanks, that is all from me. " * 3, persona="Alex"))
    qtbot.waitUntil(lambda: _at_bottom(view), timeout=1000)
    assert view.verticalScrollBar().maximum() > 2 * view.height()  # it did scroll, a long way


def test_a_reader_who_scrolled_up_is_left_where_they_are(qtbot):
    view = TranscriptView("Interviewer")
    qtbot.addWidget(view)
    view.resize(420, 160)
    view.show()
    qtbot.waitExposed(view)
    for index in range(12):
        view.upsert(TurnRecord(index, "interviewer", "question", "A question that takes a line or two. " * 3))
    qtbot.waitUntil(lambda: _at_bottom(view), timeout=1000)
    view.verticalScrollBar().setValue(0)  # the candidate scrolls up to re-read the first question
    assert not view.following
    view.upsert(TurnRecord(12, "candidate", "answer", "An answer that arrives while they read. " * 3))
    qtbot.wait(50)
    assert view.verticalScrollBar().value() == 0
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum())  # back to the end: following again
    view.upsert(TurnRecord(13, "interviewer", "closing", "Thanks, that is all. " * 4))
    qtbot.waitUntil(lambda: _at_bottom(view), timeout=1000)


def test_a_note_of_the_window_stays_under_its_turn_as_the_turn_changes(qtbot):
    view = TranscriptView("Interviewer")
    qtbot.addWidget(view)
    answer = TurnRecord(1, "candidate", "answer", started_ms=1000)
    view.set_note(1, "No follow-up on this answer.")  # before the turn is shown: kept for it
    view.upsert(TurnRecord(0, "interviewer", "question", "Tell me about a model you shipped.", persona="Alex"))
    view.upsert(answer)
    view.upsert(replace(answer, text="We shipped a churn model.", ended_ms=5000))
    view.upsert(TurnRecord(2, "interviewer", "question", "How do you evaluate it?", persona="Alex"))
    assert view.toPlainText().splitlines() == [
        "Alex: Tell me about a model you shipped.",
        "You: We shipped a churn model.",
        "(No follow-up on this answer.)",
        "Alex: How do you evaluate it?",
    ]
    text = view.toPlainText()
    view.render_all()
    assert view.toPlainText() == text
