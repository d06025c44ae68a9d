"""Start-up's steps, shared by the window and `simulate` (interview_voice/startup.py): in order, each problem
reported in words and never raised, and the answers a crash cut off given words once the speech model is
loaded."""

from __future__ import annotations

import pytest

from interview_voice.app import open_store
from interview_voice.engines.base import EngineError
from interview_voice.paths import AppPaths
from interview_voice.records import RecordingError
from interview_voice.runtime.engines import LoadedModels
from interview_voice.startup import OPENING, Startup, StartupReports
from tests.fakes.engines import FakeLanguageModel, FakeSpeechToText, FakeTextToSpeech, FakeVoiceActivity
from tests.storage.test_cut_off_answers import _killed_mid_answer


class NothingCutOff:
    """A store with no session to recover, noting whether cut-off answers were looked for."""

    notice = ""

    def __init__(self) -> None:
        self.looked = 0

    def answers_to_transcribe(self) -> list:
        self.looked += 1
        return []


def _models(stt=None) -> LoadedModels:
    return LoadedModels(stt or FakeSpeechToText(["x"]), FakeTextToSpeech(), FakeLanguageModel([]), FakeVoiceActivity())


def _noting(said: list) -> StartupReports:
    return StartupReports(
        progress=lambda message, fraction: said.append(("progress", message)),
        store_opened=lambda store, recovered: said.append(("store", recovered)),
        store_failed=lambda message: said.append(("store_failed", message)),
        models_failed=lambda message: said.append(("models_failed", message)),
        answers_recovered=lambda sessions: said.append(("recovered", sessions)),
    )


def _loading(models: LoadedModels):
    def load(progress):
        progress("Loading speech recognition", 0.2)
        return models

    return load


def test_the_store_opens_before_the_models_load_and_the_cut_off_answers_are_looked_for_last():
    said: list = []
    store, models = NothingCutOff(), _models()
    ready = Startup(lambda: (store, ["a recovered session"]), _loading(models), _noting(said)).prepare()
    assert ready.store is store and ready.models is models
    assert said == [
        ("progress", OPENING),
        ("store", ["a recovered session"]),
        ("progress", "Loading speech recognition"),
    ]
    assert store.looked == 1


def test_a_store_that_cannot_be_opened_is_said_and_the_models_still_load():
    def unavailable():
        raise RecordingError("The session database is locked by another program.")

    said: list = []
    ready = Startup(unavailable, _loading(_models()), _noting(said)).prepare()
    assert ready.store is None and ready.models is not None
    assert ("store_failed", "The session database is locked by another program.") in said


def test_an_unexpected_store_failure_and_a_fresh_store_are_worded_for_the_user():
    def broken():
        raise ValueError("bad row")

    said: list = []
    startup = Startup(broken, _loading(_models()), _noting(said))
    assert startup.open_store() is None and startup.open_store(fresh=True) is None
    assert said == [
        ("progress", OPENING),
        ("store_failed", "Your sessions could not be opened: bad row"),
        ("store_failed", "A new session list could not be started: bad row"),  # no "Opening" for a fresh one
    ]


def test_models_that_fail_to_load_are_said_and_no_cut_off_answer_is_looked_for():
    def missing(progress):
        raise EngineError("The speech model is not installed.")

    said: list = []
    store = NothingCutOff()
    ready = Startup(lambda: (store, []), missing, _noting(said)).prepare()
    assert ready.models is None and ready.store is store
    assert ("models_failed", "The speech model is not installed.") in said
    assert store.looked == 0


def test_the_answer_a_crash_cut_off_is_transcribed_once_the_speech_model_is_loaded(tmp_path, speech_16k):
    paths = AppPaths(tmp_path / "data", tmp_path / "models", tmp_path / "config")
    paths.ensure()
    session_id = _killed_mid_answer(paths.data_dir, speech_16k[: 16_000 * 7])
    said: list = []
    stt = FakeSpeechToText(["we grew the business"])
    ready = Startup(lambda: open_store(paths), _loading(_models(stt)), _noting(said)).prepare()
    try:
        assert said[-2:] == [
            ("progress", "Transcribing the answer the app was cut off in"),
            ("recovered", [session_id]),
        ]
        assert stt.calls == 1
        assert ready.store.get(session_id).turns[1].signals["from_audio"] == "transcribed"
    finally:
        ready.store.close()


def test_a_start_that_needs_only_the_speech_model_loads_it_only_when_a_cut_off_answer_waits(tmp_path, speech_16k):
    said: list = []
    loads: list = []
    stt = FakeSpeechToText(["we grew the business"])

    def load_stt():
        loads.append(1)
        return stt

    startup = Startup(None, None, _noting(said))
    assert startup.load_models() is None and said == []  # a start that loads no models says nothing of them
    assert startup.transcribe_cut_off_loading(NothingCutOff(), load_stt) == [] and loads == []

    paths = AppPaths(tmp_path / "data", tmp_path / "models", tmp_path / "config")
    paths.ensure()
    session_id = _killed_mid_answer(paths.data_dir, speech_16k[: 16_000 * 7])
    store, _ = open_store(paths)
    try:
        assert startup.transcribe_cut_off_loading(store, load_stt) == [session_id] and loads == [1]
        assert said == [("progress", "Transcribing the answer the app was cut off in"), ("recovered", [session_id])]
        assert startup.transcribe_cut_off_loading(store, load_stt) == [] and loads == [1]  # done once
    finally:
        store.close()


def test_a_speech_model_that_cannot_be_loaded_for_cut_off_answers_is_said(tmp_path, speech_16k):
    paths = AppPaths(tmp_path / "data", tmp_path / "models", tmp_path / "config")
    paths.ensure()
    _killed_mid_answer(paths.data_dir, speech_16k[: 16_000 * 7])

    def missing():
        raise EngineError("The speech model is not installed.")

    said: list = []
    store, _ = open_store(paths)
    try:
        assert Startup(None, None, _noting(said)).transcribe_cut_off_loading(store, missing) is None
        [(kind, message)] = said
        assert kind == "models_failed"
        assert message == "the answers a crash cut off could not be transcribed: The speech model is not installed."
    finally:
        store.close()


def test_sessions_rebuild_transcribes_cut_off_answers_through_startups_step(tmp_path, speech_16k, monkeypatch, capsys):
    """`sessions rebuild` gives words to an answer a crash cut off with start-up's own step (as the window and
    `simulate` do), loading the speech model alone."""
    from types import SimpleNamespace

    from interview_voice.commands import sessions

    paths = AppPaths(tmp_path / "data", tmp_path / "models", tmp_path / "config")
    paths.ensure()
    session_id = _killed_mid_answer(paths.data_dir, speech_16k[: 16_000 * 7])
    steps: list = []
    step = Startup.transcribe_cut_off

    def spied(self, store, stt):
        steps.append(stt.name)
        return step(self, store, stt)

    monkeypatch.setattr(Startup, "transcribe_cut_off", spied)
    monkeypatch.setattr(sessions, "default_paths", lambda: paths)
    monkeypatch.setattr("interview_voice.app.load_stt", lambda p, model: FakeSpeechToText(["we grew the business"]))
    monkeypatch.setattr("interview_voice.app.load_models", lambda *a, **k: pytest.fail("only the speech model"))

    assert sessions.run(SimpleNamespace(action="rebuild", stt="whisper-tiny.en")) == 0
    out, err = capsys.readouterr()
    assert steps == ["fake-stt"]
    assert "[ 95%] Transcribing the answer the app was cut off in" in err  # start-up's report, as simulate says it
    assert "words found in the recording of 1 session(s) cut off mid-answer" in out
    store, _ = open_store(paths)
    try:
        assert store.get(session_id).turns[1].signals["from_audio"] == "transcribed"
    finally:
        store.close()


def test_the_sessions_commands_open_the_store_through_startup(tmp_path, speech_16k, monkeypatch, capsys):
    """`sessions list` (and every `sessions` command) opens the store with start-up's step: a session a crash
    cut off is recovered and said as `simulate` says it, with no loading line; a failure is worded, not raised."""
    from types import SimpleNamespace

    from interview_voice.commands import sessions

    paths = AppPaths(tmp_path / "data", tmp_path / "models", tmp_path / "config")
    paths.ensure()
    session_id = _killed_mid_answer(paths.data_dir, speech_16k[: 16_000 * 7])
    monkeypatch.setattr(sessions, "default_paths", lambda: paths)
    opened: list = []
    step = Startup.open_store

    def spied(self, fresh=False):
        opened.append(fresh)
        return step(self, fresh)

    monkeypatch.setattr(Startup, "open_store", spied)
    listing = SimpleNamespace(action="list", search="", status=None, json=True)

    assert sessions.run(listing) == 0
    _, err = capsys.readouterr()
    assert opened == [False]
    [note] = err.splitlines()
    assert note.startswith("note: This session was cut off") and note.endswith(f", {session_id[:8]})")
    assert OPENING not in err
    assert sessions.run(listing) == 0 and capsys.readouterr().err == ""  # recovered once

    def broken(_paths):
        raise ValueError("bad row")

    monkeypatch.setattr(sessions, "open_store", broken)
    assert sessions.run(listing) == 2
    assert capsys.readouterr().err == "error: Your sessions could not be opened: bad row\n"
