"""Feedback for stored sessions: metrics stored at once, the model's wording answer by answer, crash recovery."""

from __future__ import annotations

import pytest

from interview_voice.core.bank import load_bank
from interview_voice.core.feedback import FEEDBACK_VERSION
from interview_voice.core.feedback.rewording import load_reword_prompts
from interview_voice.paths import resource_dir
from interview_voice.records import TurnRecord, Word
from interview_voice.runtime.feedback import feedback_for_turns
from interview_voice.runtime.feedback_service import FeedbackService, answer_base_s, turns_from_rows
from interview_voice.runtime.note_wording import Wording
from interview_voice.storage.repository import SessionStore
from tests.fakes.engines import FakeLanguageModel

ANSWER = (
    "The goal was to predict churn for a client. I was responsible for the model. It failed because "
    "the labels turned out to be wrong. In the end we stopped the project. The lesson I learned is to "
    "check labels first."
)


@pytest.fixture(scope="module")
def questions():
    return load_bank([resource_dir("assets") / "questions"]).questions


def timed(text: str, start: float = 0.5, step: float = 0.4) -> list[Word]:
    return [Word(w, start + i * step, start + i * step + 0.3) for i, w in enumerate(text.split())]


def record(store, *, finish=True, answers=(ANSWER,)) -> str:
    sid = store.start(
        plan="behavioural",
        title="Behavioural",
        level="mid",
        personas=[],
        models={},
        settings={},
        questions=["beh-failed-project"],
    )
    clock = 0.0
    for n, text in enumerate(answers):
        store.save_turn(
            sid,
            TurnRecord(
                2 * n,
                "interviewer",
                "question",
                "Describe a project that failed.",
                "beh-failed-project",
                started_ms=clock * 1000,
                ended_ms=clock * 1000 + 3000,
            ),
        )
        clock += 3.5
        store.save_turn(
            sid,
            TurnRecord(
                2 * n + 1,
                "candidate",
                "answer",
                text,
                "beh-failed-project",
                started_ms=clock * 1000,
                ended_ms=clock * 1000 + 20_000,
                words=timed(text),
            ),
            audio_start_s=clock,
        )
        clock += 21
    if finish:
        store.finish(sid, "completed", clock, {})
    return sid


def test_metrics_are_stored_with_the_version_and_quotes_map_to_the_session_timeline(tmp_path, questions):
    store = SessionStore(tmp_path)
    sid = record(store)
    service = FeedbackService(store, questions, stage_of=lambda plan: "behavioural")
    session, answers = service.metrics(sid)
    assert session["feedback_version"] == FEEDBACK_VERSION and session["stage"] == "behavioural"
    assert session["headline"]["answers"] == 1 and store.feedback_due(FEEDBACK_VERSION) == []
    turn = store.get(sid).turns[1]
    stored = turn.feedback
    assert stored == answers[1].to_dict() and stored["coverage"] > 0.5
    role = next(r for r in stored["rubric"] if r["point"] == "States their own role")
    assert role["status"] == "covered"
    # the quote's time, relative to the answer, plus where the answer starts = the word on the session timeline
    first = next(w for w in turn.words if role["evidence"].lower().startswith(w.text.lower()))
    assert answer_base_s(turn) + role["at_s"] == pytest.approx(first.start, abs=0.01)


def test_feedback_computed_outside_the_service_is_stored_as_the_service_stores_its_own(tmp_path, questions):
    """`simulate` computes feedback on the live turns and stores it through the service's save: the same
    session and answer dicts as the service's own metrics, apart from who worded the notes."""
    store = SessionStore(tmp_path)
    sid = record(store, answers=(ANSWER, "Um I think it went fine."))
    service = FeedbackService(store, questions, stage_of=lambda plan: f"stage of {plan}")
    own, _ = service.metrics(sid, audio=False)
    own_answers = {t.index: t.feedback for t in store.get(sid).turns if t.feedback}
    turns, events = turns_from_rows(store.get(sid))
    answers, summary = feedback_for_turns(turns, events, questions)
    saved = service.save(sid, "behavioural", answers, summary, wording="model")
    assert saved == {**own, "wording": "model"} and saved["stage"] == "stage of behavioural"
    assert store.get(sid).feedback == saved
    assert {t.index: t.feedback for t in store.get(sid).turns if t.feedback} == own_answers


def test_a_session_cut_off_by_a_crash_gets_feedback_on_the_answers_it_holds(tmp_path, questions):
    store = SessionStore(tmp_path)
    sid = record(store, finish=False, answers=(ANSWER, "Um I think it went fine."))
    assert store.feedback_due(FEEDBACK_VERSION) == []  # still recording: not yet
    store.close()  # the recording process dies: its recording lock goes with it
    store = SessionStore(tmp_path)
    store.recover_interrupted()
    service = FeedbackService(store, questions)
    assert service.catch_up() == [sid]
    session = store.get(sid)
    assert session.status == "interrupted" and session.feedback["headline"]["answers"] == 2
    assert [bool(t.feedback) for t in session.turns] == [False, True, False, True]
    assert service.catch_up() == []  # nothing left to do


def test_the_model_words_each_answer_in_turn_and_bad_wording_keeps_the_template(tmp_path, questions):
    store = SessionStore(tmp_path)
    sid = record(store, answers=(ANSWER, ANSWER))
    llm = FakeLanguageModel(["You got a 10/10 score!"])  # fails the checks: no scores
    prompts = load_reword_prompts(resource_dir("prompts") / "feedback.toml")
    service = FeedbackService(store, questions, wording=Wording(llm, prompts))
    session, answers = service.metrics(sid)
    assert session["wording"] == "template"
    seen = []
    done = service.word(sid, answers, session, on_answer=lambda i, fb: seen.append((i, fb)))
    assert [i for i, _ in seen] == [1, 3] and done["wording"] == "model"
    for _, fb in seen:
        assert fb["work_on"]["source"] == "template" and fb["work_on"]["rejected"]
    assert store.get(sid).turns[3].feedback == seen[1][1]
    assert store.get(sid).feedback["wording"] == "model"


def test_the_report_keeps_its_time_budget_when_the_model_is_slow(tmp_path, questions):
    """The clock moves 10 s between answers: two answers get the model's sentence, the third keeps the code's note."""
    store = SessionStore(tmp_path)
    sid = record(store, answers=(ANSWER, ANSWER, ANSWER))
    llm = FakeLanguageModel(["Next time, set out the situation and the actions you took yourself."])
    prompts = load_reword_prompts(resource_dir("prompts") / "feedback.toml")
    now = [0.0]

    def clock() -> float:
        now[0] += 10.0  # read once at the start and once before each answer
        return now[0]

    service = FeedbackService(store, questions, wording=Wording(llm, prompts, budget_s=25.0, clock=clock))
    session, answers = service.metrics(sid)
    seen = []
    service.word(sid, answers, session, on_answer=lambda i, fb: seen.append(fb["work_on"]))
    assert len(llm.calls) == 2 and len(seen) == 3
    assert [n["source"] for n in seen] == ["model", "model", "template"]
    assert seen[2]["rejected"] == "no time left in the report for the model"


def test_a_filler_whisper_left_out_is_found_in_the_recording(tmp_path, questions):
    """'First' ... a held 'uh' in the gap ... 'we compared': counted only when the audio is read."""
    import numpy as np

    from interview_voice.engines.audio_file import write_wav
    from tests.unit.test_fillers import _vowel

    store = SessionStore(tmp_path)
    sid = store.start(
        plan="behavioural",
        title="Behavioural",
        level="mid",
        personas=[],
        models={},
        settings={},
        questions=["beh-failed-project"],
    )
    words = [Word("First", 0.5, 0.8)] + timed("we compared the new model against the old baseline", start=1.6)
    store.save_turn(
        sid,
        TurnRecord(
            0,
            "candidate",
            "answer",
            " ".join(w.text for w in words),
            "beh-failed-project",
            started_ms=2000,
            ended_ms=8000,
            words=words,
        ),
        audio_start_s=2.0,
    )
    store.finish(sid, "completed", 8.0, {})
    track = np.random.default_rng(1).normal(0, 0.001, 16_000 * 9).astype(np.float32)
    track[int(2.95 * 16_000) : int(2.95 * 16_000) + 8000] += _vowel(0.5)  # 0.95 s into the answer
    write_wav(store.track_path(sid, "candidate"), track, 16_000)
    service = FeedbackService(store, questions)

    _, transcript_only = service.metrics(sid, audio=False)
    assert transcript_only[0].to_dict()["fillers"] == []
    _, with_audio = service.metrics(sid)
    [filler] = with_audio[0].to_dict()["fillers"]
    assert filler["word"] == "uh" and 0.85 <= filler["at_s"] <= 1.2
    assert store.get(sid).turns[0].feedback["fillers"] == [filler]


class VetoingModel(FakeLanguageModel):
    """A model that scores yes/no too, and says a clear no to every key point it is asked about."""

    closed = False

    def __init__(self, replies: list[str]) -> None:
        super().__init__(replies)
        self.judged: list[list] = []

    def yes_no(self, prompts, cancel=None):
        from interview_voice.engines.llm_llama import YesNo

        for prompt in prompts:
            self.judged.append(prompt)
            yield YesNo(-9.0, -9.0, 0.0, 10)


def test_the_model_judges_the_credited_key_points_on_the_recording_pass_only(tmp_path, questions):
    store = SessionStore(tmp_path)
    sid = record(store)
    llm = VetoingModel(["Next time, set out the situation and the actions you took yourself."])
    prompts = load_reword_prompts(resource_dir("prompts") / "feedback.toml")
    service = FeedbackService(store, questions, wording=Wording(llm, prompts))
    _, terms = service.metrics(sid, audio=False)  # the instant pass: the terms alone
    credited = [p for p in terms[1].to_dict()["rubric"] if p["status"] != "missed"]
    assert credited and not llm.judged
    session, answers = service.metrics(sid, judge=True)
    assert len(llm.judged) == len(credited)
    assert all(p["status"] == "missed" and p["evidence"] is None for p in answers[1].to_dict()["rubric"])
    assert store.get(sid).turns[1].feedback["rubric"] == answers[1].to_dict()["rubric"]
    assert sid in service.judged_s
    service.word(sid, answers, session)
    assert sid not in service.judged_s  # its time came off the wording's budget


def test_without_a_model_that_scores_yes_and_no_the_terms_judge_alone(tmp_path, questions):
    store = SessionStore(tmp_path)
    sid = record(store)
    prompts = load_reword_prompts(resource_dir("prompts") / "feedback.toml")
    service = FeedbackService(store, questions, wording=Wording(FakeLanguageModel(["Fine."]), prompts))
    _, terms = service.metrics(sid, audio=False)
    _, judged = service.metrics(sid, judge=True)
    assert judged[1].to_dict()["rubric"] == terms[1].to_dict()["rubric"]


class ParaphraseModel(VetoingModel):
    """Says yes to every key point, except "States their own role", which only its paraphrase states."""

    def yes_no(self, prompts, cancel=None):
        from interview_voice.engines.llm_llama import YesNo

        for prompt in prompts:
            self.judged.append(prompt)
            asked = prompt[-1].content
            yes = "Key point: States their own role" not in asked or "was mine" in asked
            yield YesNo(9.0 if yes else -9.0, 0.0, 0.0, 10)


def test_a_second_look_credits_a_paraphrased_point_and_leaves_the_other_answers_as_stored(tmp_path, questions):
    paraphrase = ANSWER.replace("I was responsible for the model.", "The churn model was mine, data to deployment.")
    store = SessionStore(tmp_path)
    sid = record(store, answers=(ANSWER, paraphrase))
    llm = ParaphraseModel(["Next time, set out the situation and the actions you took yourself."] * 4)
    prompts = load_reword_prompts(resource_dir("prompts") / "feedback.toml")
    service = FeedbackService(store, questions, wording=Wording(llm, prompts))
    session, answers = service.metrics(sid, judge=True)
    assert [p["status"] for p in answers[3].to_dict()["rubric"]][1] == "missed"  # the terms have no "was mine"
    service.word(sid, answers, session)
    first_answer = store.get(sid).turns[1].feedback
    asked_before = len(llm.judged)

    data, again, changed = service.second_look(sid)
    assert changed == [3]
    role = again[3].to_dict()["rubric"][1]
    assert role["status"] == "covered" and "was mine" in role["evidence"] and role["at_s"] is not None
    stored = store.get(sid)
    assert stored.turns[3].feedback["rubric"][1] == role
    assert stored.turns[1].feedback == first_answer  # its notes as worded, untouched
    assert data["headline"] != session["headline"]  # the session's figures follow the answer's
    assert stored.feedback["headline"] == data["headline"]
    # the credited points' verdicts were not asked again: only the missed point, once per sentence
    assert len(llm.judged) - asked_before == 5
    assert service.second_look(sid) is None  # once per report
