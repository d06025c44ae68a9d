"""The model reads a follow-up's prompt while the candidate is still answering."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from interview_voice.core.follow_up_prompt import PromptTemplates, read_ahead_messages
from interview_voice.core.interview import FollowUpOutlook
from interview_voice.runtime.engines import Engines
from interview_voice.runtime.priority import run_in_background

log = logging.getLogger(__name__)


class ReadAhead:
    """Starts read-aheads on threads of their own; close() waits for them, so that whoever owns
    the model may close it as soon as the session ends. Called from the runner's thread and from
    the live-transcript worker: everything it reads from the interview comes as a frozen outlook."""

    def __init__(self, engines: Engines, prompts: PromptTemplates, enabled: bool = True) -> None:
        self._engines = engines  # the model is looked up per read: tests swap it
        self._prompts = prompts
        self._enabled = enabled
        self._reading = threading.Lock()
        self._threads: list[threading.Thread] = []
        self._closed = False
        self._guard = threading.Lock()

    def read(self, outlook: FollowUpOutlook | None, answer_so_far: str = "",
             at_pause: Callable[[], bool] | None = None) -> None:
        """At the start of an answer, the system prompt and the question; later, the stable part
        of the answer too (skipped while a previous read-ahead still runs). at_pause: everything
        said up to a pause, read while the silence lasts (the follow-up may start from it in a
        moment); it waits its turn behind a running read-ahead, and is dropped if at_pause() is
        False by then."""
        context = outlook.context(answer_so_far) if outlook is not None else None
        if not (self._enabled and context):
            return
        if answer_so_far and at_pause is None and self._reading.locked():
            return
        prefill = self._engines.llm.prefill
        messages = read_ahead_messages(self._prompts, *context, answer_so_far)

        def work() -> None:
            if at_pause is None:
                run_in_background()  # it only saves time later: the conversation and the window come first
            with self._reading:
                if self._closed or (at_pause is not None and not at_pause()):
                    return   # the session ended (End, the window closed) while it waited its turn: no use now
                started = time.monotonic()
                prefill(messages)
                log.debug("read ahead %d characters of the answer%s in %.2f s", len(answer_so_far),
                          " at a pause" if at_pause else "", time.monotonic() - started)

        with self._guard:
            if self._closed:
                return
            self._threads = [t for t in self._threads if t.is_alive()]
            thread = threading.Thread(target=work, name="read-ahead", daemon=True)
            self._threads.append(thread)
            thread.start()

    def close(self) -> None:
        """No read-ahead starts from now on, those waiting their turn are dropped, and the running one
        finishes (several queued behind a slow one kept an ended interview from being stored for seconds)."""
        with self._guard:
            self._closed = True
            running = list(self._threads)
        for thread in running:
            thread.join()
