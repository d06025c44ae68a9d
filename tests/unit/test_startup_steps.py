"""Start-up says what it is doing: the interviewer library's check is a step of its own, before the model."""

from __future__ import annotations

from interview_voice import app
from interview_voice.native import runtime
from interview_voice.settings import Settings
from tests.fakes.engines import FakeLanguageModel, FakeSpeechToText, FakeTextToSpeech, FakeVoiceActivity


def test_the_library_check_is_announced_before_the_interviewer_model_loads(monkeypatch, tmp_path):
    steps: list[str] = []
    monkeypatch.setattr(app, "load_tts", lambda *a: FakeTextToSpeech())
    monkeypatch.setattr(app, "load_stt", lambda *a: FakeSpeechToText([]))
    monkeypatch.setattr(app, "load_live_stt", lambda *a: None)
    monkeypatch.setattr(app, "load_vad", FakeVoiceActivity)
    monkeypatch.setattr(app, "resolve", lambda paths, role, model: type("Choice", (), {"path": tmp_path / "m"}))
    monkeypatch.setattr(runtime, "check_library", lambda model: steps.append("checked"))

    def load_llm(paths, settings):
        steps.append("loaded")
        return FakeLanguageModel([])

    monkeypatch.setattr(app, "load_llm", load_llm)
    app.load_models(None, Settings(), lambda message, fraction: steps.append(message), warm_up=False)
    check = next(i for i, s in enumerate(steps) if s.startswith("Checking that the interviewer library runs"))
    assert steps[check + 1 : check + 4] == ["checked", "Loading the interviewer model", "loaded"]


def test_an_endpoint_needs_no_library_check(monkeypatch):
    steps: list[str] = []
    monkeypatch.setattr(app, "load_tts", lambda *a: FakeTextToSpeech())
    monkeypatch.setattr(app, "load_stt", lambda *a: FakeSpeechToText([]))
    monkeypatch.setattr(app, "load_live_stt", lambda *a: None)
    monkeypatch.setattr(app, "load_vad", FakeVoiceActivity)
    monkeypatch.setattr(runtime, "check_library", lambda model: steps.append("checked"))
    monkeypatch.setattr(app, "load_llm", lambda paths, settings: FakeLanguageModel([]))
    app.load_models(
        None, Settings(llm_model="endpoint"), lambda message, fraction: steps.append(message), warm_up=False
    )
    assert "checked" not in steps and not any(s.startswith("Checking") for s in steps)
