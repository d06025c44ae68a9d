"""The one way the app starts a thread of its own: named, a daemon, and registered when it calls native code.

Whisper (CTranslate2), Piper and Silero (ONNX Runtime) and llama.cpp run on such threads. The
process must not end while one of them is inside the library (runtime/native_workers.py waits
for them), so a thread that calls into one says so with native=True; exit waits for exactly
those. Every thread started here is listed in ARCHITECTURE.md's thread table, and a test
compares the two.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable

_native: weakref.WeakSet[threading.Thread] = weakref.WeakSet()
_lock = threading.Lock()


def new_thread(name: str, target: Callable[..., object], *args: object, native: bool) -> threading.Thread:
    """A daemon thread, not started yet (its owner starts it when it is ready)."""
    thread = threading.Thread(target=target, args=args, name=name, daemon=True)
    if native:
        with _lock:
            _native.add(thread)
    return thread


def start_thread(name: str, target: Callable[..., object], *args: object, native: bool) -> threading.Thread:
    """Start target(*args) on a daemon thread; native=True: it calls into a native engine library."""
    thread = new_thread(name, target, *args, native=native)
    thread.start()
    return thread


def native_threads() -> list[threading.Thread]:
    """The running threads that call native engine code."""
    with _lock:
        return [t for t in _native if t.is_alive()]
