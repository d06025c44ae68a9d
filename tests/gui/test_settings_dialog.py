"""The Settings dialog, pressed as a user would: saved to the file the command line reads, bad values save
nothing, the server test runs off the GUI thread, and deleting all data asks first (No by default)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMessageBox

from interview_voice.app import AppContext, default_context, load_kit, open_store
from interview_voice.paths import AppPaths
from interview_voice.settings import DEFAULT_END_SILENCE_MS, LONG_PAUSES_MS, Settings
from interview_voice.ui.appearance import apply_appearance, apply_font_scale
from interview_voice.ui.main_window import MainWindow
from interview_voice.ui.settings_dialog import SettingsDialog
from tests.gui.windows import fake_models, file_audio, ready_window

ROOT = Path(__file__).resolve().parents[2]


def window_for(qtbot, paths: AppPaths, settings: Settings | None = None, store: bool = False) -> MainWindow:
    context = AppContext(
        paths=paths,
        settings=settings or Settings.load(paths.settings_file),
        load_models=fake_models,
        open_audio=file_audio,
        load_kit=lambda plan: load_kit(paths, plan),
        open_store=(lambda: open_store(paths)) if store else None,
    )
    return ready_window(qtbot, context)


def tick(qtbot, button) -> None:
    """Click a check box or radio button on its indicator, as a mouse does."""
    qtbot.mouseClick(button, Qt.LeftButton, pos=QPoint(8, button.height() // 2))


def run_cli_settings(paths: AppPaths) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "INTERVIEW_VOICE_DATA_DIR": str(paths.data_dir),
        "INTERVIEW_VOICE_MODELS_DIR": str(paths.models_dir),
        "INTERVIEW_VOICE_CONFIG_DIR": str(paths.config_dir),
    }
    done = subprocess.run(
        [sys.executable, "-m", "interview_voice", "settings"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    return done


def cli_settings(paths: AppPaths) -> str:
    return run_cli_settings(paths).stdout


def cli_settings_stderr(paths: AppPaths) -> str:
    return run_cli_settings(paths).stderr


def shown(text: str, key: str) -> str:
    line = next(line for line in text.splitlines() if line.split() and line.split()[0] == key)
    return line.split(None, 1)[1].strip()


def test_settings_saved_in_the_dialog_are_what_the_command_line_shows(qtbot, paths):
    window = window_for(qtbot, paths)
    qtbot.mouseClick(window.page.settings_button, Qt.LeftButton)
    dialog = window.settings_controller.settings_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.tabs.setCurrentWidget(dialog.audio)
    tick(qtbot, dialog.audio.headset_box)
    dialog.voice.rate_slider.setValue(125)
    dialog.listening.pause_slider.setValue(12)
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    assert not dialog.isVisible()
    saved = Settings.load(paths.settings_file)
    assert (saved.headset, saved.speaking_rate, saved.end_silence_ms) == (True, 1.25, 1200)
    assert window.context.settings.end_silence_ms == 1200  # applied to the running app, no restart
    assert "Settings saved" in window.status.label.text()
    printed = cli_settings(paths)
    assert shown(printed, "headset") == "True"
    assert shown(printed, "speaking_rate") == "1.25"
    assert shown(printed, "end_silence_ms") == "1200"


def test_i_take_long_pauses_is_on_the_listening_page_and_makes_every_wait_at_least_its_pause(qtbot, paths):
    window = window_for(qtbot, paths)
    qtbot.mouseClick(window.page.settings_button, Qt.LeftButton)
    dialog = window.settings_controller.settings_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.tabs.setCurrentWidget(dialog.listening)
    box = dialog.listening.long_pauses_box
    assert box.isVisible() and not box.isChecked() and "long pauses" in box.text()
    notes = [label.text() for label in dialog.listening.findChildren(QLabel)]
    assert any(f"at least {LONG_PAUSES_MS / 1000:.1f} s after every pause" in text for text in notes)
    tick(qtbot, box)
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    assert not dialog.isVisible()
    saved = Settings.load(paths.settings_file)
    assert saved.long_pauses and saved.end_silence_ms == DEFAULT_END_SILENCE_MS  # the slider keeps its value
    assert window.context.settings.pause_ms() == LONG_PAUSES_MS  # the next interview waits that long
    assert shown(cli_settings(paths), "long_pauses") == "True"
    qtbot.mouseClick(window.page.settings_button, Qt.LeftButton)  # shown ticked when opened again
    dialog = window.settings_controller.settings_dialog
    assert dialog is not None and dialog.listening.long_pauses_box.isChecked()


def test_control_comma_opens_the_settings(qtbot, paths):
    window = window_for(qtbot, paths)
    qtbot.keyClick(window, Qt.Key_Comma, Qt.ControlModifier)
    dialog = window.settings_controller.settings_dialog
    assert dialog is not None and dialog.isVisible()


def test_the_server_fields_are_enabled_only_while_the_server_is_chosen(qtbot, paths):
    dialog = SettingsDialog(paths, Settings())
    qtbot.addWidget(dialog)
    dialog.show()
    models = dialog.models
    server_fields = (models.url_edit, models.model_edit, models.key_edit, models.test_button)
    assert models.local_radio.isChecked()
    assert not any(w.isEnabled() for w in server_fields)
    qtbot.keyClicks(models.url_edit, "http://192.168.1.20:8080/v1")  # a disabled field takes no typing
    assert models.url_edit.text() == "" and models.local_radio.isChecked()
    tick(qtbot, models.endpoint_radio)
    assert all(w.isEnabled() for w in server_fields)
    tick(qtbot, models.local_radio)
    assert not any(w.isEnabled() for w in server_fields)
    assert models.llm_box.isEnabled() and models.file_button.isEnabled()


def test_a_server_address_without_http_saves_nothing(qtbot, paths):
    dialog = SettingsDialog(paths, Settings())
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.listening.pause_slider.setValue(20)
    tick(qtbot, dialog.models.endpoint_radio)
    qtbot.keyClicks(dialog.models.url_edit, "192.168.1.20:8080/v1")
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    assert dialog.isVisible()
    assert dialog.tabs.currentWidget() is dialog.models
    assert "must start with http:// or https://" in dialog.message.text()
    assert not paths.settings_file.exists()  # not even the pause, changed on another page
    assert dialog.settings.end_silence_ms == DEFAULT_END_SILENCE_MS


class ChatServer(BaseHTTPRequestHandler):
    """A local OpenAI-compatible server answering "OK" as a stream."""

    def do_POST(self):  # noqa: N802 (http.server's name)
        length = int(self.headers.get("Content-Length", 0))
        body = json.loads(self.rfile.read(length))
        self.server.requests.append((self.path, body, self.headers.get("Authorization")))
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        for word in ("O", "K"):
            self.wfile.write(b"data: " + json.dumps({"choices": [{"delta": {"content": word}}]}).encode() + b"\n\n")
        self.wfile.write(b"data: [DONE]\n\n")

    def log_message(self, *args):
        pass


@pytest.fixture
def chat_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), ChatServer)
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_test_connection_says_the_server_answered_then_the_server_is_saved(qtbot, paths, chat_server):
    dialog = SettingsDialog(paths, Settings())
    qtbot.addWidget(dialog)
    dialog.show()
    url = f"http://127.0.0.1:{chat_server.server_address[1]}/v1"
    tick(qtbot, dialog.models.endpoint_radio)
    qtbot.keyClicks(dialog.models.url_edit, url)
    qtbot.keyClicks(dialog.models.model_edit, "qwen2.5-7b")
    qtbot.keyClicks(dialog.models.key_edit, "secret")
    qtbot.mouseClick(dialog.models.test_button, Qt.LeftButton)
    assert not dialog.models.test_button.isEnabled()  # the GUI thread is free while it asks
    qtbot.waitUntil(lambda: dialog.models.test_button.isEnabled(), timeout=20000)
    assert dialog.models.test_label.text().startswith("The server answered")
    path, body, auth = chat_server.requests[0]
    assert (path, body["model"], auth) == ("/v1/chat/completions", "qwen2.5-7b", "Bearer secret")
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    saved = Settings.load(paths.settings_file)
    assert (saved.llm_model, saved.llm_endpoint_url, saved.llm_endpoint_model) == ("endpoint", url, "qwen2.5-7b")
    assert len(chat_server.requests) == 1  # tested once: Save did not ask again


def test_an_unreachable_server_is_said_and_saving_it_asks_first(qtbot, paths, monkeypatch):
    asked = []

    def say_no(*args, **kwargs):
        asked.append(args[2])
        return QMessageBox.No

    monkeypatch.setattr(QMessageBox, "question", say_no)
    dialog = SettingsDialog(paths, Settings())
    qtbot.addWidget(dialog)
    dialog.show()
    tick(qtbot, dialog.models.endpoint_radio)
    qtbot.keyClicks(dialog.models.url_edit, f"http://127.0.0.1:{closed_port()}/v1")
    qtbot.mouseClick(dialog.models.test_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: dialog.models.test_button.isEnabled(), timeout=20000)
    assert dialog.models.test_label.text().startswith("The server did not answer: cannot reach")
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)  # untested settings: tested again before saving
    qtbot.waitUntil(lambda: bool(asked), timeout=20000)
    assert "did not answer" in asked[0]
    assert not paths.settings_file.exists() and dialog.isVisible()
    assert dialog.save_button.isEnabled()


def fake_gguf(path: Path, valid: bool) -> Path:
    """A file with a GGUF header (version 3, one tensor) and 1 MiB of zeros, or a text file named .gguf."""
    if valid:
        with path.open("wb") as fh:
            fh.write(b"GGUF" + (3).to_bytes(4, "little") + (1).to_bytes(8, "little") + (0).to_bytes(8, "little"))
            fh.truncate(1 << 20)
    else:
        path.write_text("not a model")
    return path


def test_a_gguf_file_chosen_from_anywhere_is_linked_into_the_models_and_chosen(qtbot, paths, tmp_path, monkeypatch):
    elsewhere = tmp_path / "downloads"
    elsewhere.mkdir()
    broken, good = fake_gguf(elsewhere / "broken.gguf", False), fake_gguf(elsewhere / "mine-q4.gguf", True)
    picks = [str(broken), str(good)]
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (picks.pop(0), "GGUF models (*.gguf)"))
    dialog = SettingsDialog(paths, Settings())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.models.file_button, Qt.LeftButton)
    assert "broken.gguf cannot be used: it is not a GGUF model file" in dialog.models.test_label.text()
    qtbot.mouseClick(dialog.models.file_button, Qt.LeftButton)
    assert dialog.models.llm_box.currentData() == "mine-q4.gguf"
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    linked = paths.user_models_dir("llm") / "mine-q4.gguf"
    assert linked.is_symlink() and linked.resolve() == good.resolve()
    assert Settings.load(paths.settings_file).llm_model == "mine-q4.gguf"


def press_in_next_message_box(role: QMessageBox.ButtonRole, seen: list) -> None:
    """Press the next message box's button of this role; note whether keeping was the default, and its text."""

    def press():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, press)
            return
        default = box.defaultButton()
        seen.append((default is not None and box.buttonRole(default) == QMessageBox.RejectRole, box.informativeText()))
        next(b for b in box.buttons() if box.buttonRole(b) == role).click()

    QTimer.singleShot(20, press)


def test_the_delete_all_confirmation_names_each_thing_once_and_keeps_the_models(qtbot, tmp_path):
    from interview_voice.ui.settings_data import DataPage

    paths = AppPaths(tmp_path / "data", tmp_path / "elsewhere" / "models", tmp_path / "config")
    paths.ensure()
    for name in ("sessions.db", "sessions.db-wal", "sessions.db-shm", "resume.txt"):
        (paths.data_dir / name).write_bytes(b"x")
    (paths.data_dir / "models").mkdir()  # the default models folder, left behind by a moved one
    (paths.data_dir / "models" / "voice.onnx").write_bytes(b"model")
    page = DataPage(paths)
    qtbot.addWidget(page)
    box = page.confirmation()
    qtbot.addWidget(box)
    text = box.informativeText()
    assert text.count("<li>") == 4  # sessions, the list of sessions, its journal, the resume
    assert text.count("its journal") == 1 and "<li>models</li>" not in text and "models are kept" in text
    roles = {box.buttonRole(b): b for b in box.buttons()}
    delete = roles[QMessageBox.DestructiveRole]
    assert delete.text() == "Delete everything" and box.standardButton(delete) == QMessageBox.NoButton
    assert delete.icon().isNull()  # no positive (green) icon on the destructive button
    assert box.defaultButton() is roles[QMessageBox.RejectRole] is box.escapeButton()


def test_delete_all_my_data_asks_with_no_as_default_then_deletes_only_the_data(qtbot, paths):
    (paths.data_dir / "resume.txt").write_text("My resume")
    (paths.sessions_dir / "20260101-old").mkdir()
    (paths.sessions_dir / "20260101-old" / "candidate.wav").write_bytes(b"RIFF")
    Settings(headset=True).save(paths.settings_file)
    model_file = paths.models_dir / "kept.bin"
    model_file.write_bytes(b"weights")
    window = window_for(qtbot, paths, store=True)
    qtbot.waitUntil(lambda: window.store is not None, timeout=5000)
    old_store = window.store
    dialog = window.settings_controller.open_settings("Data")
    assert dialog.tabs.currentWidget() is dialog.data

    seen: list = []
    press_in_next_message_box(QMessageBox.RejectRole, seen)  # the first time, keep it
    qtbot.mouseClick(dialog.data.delete_button, Qt.LeftButton)
    assert seen[0][0], "keeping the data must be the default button"
    assert "your resume" in seen[0][1] and "1 session(s)" in seen[0][1] and "models are kept" in seen[0][1]
    assert (paths.data_dir / "resume.txt").exists()

    press_in_next_message_box(QMessageBox.DestructiveRole, seen)
    qtbot.mouseClick(dialog.data.delete_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: dialog.data.result_label.text() == "All your data was deleted.", timeout=10000)
    qtbot.waitUntil(lambda: window.store is not None and window.store is not old_store, timeout=10000)
    assert not (paths.data_dir / "resume.txt").exists()
    assert not (paths.sessions_dir / "20260101-old").exists()
    assert model_file.read_bytes() == b"weights"
    assert Settings.load(paths.settings_file).headset is True
    assert window.store.list() == []


def test_the_chosen_plan_and_level_are_remembered_with_the_plan_described(qtbot, paths):
    window = window_for(qtbot, paths)
    assert "Two technical questions" in window.page.plan_details.text()
    assert "Length: about 5 min · 2 main questions · Interviewer: Alex, senior" in window.page.plan_details.text()
    window.page.plan_box.setCurrentIndex(window.page.plan_box.findData("presentation-panel"))
    window.page.level_box.setCurrentIndex(window.page.level_box.findData("senior"))
    assert "Length: about 50 min" in window.page.plan_details.text()
    assert "Panel: Dana, hiring manager; Ravi, senior machine learning engineer" in window.page.plan_details.text()
    saved = Settings.load(paths.settings_file)
    assert (saved.plan, saved.level) == ("presentation-panel", "senior")
    window.close()
    again = window_for(qtbot, paths)  # the next launch
    assert again.page.plan_box.currentData() == "presentation-panel"
    assert again.page.level_box.currentData() == "senior"


def test_choosing_another_interviewer_loads_the_models_again_without_a_restart(qtbot, paths, chat_server):
    loads = []

    def counted(progress):
        loads.append(Settings.load(paths.settings_file).llm_model)
        return fake_models(progress)

    context = AppContext(
        paths=paths,
        settings=Settings(),
        load_models=counted,
        open_audio=file_audio,
        load_kit=lambda plan: load_kit(paths, plan),
    )
    window = ready_window(qtbot, context)
    dialog = window.settings_controller.open_settings("Models")
    tick(qtbot, dialog.models.endpoint_radio)
    qtbot.keyClicks(dialog.models.url_edit, f"http://127.0.0.1:{chat_server.server_address[1]}/v1")
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)  # tested first, then saved
    qtbot.waitUntil(lambda: len(loads) == 2, timeout=20000)
    qtbot.waitUntil(lambda: window.page.start_button.isEnabled(), timeout=5000)
    assert loads[1] == "endpoint" and window.context.settings.llm_model == "endpoint"
    assert window.models is not None


class PacedVoice:
    """The fake voice, with the pace and voice switch the Piper adapter has."""

    def __init__(self, voice) -> None:
        self.inner, self.speaking_rate, self.name = voice, 1.0, "piper-joe-medium"
        self.switched: list[str] = []

    def synthesize(self, text, style=None):
        return self.inner.synthesize(text) if style is None else self.inner.synthesize(text, style)

    def set_voice(self, voice_id: str) -> None:
        self.switched.append(voice_id)
        self.name = voice_id


def test_a_new_speaking_rate_reaches_the_loaded_voice_without_loading_the_models_again(qtbot, app_paths):
    paths = app_paths
    loads = []

    def paced(progress):
        models = fake_models(progress)
        models.tts = PacedVoice(models.tts)
        loads.append(models)
        return models

    context = AppContext(
        paths=paths,
        settings=Settings(),
        load_models=paced,
        open_audio=file_audio,
        load_kit=lambda plan: load_kit(paths, plan),
    )
    window = ready_window(qtbot, context)
    dialog = window.settings_controller.open_settings("Voice")
    assert dialog.voice.voice_box.currentData() == "piper-joe-medium"  # the installed voices are offered
    dialog.voice.rate_slider.setValue(130)
    assert dialog.voice.rate_label.text() == "1.30× (faster)"
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    assert window.models.tts.speaking_rate == 1.3
    assert len(loads) == 1 and window.models.tts.switched == []  # same voice: nothing reloaded


@pytest.fixture
def system_text_size():
    """The application's font as the desktop gave it, put back after the test."""
    app = QApplication.instance()
    apply_font_scale(app, 1.0)
    yield app.font().pointSizeF()
    apply_font_scale(app, 1.0)


def test_a_new_text_size_applies_at_once_to_the_window_and_its_open_dialogs(qtbot, paths, system_text_size):
    window = window_for(qtbot, paths)
    question, typed = window.page.question_label.font().pointSizeF(), window.page.typed_box.edit.height()
    narrowest = window.minimumSizeHint()
    check = window.first_run_controller.open_first_run()  # a dialog left open under the settings
    qtbot.addWidget(check)
    dialog = window.settings_controller.open_settings("Display")
    assert dialog.tabs.currentWidget() is dialog.display
    assert [dialog.display.size_box.itemData(i) for i in range(dialog.display.size_box.count())] == [
        1.0,
        1.15,
        1.25,
        1.5,
        1.75,
        2.0,
    ]
    dialog.display.size_box.setCurrentIndex(dialog.display.size_box.findData(1.5))
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    assert Settings.load(paths.settings_file).font_scale == 1.5
    assert "the new text size is shown now" in window.status.label.text()
    assert QApplication.font().pointSizeF() == pytest.approx(system_text_size * 1.5)
    # Qt posts the change to every widget: it arrives at the next turn of the event loop
    qtbot.waitUntil(
        lambda: window.status.label.font().pointSizeF() == pytest.approx(system_text_size * 1.5), timeout=2000
    )
    assert window.page.question_label.font().pointSizeF() == pytest.approx(question * 1.5)  # headings keep proportion
    # labels with a style sheet of their own (colours) follow too: Qt fixes their font when it polishes them
    plain = [
        label
        for label in window.findChildren(QLabel)
        if label.styleSheet() and label.property("interviewVoiceFontFactor") is None
    ]
    assert window.page.plan_details in plain
    assert {
        label.objectName() or label.text()[:20]: label.font().pointSizeF()
        for label in plain
        if label.font().pointSizeF() != pytest.approx(system_text_size * 1.5)
    } == {}
    assert window.history.replay.title.font().bold()
    assert check.isVisible() and check.font().pointSizeF() == pytest.approx(system_text_size * 1.5)
    qtbot.waitUntil(lambda: window.page.typed_box.edit.height() > typed * 1.3, timeout=2000)  # still two lines high
    qtbot.waitUntil(lambda: window.minimumSizeHint().width() > narrowest.width(), timeout=2000)
    window.resize(800, 600)
    hint = window.minimumSizeHint()
    assert hint.width() <= 800 and hint.height() <= 600, hint  # 150 % still fits the smallest window
    # and back: sizes come from the system's, they do not pile up
    dialog = window.settings_controller.open_settings("Display")
    dialog.display.size_box.setCurrentIndex(dialog.display.size_box.findData(1.0))
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    assert QApplication.font().pointSizeF() == pytest.approx(system_text_size)
    assert window.page.question_label.font().pointSizeF() == pytest.approx(question)


def test_a_text_size_written_by_hand_is_used_as_a_number_and_nonsense_is_said(qtbot, paths, system_text_size):
    paths.settings_file.write_text(json.dumps({"font_scale": 2}))
    context = default_context(paths)
    assert context.settings.font_scale == 2.0 and context.settings_problems == []
    apply_appearance(QApplication.instance(), context.settings.font_scale)
    assert QApplication.font().pointSizeF() == pytest.approx(system_text_size * 2)
    dialog = window_for(qtbot, paths, context.settings).settings_controller.open_settings("Display")
    assert dialog.display.size_box.currentData() == 2.0
    apply_font_scale(QApplication.instance(), 1.0)
    paths.settings_file.write_text(json.dumps({"font_scale": "big"}))
    context = default_context(paths)
    assert context.settings.font_scale == 1.0
    window = ready_window(
        qtbot,
        AppContext(
            paths=paths,
            settings=context.settings,
            load_models=fake_models,
            open_audio=file_audio,
            load_kit=lambda plan: load_kit(paths, plan),
            settings_problems=context.settings_problems,
        ),
    )
    assert window.page.banner.isVisible()
    assert 'font_scale (the text size over the system\'s) is "big", which is not a number' in window.page.banner.text()
    assert "Settings…" in window.page.banner.text()
    stderr = cli_settings_stderr(paths)
    assert 'warning: In settings.json, font_scale (the text size over the system\'s) is "big"' in stderr


def test_the_dialog_reads_the_installed_models_once_for_the_voice_and_models_pages(qtbot, paths, monkeypatch):
    from interview_voice.modelstore import catalog as catalog_module

    scans, user_choices = [], catalog_module._user_choices

    def counted(scanned_paths):  # every scan, from whichever module it is called, reads the user folders
        scans.append(scanned_paths)
        return user_choices(scanned_paths)

    monkeypatch.setattr(catalog_module, "_user_choices", counted)
    dialog = SettingsDialog(paths, Settings())
    qtbot.addWidget(dialog)
    assert scans == [paths]
    voices = [dialog.voice.voice_box.itemText(i) for i in range(dialog.voice.voice_box.count())]
    assert voices == ["piper-joe-medium (not installed)"]  # this test's models folder is empty
    assert dialog.models.stt_box.count() == 0 and dialog.models.llm_box.itemText(0).endswith("(not installed)")


def test_the_sound_devices_are_first_listed_on_the_loader_thread_not_when_settings_open(qtbot, paths, monkeypatch):
    import threading

    from interview_voice.ui import model_loader

    threads = []
    monkeypatch.setattr(model_loader, "sound_devices", lambda: threads.append(threading.current_thread()))
    window_for(qtbot, paths)
    assert threads and all(t is not threading.main_thread() for t in threads)


def test_the_listening_page_says_what_the_interviewer_learned_of_your_pauses_in_the_latest_interview(qtbot, paths):
    from interview_voice.records import EventType, StoredEvent
    from interview_voice.storage.repository import SessionStore

    store = SessionStore(paths.data_dir)
    for n, learned in enumerate(
        ({"between_sentences_ms": 700}, {"between_sentences_ms": 1400, "mid_sentence_ms": 2100})
    ):
        session_id = store.start(
            plan="technical-screen",
            title=f"session {n}",
            level="mid",
            personas=[],
            models={},
            settings={},
            questions=["q1"],
        )
        store.add_event(session_id, StoredEvent(EventType.PACE, 1000.0, learned))
        store.finish(session_id, "completed", 60.0, {})
    store.close()
    window = window_for(qtbot, paths, store=True)
    qtbot.waitUntil(lambda: window.store is not None, timeout=5000)
    dialog = window.settings_controller.open_settings("Listening")
    said = dialog.listening.learned_label.text()
    assert "up to 1.4 s between sentences" in said and "2.1 s in the middle of a sentence" in said, said


def test_before_any_interview_the_listening_page_says_it_will_learn_your_pauses(qtbot, paths):
    window = window_for(qtbot, paths, store=True)
    qtbot.waitUntil(lambda: window.store is not None, timeout=5000)
    dialog = window.settings_controller.open_settings("Listening")
    assert "after your first one" in dialog.listening.learned_label.text()
