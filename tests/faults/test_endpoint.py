"""A model endpoint that hangs, keeps the line open without words, talks without end or answers
garbage: every request ends by the clock, the error is clear and logged, and a whole session
on such an endpoint still runs on curated follow-ups and says the model is unreachable."""

from __future__ import annotations

import json
import threading
import time

import pytest

from interview_voice.core.types import ChatMessage
from interview_voice.engines.base import EngineError
from interview_voice.engines.llm_http import HttpLanguageModel
from tests.faults.endpoint_server import MisbehavingServer
from tests.simulate_cli import simulate_args

ASK = [ChatMessage("user", "Ask a follow-up.")]


def _client(server: MisbehavingServer) -> HttpLanguageModel:
    return HttpLanguageModel(server.url, "m", timeout=2.0, idle_s=1.5, request_s=4.0)


@pytest.mark.parametrize(
    "mode, says, limit_s",
    [
        ("hang", "answered nothing for 2 s", 3.0),
        ("keepalive", "answered nothing for 2 s", 3.0),
        ("html", "not an OpenAI-compatible chat stream", 1.0),
        ("garbage", "not an OpenAI-compatible chat stream", 1.0),
        ("error", "answered 500", 1.0),
    ],
)
def test_a_misbehaving_endpoint_is_an_error_within_its_deadline(mode, says, limit_s, caplog):
    with MisbehavingServer(mode) as server:
        started = time.monotonic()
        with pytest.raises(EngineError, match=says):
            list(_client(server).stream_chat(ASK))
        assert time.monotonic() - started < limit_s
    if mode == "garbage":
        assert "not a chat chunk" in caplog.text  # each bad line is logged as such


def test_tokens_without_end_stop_at_max_tokens_and_at_the_request_deadline():
    with MisbehavingServer("endless") as server:
        started = time.monotonic()
        assert len(list(_client(server).stream_chat(ASK, max_tokens=5))) == 5
        with pytest.raises(EngineError, match="did not finish within 4 s"):
            list(_client(server).stream_chat(ASK, max_tokens=10_000))
        assert time.monotonic() - started < 6


def test_a_cancelled_request_on_a_silent_endpoint_returns_at_once():
    cancel = threading.Event()
    with MisbehavingServer("keepalive") as server:
        threading.Timer(0.3, cancel.set).start()
        started = time.monotonic()
        assert list(_client(server).stream_chat(ASK, cancel=cancel)) == []
        assert time.monotonic() - started < 1.0


def test_a_well_behaved_endpoint_still_streams():
    with MisbehavingServer("ok") as server:
        assert "".join(_client(server).stream_chat(ASK)) == "How did you measure churn?"


def test_a_whole_session_on_a_silent_endpoint_runs_on_curated_follow_ups(cli, answers_dir, tmp_path):
    with MisbehavingServer("keepalive") as server:  # the hardest: the line stays busy, no word comes
        configured = cli("settings", "--llm", "endpoint", "--endpoint", server.url, "--endpoint-model", "m")
        assert configured.returncode == 0, configured.stderr
        started = time.monotonic()
        result = cli(*simulate_args(answers_dir, tmp_path / "out", llm=None), timeout=600)
        took = time.monotonic() - started
    assert result.returncode == 0, result.stderr[-2000:]
    assert "The interviewer model is unreachable" in result.stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    follow_ups = [t for t in report["turns"] if t["kind"] == "follow_up"]
    assert follow_ups and all(f["follow_up_source"] == "fallback" for f in follow_ups)
    assert took < 150, f"the session took {took:.0f} s on a silent endpoint"
    [session] = json.loads(cli("sessions", "list", "--json").stdout)
    assert session["answers"] == 4
