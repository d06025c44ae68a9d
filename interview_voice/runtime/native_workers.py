"""Leaving the process only when no worker is inside a native library.

Whisper (CTranslate2), Piper and Silero (ONNX Runtime) and llama.cpp run on
daemon threads. If the interpreter exits while one of them is still inside the
library, the library's C++ destructors run under it and the process aborts
("terminate called without an active exception", exit -6), after the session
was saved but with a crash instead of the exit code the user was promised.
Such threads are started with `threads.start_thread(..., native=True)`.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time

from interview_voice.threads import native_threads

log = logging.getLogger(__name__)


def busy_native_workers() -> list[threading.Thread]:
    """Exactly the threads started with native=True (threads.py) that are still running: none is known by name."""
    return native_threads()


def settle(timeout_s: float = 10.0) -> bool:
    """Wait up to timeout_s for the engine workers to finish; True when none is left."""
    deadline = time.monotonic() + timeout_s
    for thread in busy_native_workers():
        thread.join(max(0.0, deadline - time.monotonic()))
    left = busy_native_workers()
    if left:
        log.warning("still busy at exit: %s", ", ".join(t.name for t in left))
    return not left


def exit_code_when_idle(code: int, timeout_s: float = 10.0) -> int:
    """The exit code, once no engine worker is inside native code; if one stays busy past timeout_s,
    the process leaves at once without running the libraries' destructors under it (the caller has
    saved everything by now, or left it for the next start)."""
    if settle(timeout_s):
        return code
    sys.stdout.flush()
    sys.stderr.flush()
    logging.shutdown()
    os._exit(code)
