"""Getting the models in the app: a real package index on 127.0.0.1, the real installer, the real buttons."""

from __future__ import annotations

import hashlib
import http.server
import io
import json
import threading
import time
import zipfile

import pytest
from PySide6.QtCore import Qt

from interview_voice.modelstore.manifest import ModelFile, ModelSpec, PackagePin, Source
from interview_voice.modelstore.verify import Status, quick_status
from interview_voice.ui.model_download import ModelDownloadDialog

DATA = bytes(range(256)) * 8192  # 2 MiB of model
WHEEL_NAME = "demo_voice-1.0-py3-none-any.whl"


def _wheel() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("demo_voice/voice.onnx", DATA)
    return buffer.getvalue()


WHEEL = _wheel()
SPEC = ModelSpec(
    id="demo-voice",
    role="tts",
    name="Demo voice",
    sets=("test",),
    licence="x",
    size_mb=2,
    notes="",
    packages=(PackagePin("demo-voice", "1.0", hashlib.sha256(WHEEL).hexdigest()),),
    files=(
        ModelFile("voice.onnx", hashlib.sha256(DATA).hexdigest(), (Source("demo-voice", "demo_voice/voice.onnx"),)),
    ),
)


class _Index(http.server.BaseHTTPRequestHandler):
    delay_s = 0.0  # per 64 KiB, to give Stop something to stop
    ranges: list[str] = []

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802
        if self.path == "/simple/demo-voice/":
            body = json.dumps(
                {
                    "files": [
                        {
                            "filename": WHEEL_NAME,
                            "url": f"/f/{WHEEL_NAME}",
                            "hashes": {"sha256": SPEC.packages[0].sha256},
                        }
                    ]
                }
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/vnd.pypi.simple.v1+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        start = 0
        if "Range" in self.headers:
            type(self).ranges.append(self.headers["Range"])
            start = int(self.headers["Range"].split("=")[1].rstrip("-"))
        body = WHEEL[start:]
        self.send_response(206 if start else 200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            for i in range(0, len(body), 1 << 16):
                self.wfile.write(body[i : i + (1 << 16)])
                time.sleep(type(self).delay_s)
        except (BrokenPipeError, ConnectionResetError):
            pass


@pytest.fixture
def index(monkeypatch, tmp_path):
    _Index.delay_s, _Index.ranges = 0.0, []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Index)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("PIP_INDEX_URL", f"http://127.0.0.1:{server.server_address[1]}/simple")
    monkeypatch.setenv("PIP_CONFIG_FILE", str(tmp_path / "no-pip.conf"))
    yield
    server.shutdown()
    server.server_close()


def test_download_installs_and_verifies_with_progress(qtbot, index, tmp_path):
    dialog = ModelDownloadDialog([SPEC], tmp_path / "models")
    qtbot.addWidget(dialog)
    assert "about 2 MB" in dialog.intro.text() and dialog.table.topLevelItem(0).text(1) == "2 MB"
    seen = []
    dialog.progressed.connect(lambda per_mille, text: seen.append(per_mille))
    with qtbot.waitSignal(dialog.finished_all, timeout=20_000) as done:
        qtbot.mouseClick(dialog.download_button, Qt.MouseButton.LeftButton)
    assert done.args == ["Every model is installed and verified. You can start rehearsing.", True]
    assert quick_status(SPEC, tmp_path / "models").status is Status.VERIFIED
    assert dialog.table.topLevelItem(0).text(2) == "installed and verified"
    assert dialog.close_button.text() == "&Continue" and not dialog.download_button.isEnabled()
    assert seen and seen == sorted(seen) and max(seen) <= 1000


def test_stop_keeps_what_came_and_the_next_download_resumes_it(qtbot, index, tmp_path):
    _Index.delay_s = 0.05
    dialog = ModelDownloadDialog([SPEC], tmp_path / "models")
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.download_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.bar.value() > 50, timeout=20_000)
    with qtbot.waitSignal(dialog.finished_all, timeout=20_000) as stopped:
        qtbot.mouseClick(dialog.stop_button, Qt.MouseButton.LeftButton)
    assert stopped.args[1] is False and stopped.args[0].startswith("Stopped")
    part = tmp_path / "models" / ".downloads" / (WHEEL_NAME + ".part")
    kept = part.stat().st_size
    assert 0 < kept < len(WHEEL)
    assert dialog.download_button.isEnabled() and dialog.download_button.text() == "&Try again"
    _Index.delay_s = 0.0
    with qtbot.waitSignal(dialog.finished_all, timeout=20_000) as done:
        qtbot.mouseClick(dialog.download_button, Qt.MouseButton.LeftButton)
    assert done.args[1] is True
    assert _Index.ranges and int(_Index.ranges[-1].split("=")[1].rstrip("-")) >= kept
    assert quick_status(SPEC, tmp_path / "models").status is Status.VERIFIED


def test_an_unreachable_index_says_what_to_do(qtbot, monkeypatch, tmp_path):
    monkeypatch.setenv("PIP_INDEX_URL", "http://127.0.0.1:9/simple")
    monkeypatch.setenv("PIP_CONFIG_FILE", str(tmp_path / "no-pip.conf"))
    dialog = ModelDownloadDialog([SPEC], tmp_path / "models")
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.finished_all, timeout=20_000) as failed:
        qtbot.mouseClick(dialog.download_button, Qt.MouseButton.LeftButton)
    message, complete = failed.args
    assert not complete and "Is this computer online" in message and "HTTPS_PROXY" in message
    assert dialog.download_button.text() == "&Try again"


def test_the_first_start_offers_exactly_the_chosen_models_that_are_missing(tmp_path, installed_models_dir):
    from interview_voice.paths import default_paths
    from interview_voice.settings import Settings
    from interview_voice.ui.model_download import chosen_model_ids, missing_models
    from tests.conftest import TEST_MODELS

    chosen = chosen_model_ids(Settings(llm_model="endpoint"))
    assert "endpoint" not in chosen and Settings().stt_model in chosen
    assert {s.id for s in missing_models(tmp_path / "empty", {"whisper-tiny.en", "not-a-model"})} == {"whisper-tiny.en"}
    assert missing_models(default_paths().models_dir, {TEST_MODELS["stt"], TEST_MODELS["llm"]}) == []
