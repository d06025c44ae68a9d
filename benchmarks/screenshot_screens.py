"""The screens and dialogs benchmarks/screenshots.py saves, run inside a display (Xvfb).

The window opens on the data dir's stored sessions, without speech models: the
screens shown need only the store (history, replay, report, progress) and the
window's own widgets; the live interview is the stored transcript replayed into them.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

log = logging.getLogger(__name__)


def settle(app: QApplication, until: Callable[[], bool] = lambda: True, timeout_ms: int = 8000) -> None:
    """Lets queued work (threads' results, layouts) arrive, until a condition holds."""
    deadline = time.monotonic() + timeout_ms / 1000
    while time.monotonic() < deadline:
        app.processEvents()
        if until():
            break
        time.sleep(0.05)
    for _ in range(5):
        app.processEvents()


def save(widget: QWidget, out: Path, name: str) -> None:
    path = out / f"{name}.png"
    widget.grab().save(str(path))
    print(path)


def shoot_all(data: Path, out: Path, sizes: list[str], scale: str, texts: list[float] | None = None) -> None:
    os.environ.setdefault("INTERVIEW_VOICE_DATA_DIR", str(data))
    app = QApplication.instance() or QApplication([])
    from interview_voice.app import AppContext, load_kit, open_store
    from interview_voice.paths import AppPaths
    from interview_voice.settings import Settings
    from interview_voice.ui.appearance import apply_appearance, apply_font_scale

    apply_appearance(app)
    paths = AppPaths(data, data.parent / "models", data.parent / "config")
    paths.ensure()
    context = AppContext(
        paths=paths,
        settings=Settings(),
        load_models=None,
        open_audio=None,
        load_kit=lambda plan: load_kit(paths, plan),
        open_store=lambda: open_store(paths),
    )
    for text in texts or [1.0]:
        apply_font_scale(app, text)  # as Settings > Text size does
        context.settings.font_scale = text
        label = f"{scale}x-" if text == 1.0 else f"{scale}x-text{round(text * 100)}-"
        for size in sizes:
            width, height = (int(v) for v in size.split("x"))
            shoot_size(app, context, out, f"{label}{size}", width, height)
    apply_font_scale(app, 1.0)


def shoot_size(app: QApplication, context, out: Path, prefix: str, width: int, height: int) -> None:
    from interview_voice.ui.keyboard import show_shortcuts
    from interview_voice.ui.main_window import MainWindow
    from interview_voice.ui.model_loader import plan_feedback_service

    window = MainWindow(context)
    window.resize(width, height)
    window.show()
    store, _ = context.open_store()
    window.loader.store_ready.emit(store, [])
    plan = window.page.plan_box.currentData()
    window.loader.feedback_ready.emit(plan_feedback_service(window.context, window.kits, store, plan))
    settle(app, lambda: window.history.table.rowCount() > 0)
    window.status.label.setText("Ready")
    window.status.load_progress.hide()
    window.page.start_button.setEnabled(True)
    window.page.question_label.setText(
        "Press “Start interview” when you are ready. Answer aloud; pause or press "
        "Space (or Ctrl+Enter) when you have finished an answer. F1 lists the keys."
    )
    window.page.start_button.setFocus()
    settle(app)
    save(window, out, f"{prefix}-interview-ready")

    # the live interview: the stored turns replayed into the window, the last answer still coming
    session = store.get(window.history.sessions[0].id)
    from interview_voice.records import TurnRecord

    turns = [
        TurnRecord(
            t.index,
            t.speaker,
            t.kind,
            t.text,
            t.question_id,
            t.persona,
            t.role,
            t.started_ms,
            t.ended_ms or 0.0,
            end_reason=t.end_reason,
        )
        for t in session.turns
    ]  # as the runner sends
    window._set_running(True)
    window.page.start_button.setEnabled(False)
    window.page.transcript.interviewer_name = "Alex"
    for turn in turns[:-1]:
        window._on_turn_started(turn)
    last = turns[-1] if turns[-1].speaker == "candidate" else turns[-2]
    live = replace(last, text="", ended_ms=0)
    window.page.transcript.upsert(live)
    window.page.transcript.set_partial(live, " ".join(last.text.split()[:9]))
    window.page.level_meter.set_level(0.45, True)
    window.status.label.setText("Listening")
    window.status.clock_label.setText("3:12 of 5 min")
    settle(app)
    save(window, out, f"{prefix}-interview-live")
    window.page.transcript.clear_turns()
    # a follow-up left out for time: the last question's answer, its follow-up not asked, the closing next
    from interview_voice.records import EventRecorded, EventType

    last_probe = max(i for i, t in enumerate(turns) if t.kind == "follow_up" and i > 0)
    answered = turns[last_probe - 1]
    for turn in turns[:last_probe] + [t for t in turns[last_probe + 2 :] if t.speaker == "interviewer"]:
        window._on_turn_started(turn)
        if turn is answered:
            window._on_event_recorded(EventRecorded({"type": EventType.NO_FOLLOW_UP.value, "turn": turn.index}))
    window.status.label.setText("Interviewer speaking")
    window.status.clock_label.setText("4:02 of 5 min")
    settle(app)
    save(window, out, f"{prefix}-interview-no-follow-up")
    window.page.banner.show_message(
        "No microphone was found. Plug one in, or choose another in the Microphone list, and try again."
    )
    settle(app)
    save(window, out, f"{prefix}-interview-error")
    window.page.banner.hide()
    window._set_running(False)
    window.status.label.setText("Interview finished: 4 answers")
    window.status.clock_label.setText("")

    window.feedback_actions.show_report_for(session.id)
    settle(app, lambda: window.report.session is not None)
    save(window, out, f"{prefix}-report")

    window.tabs.setCurrentWidget(window.history)
    window.history.table.selectRow(0)
    settle(app, lambda: window.history.replay.session is not None and window.history.replay.player is not None)
    window.history.replay.seek(min(20.0, session.duration_s / 3))
    settle(app)
    save(window, out, f"{prefix}-history")

    window.tabs.setCurrentWidget(window.progress)
    settle(app, lambda: window.progress.progress is not None)
    save(window, out, f"{prefix}-progress")

    answer = next(t for t in session.turns if t.speaker == "candidate" and t.question_id)
    window.compare.show_attempts(
        window.report.questions.get(answer.question_id).text
        if answer.question_id in window.report.questions
        else answer.text,
        answer,
        answer,
        "Again, 2026-11-26 18:02",
    )
    window.tabs.setCurrentWidget(window.compare)
    settle(app)
    save(window, out, f"{prefix}-answer-again")

    window.tabs.setCurrentIndex(0)
    dialogs(app, window, out, prefix, show_shortcuts)
    window.close()
    window.deleteLater()
    settle(app)


def dialogs(app: QApplication, window, out: Path, prefix: str, show_shortcuts) -> None:
    from interview_voice.modelstore.manifest import load_manifest
    from interview_voice.ui.confirm import confirmation_box
    from interview_voice.ui.model_download import ModelDownloadDialog
    from interview_voice.ui.resume_dialog import ResumeDialog

    sheet = show_shortcuts(window)
    settle(app)
    save(sheet, out, f"{prefix}-dialog-shortcuts")
    sheet.close()
    resume = ResumeDialog(window.context.paths.data_dir, window)
    resume.editors["resume"].setPlainText(
        "Data scientist, 6 years.\n\nChurn prediction for a subscription business (Python, scikit-learn, Airflow)..."
    )
    resume.show()
    settle(app)
    save(resume, out, f"{prefix}-dialog-resume")
    resume.reject()
    download = ModelDownloadDialog(load_manifest()[:3], window.context.paths.data_dir / "no-models", window)
    download.show()
    settle(app)
    save(download, out, f"{prefix}-dialog-models")
    download.close()
    from interview_voice.ui.first_run import FirstRunDialog
    from interview_voice.ui.settings_dialog import SettingsDialog

    paths = window.context.paths
    for name, dialog in (
        ("settings", SettingsDialog(paths, window.context.settings, window)),
        (
            "first-run",
            FirstRunDialog(
                paths,
                window.context.settings,
                lambda _name: None,
                "System default",
                None,
                ["Speech: Whisper base, installed", "Voice: joe, installed"],
                parent=window,
            ),
        ),
    ):
        dialog.show()
        settle(app)
        save(dialog, out, f"{prefix}-dialog-{name}")
        dialog.reject()
    summary = window.history.sessions[0]
    box = confirmation_box(
        window,
        "Delete session",
        f"Delete '{summary.title}' of "
        f"{summary.started_at.astimezone():%Y-%m-%d %H:%M} and its recording? "
        "This cannot be undone.",
        "Delete",
    )
    box.show()
    settle(app)
    save(box, out, f"{prefix}-dialog-delete")
    box.close()
