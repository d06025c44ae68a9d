"""The GUI's task helper: work on a pool thread, results and errors back on the GUI thread, stale ones dropped."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QWidget

from interview_voice.runtime.native_workers import busy_native_workers
from interview_voice.ui.tasks import TaskRunner


def test_the_result_comes_back_on_the_gui_thread_from_another_thread(qtbot):
    owner = QWidget()
    qtbot.addWidget(owner)
    tasks = TaskRunner(owner)
    ran_on, got = [], []
    tasks.run(
        lambda: ran_on.append(threading.current_thread()) or 42,
        lambda result: got.append((result, threading.current_thread())),
    )
    qtbot.waitUntil(lambda: bool(got), timeout=5000)
    assert ran_on[0] is not threading.main_thread()
    assert got == [(42, threading.main_thread())]


def test_an_error_reaches_on_error_on_the_gui_thread(qtbot):
    owner = QWidget()
    qtbot.addWidget(owner)
    tasks = TaskRunner(owner)
    errors, done = [], []

    def fail():
        raise OSError("disk full")

    tasks.run(fail, done.append, lambda exc: errors.append((exc, threading.current_thread())))
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert done == [] and str(errors[0][0]) == "disk full" and errors[0][1] is threading.main_thread()


def test_a_newer_task_in_the_same_slot_drops_the_older_result(qtbot):
    owner = QWidget()
    qtbot.addWidget(owner)
    tasks = TaskRunner(owner)
    release, got = threading.Event(), []
    slow = tasks.run(lambda: release.wait(5) and "old query", got.append, slot="search")
    tasks.run(lambda: "new query", got.append, slot="search")
    qtbot.waitUntil(lambda: got == ["new query"], timeout=5000)
    release.set()
    qtbot.waitUntil(slow.finished.is_set, timeout=5000)
    qtbot.wait(50)  # the old result's delivery, had it not been dropped
    assert got == ["new query"] and not tasks.busy("search")


def test_a_job_on_a_thread_of_its_own_reports_progress_in_order_then_its_result(qtbot):
    owner = QWidget()
    qtbot.addWidget(owner)
    tasks = TaskRunner(owner)
    seen, got = [], []

    def work(control):
        for step in range(3):
            control.progress(step)
        return threading.current_thread().name

    tasks.start(
        work, got.append, on_progress=lambda step: seen.append((step, threading.current_thread())), thread="test-job"
    )
    qtbot.waitUntil(lambda: bool(got), timeout=5000)
    assert got == ["test-job"]
    assert seen == [(0, threading.main_thread()), (1, threading.main_thread()), (2, threading.main_thread())]


def test_cancel_stops_the_work_and_drops_what_it_reports_unless_asked_to_keep_it(qtbot):
    owner = QWidget()
    qtbot.addWidget(owner)
    tasks = TaskRunner(owner)
    started, seen, got = threading.Event(), [], []

    def work(control):
        started.set()
        control.stop.wait(5)  # a job that checks its stop event between steps
        control.progress("after stop")
        return "stopped early" if control.stop.is_set() else "ran to its end"

    dropped = tasks.start(work, got.append, on_progress=seen.append, thread="test-job")
    assert started.wait(5)
    dropped.cancel()
    qtbot.waitUntil(dropped.finished.is_set, timeout=5000)
    qtbot.wait(50)  # what it reported, had it not been dropped
    assert seen == [] and got == []

    started.clear()
    kept = tasks.start(work, got.append, on_progress=seen.append, thread="test-job")
    assert started.wait(5)
    kept.cancel(keep_reports=True)
    qtbot.waitUntil(lambda: bool(got), timeout=5000)
    assert seen == ["after stop"] and got == ["stopped early"]


def test_a_native_job_on_its_own_thread_holds_the_exit_until_it_ends(qtbot):
    """The window's session and model loader run this way: exit waits for them (runtime/native_workers.py),
    and the task hands out its thread to be joined once the window is gone."""
    owner = QWidget()
    qtbot.addWidget(owner)
    tasks, release, got = TaskRunner(owner), threading.Event(), []
    native = tasks.start(lambda _control: release.wait(5), got.append, thread="test-native", native=True)
    plain = tasks.start(lambda _control: release.wait(5), got.append, thread="test-plain")
    try:
        assert native.thread is not None and native.thread.name == "test-native"
        busy = busy_native_workers()
        assert native.thread in busy and plain.thread not in busy
    finally:
        release.set()
    qtbot.waitUntil(lambda: len(got) == 2, timeout=5000)
    native.thread.join(5)
    assert native.thread not in busy_native_workers()
