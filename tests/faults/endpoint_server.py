"""A local OpenAI-compatible server on 127.0.0.1 that misbehaves on purpose, for the endpoint fault tests.

Modes: ok, hang (reads the request, never answers), keepalive (headers, then SSE comments
forever), endless (tokens without end), html (a 200 web page), garbage (data: lines that are not
JSON), error (500). Every loop stops by itself after at most LIFETIME_S, or when the client goes.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LIFETIME_S = 120.0


def _chunk(text: str) -> bytes:
    return f"data: {json.dumps({'choices': [{'delta': {'content': text}}]})}\n\n".encode()


class Handler(BaseHTTPRequestHandler):
    mode = "ok"
    stopping: threading.Event
    seen: list[str]

    def log_message(self, *args) -> None:
        pass

    def _stream_headers(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()

    def do_POST(self) -> None:  # noqa: N802 - the http.server name
        self.seen.append(self.path)  # a proxy is asked for the whole URL, a server for its path
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        until = time.monotonic() + LIFETIME_S
        try:
            if self.mode == "ok":
                self._stream_headers()
                for word in ("How ", "did ", "you ", "measure ", "churn?"):
                    self.wfile.write(_chunk(word))
                self.wfile.write(b"data: [DONE]\n\n")
            elif self.mode == "hang":
                self.stopping.wait(LIFETIME_S)
            elif self.mode in ("keepalive", "endless"):
                self._stream_headers()
                while time.monotonic() < until and not self.stopping.is_set():
                    self.wfile.write(b": keep-alive\n\n" if self.mode == "keepalive" else _chunk("and "))
                    self.wfile.flush()
                    time.sleep(0.1)
            elif self.mode == "html":
                body = b"<html><body>Welcome to nginx!</body></html>"
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            elif self.mode == "garbage":
                self._stream_headers()
                self.wfile.write(b"data: {not json at all\n\ndata: [1, 2, 3]\n\ndata: [DONE]\n\n")
            elif self.mode == "error":
                self.send_error(500, "model crashed")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up, as it should


class MisbehavingServer:
    def __init__(self, mode: str) -> None:
        handler = type("ModeHandler", (Handler,), {"mode": mode, "stopping": threading.Event(), "seen": []})
        self._stopping = handler.stopping
        self.seen: list[str] = handler.seen  # the paths of the requests it was sent
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> "MisbehavingServer":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()


if __name__ == "__main__":  # python endpoint_server.py MODE: serve until killed
    import sys

    with MisbehavingServer(sys.argv[1]) as server:
        print(server.url, flush=True)
        threading.Event().wait(LIFETIME_S)
