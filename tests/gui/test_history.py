"""History and replay in the window, on a real session store in a temporary data dir."""

from __future__ import annotations

import threading
import zipfile

import numpy as np

from interview_voice.app import AppContext, load_kit, open_store
from interview_voice.paths import AppPaths
from interview_voice.records import TurnRecord, TurnStarted
from interview_voice.settings import Settings
from interview_voice.storage.recorder import SessionRecorder
from interview_voice.ui import history as history_module
from interview_voice.ui.main_window import MainWindow
from tests.gui.windows import ANSWERS, fake_models, file_audio, listed, run_interview, window_for


def record_calls(monkeypatch, owner, name: str) -> list[tuple[threading.Thread, tuple, dict]]:
    """Wraps owner.name to note each call's thread and arguments."""
    calls, original = [], getattr(owner, name)

    def wrapper(*args, **kwargs):
        calls.append((threading.current_thread(), args, kwargs))
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, wrapper)
    return calls


def test_a_finished_interview_appears_in_history_and_replays_with_a_synced_transcript(qtbot, paths, monkeypatch):
    window = window_for(qtbot, paths)
    run_interview(qtbot, window)
    history = window.history
    listed(qtbot, history, 1)
    assert history.table.rowCount() == 1
    assert history.table.item(0, 3).text() == "completed"
    reads = record_calls(monkeypatch, window.store, "get")
    with qtbot.waitSignal(history.opened, timeout=5000):
        history.table.selectRow(0)
    assert reads and all(thread is not threading.main_thread() for thread, _, _ in reads)  # read off the GUI thread
    replay = history.replay
    qtbot.waitUntil(lambda: replay.player is not None, timeout=5000)  # the audio loads off the GUI thread
    session = replay.session
    assert len(replay.timeline.blocks) == len(session.turns) == 10
    assert {b.speaker for b in replay.timeline.blocks} == {"candidate", "interviewer"}
    text = replay.transcript.toPlainText()
    assert "You: I would start from the business goal" in text and "Alex:" in text
    word = session.turns[2].words[3]
    replay.seek(word.start + 0.01)
    assert replay.highlighted_word == word.text
    assert abs(replay.player.position - word.start - 0.01) < 0.01
    assert replay.player.duration > 10  # both tracks mixed on the session timeline


def test_export_and_delete_from_history(qtbot, paths, tmp_path):
    window = window_for(qtbot, paths)
    run_interview(qtbot, window)
    history = window.history
    listed(qtbot, history, 1)
    history.table.selectRow(0)
    with qtbot.waitSignal(history.exported, timeout=10000) as done:
        assert history.export_selected(dest=tmp_path, as_zip=True)
    exported = done.args[0]
    names = zipfile.ZipFile(exported).namelist()
    assert any(n.endswith("transcript.md") for n in names) and any(n.endswith("candidate.wav") for n in names)
    transcript = zipfile.ZipFile(exported).read(next(n for n in names if n.endswith("transcript.md"))).decode()
    assert f"You:** {ANSWERS[0]}" in transcript
    assert history.delete_selected(confirm=lambda text: False) is False  # "No" keeps it
    assert history.table.rowCount() == 1
    session_id = history.selected_id()
    with qtbot.waitSignal(history.deleted, timeout=10000):
        assert history.delete_selected(confirm=lambda text: True)
    listed(qtbot, history, 0)
    assert history.table.rowCount() == 0
    assert not (paths.sessions_dir / session_id).exists()


def test_a_session_cut_off_by_a_crash_is_recovered_with_a_notice(qtbot, paths):
    store, _ = open_store(paths)
    kit = load_kit(paths, "first-interview")
    session_id = store.start(
        plan="first-interview",
        title="First interview (short)",
        level="mid",
        personas=[],
        models={},
        settings={},
        questions=[],
    )
    recorder = SessionRecorder(store, session_id)
    turn = TurnRecord(0, "candidate", "answer", "", None, started_ms=0)
    recorder.on_event(TurnStarted(turn))
    recorder.candidate_audio(0, np.full(16_000 * 2, 0.1, np.float32), turn)
    recorder.tracks["candidate"]._file.flush()  # the app dies here
    store.close()  # ... and its recording lock goes with it
    assert kit.plan.id == "first-interview"

    window = window_for(qtbot, paths)
    assert window.page.banner.isVisible() and "cut off last time and has been recovered" in window.page.banner.text()
    listed(qtbot, window.history, 1)
    assert window.history.table.item(0, 3).text() == "cut off (recovered)"


def test_no_speakers_when_replaying_is_a_clear_message(qtbot, paths):
    window = window_for(qtbot, paths)
    run_interview(qtbot, window)
    window.tabs.setCurrentWidget(window.history)
    listed(qtbot, window.history, 1)
    window.history.table.selectRow(0)
    replay = window.history.replay
    qtbot.waitUntil(lambda: replay.player is not None, timeout=5000)
    replay.player.device = "No Such Speaker"
    replay.toggle()
    assert replay.banner.isVisible() and replay.play_button.text() == "Play"
    assert "No speaker" in replay.banner.text() or "cannot play" in replay.banner.text()


def test_an_unusable_data_dir_is_explained_and_the_interview_can_still_run(qtbot, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    paths = AppPaths(blocker / "data", tmp_path / "models", tmp_path / "config")
    context = AppContext(
        paths=paths,
        settings=Settings(),
        load_models=fake_models,
        open_audio=file_audio,
        load_kit=lambda plan: load_kit(AppPaths(tmp_path / "d", tmp_path / "m", tmp_path / "c"), plan),
        open_store=lambda: open_store(paths),
    )
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.loader.loaded, timeout=5000):
        window.load_models_in_background()
    assert window.store is None
    assert "will not be saved" in window.page.banner.text() and "cannot be opened" in window.page.banner.text()
    with qtbot.waitSignal(window.bridge.finished, timeout=30000):
        window.start_interview()


def test_the_export_button_asks_for_a_folder_and_writes_a_zip_there(qtbot, paths, tmp_path, monkeypatch):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QFileDialog

    window = window_for(qtbot, paths)
    run_interview(qtbot, window)
    history = window.history
    listed(qtbot, history, 1)
    history.table.selectRow(0)
    dest = tmp_path / "exports"
    dest.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(dest))
    calls = record_calls(monkeypatch, history_module, "export_session")
    with qtbot.waitSignal(history.exported, timeout=10000):
        qtbot.mouseClick(history.export_button, Qt.LeftButton)
    [written] = list(dest.iterdir())
    assert written.suffix == ".zip" and any(n.endswith("transcript.md") for n in zipfile.ZipFile(written).namelist())
    assert len(calls) == 1 and calls[0][0] is not threading.main_thread()  # written off the GUI thread
    assert window.status.label.text() == f"Exported to {written}"  # and the window says where it went


def test_the_search_field_lists_matching_sessions_off_the_gui_thread_once_typing_pauses(qtbot, paths, monkeypatch):
    window = window_for(qtbot, paths)
    run_interview(qtbot, window)
    run_interview(qtbot, window)
    history = window.history
    listed(qtbot, history, 2)
    calls = record_calls(monkeypatch, window.store, "list")

    def search_listed(text: str):
        # the window may also list on its own (a session's feedback stored): wait for this search's list
        return qtbot.waitSignal(history.listed, timeout=5000, check_params_cb=lambda search: search == text)

    with search_listed("business goal"):
        qtbot.keyClicks(history.search, "business goal")  # said in every answer
    assert history.table.rowCount() == 2
    with search_listed("business goal nobody said"):
        qtbot.keyClicks(history.search, " nobody said")
    assert history.table.rowCount() == 0
    with search_listed(""):
        history.search.clear()
    assert history.table.rowCount() == 2
    with search_listed(""):
        history.status_box.setCurrentIndex(history.status_box.findData("interrupted"))
    assert history.table.rowCount() == 0
    # one query per pause in the typing, never one per keystroke, and never on the GUI thread
    searched = [kwargs["search"] for _, _, kwargs in calls]
    assert set(searched) == {"", "business goal", "business goal nobody said"}
    assert all(thread is not threading.main_thread() for thread, _, _ in calls)


def test_the_delete_button_asks_then_deletes_off_the_gui_thread(qtbot, paths, monkeypatch):
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    window = window_for(qtbot, paths)
    run_interview(qtbot, window)
    history = window.history
    listed(qtbot, history, 1)
    history.table.selectRow(0)
    session_id = history.selected_id()
    asked = []

    def press_delete() -> None:  # the real question: its Delete button, not the default (Cancel)
        box = QApplication.activeModalWidget()
        asked.append(box.text())
        next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.DestructiveRole).click()

    calls = record_calls(monkeypatch, window.store, "delete")
    with qtbot.waitSignal(history.deleted, timeout=10000):
        QTimer.singleShot(100, press_delete)
        qtbot.mouseClick(history.delete_button, Qt.LeftButton)
    listed(qtbot, history, 0)
    assert len(asked) == 1 and "cannot be undone" in asked[0]
    assert len(calls) == 1 and calls[0][0] is not threading.main_thread()
    assert not (paths.sessions_dir / session_id).exists() and window.store.get(session_id) is None
