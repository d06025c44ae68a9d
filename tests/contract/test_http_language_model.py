"""The OpenAI-compatible endpoint adapter against a streaming server on loopback."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from interview_voice.core.types import ChatMessage
from interview_voice.engines.base import EngineError, LanguageModel
from interview_voice.engines.llm_http import HttpLanguageModel

REPLY = ["What ", "made ", "you ", "pick ", "thirty ", "days?"]


class _Handler(BaseHTTPRequestHandler):
    requests: list[dict] = []

    def log_message(self, *args) -> None:
        pass

    def do_POST(self) -> None:  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        _Handler.requests.append({"path": self.path, "body": body, "auth": self.headers.get("Authorization")})
        if body["model"] == "missing":
            self.send_response(404)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        try:
            for piece in REPLY[: body["max_tokens"]]:
                chunk = {"choices": [{"delta": {"content": piece}}]}
                self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                self.wfile.flush()
            self.wfile.write(b"data: [DONE]\n\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client cancelled: what the cancel test wants


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    httpd.shutdown()


def test_streams_the_reply_and_sends_an_openai_request(server):
    llm = HttpLanguageModel(server, "qwen", api_key="secret")
    assert isinstance(llm, LanguageModel)
    schema = {"type": "object", "properties": {"q": {"type": "string"}}}
    text = "".join(llm.stream_chat([ChatMessage("user", "Ask me")], schema=schema, stop=["\n"], max_tokens=10))
    assert text == "What made you pick thirty days?"
    sent = _Handler.requests[-1]
    assert sent["path"] == "/v1/chat/completions" and sent["auth"] == "Bearer secret"
    assert sent["body"]["stream"] is True and sent["body"]["stop"] == ["\n"]
    assert sent["body"]["response_format"]["json_schema"]["schema"] == schema


def test_cancel_stops_reading(server):
    cancel = threading.Event()
    pieces = []
    for piece in HttpLanguageModel(server, "qwen").stream_chat([ChatMessage("user", "x")], cancel=cancel):
        pieces.append(piece)
        cancel.set()
    assert pieces == ["What "]


def test_errors_are_engine_errors_with_the_address(server):
    with pytest.raises(EngineError, match="answered 404"):
        list(HttpLanguageModel(server, "missing").stream_chat([ChatMessage("user", "x")]))
    with pytest.raises(EngineError, match="cannot reach the model endpoint http://127.0.0.1:9/"):
        list(HttpLanguageModel("http://127.0.0.1:9/v1", "m", timeout=2).stream_chat([ChatMessage("user", "x")]))
    with pytest.raises(EngineError, match="must start with http"):
        HttpLanguageModel("ftp://host", "m")
