"""Work off the GUI thread: run a callable on a thread pool, get its result back on the GUI thread.

    self.tasks = TaskRunner(self)
    self.tasks.run(lambda: store.list(search=text), self._show_sessions, on_error=self._warn, slot="search")

The callable runs on a pool thread and must not touch widgets. Its result (or its exception)
comes back through a queued signal and is handed to on_done (or on_error) on the GUI thread.
A task started in the same slot supersedes the one before it: the older result is dropped,
so search-as-you-type only ever shows the newest query. Results for a runner whose owner
widget was destroyed are dropped too (the runner dies with its parent).

Longer jobs take a `TaskControl` through `start(work, ...)`: `control.progress(value)` reaches
on_progress on the GUI thread, and `control.stop` (an Event) is set when the task is cancelled,
for the work to check between steps; `task.cancel()` drops what the work reports from then on,
`task.cancel(keep_reports=True)` still delivers how it ended. A job that runs for minutes or calls native engine code
runs on a thread of its own (`thread="name"`, started through `threads.start_thread`, so exit
waits for it when `native=True`) instead of holding one of the pool's few threads.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, SignalInstance

from interview_voice.threads import start_thread

log = logging.getLogger(__name__)


@dataclass(eq=False)
class Task:
    """A handle on one submitted task. cancel() sets its stop event (work that checks it ends early; other
    work runs to its end) and drops what it reports from then on, unless keep_reports (a job that says how
    it stopped)."""

    name: str
    on_done: Callable[[Any], None]
    on_error: Callable[[BaseException], None] | None
    slot: str | None = None
    on_progress: Callable[[Any], None] | None = None
    stop: threading.Event = field(default_factory=threading.Event)  # set by cancel()
    finished: threading.Event = field(default_factory=threading.Event)  # set once the work has run
    dropped: bool = False  # what it reports is no longer wanted
    thread: threading.Thread | None = None  # its own thread, when started with thread=name (to join at exit)

    @property
    def cancelled(self) -> bool:
        return self.stop.is_set()

    def cancel(self, keep_reports: bool = False) -> None:
        """Ask the work to stop; may be called from any thread."""
        self.dropped = self.dropped or not keep_reports
        self.stop.set()


class TaskControl:
    """What a job started with TaskRunner.start is handed: its stop event and a way to report progress."""

    def __init__(self, task: Task, deliver: Callable[[object], None]) -> None:
        self._task, self._deliver = task, deliver
        self.stop = task.stop

    def progress(self, value: Any) -> None:
        """Hand value to on_progress, later, on the GUI thread (dropped once the task is cancelled)."""
        if self._task.on_progress is not None and not self._task.dropped:
            self._deliver(_Progress(self._task, value))


@dataclass(eq=False)
class _Outcome:
    # One object payload: plain bools and floats emitted from a worker thread misbehaved in PySide6 6.12.
    task: Task
    result: Any = None
    error: BaseException | None = None


@dataclass(eq=False)
class _Progress:
    task: Task
    value: Any


class _Job(QRunnable):
    def __init__(self, task: Task, work: Callable[[TaskControl], Any], deliver: SignalInstance) -> None:
        super().__init__()
        self.task, self.work, self.deliver = task, work, deliver

    def run(self) -> None:  # on a pool thread, or a thread of its own
        try:
            outcome = _Outcome(self.task, result=self.work(TaskControl(self.task, self._emit)))
        except Exception as exc:  # handed to on_error on the GUI thread, never a silent thread death
            outcome = _Outcome(self.task, error=exc)
        self.task.finished.set()
        self._emit(outcome)

    def _emit(self, message: object) -> None:
        try:
            self.deliver.emit(message)
        except RuntimeError:  # the runner was deleted with its widget: nobody is waiting for this
            log.debug("dropped what %s reported: its window is gone", self.task.name)


class TaskRunner(QObject):
    """Create it on the GUI thread, parented to the widget that wants the results."""

    _delivered = Signal(object)  # _Outcome or _Progress, queued to this object's (the GUI) thread

    def __init__(self, parent: QObject | None = None, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self.pool = pool or QThreadPool.globalInstance()
        self._latest: dict[str, Task] = {}
        self._delivered.connect(self._deliver)

    def run(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
        *,
        slot: str | None = None,
        name: str = "task",
    ) -> Task:
        """Start work() on the pool; on_done(result) or on_error(exception) later, on the GUI thread."""
        return self.start(lambda _control: work(), on_done, on_error, slot=slot, name=name)

    def start(
        self,
        work: Callable[[TaskControl], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
        *,
        on_progress: Callable[[Any], None] | None = None,
        slot: str | None = None,
        name: str = "task",
        thread: str | None = None,
        native: bool = False,
    ) -> Task:
        """Start work(control); its progress, then its result or exception, come back on the GUI thread.

        thread: run it on a thread of its own with this name (native: it calls native engine code),
        not on the pool.
        """
        task = Task(name=slot or thread or name, on_done=on_done, on_error=on_error, slot=slot, on_progress=on_progress)
        if slot is not None:
            previous = self._latest.get(slot)
            if previous is not None:
                previous.cancel()  # stale: a newer request replaces it
            self._latest[slot] = task
        job = _Job(task, work, self._delivered)
        if thread is None:
            self.pool.start(job)
        else:
            task.thread = start_thread(thread, job.run, native=native)
        return task

    def busy(self, slot: str) -> bool:
        """A task in this slot is still running or its result has not been handed over yet."""
        return slot in self._latest

    def _deliver(self, message: _Outcome | _Progress) -> None:  # on the GUI thread
        task = message.task
        if isinstance(message, _Progress):
            if not task.dropped and task.on_progress is not None:
                task.on_progress(message.value)
            return
        if task.slot is not None and self._latest.get(task.slot) is task:
            del self._latest[task.slot]
        if task.dropped:
            log.debug("dropped a stale result of %s", task.name)
            return
        if message.error is None:
            task.on_done(message.result)
        elif task.on_error is not None:
            task.on_error(message.error)
        else:
            log.error("%s failed", task.name, exc_info=message.error)
