"""A slow model (a busy machine) does not gather a thread per pause heard: one read-ahead waits, the newest."""

import threading
import time

from interview_voice.core.follow_up_prompt import load_prompts
from interview_voice.paths import resource_dir
from interview_voice.runtime.reading_ahead import ReadAhead
from tests.unit.helpers import LEAD


class SlowModel:
    """Reads a prompt only once released, as a model busy with another request."""

    def __init__(self) -> None:
        self.release, self.reading = threading.Event(), threading.Event()
        self.prefilled: list[str] = []

    def prefill(self, messages) -> None:
        self.reading.set()
        self.release.wait(10)
        self.prefilled.append(messages[-1].content)

    def stop_prefill(self) -> None:
        pass  # this model reads its prompt to the end once released


class Engines:
    def __init__(self, llm) -> None:
        self.llm = llm


class Outlook:
    def context(self, said: str):
        return LEAD, "How would you predict churn?", "Defines the churn label"


def read_ahead_threads() -> int:
    return sum(t.name == "read-ahead" and t.is_alive() for t in threading.enumerate())


def test_pauses_heard_while_the_model_is_busy_wait_as_one_read_of_the_newest_words():
    model = SlowModel()
    reader = ReadAhead(Engines(model), load_prompts(resource_dir("prompts") / "interviewer.toml"))
    said = ""
    for n in range(12):  # a pause after each sentence, the model still on the first
        said = f"{said} Sentence number {n} of my answer.".strip()
        reader.read(Outlook(), said, at_pause=lambda: True)
        assert model.reading.wait(10)  # the first is being read
        assert read_ahead_threads() <= 2  # the one reading and the one waiting
    model.release.set()
    deadline = time.monotonic() + 10
    while len(model.prefilled) < 2 and time.monotonic() < deadline:  # the waiting one reads once the model is free
        time.sleep(0.01)
    reader.close()
    assert len(model.prefilled) == 2
    assert "Sentence number 0 of my answer." in model.prefilled[0]
    assert "Sentence number 1 of" not in model.prefilled[0]
    assert "Sentence number 11 of my answer." in model.prefilled[1]


class CountingModel:
    def __init__(self) -> None:
        self.prefilled: list[str] = []

    def prefill(self, messages) -> None:
        self.prefilled.append(messages[-1].content)

    def stop_prefill(self) -> None:
        pass


def test_a_read_at_a_pause_gives_way_to_the_follow_up_started_from_the_same_pause():
    """The runner starts wording the follow-up a frame after the pause's words are known; that reads
    the same prompt, so the read at the pause is dropped instead of making the follow-up wait for it."""
    model = CountingModel()
    reader = ReadAhead(Engines(model), load_prompts(resource_dir("prompts") / "interviewer.toml"))
    follow_up_started = threading.Event()
    # a margin for a busy machine: the app gives way for 0.1 s
    reader.read(
        Outlook(), "We chose the smaller model.", at_pause=lambda: not follow_up_started.is_set(), give_way_s=1.0
    )
    time.sleep(0.03)
    follow_up_started.set()  # the runner, on its next frame (32 ms)
    time.sleep(1.5)
    reader.read(Outlook(), "We chose the smaller model. It met the budget.", at_pause=lambda: True)  # a later pause
    deadline = time.monotonic() + 10
    while not model.prefilled and time.monotonic() < deadline:
        time.sleep(0.01)
    reader.close()
    assert model.prefilled == [model.prefilled[0]] and "It met the budget." in model.prefilled[0]


class StoppableModel:
    """Reads a prompt until told to stop, as llama.cpp does with a long prompt on a busy machine."""

    def __init__(self) -> None:
        self.reading, self.stop = threading.Event(), threading.Event()
        self.stopped_part_way = False

    def prefill(self, messages) -> None:
        self.reading.set()
        self.stopped_part_way = self.stop.wait(30)  # else it read the whole prompt

    def stop_prefill(self) -> None:
        if self.reading.is_set():
            self.stop.set()


def test_the_read_under_way_is_stopped_when_the_session_ends():
    """Closing the window mid-answer: a read-ahead still running held the cores the answer's last words
    were to be transcribed on, and ran for seconds after the close on a busy machine."""
    model = StoppableModel()
    reader = ReadAhead(Engines(model), load_prompts(resource_dir("prompts") / "interviewer.toml"))
    reader.read(Outlook(), "We chose the smaller model.", at_pause=lambda: True)
    assert model.reading.wait(10)
    reader.close()
    assert model.stopped_part_way, "the read ran to its end after the session ended"
    assert read_ahead_threads() == 0


def test_ending_the_interview_stops_the_read_under_way_without_waiting_for_it():
    """End and the window's close come from the GUI thread, before the answer's last words are transcribed."""
    model = StoppableModel()
    reader = ReadAhead(Engines(model), load_prompts(resource_dir("prompts") / "interviewer.toml"))
    reader.read(Outlook(), "We chose the smaller model.", at_pause=lambda: True)
    assert model.reading.wait(10)
    reader.stop()
    assert model.stop.is_set()
    reader.read(Outlook(), "We chose the smaller model. It met the budget.", at_pause=lambda: True)
    reader.close()
    assert model.stopped_part_way and read_ahead_threads() == 0
