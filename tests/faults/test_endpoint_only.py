"""The endpoint is the only connection: no proxy unless asked for, no password in its address,
and the data folder private to its owner."""

from __future__ import annotations

import json
import os
import stat

import pytest

from interview_voice.core.types import ChatMessage
from interview_voice.engines.base import EngineError
from interview_voice.engines.llm_http import HttpLanguageModel, without_credentials
from tests.faults.endpoint_server import MisbehavingServer

ASK = [ChatMessage("user", "Ask a follow-up.")]
SECRET = "hunter2-secret"


@pytest.fixture
def proxy_in_environment(monkeypatch):
    """A "proxy" that answers like the server, so a request through it succeeds and is seen."""
    with MisbehavingServer("ok") as proxy:
        address = proxy.url.removesuffix("/v1")
        for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY"):
            monkeypatch.setenv(name, address)
        for name in ("no_proxy", "NO_PROXY"):
            monkeypatch.delenv(name, raising=False)
        yield proxy


def test_the_endpoint_is_reached_directly_though_http_proxy_is_set(proxy_in_environment):
    with MisbehavingServer("ok") as server:
        words = "".join(HttpLanguageModel(server.url, "m", timeout=2.0).stream_chat(ASK))
    assert words == "How did you measure churn?"
    assert server.seen == ["/v1/chat/completions"] and proxy_in_environment.seen == []


def test_the_proxy_is_used_when_the_user_asks_for_it(proxy_in_environment):
    with MisbehavingServer("ok") as server:
        "".join(HttpLanguageModel(server.url, "m", timeout=2.0, use_proxy=True).stream_chat(ASK))
    assert server.seen == [] and proxy_in_environment.seen == [f"{server.url}/chat/completions"]


def test_an_address_with_a_password_is_refused_without_repeating_it(caplog):
    with pytest.raises(EngineError) as caught:
        HttpLanguageModel(f"http://admin:{SECRET}@127.0.0.1:9/v1", "m")
    assert "user name or password" in str(caught.value) and SECRET not in str(caught.value)
    assert "http://127.0.0.1:9/v1" in str(caught.value)
    assert SECRET not in caplog.text
    assert without_credentials(f"https://u:{SECRET}@host/v1") == "https://host/v1"


def test_the_settings_command_refuses_and_never_saves_an_address_with_a_password(cli):
    result = cli("settings", "--llm", "endpoint", "--endpoint", f"http://admin:{SECRET}@192.168.1.20:8080/v1")
    assert result.returncode == 2
    assert "user name or password" in result.stderr
    assert SECRET not in result.stderr + result.stdout
    settings_file = cli.data_dir.parent / "cfg" / "settings.json"
    assert not settings_file.exists() or SECRET not in settings_file.read_text(encoding="utf-8")


def test_the_proxy_setting_is_off_unless_turned_on(cli):
    settings_file = cli.data_dir.parent / "cfg" / "settings.json"
    assert cli("settings").returncode == 0
    assert json.loads(settings_file.read_text(encoding="utf-8"))["llm_endpoint_proxy"] is False
    assert cli("settings", "--endpoint-proxy", "on").returncode == 0
    assert json.loads(settings_file.read_text(encoding="utf-8"))["llm_endpoint_proxy"] is True


@pytest.mark.parametrize("command", [("sessions", "list")])
def test_an_open_data_folder_is_made_private(cli, command):
    cli.data_dir.mkdir(parents=True)
    os.chmod(cli.data_dir, 0o755)  # made by an older version, or by hand
    result = cli(*command)
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(cli.data_dir.stat().st_mode) == 0o700


def test_a_hand_edited_address_with_a_password_is_not_shown_by_the_window(qtbot, tmp_path):
    """The settings file edited by hand bypasses the settings command and dialog: the model fails to load with
    a message that does not repeat the password, and the window's list of models does not show it either."""
    from interview_voice.app import AppContext, load_kit, load_llm
    from interview_voice.paths import AppPaths
    from interview_voice.settings import Settings
    from interview_voice.ui.main_window import MainWindow
    from tests.gui.windows import fake_models, file_audio

    paths = AppPaths(tmp_path / "data", tmp_path / "models", tmp_path / "config")
    paths.ensure()
    settings = Settings(llm_model="endpoint", llm_endpoint_url=f"http://admin:{SECRET}@192.168.1.20:8080/v1")
    with pytest.raises(EngineError) as caught:
        load_llm(paths, settings)
    assert SECRET not in str(caught.value)
    window = MainWindow(
        AppContext(
            paths=paths,
            settings=settings,
            load_models=fake_models,
            open_audio=file_audio,
            load_kit=lambda plan: load_kit(paths, plan),
        )
    )
    qtbot.addWidget(window)
    lines = "\n".join(window.first_run_controller.model_lines())
    assert "the server at http://192.168.1.20:8080/v1" in lines and SECRET not in lines
