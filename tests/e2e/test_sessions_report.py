"""`interview-voice sessions report ID` as a user runs it: JSON, Markdown with chart images, and a PDF."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

from interview_voice.storage.repository import SessionStore
from tests.storage.test_feedback_service import ANSWER, record


def run(tmp_path, *args):
    env = {
        **os.environ,
        "INTERVIEW_VOICE_DATA_DIR": str(tmp_path / "data"),
        "INTERVIEW_VOICE_CONFIG_DIR": str(tmp_path / "cfg"),
        "INTERVIEW_VOICE_MODELS_DIR": str(tmp_path / "m"),
    }
    env.pop("QT_QPA_PLATFORM", None)  # the command must not need a display
    return subprocess.run(
        [sys.executable, "-m", "interview_voice", "sessions", "report", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_sessions_report_as_json_markdown_and_pdf(tmp_path):
    store = SessionStore(tmp_path / "data")
    sid = record(store, answers=(ANSWER, "Um, I think it was, uh, fine."))
    store.engine.dispose()

    result = run(tmp_path, sid[:8], "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["feedback"]["headline"]["answers"] == 2  # computed on first use, then stored
    answers = [t for t in report["turns"] if "feedback" in t]
    assert [t["index"] for t in answers] == [1, 3]
    assert answers[0]["feedback"]["coverage"] > answers[1]["feedback"]["coverage"]
    assert answers[0]["question"].startswith("Describe a machine learning project")

    md, pdf = tmp_path / "out" / "report.md", tmp_path / "out" / "report.pdf"
    md.parent.mkdir()
    result = run(tmp_path, sid, "--md", str(md), "--pdf", str(pdf))
    assert result.returncode == 0, result.stderr
    text = md.read_text()
    assert "## Practise next" in text and "| Key points covered |" in text
    assert "✔ covered: States their own role: \"I was responsible" in text
    assert "**[0:03] You:** The goal was to predict churn" in text
    images = re.findall(r"!\[[^]]+\]\(([^)]+)\)", text)
    assert len(images) == 2 and all((md.parent / name).read_bytes()[:4] == b"\x89PNG" for name in images)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page[^s]", data)) >= 1
    assert "pages)" in result.stderr
