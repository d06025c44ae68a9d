"""An OpenAI-compatible chat endpoint (llama.cpp server, Ollama, vLLM).

This is the only network connection the app ever opens, and only to the
address the user configured.
"""

from __future__ import annotations

import json
import logging
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator

from interview_voice.core.types import ChatMessage
from interview_voice.engines.base import EngineError

log = logging.getLogger(__name__)


class HttpLanguageModel:
    def __init__(self, base_url: str, model: str, *, api_key: str = "", timeout: float = 30.0) -> None:
        if not base_url.startswith(("http://", "https://")):
            raise EngineError(f"the model endpoint {base_url!r} must start with http:// or https://")
        self._url = base_url.rstrip("/") + "/chat/completions"
        self._model = model
        self._api_key = api_key
        self._timeout = timeout
        self.name = f"{model} @ {base_url}"

    def prefill(self, messages: list[ChatMessage]) -> None:
        """Nothing to read ahead: the server keeps its own prompt cache, and a request per
        pause of the candidate would only load it."""

    def stream_chat(self, messages: list[ChatMessage], *, schema: dict | None = None,
                    stop: list[str] | None = None, max_tokens: int = 128,
                    temperature: float = 0.7, cancel: threading.Event | None = None) -> Iterator[str]:
        body: dict = {"model": self._model, "stream": True, "max_tokens": max_tokens,
                      "temperature": temperature,
                      "messages": [{"role": m.role, "content": m.content} for m in messages]}
        if stop:
            body["stop"] = stop
        if schema is not None:
            body["response_format"] = {"type": "json_schema",
                                       "json_schema": {"name": "reply", "schema": schema}}
        headers = {"Content-Type": "application/json"}
        if self._api_key:
            headers["Authorization"] = f"Bearer {self._api_key}"
        request = urllib.request.Request(self._url, data=json.dumps(body).encode(), headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self._timeout) as response:
                for raw in response:
                    if cancel is not None and cancel.is_set():
                        return
                    line = raw.decode("utf-8", "replace").strip()
                    if not line.startswith("data:"):
                        continue
                    data = line[5:].strip()
                    if data == "[DONE]":
                        return
                    try:
                        choice = json.loads(data)["choices"][0]
                    except (ValueError, KeyError, IndexError):
                        continue
                    piece = (choice.get("delta") or {}).get("content")
                    if piece:
                        yield piece
        except urllib.error.HTTPError as exc:
            raise EngineError(f"the model endpoint {self._url} answered {exc.code} {exc.reason}") from exc
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            raise EngineError(f"cannot reach the model endpoint {self._url}: {getattr(exc, 'reason', exc)}") from exc

    def close(self) -> None:
        pass  # one request per call: nothing is held open
