"""The floor's states: the paths a session takes through them, and a move it never makes is logged."""

import logging
import threading

from interview_voice.core.commands import Listen
from interview_voice.runtime.floor import Floor, FloorState, OpenAnswer


class StubAfter:
    """Listening on after an answer: resumes when told to."""

    def __init__(self, resumes: bool = False) -> None:
        self.resumes = resumes
        self.resumed = threading.Event()
        self.windows_closed = 0

    def close_window(self, settle_s: float = 0.0) -> bool:
        self.windows_closed += 1
        return self.resumes


def _open_answer() -> OpenAnswer:
    return OpenAnswer(Listen("q-one", 60), {"at": 1}, None)


def _answer_ended_at_silence(floor: Floor, after: StubAfter) -> None:
    floor.answer_starts()
    floor.answer_ends()
    floor.listen_on(after, _open_answer())  # type: ignore[arg-type]


def test_an_answer_then_a_line_over_which_the_microphone_records_then_the_next_answer(caplog):
    floor, after = Floor(), StubAfter()
    assert floor.state is FloorState.IDLE and not floor.mic_open and not floor.listening_on
    _answer_ended_at_silence(floor, after)
    assert floor.state is FloorState.LISTENING_ON and floor.listening_on and floor.open_answer is not None
    assert floor.resumption() is after.resumed
    assert floor.line_starts(0.4) is False and floor.state is FloorState.OVER_LINE
    assert floor.line_starts(0.4) is False and after.windows_closed == 2  # each line closes the window again
    assert floor.take_after() is after and floor.state is FloorState.IDLE
    assert floor.take_after() is None
    floor.answer_starts()
    assert floor.state is FloorState.ANSWERING
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_speech_before_the_line_resumes_the_answer():
    floor, after = Floor(), StubAfter(resumes=True)
    _answer_ended_at_silence(floor, after)
    assert floor.line_starts(0.4) is True and floor.state is FloorState.LISTENING_ON
    assert floor.take_after() is after
    answer = floor.open_answer
    floor.forget_answer()
    assert answer is not None and answer.checkpoint == {"at": 1} and floor.open_answer is None
    floor.answer_starts()
    assert floor.state is FloorState.ANSWERING


def test_a_barge_in_monitor_holds_what_it_heard_for_the_next_answer():
    floor = Floor()
    held = floor.hold()
    floor.watching()
    assert floor.state is FloorState.WATCHING and floor.mic_open
    held.append((1.0, None))  # the monitor appends from its thread
    floor.watched()
    assert floor.state is FloorState.MIC_OPEN and floor.mic_open
    assert floor.take_held() == [(1.0, None)] and floor.take_held() == []
    floor.answer_starts()
    assert floor.state is FloorState.ANSWERING and not floor.mic_open


def test_a_new_monitor_lets_go_of_audio_held_from_an_earlier_line():
    floor = Floor()
    floor.hold().append((1.0, None))
    assert floor.hold() == [] and floor.take_held() == []


def test_without_listening_on_nothing_resumes_and_the_line_starts():
    floor = Floor()
    assert floor.line_starts(0.4) is False and floor.state is FloorState.IDLE
    assert not floor.resumption().is_set()
    floor.keep_mic_open()
    assert floor.state is FloorState.MIC_OPEN and floor.mic_open


def test_a_move_the_floor_never_makes_is_logged(caplog):
    floor = Floor()
    with caplog.at_level(logging.WARNING, logger="interview_voice.runtime.floor"):
        floor.answer_starts()
        floor.listen_on(StubAfter(), _open_answer())  # type: ignore[arg-type]  # the answer has not ended
    assert "from answering to listening_on" in caplog.text
