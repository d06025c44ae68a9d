"""`interview-voice sessions report ID [--json] [--md FILE] [--pdf FILE]`: a session's feedback report.

The charts and PDF pages are drawn by the ui's Qt code (ui/report_pdf.py) on an offscreen
application: no window is shown and no display is needed.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from interview_voice.feedback_setup import feedback_service, with_current_feedback
from interview_voice.paths import AppPaths
from interview_voice.storage.feedback_report import report_dict, report_markdown
from interview_voice.storage.views import SessionView


def report(store, paths: AppPaths, session: SessionView, args) -> int:
    """The session's report: printed as Markdown, or as JSON (--json), and written to --md / --pdf files."""
    service = feedback_service(store, paths)
    session = with_current_feedback(store, service, session)
    questions = service.questions
    if args.json:
        print(json.dumps(report_dict(session, questions), indent=1, ensure_ascii=False))
    try:
        if args.md:
            md = Path(args.md)
            charts = _charts_beside(session, md) if session.feedback else {}
            md.write_text(report_markdown(session, questions, charts), encoding="utf-8")
            print(f"wrote {md}", file=sys.stderr)
        if args.pdf:
            _app()
            from interview_voice.ui.report_pdf import write_pdf

            pages = write_pdf(session, questions, Path(args.pdf))
            print(f"wrote {args.pdf} ({pages} pages)", file=sys.stderr)
    except OSError as exc:
        print(f"error: could not write the report: {exc}", file=sys.stderr)
        return 1
    if not (args.json or args.md or args.pdf):
        print(report_markdown(session, questions))
    return 0


def _charts_beside(session, md: Path) -> dict[str, str]:
    _app()
    from interview_voice.ui.report_pdf import save_chart_images, session_charts

    return save_chart_images(session_charts(session), md.parent, md.stem)


def _app():
    """Charts and PDF pages are drawn by Qt, which needs an application object; no window is shown."""
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _app.instance = QGuiApplication([])
    return QGuiApplication.instance()
