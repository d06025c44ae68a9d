"""The interviewer on a real model server: llama-cpp-python's own OpenAI-compatible server (its `server`
extra, pinned in requirements-test.lock) serving the test model on 127.0.0.1.

Streaming, an API key, a model name the server does not have, and the server stopping in the middle
of a session each get their behaviour checked, through `simulate` and through the Settings dialog's
Test connection. tests/faults/test_endpoint.py keeps the hand-written server for the faults a real
one cannot be made to show (hanging, garbage, a line kept open without words).
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt

from interview_voice.core.types import ChatMessage
from interview_voice.engines.base import EngineError
from interview_voice.engines.llm_http import HttpLanguageModel
from interview_voice.modelstore.catalog import catalog, find
from interview_voice.paths import AppPaths
from interview_voice.settings import Settings
from interview_voice.ui.settings_models import endpoint_problem
from tests.conftest import TEST_MODELS
from tests.faults.conftest import cli  # noqa: F401 (fixture)
from tests.simulate_cli import simulate_args

ALIAS = "test-interviewer"
KEY = "a-key-for-the-test"
ASK = [ChatMessage("user", "Ask me one short question about machine learning.")]


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log: Path

    def completions(self) -> int:
        """Chat requests the server has answered so far (uvicorn's access log)."""
        return self.log.read_text(errors="replace").count("POST /v1/chat/completions")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def llama_server(model: Path, log: Path, api_key: str = ""):
    pytest.importorskip("llama_cpp.server.app", reason="llama-cpp-python's server extra: `make test` installs it")
    port = _free_port()
    command = [
        sys.executable,
        "-m",
        "llama_cpp.server",
        "--model",
        str(model),
        "--model_alias",
        ALIAS,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--n_ctx",
        "2048",
        "--n_threads",
        "2",
    ]
    if api_key:
        command += ["--api_key", api_key]
    with log.open("w") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    server = Server(f"http://127.0.0.1:{port}/v1", process, log)
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None:
                pytest.fail(f"the llama.cpp server did not start:\n{log.read_text()[-2000:]}")
            try:
                urllib.request.urlopen(f"{server.url}/models", timeout=2).close()
                break
            except urllib.error.HTTPError:  # 401 without the key: it is up
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("the llama.cpp server did not answer within 120 s")
                time.sleep(0.3)
        yield server
    finally:
        server.stop()


@pytest.fixture
def test_model(installed_models_dir, tmp_path) -> Path:
    paths = AppPaths(tmp_path / "data", installed_models_dir, tmp_path / "config")
    return find(catalog(paths), "llm", TEST_MODELS["llm"]).path


def test_the_interviewer_streams_from_the_server_only_with_its_key(test_model, tmp_path):
    with llama_server(test_model, tmp_path / "server.log", api_key=KEY) as server:
        pieces = list(
            HttpLanguageModel(server.url, ALIAS, api_key=KEY).stream_chat(ASK, max_tokens=24, temperature=0.0)
        )
        assert len(pieces) >= 3 and "".join(pieces).strip(), pieces  # token by token, not one block
        for wrong in ("", "not-the-key"):
            with pytest.raises(EngineError, match="answered 401"):
                list(HttpLanguageModel(server.url, ALIAS, api_key=wrong).stream_chat(ASK, max_tokens=4))
        assert endpoint_problem(server.url, ALIAS, KEY) == ""
        assert endpoint_problem(server.url, ALIAS, "").startswith("The server did not answer: ")
        assert "401" in endpoint_problem(server.url, ALIAS, "")


def test_a_model_name_the_server_does_not_have_is_answered_by_the_model_it_serves(test_model, tmp_path):
    """llama.cpp's server has one model and answers every name with it (an Ollama or vLLM server would
    refuse): the test passes, and /models is where the name it serves can be read."""
    with llama_server(test_model, tmp_path / "server.log") as server:
        assert endpoint_problem(server.url, "no-such-model", "") == ""
        listed = json.loads(urllib.request.urlopen(f"{server.url}/models", timeout=5).read())
        assert [m["id"] for m in listed["data"]] == [ALIAS]


def test_the_settings_dialog_tests_the_real_server(qtbot, test_model, tmp_path):
    from interview_voice.ui.settings_dialog import SettingsDialog

    paths = AppPaths(tmp_path / "data", tmp_path / "models", tmp_path / "config")
    paths.ensure()
    with llama_server(test_model, tmp_path / "server.log", api_key=KEY) as server:
        dialog = SettingsDialog(paths, Settings())
        qtbot.addWidget(dialog)
        dialog.show()
        models = dialog.models
        qtbot.mouseClick(models.endpoint_radio, Qt.LeftButton, pos=QPoint(8, models.endpoint_radio.height() // 2))
        qtbot.keyClicks(models.url_edit, server.url)
        qtbot.keyClicks(models.model_edit, ALIAS)
        qtbot.mouseClick(models.test_button, Qt.LeftButton)  # no key yet
        qtbot.waitUntil(lambda: models.test_button.isEnabled(), timeout=60000)
        assert "401" in models.test_label.text()
        qtbot.keyClicks(models.key_edit, KEY)
        qtbot.mouseClick(models.test_button, Qt.LeftButton)
        qtbot.waitUntil(lambda: models.test_button.isEnabled(), timeout=60000)
        assert models.test_label.text().startswith("The server answered")
        qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    saved = Settings.load(paths.settings_file)
    assert (saved.llm_model, saved.llm_endpoint_url, saved.llm_endpoint_api_key) == ("endpoint", server.url, KEY)


def _use_server(cli, server: Server, api_key: str) -> None:  # noqa: F811
    configured = cli("settings", "--llm", "endpoint", "--endpoint", server.url, "--endpoint-model", ALIAS)
    assert configured.returncode == 0, configured.stderr
    settings_file = Path(cli.env["INTERVIEW_VOICE_CONFIG_DIR"]) / "settings.json"
    saved = json.loads(settings_file.read_text())
    saved["llm_endpoint_api_key"] = api_key  # the key is set in the window; the file is what it writes
    settings_file.write_text(json.dumps(saved))


def test_simulate_runs_a_whole_session_with_the_interviewer_on_the_server(
    cli,  # noqa: F811
    answers_dir,
    test_model,
    tmp_path,
):
    with llama_server(test_model, tmp_path / "server.log", api_key=KEY) as server:
        _use_server(cli, server, KEY)
        result = cli(*simulate_args(answers_dir, tmp_path / "out", "--seed", "3", llm=None), timeout=600)
        asked = server.completions()
    assert result.returncode == 0, result.stderr[-2000:]
    assert "unreachable" not in result.stderr
    assert asked >= 2  # the warm-up, and the follow-ups
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    follow_ups = [t for t in report["turns"] if t["kind"] == "follow_up"]
    assert follow_ups and all(t["follow_up_source"] in ("model", "fallback") for t in follow_ups)


def test_a_server_that_stops_mid_session_leaves_the_rest_to_curated_follow_ups(
    cli,  # noqa: F811
    answers_dir,
    test_model,
    tmp_path,
):
    with llama_server(test_model, tmp_path / "server.log") as server:
        _use_server(cli, server, "")
        asked_before = server.completions()

        def stop_after_the_first_request() -> None:
            # the first request is the warm-up at load; the second, the first follow-up
            deadline = time.monotonic() + 300
            while server.completions() < asked_before + 2 and time.monotonic() < deadline:
                time.sleep(0.05)
            server.stop()

        stopper = threading.Thread(target=stop_after_the_first_request, daemon=True)
        stopper.start()
        started = time.monotonic()
        result = cli(*simulate_args(answers_dir, tmp_path / "out", "--seed", "3", llm=None), timeout=600)
        took = time.monotonic() - started
        stopper.join(timeout=10)
    assert server.process.poll() is not None  # it was stopped during the session
    assert result.returncode == 0, result.stderr[-2000:]
    assert "cannot reach the model endpoint" in result.stderr, result.stderr[-2000:]  # said, not hidden
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    follow_ups = [t for t in report["turns"] if t["kind"] == "follow_up"]
    assert follow_ups and follow_ups[-1]["follow_up_source"] == "fallback"  # after the stop: the bank's
    assert took < 300, f"the session took {took:.0f} s"
    [session] = json.loads(cli("sessions", "list", "--json").stdout)
    assert session["answers"] == 4
