"""`simulate --realtime`'s microphone: a person who talks each answer to its end."""

import time

import numpy as np

from interview_voice.core.follow_up_prompt import load_prompts
from interview_voice.core.interview import Interview
from interview_voice.engines.audio_file import FileAudioOutput
from interview_voice.engines.scripted_mic import BLOCK, ScriptedMicrophone
from interview_voice.paths import resource_dir
from interview_voice.records import TurnStarted
from interview_voice.runtime.engines import Engines, LoadedModels
from interview_voice.runtime.session import RunnerSettings, SessionRunner
from tests.fakes.engines import FakeLanguageModel, FakeSpeechToText, FakeTextToSpeech, FakeVoiceActivity, answer_tone
from tests.unit.helpers import sample_bank, sample_plan
from tests.unit.test_session_runner import ANSWERS, REPLIES, SILENCE


def test_the_next_answer_starts_only_once_the_last_has_played_and_closed_time_is_not_heard():
    # the first answer lasts 1.3 s, so that a test thread held up by a busy machine for most of a
    # second still asks for the next answer while it is being said
    first, second = np.full(40 * BLOCK, 0.5, np.float32), np.full(4 * BLOCK, -0.5, np.float32)
    typed = []
    mic = ScriptedMicrophone([first, "a typed answer", second], type_answer=typed.append)
    mic.start()
    mic.answer_started()  # the first answer starts now
    heard = np.concatenate([mic.read(0.5) for _ in range(4)])
    # the microphone opened a moment before the person started: that moment is silence (a few samples, or
    # more on a busy machine), then the answer without a break
    said_from = int(np.argmax(heard == 0.5))
    assert heard[said_from] == 0.5 and said_from < BLOCK and np.all(heard[said_from:] == 0.5)
    mic.answer_started()  # asked for the next while still talking: typed after the first
    assert typed == []
    mic.stop()  # the rest of the first answer is said with the microphone closed
    waited = time.monotonic()
    while not typed and time.monotonic() - waited < 5:
        time.sleep(0.01)
    assert typed == ["a typed answer"]
    mic.start()
    assert mic.read(0.5) is not None and not mic.finished
    mic.answer_started()  # the third starts now: nothing of the first is left to hear
    # read on the microphone's own clock until the third has been heard to its end, however late this
    # thread runs (bounded: about 13 s of blocks)
    blocks: list[np.ndarray] = []
    while len(blocks) < 400 and not (any(np.any(b == -0.5) for b in blocks) and not np.any(blocks[-1] == -0.5)):
        block = mic.read(0.5)
        if block is not None:
            blocks.append(block)
    assert mic.finished
    assert any(np.any(b == -0.5) for b in blocks) and not any(np.any(b == 0.5) for b in blocks)


def test_a_person_interrupted_by_the_follow_up_finishes_the_answer_and_types_the_next_after_it():
    bank = sample_bank()
    plan = sample_plan(bank, question_ids=("q-one",), question_count=1, follow_ups_per_question=1)
    # a finished sentence, a 1.2 s pause (the turn ends after 0.5 s), then more while the follow-up
    # is asked; the next answer is typed
    spoken = np.concatenate([SILENCE, answer_tone(0, 2.0), np.zeros(19_200, np.float32), answer_tone(1, 2.5)])
    mic = ScriptedMicrophone([spoken, "Thirty days, because billing is monthly."])
    engines = Engines(
        LoadedModels(FakeSpeechToText(ANSWERS), FakeTextToSpeech(), FakeLanguageModel(REPLIES), FakeVoiceActivity()),
        mic,
        FileAudioOutput(None, 16_000, realtime=True),
    )
    heard: set[int] = set()
    holder = {}

    def emit(event):
        if isinstance(event, TurnStarted) and event.turn.speaker == "candidate" and event.turn.index not in heard:
            heard.add(event.turn.index)
            mic.answer_started()

    runner = holder["runner"] = SessionRunner(
        engines,
        Interview(plan, [bank.get("q-one")]),
        load_prompts(resource_dir("prompts") / "interviewer.toml"),
        emit=emit,
        # "Okay.", short: the candidate goes on over the follow-up itself (over a lead-in the answer
        # resumes instead: test_lead_in)
        settings=RunnerSettings(early_follow_up=False, say_back=False),
    )
    mic.type_answer = runner.submit_typed
    turns = runner.run()
    answers = [t for t in turns if t.speaker == "candidate"]
    said = " ".join(t.text for t in answers)
    assert ANSWERS[0] in said and ANSWERS[1] in said  # every part of the spoken answer is kept
    assert answers[-1].end_reason == "typed" and answers[-1].text.endswith("Thirty days, because billing is monthly.")
    # the typed answer came after the spoken one had played out
    assert answers[-1].ended_ms >= answers[0].started_ms + 1000 * spoken.size / 16_000 - 500


def test_a_typed_answer_not_yet_taken_is_the_next_answer_and_two_sent_before_one_is_taken_are_both_kept():
    from interview_voice.runtime.typed import TypedInput

    typed = TypedInput()
    mic = ScriptedMicrophone(
        ["first typed", "second typed"], type_answer=typed.submit, typed_pending=lambda: typed.active
    )
    mic.answer_started()
    mic.answer_started()  # the runner started another answer before taking the first: it is that one
    assert typed.take() == "first typed"
    mic.answer_started()
    assert typed.take() == "second typed" and mic.finished
    typed.submit("one")
    typed.submit("two")  # sent again before the runner took the first: nothing is dropped
    assert typed.take() == "one two"
