"""The model's wording of the notes is the same on every path that words them: the window's (the feedback
service on the stored session), `simulate`'s report on its live turns, and `feedback --word-feedback` on one
answer; with the same checks, the same time budget and the same fallbacks."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from interview_voice.commands import feedback as feedback_command
from interview_voice.commands import simulate
from interview_voice.core.bank import load_bank
from interview_voice.core.feedback.rewording import load_reword_prompts
from interview_voice.feedback_setup import note_wording
from interview_voice.paths import resource_dir
from interview_voice.runtime.feedback_service import FeedbackService, turns_from_rows
from interview_voice.runtime.note_wording import NO_TIME_LEFT, Wording
from interview_voice.storage.repository import SessionStore
from tests.fakes.engines import FakeLanguageModel
from tests.storage.test_feedback_service import ANSWER, record

GOOD = "Next time, set out the situation and the actions you took yourself."
SCORED = "You got a 10/10 score!"  # the checks reject it: no scores


@pytest.fixture(scope="module")
def questions():
    return load_bank([resource_dir("assets") / "questions"]).questions


def slow_wording() -> Wording:
    """A model whose notes take 10 s each on the report's clock: the first is kept, the second fails the
    checks, the third finds no time left (budget 25 s)."""
    now = [0.0]

    def clock() -> float:
        now[0] += 10.0
        return now[0]

    prompts = load_reword_prompts(resource_dir("prompts") / "feedback.toml")
    return Wording(FakeLanguageModel([GOOD, SCORED]), prompts, budget_s=25.0, clock=clock)


def simulate_report(store, sid: str, questions, wording: Wording | None) -> dict[int, dict]:
    """What `simulate` puts in report.json for the same turns, as its runner held them."""
    turns, events = turns_from_rows(store.get(sid))
    runner = SimpleNamespace(turns=turns, events=events, answer_audio=SimpleNamespace(audio=lambda index: None))
    feedback = simulate._feedback(FeedbackService(store, questions), runner, SimpleNamespace(questions=[]), wording)
    assert feedback is not None
    return {index: fb.to_dict() for index, fb in feedback[0].items()}


def stored_report(store, sid: str) -> dict[int, dict]:
    return {t.index: t.feedback for t in store.get(sid).turns if t.feedback}


def test_simulates_report_and_the_stored_sessions_report_word_every_answer_alike(tmp_path, questions, monkeypatch):
    store = SessionStore(tmp_path)
    sid = record(store, answers=(ANSWER, ANSWER, ANSWER))
    # the window: metrics, then the model's wording stored answer by answer (its feedback thread's calls)
    service = FeedbackService(store, questions, wording=slow_wording())
    session, answers = service.metrics(sid)
    assert service.word(sid, answers, session)["wording"] == "model"
    window = stored_report(store, sid)
    notes = [window[i]["work_on"] for i in (1, 3, 5)]
    assert [n["source"] for n in notes] == ["model", "template", "template"]
    assert notes[0]["text"].endswith(GOOD)
    assert notes[1]["rejected"] == "talks of scores or grades" and notes[2]["rejected"] == NO_TIME_LEFT

    assert simulate_report(store, sid, questions, slow_wording()) == window

    # `feedback FILE.wav --word-feedback`: one answer, the same note as the window's first
    monkeypatch.setattr("interview_voice.app.load_llm", lambda paths, settings: FakeLanguageModel([GOOD, SCORED]))
    one = feedback_command._reworded(None, SimpleNamespace(llm_model=""), SimpleNamespace(llm=None), answers[1])
    assert one.to_dict() == window[1]


def test_without_the_feedback_prompt_every_path_keeps_the_code_notes_and_simulate_still_reports(
    tmp_path, questions, monkeypatch
):
    monkeypatch.setattr("interview_voice.feedback_setup.resource_dir", lambda name: tmp_path / "missing")
    llm = FakeLanguageModel([GOOD])
    assert note_wording(llm) is None

    store = SessionStore(tmp_path / "data")
    sid = record(store, answers=(ANSWER, ANSWER))
    service = FeedbackService(store, questions, wording=note_wording(llm))
    session, answers = service.metrics(sid)
    assert service.word(sid, answers, session)["wording"] == "template"
    window = stored_report(store, sid)
    assert [window[i]["work_on"]["source"] for i in (1, 3)] == ["template", "template"]

    assert simulate_report(store, sid, questions, note_wording(llm)) == window
    monkeypatch.setattr("interview_voice.app.load_llm", lambda paths, settings: llm)
    one = feedback_command._reworded(None, SimpleNamespace(llm_model=""), SimpleNamespace(llm=None), answers[1])
    assert one.to_dict() == window[1] and llm.calls == []
