"""The model reads a follow-up's prompt while the candidate is still answering."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from interview_voice.core.follow_up_prompt import PromptTemplates, read_ahead_messages
from interview_voice.core.interview import FollowUpOutlook
from interview_voice.runtime.engines import Engines
from interview_voice.threads import start_thread

log = logging.getLogger(__name__)
QUEUED = 8  # reads kept for the waiting thread, newest last
GIVE_WAY_S = 0.1  # a read at a pause waits this long for the runner's decision to word the follow-up


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
        # The reads not yet started, for one thread waiting its turn: a slow model (a busy machine) made
        # a thread wait per pause heard, hundreds in a long interview, each for a prompt the next extends.
        self._queued: list[tuple[Callable[[list], None], list, Callable[[], bool] | None, int]] = []

    def read(
        self,
        outlook: FollowUpOutlook | None,
        answer_so_far: str = "",
        at_pause: Callable[[], bool] | None = None,
        give_way_s: float = 0.0,
    ) -> None:
        """At the start of an answer, the system prompt and the question; later, the stable part
        of the answer too (skipped while a previous read-ahead still runs). at_pause: everything
        said up to a pause, read while the silence lasts (the follow-up may start from it in a
        moment); it waits its turn behind a running read-ahead, and is dropped if at_pause() is
        False by then (give_way_s: after waiting that long for the runner, which may start the
        follow-up from the same words: that reads the same prompt, and this read would only make it
        wait). One thread waits, for the newest read still wanted when the model is free
        (it keeps the longest prompt prefix it has read: the older reads are in the newer)."""
        context = outlook.context(answer_so_far) if outlook is not None else None
        if not (self._enabled and context):
            return
        if answer_so_far and at_pause is None and self._reading.locked():
            return
        job = (
            self._engines.llm.prefill,
            read_ahead_messages(self._prompts, *context, answer_so_far),
            at_pause,
            len(answer_so_far),
        )

        def work() -> None:
            if at_pause is not None and give_way_s:
                time.sleep(give_way_s)
            with self._reading:
                with self._guard:
                    queued, self._queued = ([] if self._closed else self._queued), []
                # (the session ended, by End or closing the window, while it waited its turn: no use now)
                # the newest read still wanted: the model keeps the prompt prefix, which the older ones are
                valid = next((j for j in reversed(queued) if j[2] is None or j[2]()), None)
                if valid is None:
                    return
                prefill, messages, still_paused, said = valid
                started = time.monotonic()
                prefill(messages)
                log.debug(
                    "read ahead %d characters of the answer%s in %.2f s",
                    said,
                    " at a pause" if still_paused else "",
                    time.monotonic() - started,
                )

        with self._guard:
            if self._closed:
                return
            waiting = bool(self._queued)
            self._queued = [*self._queued[-(QUEUED - 1) :], job]
            if waiting:
                return  # a read-ahead already waits its turn: it takes these newer words too
            self._threads = [t for t in self._threads if t.is_alive()]
            self._threads.append(start_thread("read-ahead", work, native=True))

    def stop(self) -> None:
        """The interview is ending (End, the window closed; from any thread, never waiting): no read-ahead
        starts from now on, those waiting their turn are dropped (several queued behind a slow one kept an
        ended interview from being stored for seconds), and the running one is stopped where it is: no
        follow-up is asked now, and on a busy machine it held the cores the answer's last words were then
        transcribed on (it ran for seconds after the window was closed mid-answer)."""
        with self._guard:
            self._closed = True
            running = any(t.is_alive() for t in self._threads)
        if running:
            self._engines.llm.stop_prefill()

    def close(self) -> None:
        """As stop(), and the read-aheads have ended when it returns: the model is free for its owner."""
        with self._guard:
            self._closed = True
            running = list(self._threads)
        for thread in running:
            while thread.is_alive():  # asked again until it ends: it may have been about to start its read
                self._engines.llm.stop_prefill()
                thread.join(0.05)
