"""One session, every view: the Report tab, the replay's notes, History (its list and the replay it
opens), Progress, the Markdown and the PDF show the same figures, rounded the same way, from the one
stored feedback record."""

from __future__ import annotations

import re
from datetime import date

import pytest

from interview_voice.core.bank import load_bank
from interview_voice.core.progress import SessionPoint, progress
from interview_voice.paths import resource_dir
from interview_voice.records import TurnRecord, Word
from interview_voice.runtime.feedback_service import FeedbackService
from interview_voice.storage.feedback_report import answer_turns, headline_items, num, pct, report_markdown
from interview_voice.storage.repository import SessionStore
from interview_voice.ui.history import HistoryView
from interview_voice.ui.replay_feedback import feedback_html
from interview_voice.ui.report_pdf import report_html
from interview_voice.ui.report_view import ReportView

QUESTION = "beh-failed-project"
# fillers said often enough for Practise next to name them, at a rate that is not a whole number
ANSWERS = [
    (
        "answer",
        "So um the goal was to uh predict churn for a client and um I was responsible for the model. "
        "It um failed because uh the labels were wrong and the lesson um I learned is uh to check labels "
        "first and um measure agreement before uh training anything at all on them.",
    ),
    ("answer", "I would check how the labels were defined and who wrote them, then compare a sample by hand."),
    ("typed", "We ran a labelling guide with five agents and agreement rose from sixty to eighty five percent."),
]


@pytest.fixture(scope="module")
def questions():
    return load_bank([resource_dir("assets") / "questions"]).questions


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&nbsp;", " ").replace("\u2060", "").split())


def _session(tmp_path, questions):
    return _stored(tmp_path, questions)[1]


def _stored(tmp_path, questions):
    store = SessionStore(tmp_path)
    sid = store.start(
        plan="behavioural", title="Behavioural", level="mid", personas=[], models={}, settings={}, questions=[QUESTION]
    )
    clock, index = 0.0, 0
    for kind, text in ANSWERS:
        asked = ("question", "Describe a project that failed.") if index == 0 else ("follow_up", "Tell me more.")
        store.save_turn(
            sid,
            TurnRecord(
                index,
                "interviewer",
                asked[0],
                asked[1],
                QUESTION,
                started_ms=clock * 1000,
                ended_ms=clock * 1000 + 2000,
            ),
            audio_start_s=clock,
        )
        clock += 2.5
        index += 1
        typed = kind == "typed"
        words = [] if typed else [Word(w, clock + 0.37 * i, clock + 0.37 * i + 0.3) for i, w in enumerate(text.split())]
        store.save_turn(
            sid,
            TurnRecord(
                index,
                "candidate",
                "answer",
                text,
                QUESTION,
                started_ms=clock * 1000,
                ended_ms=clock * 1000 + 370 * len(text.split()),
                end_reason="typed" if typed else "silence",
                words=words,
            ),
            audio_start_s=clock,
        )
        clock += 0.37 * len(text.split()) + 1
        index += 1
    store.finish(sid, "completed", clock, {})
    FeedbackService(store, questions).metrics(sid, audio=False)
    return store, store.get(sid)


def _no_audio(paths):
    raise OSError("no audio in this test")


def test_every_view_shows_the_same_figures_for_one_session(qtbot, tmp_path, questions):
    store, session = _stored(tmp_path, questions)
    fb = session.feedback
    head = fb["headline"]
    turns = answer_turns(session)
    assert len(turns) == 3 and head["fillers_per_min"] != round(head["fillers_per_min"])

    view = ReportView()
    qtbot.addWidget(view)
    view.wanted_id = session.id
    view.show_session(session, questions)
    report_tab = " ".join(_text(view.figures.itemAt(i).widget().text()) for i in range(view.figures.count()))
    table = [
        [view.table.item(r, c).text() for c in range(view.table.columnCount())] for r in range(view.table.rowCount())
    ]
    markdown = report_markdown(session, questions)
    pdf = _text(report_html(session, questions, []))
    replay = [_text(feedback_html(t)) for t in turns]
    # History: the session's row, and the replay it opens (read from the store as History reads it)
    history = HistoryView(player_factory=_no_audio)
    qtbot.addWidget(history)
    history.set_store(store)
    qtbot.waitUntil(lambda: history.table.rowCount() == 1, timeout=5000)
    with qtbot.waitSignal(history.opened, timeout=5000):
        history.table.selectRow(0)
    history_replay = _text(history.replay.transcript.toHtml())

    # the headline: every figure as the Report tab shows it is in the Markdown and the PDF, word for word
    for name, value in headline_items(head, session):
        assert value in report_tab, name
        assert f"| {name} | {value} |" in markdown, name
        assert value in pdf, name
    # Practise next names the filler rate the headline shows, in all three
    rate = num(head["fillers_per_min"], 1)
    [why] = [p["why"] for p in fb["practise_next"] if p.get("habit") == "fillers"]
    assert f"{rate} filler words a minute" in why
    for shown in (_text(view.practise.text()), markdown, pdf):
        assert why in shown
    # each answer: key points, pace and fillers the same in the table, the Markdown, the PDF and the replay
    rows = [line.split(" | ") for line in markdown.splitlines() if re.match(r"\| \d+ \|", line)]
    for n, (turn, row, md) in enumerate(zip(turns, table, rows)):
        a = turn.feedback
        cover, pace, fillers = pct(a.get("coverage")), num(a.get("wpm")), str(len(a.get("fillers", [])))
        if a.get("typed"):
            assert row[2] == row[3] == md[3] == md[4] == "typed answer"
            assert "typed answer" in replay[n]
        else:
            assert (row[1], row[2], row[3]) == (cover, f"{pace} wpm", fillers)
            assert (md[2], md[3], md[4]) == (cover, pace, fillers)
            assert f"{pace} words/min" in replay[n] and f"{fillers} fillers" in replay[n]
            assert f"Pace {pace} words/min" in pdf and f"{fillers} fillers" in pdf
        assert f"({cover} of it here)" in replay[n]
        assert replay[n] in history_replay  # History opens the same notes, figure for figure
    # Progress charts this session with the headline's own figures
    p = progress([SessionPoint(date(2026, 12, 1), "12-01", fb)])
    assert (p.pace, p.fillers_per_min, p.coverage) == ([head["wpm"]], [head["fillers_per_min"]], [head["coverage"]])
    # no figure is broken by a space ("0 .92") or a line break inside a unit ("words/ min")
    assert [history.table.item(0, c).text() for c in range(history.table.columnCount())][1] == session.title
    for shown in (report_tab, markdown, pdf, history_replay, *replay):
        assert not re.search(r"\d \.\d", shown)
