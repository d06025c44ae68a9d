"""An OpenAI-compatible chat endpoint (llama.cpp server, Ollama, vLLM).

This is the only network connection the app ever opens, and only to the
address the user configured: straight to it, not through the proxy the
environment names (`http_proxy` would otherwise see every prompt, transcript and
the key), unless the user asks for the proxy in Settings. An address holding a
user name or password is refused: it would be printed and stored with the
model's name; the key has its own field.

Every request has deadlines kept by the clock, not by the next token: a server
that hangs, streams keep-alives without tokens, or tokens without end is given
up on in bounded time (and at once when the caller cancels). The response is
read on a thread of its own so that the caller never blocks on the socket.
"""

from __future__ import annotations

import json
import logging
import queue
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator

from interview_voice.core.types import ChatMessage
from interview_voice.engines.base import EngineError
from interview_voice.threads import new_thread

log = logging.getLogger(__name__)
_END = object()
POLL_S = 0.05  # how often a waiting caller checks its cancel event


def _hang_up(response) -> None:
    """Close a response another thread is reading: shutting the socket down wakes its read."""
    try:
        response.fp.raw._sock.shutdown(socket.SHUT_RDWR)
    except (AttributeError, OSError):
        pass
    try:
        response.close()
    except Exception:  # noqa: BLE001 - closing is best effort
        pass


def without_credentials(url: str) -> str:
    """The address with any user name and password taken out, for messages."""
    try:
        parts = urllib.parse.urlsplit(url)
        if parts.username is None and parts.password is None:
            return url
        return urllib.parse.urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))
    except ValueError:
        return "(an address that cannot be read)"


def endpoint_problem(url: str) -> str | None:
    """Why this endpoint address cannot be used, in words (never repeating a password), or None."""
    if not url.startswith(("http://", "https://")):
        return f"the model endpoint {without_credentials(url)!r} must start with http:// or https://"
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        return f"the model endpoint {without_credentials(url)!r} is not an address that can be read"
    if parts.username is not None or parts.password is not None:
        return (
            f"the model endpoint address holds a user name or password ({without_credentials(url)} with "
            "'user:…@' before the host). It is not used and not saved: put the server's key in the API key "
            "field (Settings, Models) and the address without it"
        )
    return None


def opener(use_proxy: bool) -> urllib.request.OpenerDirector:
    """Straight to the endpoint; through the environment's proxy only when the user asked for it."""
    if use_proxy:
        return urllib.request.build_opener()
    return urllib.request.build_opener(urllib.request.ProxyHandler({}))


class HttpLanguageModel:
    def __init__(
        self,
        base_url: str,
        model: str,
        *,
        api_key: str = "",
        timeout: float = 10.0,
        idle_s: float = 15.0,
        request_s: float = 45.0,
        use_proxy: bool = False,
    ) -> None:
        """timeout: to connect; idle_s: longest wait for the next token (the first included);
        request_s: longest a whole request may take; use_proxy: go through the environment's
        proxy (http_proxy, https_proxy), which is not used otherwise."""
        problem = endpoint_problem(base_url)
        if problem:
            raise EngineError(problem)
        self._opener = opener(use_proxy)
        self._url = base_url.rstrip("/") + "/chat/completions"
        self._model = model
        self._api_key = api_key
        self._timeout = timeout
        self.idle_s, self.request_s = idle_s, request_s
        self.name = f"{model} @ {base_url}"
        self.problem = ""  # set when the warm-up found it unreachable

    def prefill(self, messages: list[ChatMessage]) -> None:
        """Nothing to read ahead: the server keeps its own prompt cache, and a request per
        pause of the candidate would only load it."""

    def stop_prefill(self) -> None:
        """No prefill runs here (prefill does nothing)."""

    def _request(
        self,
        messages: list[ChatMessage],
        schema: dict | None,
        stop: list[str] | None,
        max_tokens: int,
        temperature: float,
    ) -> urllib.request.Request:
        body: dict = {
            "model": self._model,
            "stream": True,
            "max_tokens": max_tokens,
            "temperature": temperature,
            "messages": [{"role": m.role, "content": m.content} for m in messages],
        }
        if stop:
            body["stop"] = stop
        if schema is not None:
            body["response_format"] = {"type": "json_schema", "json_schema": {"name": "reply", "schema": schema}}
        headers = {"Content-Type": "application/json"}
        if self._api_key:
            headers["Authorization"] = f"Bearer {self._api_key}"
        return urllib.request.Request(self._url, data=json.dumps(body).encode(), headers=headers)

    def stream_chat(
        self,
        messages: list[ChatMessage],
        *,
        schema: dict | None = None,
        stop: list[str] | None = None,
        max_tokens: int = 128,
        temperature: float = 0.7,
        cancel: threading.Event | None = None,
    ) -> Iterator[str]:
        request = self._request(messages, schema, stop, max_tokens, temperature)
        lines: queue.Queue = queue.Queue()
        held: list = []  # the open response, so that giving up can close it under the reader
        reader = new_thread("endpoint-reader", self._read, request, lines, held, native=False)
        started = time.monotonic()
        reader.start()
        last_token, pieces, garbage, other = started, 0, 0, []
        try:
            while True:
                now = time.monotonic()
                if cancel is not None and cancel.is_set():
                    return
                if now - started > self.request_s:
                    raise EngineError(f"the model endpoint {self._url} did not finish within {self.request_s:.0f} s")
                if now - last_token > self.idle_s:
                    what = "answered nothing" if pieces == 0 else "stopped sending words"
                    raise EngineError(f"the model endpoint {self._url} {what} for {self.idle_s:.0f} s")
                try:
                    item = lines.get(timeout=POLL_S)
                except queue.Empty:
                    continue
                if item is _END:
                    break
                if isinstance(item, EngineError):
                    raise item
                line = item.strip()
                if not line or line.startswith(":"):  # blank lines and SSE comments (keep-alives)
                    continue
                if not line.startswith("data:"):
                    other.append(line)
                    continue
                data = line[5:].strip()
                if data == "[DONE]":
                    break
                try:
                    choice = json.loads(data)["choices"][0]
                    piece = (choice.get("delta") or {}).get("content")
                except (ValueError, KeyError, IndexError, TypeError, AttributeError):
                    garbage += 1
                    log.warning("the model endpoint sent a line that is not a chat chunk: %.120s", data)
                    continue
                if piece:
                    last_token = time.monotonic()
                    pieces += 1
                    yield piece
                    if pieces >= max_tokens:  # a server that ignores max_tokens is stopped here
                        return
            if pieces == 0:
                whole = self._whole_answer("\n".join(other))
                if whole:
                    yield whole  # a server that ignored "stream": one JSON answer
                elif other or garbage:
                    sample = (other or ["(unreadable chunks)"])[0]
                    raise EngineError(
                        f"the model endpoint {self._url} answered something that is not an "
                        f"OpenAI-compatible chat stream: {sample[:120]!r}"
                    )
        finally:
            if held:
                _hang_up(held[0])

    @staticmethod
    def _whole_answer(body: str) -> str:
        try:
            return str(json.loads(body)["choices"][0]["message"]["content"] or "")
        except (ValueError, KeyError, IndexError, TypeError):
            return ""

    def _read(self, request: urllib.request.Request, lines: queue.Queue, held: list) -> None:
        try:
            with self._opener.open(request, timeout=self._timeout) as response:
                held.append(response)
                for raw in response:
                    lines.put(raw.decode("utf-8", "replace"))
        except urllib.error.HTTPError as exc:
            lines.put(EngineError(f"the model endpoint {self._url} answered {exc.code} {exc.reason}"))
        except (urllib.error.URLError, TimeoutError, ConnectionError, OSError, ValueError) as exc:
            lines.put(EngineError(f"cannot reach the model endpoint {self._url}: {getattr(exc, 'reason', exc)}"))
        except Exception as exc:  # noqa: BLE001 - e.g. the response closed under us after giving up
            lines.put(EngineError(f"the model endpoint {self._url} stream broke off: {exc}"))
        finally:
            lines.put(_END)

    def close(self) -> None:
        pass  # one request per call: nothing is held open
