"""What the candidate and the window ask of a running session: set from any thread, read by the
runner's loop, its listener and its speaker."""

from __future__ import annotations

import threading

from interview_voice.runtime.typed import TypedInput


class Controls:
    def __init__(self) -> None:
        self.cancel = threading.Event()  # End, a closed window, a signal
        self.answer_done = threading.Event()  # "I'm done"
        self.repeat = threading.Event()  # hear the question again
        self.typed = TypedInput()  # a typed answer, from the window or simulate
