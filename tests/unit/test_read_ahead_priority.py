"""The model's read-ahead runs at the conversation's priority: the follow-up waits for it to finish.

A read-ahead holds the model while it reads. At a lower priority on a busy laptop (a browser on one
core, the live transcription on the other) it was starved: the question's prompt took 76 s to read,
and the follow-up waited behind it past its deadline every time (a priority inversion the app cannot
undo, since an ordinary user may not raise a thread's priority again)."""

import os
import sys
import threading

import pytest

from interview_voice.core.follow_up_prompt import load_prompts
from interview_voice.paths import resource_dir
from interview_voice.runtime.reading_ahead import ReadAhead
from tests.unit.test_read_ahead_queue import Engines, Outlook


class PriorityModel:
    def __init__(self) -> None:
        self.niceness: list[int] = []
        self.done = threading.Event()

    def prefill(self, messages) -> None:
        self.niceness.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))
        self.done.set()


@pytest.mark.skipif(sys.platform != "linux", reason="niceness is per thread on Linux only")
@pytest.mark.parametrize("said", ["", "I would define churn as no renewal within thirty days."])
def test_the_question_and_the_answer_so_far_are_read_at_the_conversations_priority(said):
    model = PriorityModel()
    reader = ReadAhead(Engines(model), load_prompts(resource_dir("prompts") / "interviewer.toml"))
    own = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    reader.read(Outlook(), said)
    assert model.done.wait(10)
    reader.close()
    assert model.niceness == [own]
