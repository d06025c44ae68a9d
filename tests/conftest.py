"""Shared fixtures: where the real test models are, and candidate speech to feed the app."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from interview_voice.engines.audio_file import read_wav_mono
from interview_voice.modelstore.catalog import catalog, find
from interview_voice.paths import AppPaths, default_paths

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
TEST_MODELS = {"stt": "whisper-tiny.en", "tts": "piper-joe-medium", "llm": "smollm2-135m-instruct-q4_1"}


@pytest.fixture(scope="session")
def installed_models_dir() -> Path:
    """The models installed by `make test`; a missing one fails loudly, it is not skipped."""
    paths = default_paths()
    choices = catalog(paths)
    missing = [m for role, m in TEST_MODELS.items() if not (c := find(choices, role, m)) or not c.usable]
    if missing:
        pytest.fail(
            f"test models not installed in {paths.models_dir}: {missing}. "
            "Run `make test` (or `interview-voice models install --set test`)."
        )
    return paths.models_dir


@pytest.fixture
def app_paths(tmp_path, installed_models_dir) -> AppPaths:
    """A private data and config dir per test, reading the real installed models."""
    paths = AppPaths(data_dir=tmp_path / "data", models_dir=installed_models_dir, config_dir=tmp_path / "config")
    paths.ensure()
    return paths


def _speak(text: str, out: Path) -> None:
    """Candidate speech from espeak-ng: a different, harder voice than the app's own."""
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        pytest.fail("espeak-ng is needed to make candidate speech: `make test` installs it")
    subprocess.run([espeak, "-v", "en-us", "-s", "150", "-w", str(out), text], check=True)


CANDIDATE_ANSWERS = [
    "I would first ask what the business wants to do with the prediction. Then I would define churn as no "
    "renewal within thirty days and build a logistic regression baseline.",
    "The label comes from billing data, and I would only use features from before the prediction date.",
    "Our fraud model had great offline results, but precision dropped in production. One feature was "
    "computed differently in the serving path.",
    "I compared the logged serving features with the training features for the same transactions.",
]


@pytest.fixture(scope="session")
def answers_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("answers")
    for index, text in enumerate(CANDIDATE_ANSWERS, start=1):
        _speak(text, folder / f"answer{index}.wav")
    return folder


@pytest.fixture(scope="session")
def speech_16k(answers_dir) -> np.ndarray:
    return read_wav_mono(answers_dir / "answer1.wav")


@pytest.fixture
def small_disk(tmp_path):
    """small_disk(kb): a filesystem of that size (tmpfs), to fill up on purpose."""
    mounted = []

    def make(kilobytes: int) -> Path:
        mount_point = tmp_path / f"disk{len(mounted)}"
        mount_point.mkdir()
        if (
            os.geteuid() != 0
            or subprocess.run(
                ["mount", "-t", "tmpfs", "-o", f"size={kilobytes}k", "tmpfs", str(mount_point)], capture_output=True
            ).returncode
            != 0
        ):
            if os.environ.get("CI"):
                pytest.fail("CI runs as root and must be able to mount a small tmpfs for the full-disk tests")
            pytest.skip("mounting a small filesystem needs root")
        mounted.append(mount_point)
        return mount_point

    yield make
    for mount_point in mounted:
        subprocess.run(["umount", str(mount_point)], check=False)
