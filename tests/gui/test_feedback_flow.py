"""The feedback job tells the window when its session was deleted while it ran."""

import threading
from types import SimpleNamespace

from interview_voice.ui.feedback_flow import GONE, FeedbackWorker


class _Store:
    """Holds the session for the first look only: deleted from the History while the recording is read."""

    def __init__(self) -> None:
        self.looks = 0

    def get(self, session_id):
        self.looks += 1
        return SimpleNamespace(id=session_id) if self.looks == 1 else None


class _Service:
    def __init__(self) -> None:
        self.store = _Store()
        self.worded = False

    def metrics(self, session_id, audio=True, judge=False):
        return ({}, [])

    def word(self, *args, **kwargs):
        self.worded = True


def test_a_session_deleted_while_its_feedback_is_computed_is_reported_gone_and_never_shown_as_none():
    said: list[tuple] = []
    control = SimpleNamespace(progress=said.append, stop=threading.Event())
    service = _Service()
    FeedbackWorker._run(service, "s1", control)  # type: ignore[arg-type]
    assert [m[0] for m in said] == ["metrics_ready", "failed"]
    assert said[-1] == ("failed", "s1", GONE)
    assert not service.worded  # nothing is worded for a session no longer stored
