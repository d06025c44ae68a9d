"""A live session on the real sound-device adapters and a virtual headset (run by test_live_session).

The candidate is a thread playing espeak-ng answers into the "voice" sink when a
person would: over the first question (a barge-in), then an answer that runs far
past its budget (a cut-in), then a short one. Every model is real (the test set).
Prints the stored session id; the test reads the rest from storage.

usage: live_session_probe.py BARGE.wav LONG.wav SHORT.wav
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path
from types import SimpleNamespace

from interview_voice import app
from interview_voice.core.bank import QuestionBank
from interview_voice.core.follow_up_prompt import load_prompts
from interview_voice.core.interview import Interview
from interview_voice.engines.audio_sd import SoundDeviceInput, SoundDeviceOutput
from interview_voice.paths import default_paths, resource_dir
from interview_voice.records import TurnFinished, TurnStarted
from interview_voice.runtime.engines import Engines, LoadedModels
from interview_voice.runtime.session import RunnerSettings, SessionRunner
from interview_voice.settings import Settings
from tests.conftest import TEST_MODELS
from tests.unit.helpers import question, sample_plan

barge, long_answer, short = (Path(p) for p in sys.argv[1:4])
paths = default_paths()
settings = Settings(
    stt_model=TEST_MODELS["stt"], live_stt_model="", tts_voice=TEST_MODELS["tts"], llm_model=TEST_MODELS["llm"]
)
models = app.load_models(paths, settings)

bank = QuestionBank()
for q in (
    question(
        "q-one",
        "You are asked to predict which customers will cancel their subscription next month. "
        "Walk me through how you would start, and what you would build first.",
    ),
    question("q-two", "Briefly, how would you evaluate that model?", time_budget_s=15),
):
    bank.questions[q.id] = q
plan = sample_plan(
    bank,
    question_count=2,
    follow_ups_per_question=0,
    opening="Hello, let's begin.",
    closing="Thanks, that's all for today.",
)
interview = Interview(plan, [bank.get("q-one"), bank.get("q-two")])
store, _recovered = app.open_store(paths)
recorder = app.start_recording(
    store,
    SimpleNamespace(plan=plan),
    interview,
    "mid",
    {"stt": models.stt.name, "tts": models.tts.name, "llm": models.llm.name},
    settings,
)


def say(clip: Path, after_s: float) -> None:
    """The candidate speaks into the headset microphone."""
    threading.Timer(after_s, lambda: subprocess.run(["paplay", "--device=voice", str(clip)], check=True)).start()


def candidate(event) -> None:
    turn = getattr(event, "turn", None)
    if isinstance(event, TurnStarted) and turn.kind == "question" and turn.question_id == "q-one":
        say(barge, 3.0)  # talks over the question, a few words in
    elif isinstance(event, TurnFinished) and turn.kind == "question" and turn.question_id == "q-two":
        say(long_answer, 0.3)
    elif isinstance(event, TurnFinished) and turn.kind == "cut_in":
        say(short, 0.3)


engines = Engines(LoadedModels(models.stt, models.tts, models.llm, models.vad), SoundDeviceInput(), SoundDeviceOutput())
runner = SessionRunner(
    engines,
    interview,
    load_prompts(resource_dir("prompts") / "interviewer.toml"),
    emit=candidate,
    recorder=recorder,
    settings=RunnerSettings(barge_in=True),
)
try:
    runner.run()
finally:
    models.llm.close()
    recorder.close("completed", runner.elapsed_s)
print(json.dumps({"session_id": recorder.session_id}))
