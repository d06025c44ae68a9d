"""Work off the GUI thread: run a callable on a thread pool, get its result back on the GUI thread.

    self.tasks = TaskRunner(self)
    self.tasks.run(lambda: store.list(search=text), self._show_sessions, on_error=self._warn, slot="search")

The callable runs on a pool thread and must not touch widgets. Its result (or its exception)
comes back through a queued signal and is handed to on_done (or on_error) on the GUI thread.
A task started in the same slot supersedes the one before it: the older result is dropped,
so search-as-you-type only ever shows the newest query. Results for a runner whose owner
widget was destroyed are dropped too (the runner dies with its parent).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


@dataclass(eq=False)
class Task:
    """A handle on one submitted task; cancel() drops its result (the work itself runs to its end)."""

    name: str
    on_done: Callable[[Any], None]
    on_error: Callable[[BaseException], None] | None
    slot: str | None = None
    cancelled: bool = False
    finished: threading.Event = field(default_factory=threading.Event)   # set once the work has run

    def cancel(self) -> None:
        self.cancelled = True


@dataclass(eq=False)
class _Outcome:
    # One object payload: plain bools and floats emitted from a worker thread misbehaved in PySide6 6.12.
    task: Task
    result: Any = None
    error: BaseException | None = None


class _Job(QRunnable):
    def __init__(self, task: Task, work: Callable[[], Any], deliver: Signal) -> None:
        super().__init__()
        self.task, self.work, self.deliver = task, work, deliver

    def run(self) -> None:  # on a pool thread
        try:
            outcome = _Outcome(self.task, result=self.work())
        except Exception as exc:  # handed to on_error on the GUI thread, never a silent thread death
            outcome = _Outcome(self.task, error=exc)
        self.task.finished.set()
        try:
            self.deliver.emit(outcome)
        except RuntimeError:  # the runner was deleted with its widget: nobody is waiting for this
            log.debug("dropped the result of %s: its window is gone", self.task.name)


class TaskRunner(QObject):
    """Create it on the GUI thread, parented to the widget that wants the results."""

    _delivered = Signal(object)   # _Outcome, queued to this object's (the GUI) thread

    def __init__(self, parent: QObject | None = None, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self.pool = pool or QThreadPool.globalInstance()
        self._latest: dict[str, Task] = {}
        self._delivered.connect(self._deliver)

    def run(self, work: Callable[[], Any], on_done: Callable[[Any], None],
            on_error: Callable[[BaseException], None] | None = None, *, slot: str | None = None,
            name: str = "task") -> Task:
        """Start work() on the pool; on_done(result) or on_error(exception) later, on the GUI thread."""
        task = Task(name=slot or name, on_done=on_done, on_error=on_error, slot=slot)
        if slot is not None:
            previous = self._latest.get(slot)
            if previous is not None:
                previous.cancel()   # stale: a newer request replaces it
            self._latest[slot] = task
        self.pool.start(_Job(task, work, self._delivered))
        return task

    def busy(self, slot: str) -> bool:
        """A task in this slot is still running or its result has not been handed over yet."""
        return slot in self._latest

    def _deliver(self, outcome: _Outcome) -> None:  # on the GUI thread
        task = outcome.task
        if task.slot is not None and self._latest.get(task.slot) is task:
            del self._latest[task.slot]
        if task.cancelled:
            log.debug("dropped a stale result of %s", task.name)
            return
        if outcome.error is None:
            task.on_done(outcome.result)
        elif task.on_error is not None:
            task.on_error(outcome.error)
        else:
            log.error("%s failed", task.name, exc_info=outcome.error)
