"""`interview-voice sessions report ID [--json] [--md FILE] [--pdf FILE]`: a session's feedback report.

The charts and PDF pages are drawn by the ui's Qt code (ui/report_pdf.py) on an offscreen
application: no window is shown and no display is needed.
"""

from __future__ import annotations

import json
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
            from interview_voice.ui.offscreen import drawing_application  # Qt is loaded for drawing only

            drawing_application()
            from interview_voice.ui.report_pdf import write_pdf

            pages = write_pdf(session, questions, Path(args.pdf))
            print(f"wrote {args.pdf} ({pages} pages)", file=sys.stderr)
    except OSError as exc:
        print(f"error: could not write the report: {exc}", file=sys.stderr)
        return 1
    if not (args.json or args.md or args.pdf):
        print(report_markdown(session, questions))
    return 0


def _charts_beside(session: SessionView, md: Path) -> dict[str, str]:
    from interview_voice.ui.offscreen import drawing_application  # Qt is loaded for drawing only

    drawing_application()
    from interview_voice.ui.report_pdf import save_chart_images, session_charts

    return save_chart_images(session_charts(session), md.parent, md.stem)
