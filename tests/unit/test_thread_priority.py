"""The sound card's threads get a higher priority: the callback thread and the sound server's client thread."""

import ctypes
import os
import sys
import threading

import pytest

from interview_voice.engines import thread_priority

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="threads are named and raised through /proc on Linux")


def _named_thread(name: bytes, ready: threading.Event, done: threading.Event, ids: dict) -> threading.Thread:
    def run() -> None:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(15, ctypes.c_char_p(name), 0, 0, 0)  # PR_SET_NAME, as libpulse names its thread
        ids[name] = threading.get_native_id()
        ready.set()
        done.wait(5)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def test_the_sound_servers_client_thread_is_raised_with_the_callback_thread(monkeypatch):
    raised = []
    monkeypatch.setattr(os, "sched_setscheduler", lambda tid, policy, param: raised.append(tid))
    ids: dict = {}
    done = threading.Event()
    threads = []
    for name in (b"threaded-ml", b"other-worker"):
        ready = threading.Event()
        threads.append(_named_thread(name, ready, done, ids))
        assert ready.wait(5)
    try:
        obtained = thread_priority.raise_audio_thread()
    finally:
        done.set()
        for thread in threads:
            thread.join()
    assert raised[0] == threading.get_native_id()  # the calling (callback) thread first
    assert ids[b"threaded-ml"] in raised, "the client thread that feeds the sound server is raised too"
    assert ids[b"other-worker"] not in raised, "no other thread of the process"
    assert "1 sound client thread" in obtained


def test_with_no_right_to_raise_nothing_changes_and_the_log_says_so(monkeypatch):
    def refuse(*args):
        raise PermissionError("not allowed")

    monkeypatch.setattr(os, "sched_setscheduler", refuse)
    monkeypatch.setattr(os, "setpriority", refuse)
    assert thread_priority.raise_audio_thread().startswith("unchanged")
