"""The session service the window and `simulate` share: start, run, finish, and the outcome."""

import numpy as np
import pytest

from interview_voice.core.follow_up_prompt import load_prompts
from interview_voice.core.interview import Interview
from interview_voice.engines.audio_file import FileAudioInput, FileAudioOutput
from interview_voice.engines.base import EngineError
from interview_voice.paths import resource_dir
from interview_voice.records import RecordingError, SessionFailed, TurnStarted
from interview_voice.runtime.engines import LoadedModels
from interview_voice.runtime.session_service import ENDED_EARLY, InterviewSession
from tests.fakes.engines import FakeLanguageModel, FakeSpeechToText, FakeTextToSpeech, FakeVoiceActivity, answer_tone
from tests.unit.helpers import sample_bank, sample_plan, sample_questions

SILENCE = np.zeros(8000, np.float32)
ANSWERS = [
    "I would define the churn label first.",
    "Thirty days, because billing is monthly.",
    "Against the baseline on recent customers.",
    "Precision on the customers we would contact.",
]


class Recording:
    """Stands in for storage's recorder: remembers what the service asked of it."""

    session_id = "s-1"

    def __init__(self, error: str | None = None) -> None:
        self.error = error
        self.events: list = []
        self.closed: tuple | None = None

    def interviewer_audio(self, at_ms, chunk, turn) -> None:
        pass

    def candidate_audio(self, at_ms, block, turn, over_line=False) -> None:
        pass

    def on_event(self, event) -> None:
        self.events.append(event)

    def close(self, status: str, duration_s: float, notice: str = "") -> None:
        self.closed = (status, duration_s, notice)


def make_session(events: list, tts=None) -> InterviewSession:
    bank = sample_bank()
    audio = [np.concatenate([SILENCE, answer_tone(i, 1.5), SILENCE]) for i in range(len(ANSWERS))]
    models = LoadedModels(
        FakeSpeechToText(ANSWERS),
        tts or FakeTextToSpeech(),
        FakeLanguageModel(["Why thirty days?"]),
        FakeVoiceActivity(),
    )
    return InterviewSession(
        models,
        FileAudioInput(audio),
        FileAudioOutput(None, 16_000),
        Interview(sample_plan(bank), sample_questions(bank)),
        load_prompts(resource_dir("prompts") / "interviewer.toml"),
        emit=events.append,
    )


def test_a_recorded_session_runs_to_the_end_and_is_closed_as_completed():
    events, recording = [], Recording()
    session = make_session(events)
    session.start(lambda: recording)
    outcome = session.finish(session.run())
    assert (outcome.status, outcome.cancelled, outcome.error) == ("completed", False, None)
    assert outcome.session_id == "s-1" and outcome.stored
    assert recording.closed == ("completed", outcome.elapsed_s, "")
    assert any(isinstance(e, TurnStarted) for e in recording.events)
    assert sum(t.speaker == "candidate" for t in session.turns) == 4


def test_a_session_ended_early_says_so_in_its_record():
    events, recording = [], Recording()
    session = make_session(events)
    session.start(lambda: recording)
    session.cancel()
    outcome = session.finish(session.run())
    assert outcome.cancelled and recording.closed[2] == ENDED_EARLY


def test_a_recording_that_cannot_start_is_raised_and_the_session_can_go_on_unsaved():
    def full_disk():
        raise RecordingError("The disk is full.")

    events = []
    session = make_session(events)
    try:
        session.start(full_disk)
    except RecordingError as exc:
        assert "disk is full" in str(exc)
    else:
        raise AssertionError("the recording error was swallowed")
    outcome = session.finish(session.run())
    assert outcome.status == "completed" and outcome.session_id is None and not outcome.stored


class BrokenVoice(FakeTextToSpeech):
    def __init__(self, error: Exception) -> None:
        self.error = error

    def synthesize(self, text, style=None):
        raise self.error


@pytest.mark.parametrize(
    "error, message",
    [
        (EngineError("the voice could not be loaded"), "the voice could not be loaded"),
        (KeyError("oops"), "The session stopped unexpectedly: 'oops'"),
    ],
)
def test_engine_and_unexpected_failures_end_as_failed_with_a_message_for_the_user(error, message):
    events, recording = [], Recording()
    session = make_session(events, BrokenVoice(error))
    session.start(lambda: recording)
    outcome = session.finish(session.run())
    assert (outcome.status, outcome.error) == ("failed", message)
    assert recording.closed[0] == "failed"
    assert [e.message for e in events if isinstance(e, SessionFailed)] == [message]
