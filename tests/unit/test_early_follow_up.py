"""A follow-up worded at the pause that ends the answer is used when the turn ends there, though
the final pass hears a few of the words differently."""

from __future__ import annotations

import time

from interview_voice.core.commands import WriteFollowUp
from interview_voice.core.follow_up_prompt import load_prompts
from interview_voice.core.plan import Persona
from interview_voice.engines.audio_file import FileAudioInput, FileAudioOutput
from interview_voice.paths import resource_dir
from interview_voice.runtime.early_follow_up import EarlyFollowUp, same_answer
from interview_voice.runtime.engines import Engines, LoadedModels
from tests.fakes.engines import FakeLanguageModel, FakeSpeechToText, FakeTextToSpeech, FakeVoiceActivity
from tests.unit.helpers import sample_bank


def test_the_same_answer_heard_again_keeps_the_follow_up_worded_at_the_pause():
    live = (
        "I compared the logged serving features with the training features and found that one feature was "
        "computed over a different time window in the serving path, so I moved it into the sharing features tour."
    )
    final = (
        "I compared the logged serving features with the training features and found that one feature was "
        "computed over a different time window in the serving path, so I moved it into the shared feature store."
    )
    assert same_answer(live, final)
    assert same_answer("It based on usage and support tickets", "it base on usage and support tickets.")


def test_an_answer_that_went_on_after_the_pause_is_another_answer():
    assert not same_answer(
        "We moved it into the feature store.",
        "We moved it into the feature store. Then we checked the logs every day for a month.",
    )
    assert not same_answer("", "Something was said.")


def _follow_up(answer: str):
    bank = sample_bank()
    question = bank.get("q-one")
    return WriteFollowUp(
        question, question.text, answer, None, "What would you monitor?", Persona("Alex", "engineer", "neutral")
    )


def _early() -> EarlyFollowUp:
    llm = FakeLanguageModel(["Why did you choose thirty days for the renewal window?"])
    engines = Engines(
        LoadedModels(FakeSpeechToText(["x"]), FakeTextToSpeech(), llm, FakeVoiceActivity()),
        FileAudioInput([]),
        FileAudioOutput(None, 16_000),
    )
    return EarlyFollowUp(
        engines, load_prompts(resource_dir("prompts") / "interviewer.toml"), timeout_s=5.0, max_tokens=40
    )


LIVE = "I would define churn as no renewal within thirty days and start with a logistic regression based on usage."
FINAL = "I would define churn as no renewal within thirty days and start with a logistic regression base on usage."


def test_the_wording_begun_at_the_pause_is_taken_for_the_answer_transcribed_again():
    early = _early()
    assert early.start(_follow_up(LIVE)) is not None
    wording = early.take(_follow_up(FINAL))
    assert wording is not None and early.used == 1 and early.dropped == 0
    worded = wording.wait(time.monotonic, time.monotonic() + 5.0, lambda: False)
    assert worded.source == "model", worded


def test_the_wording_begun_at_the_pause_is_dropped_for_an_answer_that_went_on():
    early = _early()
    early.start(_follow_up(LIVE))
    assert (
        early.take(_follow_up(LIVE + " Then I would check the calibration every week on the newest customers.")) is None
    )
    assert early.dropped == 1 and early.used == 0
