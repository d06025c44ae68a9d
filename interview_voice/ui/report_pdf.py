"""The feedback report as a PDF (QTextDocument + QPdfWriter, both in PySide6) and its charts as images."""

from __future__ import annotations

import html
from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import QMarginsF, QSizeF, QUrl
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

from interview_voice.core.feedback.delivery import PACE_BAND
from interview_voice.core.progress import Progress
from interview_voice.records import empty_answer_text
from interview_voice.storage.export import clock
from interview_voice.storage.feedback_report import (
    PACE_NAMES,
    STATUS_MARK,
    TYPED,
    answer_marks,
    answer_turns,
    headline_items,
    num,
    pct,
    row_question,
    spoken,
    unjudged,
)
from interview_voice.storage.views import SessionView, status_label
from interview_voice.ui.charts import ChartSpec, chart_image


def session_charts(session: SessionView) -> list[ChartSpec]:
    turns = answer_turns(session)
    labels = [f"#{n}" for n in range(1, len(turns) + 1)]
    return [
        ChartSpec(
            "Key points covered per answer",
            labels,
            [t.feedback.get("coverage") for t in turns],
            kind="bars",
            percent=True,
            top=1.0,
        ),
        ChartSpec("Pace per answer", labels, [t.feedback.get("wpm") for t in turns], "words/min", band=PACE_BAND),
    ]


def progress_charts(p: Progress) -> list[ChartSpec]:
    return [
        ChartSpec("Pace", p.labels, p.pace, "words/min", band=PACE_BAND),
        ChartSpec("Fillers", p.labels, p.fillers_per_min, "per minute"),
        ChartSpec("Key points covered", p.labels, p.coverage, percent=True, top=1.0),
        ChartSpec("Long pauses", p.labels, p.long_pauses_per_answer, "per answer"),
    ]


def save_chart_images(specs: list[ChartSpec], folder: Path, stem: str) -> dict[str, str]:
    """PNG files beside a Markdown report; returns {caption: file name}."""
    out = {}
    for n, spec in enumerate(specs, 1):
        name = f"{stem}-chart{n}.png"
        chart_image(spec).save(str(folder / name))
        out[spec.title] = name
    return out


def _e(text: object) -> str:
    """Escaped, and a figure with its unit kept on one line: Qt breaks a line after "/" ("156 words/" then
    "min" in a narrow headline cell) and at the space before the unit."""
    return html.escape(str(text or "")).replace(" words/min", "\u00a0words/\u2060min").replace("/min", "/\u2060min")


def report_html(session: SessionView, questions: Mapping, chart_names: list[str]) -> str:
    fb = session.feedback or {}
    parts = [
        f"<h1>Feedback: {_e(session.title)}</h1><p style='color:#5b6472'>{session.started_at:%Y-%m-%d %H:%M} UTC"
        f" · {clock(session.duration_s)} · {_e(status_label(session.status))}</p>"
    ]
    if fb:
        cells = [
            f"<td style='padding:4px 10px'><b>{_e(v)}</b><br><span style='color:#5b6472'>{_e(k)}</span></td>"
            for k, v in headline_items(fb.get("headline", {}), session)
        ]
        rows = "".join("<tr>" + "".join(cells[i : i + 4]) + "</tr>" for i in range(0, len(cells), 4))  # as the tab
        parts.append(f"<table cellspacing=0 style='background:#f7f8fa'>{rows}</table>")
        parts.append("<p>" + " ".join(f"<img src='{n}' width=330 height=170>" for n in chart_names) + "</p>")
        parts.append(
            "<h2>Practise next</h2><ol>"
            + "".join(f"<li><b>{_e(p['title'])}</b>: {_e(p['why'])}</li>" for p in fb.get("practise_next", []))
            + "</ol>"
        )
        rows = "".join(
            f"<tr><td>{n}</td><td>{_e(row_question(session, questions, t))}</td>"
            f"<td>{pct(t.feedback.get('coverage'))}</td>"
            f"<td>{spoken(t.feedback, num(t.feedback.get('wpm')))}</td>"
            f"<td>{spoken(t.feedback, str(len(t.feedback.get('fillers', []))))}</td>"
            f"<td>{_e(', '.join(answer_marks(t.feedback)) or '–')}</td></tr>"
            for n, t in enumerate(answer_turns(session), 1)
        )
        parts.append(
            "<h2>Answers at a glance</h2><table border=1 cellspacing=0 cellpadding=4 width='100%'>"
            "<tr><th>#</th><th>Question</th><th>Key points</th><th>Pace</th><th>Fillers</th>"
            "<th>Flags</th></tr>"
            f"{rows}</table>"
        )
    parts.append("<h2>Answers and transcript</h2>")
    for turn in session.turns:
        who = "You" if turn.speaker == "candidate" else (turn.persona or "Interviewer")
        colour = "#1f6f43" if turn.speaker == "candidate" else "#1d3f72"
        at = turn.timings.get("audio_start_s", turn.started_ms / 1000)
        said = turn.text or empty_answer_text(turn.end_reason)
        parts.append(f"<p><b style='color:{colour}'>[{clock(at)}] {_e(who)}:</b> {_e(said)}</p>")
        if turn.feedback:
            parts.append(answer_html(turn.feedback))
    return "".join(parts)


def answer_html(fb: dict) -> str:
    items = [
        f"Pace {_e(num(fb.get('wpm')) + ' words/min')} ({_e(PACE_NAMES.get(fb.get('pace'), fb.get('pace')))}), "
        f"{len(fb.get('fillers', []))} fillers, {len(fb.get('long_pauses', []))} long pauses, "
        f"{len(fb.get('hedges', []))} hedges, talk time {clock(fb.get('talk_time_s', 0))} of "
        f"{clock(fb.get('time_budget_s', 0))}"
    ]
    if fb.get("typed"):
        items = [f"Pace, fillers, pauses, talk time: {TYPED}; {len(fb.get('hedges', []))} hedges"]
    elif unjudged(fb):
        items = [
            f"Pace and fillers: {unjudged(fb)}; {len(fb.get('long_pauses', []))} long pauses, "
            f"{len(fb.get('hedges', []))} hedges, talk time {clock(fb.get('talk_time_s', 0))} of "
            f"{clock(fb.get('time_budget_s', 0))}"
        ]
    for r in fb.get("rubric", []):
        when = f" ({clock(r['at_s'])})" if r.get("at_s") is not None else ""
        quote = f": “{_e(r['evidence'])}”{when}" if r.get("evidence") else ""
        items.append(f"{STATUS_MARK.get(r['status'], r['status'])}: {_e(r['point'])}{quote}")
    if answer_marks(fb):
        items.append("Flags: " + _e(", ".join(answer_marks(fb))))
    for key, label in (("went_well", "Went well"), ("work_on", "Work on")):
        if fb.get(key):
            items.append(f"<b>{label}:</b> {_e(fb[key]['text'])}")
    return "<ul style='color:#3b4350'>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


def write_pdf(session: SessionView, questions: Mapping, path: Path) -> int:
    """Writes the PDF; returns its page count. Needs a QGuiApplication (the CLI makes an offscreen one)."""
    document = QTextDocument()
    names = []
    for n, spec in enumerate(session_charts(session) if session.feedback else []):
        name = f"chart{n}.png"
        document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), chart_image(spec, 330, 170, scale=2))
        names.append(name)
    document.setHtml(report_html(session, questions, names))
    writer = QPdfWriter(str(path))
    writer.setTitle(f"Feedback: {session.title}")
    writer.setResolution(96)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(15, 15, 15, 15),
            QPageLayout.Unit.Millimeter,
        )
    )
    document.setPageSize(QSizeF(writer.width(), writer.height()))
    document.print_(writer)
    return document.pageCount()
