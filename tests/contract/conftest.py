"""Each contract runs against the fake and the real adapter (on the small test models)."""

from __future__ import annotations

import pytest

from interview_voice.paths import default_paths
from tests.conftest import CANDIDATE_ANSWERS, TEST_MODELS
from tests.fakes.engines import FakeLanguageModel, FakeSpeechToText, FakeTextToSpeech, FakeVoiceActivity

_real_cache: dict[str, object] = {}


def _real(kind: str, installed_models_dir):
    if kind not in _real_cache:
        from interview_voice import app

        paths = default_paths()
        loaders = {
            "stt": lambda: app.load_stt(paths, TEST_MODELS["stt"]),
            "tts": lambda: app.load_tts(paths, TEST_MODELS["tts"]),
            "llm": lambda: app.load_llm(paths, app.Settings(llm_model=TEST_MODELS["llm"])),
            "vad": app.load_vad,
        }
        _real_cache[kind] = loaders[kind]()
    return _real_cache[kind]


@pytest.fixture(params=["fake", "real"])
def stt(request, installed_models_dir):
    return FakeSpeechToText([CANDIDATE_ANSWERS[0]]) if request.param == "fake" else _real("stt", installed_models_dir)


@pytest.fixture(params=["fake", "real"])
def tts(request, installed_models_dir):
    return FakeTextToSpeech() if request.param == "fake" else _real("tts", installed_models_dir)


@pytest.fixture(params=["fake", "real"])
def llm(request, installed_models_dir):
    if request.param == "fake":
        return FakeLanguageModel(["Why did you choose thirty days as the churn window?"])
    return _real("llm", installed_models_dir)


@pytest.fixture(params=["fake", "real"])
def vad(request, installed_models_dir):
    return FakeVoiceActivity() if request.param == "fake" else _real("vad", installed_models_dir)


@pytest.fixture(scope="session", autouse=True)
def _close_real_models():
    yield
    if "llm" in _real_cache:
        _real_cache.pop("llm").close()
