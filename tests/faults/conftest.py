"""Helpers for the fault-injection suite: the CLI in a child process, and sessions made on real storage."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from interview_voice.core.types import AudioChunk
from interview_voice.records import TurnRecord, Word


@dataclass
class Cli:
    env: dict[str, str]
    data_dir: Path

    def __call__(self, *args: str, timeout: float = 120, input: str | None = None) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [sys.executable, "-m", "interview_voice", *args],
            env=self.env,
            input=input,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert "Traceback" not in result.stderr, result.stderr
        return result


@pytest.fixture
def cli(tmp_path, installed_models_dir) -> Cli:
    """`interview-voice` on private data and config dirs and the installed test models."""
    env = {
        **os.environ,
        "INTERVIEW_VOICE_MODELS_DIR": str(installed_models_dir),
        "INTERVIEW_VOICE_DATA_DIR": str(tmp_path / "data"),
        "INTERVIEW_VOICE_CONFIG_DIR": str(tmp_path / "cfg"),
        "INTERVIEW_VOICE_CACHE_DIR": str(tmp_path / "cache"),
        "HF_HUB_OFFLINE": "1",
    }
    return Cli(env, tmp_path / "data")


ANSWER = "I would start with a logistic regression baseline and check the labels first."


def record_session(
    data_dir: Path, title: str = "A practice interview", seconds: float = 2.0, finish: bool = True
) -> str:
    """A session recorded through the real store and recorder (no engines): one question, one answer."""
    from interview_voice.storage.recorder import SessionRecorder
    from interview_voice.storage.repository import SessionStore

    store = SessionStore(data_dir)
    session_id = store.start(
        plan="first-interview", title=title, level="senior", personas=[], models={}, settings={}, questions=["q1"]
    )
    recorder = SessionRecorder(store, session_id)
    question = TurnRecord(
        index=0,
        speaker="interviewer",
        kind="question",
        text="How would you predict churn?",
        question_id="q1",
        started_ms=0,
        ended_ms=1000,
    )
    answer = TurnRecord(
        index=1,
        speaker="candidate",
        kind="answer",
        text=ANSWER,
        question_id="q1",
        started_ms=1000,
        ended_ms=1000 + seconds * 1000,
        words=[Word("I", 0.1, 0.2), Word("would", 0.2, 0.4)],
    )
    recorder.interviewer_audio(0, AudioChunk(np.zeros(22_050, np.float32), 22_050, text=question.text), question)
    recorder.store.save_turn(session_id, question)
    recorder.candidate_audio(1000, np.full(int(16_000 * seconds), 0.1, np.float32), answer)
    recorder.store.save_turn(session_id, answer, audio_start_s=1.0)
    if finish:
        recorder.close("completed", 1 + seconds)
    store.engine.dispose()
    return session_id
