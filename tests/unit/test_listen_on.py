"""After an answer seems to end, the runner listens on: nothing the candidate says is lost."""

import threading
import time

import numpy as np

from interview_voice.core.follow_up_prompt import load_prompts
from interview_voice.core.interview import Interview
from interview_voice.core.text import without_echo
from interview_voice.engines.audio_file import FileAudioInput, FileAudioOutput
from interview_voice.paths import resource_dir
from interview_voice.records import TurnStarted, Word
from interview_voice.runtime.engines import Engines, LoadedModels
from interview_voice.runtime.session import RunnerSettings, SessionRunner
from tests.fakes.engines import FakeLanguageModel, FakeSpeechToText, FakeTextToSpeech, FakeVoiceActivity, answer_tone
from tests.unit.helpers import sample_bank, sample_plan, sample_questions
from tests.unit.test_session_runner import ANSWERS, REPLIES, SILENCE


class SlowLanguageModel(FakeLanguageModel):
    """Takes `delay` seconds before its first word, like a big model on a busy machine."""

    def __init__(self, replies, delay: float) -> None:
        super().__init__(replies, first_word_s=delay)


def runner_for(first_answer: np.ndarray, llm, refine: bool = False, **settings) -> SessionRunner:
    """refine: a second, accurate speech model transcribes each answer again while the interviewer talks."""
    bank = sample_bank()
    audio = [first_answer] + [np.concatenate([SILENCE, answer_tone(i, 2.0), SILENCE]) for i in range(1, 4)]
    models = LoadedModels(
        FakeSpeechToText(ANSWERS),
        FakeTextToSpeech(),
        llm,
        FakeVoiceActivity(),
        fast_stt=FakeSpeechToText(ANSWERS) if refine else None,
    )
    engines = Engines(models, FileAudioInput(audio), FileAudioOutput(None, 16_000))
    return SessionRunner(
        engines,
        Interview(sample_plan(bank), sample_questions(bank)),
        load_prompts(resource_dir("prompts") / "interviewer.toml"),
        settings=RunnerSettings(**settings),
    )


def gap(seconds: float) -> np.ndarray:
    return np.zeros(int(seconds * 16_000), np.float32)


def test_an_answer_that_goes_on_after_the_turn_ended_is_one_turn_and_the_interviewer_yields():
    # a finished sentence, 1.3 s of silence (the turn ends after 0.5 s, or 0.9 s if the words are not
    # transcribed yet), then more of the same answer
    first = np.concatenate([SILENCE, answer_tone(0, 2.0), gap(1.3), answer_tone(0, 2.0), SILENCE])
    runner = runner_for(first, SlowLanguageModel(REPLIES, delay=1.5))
    turns = runner.run()
    answers = [t for t in turns if t.speaker == "candidate"]
    assert len(answers) == 4 and answers[0].resumed == 1
    assert [e for e in runner.events if e["type"] == "resumed"][0]["turn"] == answers[0].index
    # the whole answer is in one turn's audio, and its end of speech is the second part's end
    assert runner.answer_audio.samples(answers[0].index) / 16_000 > 0.5 + 2.0 + 1.3 + 2.0
    assert answers[0].speech_end_ms - answers[0].speech_start_ms > 4.5 * 1000
    # the interviewer followed up once, after the whole answer, not at the pause
    assert [t.kind for t in turns[:5]] == ["opening", "question", "answer", "follow_up", "answer"]


def test_speech_over_the_interviewer_is_kept_in_the_next_answer_marked_as_overlapping():
    # the candidate goes on 1.5 s after the turn ended (0.5 s into the pause), for 1 s, while the
    # follow-up (0.3 s after the acknowledgement "Okay.", 3.3 s long) is being spoken
    first = np.concatenate([SILENCE, answer_tone(0, 2.0), gap(2.0), answer_tone(1, 1.0)])
    runner = runner_for(first, FakeLanguageModel(REPLIES), say_back=False)
    turns = runner.run()
    answers = [t for t in turns if t.speaker == "candidate"]
    assert answers[0].resumed == 0 and answers[0].text == ANSWERS[0]
    assert answers[1].overlap_text == ANSWERS[1]
    assert answers[1].text.startswith(ANSWERS[1]) and len(answers[1].words) > len(ANSWERS[1].split())


def test_speech_over_the_interviewer_stays_in_the_kept_transcript_after_the_accurate_models_pass():
    first = np.concatenate([SILENCE, answer_tone(0, 2.0), gap(2.0), answer_tone(1, 1.0)])
    runner = runner_for(first, FakeLanguageModel(REPLIES), refine=True, say_back=False)  # "Okay.", as above
    turns = runner.run()
    answers = [t for t in turns if t.speaker == "candidate"]
    assert answers[1].refine_ms is not None  # the accurate model's words are the ones kept
    assert answers[1].overlap_text == ANSWERS[1]
    assert answers[1].text.startswith(ANSWERS[1] + " ") and answers[1].text.endswith(ANSWERS[1])
    assert [w.text for w in answers[1].words[: len(ANSWERS[1].split())]] == ANSWERS[1].split()


def test_a_slow_model_does_not_leave_a_long_silence_the_curated_probe_comes_at_the_deadline():
    runner = runner_for(
        np.concatenate([SILENCE, answer_tone(0, 2.0), SILENCE]),
        SlowLanguageModel(REPLIES, 6.0),
        follow_up_deadline_s=2.5,
    )
    started = time.monotonic()
    turns = runner.run()
    follow_ups = [t for t in turns if t.kind == "follow_up"]
    assert follow_ups and all(
        t.follow_up_source == "fallback" and t.fallback_reason == "past the deadline" for t in follow_ups
    )
    assert all(t.latency_ms < 2500 + 500 for t in follow_ups)  # speech end -> the probe's first sound
    assert time.monotonic() - started < 30


def test_the_interviewers_own_voice_heard_through_the_speakers_is_not_kept():
    said = "Okay. Why did you pick thirty days for the prediction window?"
    heard = [
        Word(w, i * 0.3, i * 0.3 + 0.25)
        for i, w in enumerate("why did you pick thirty days well because billing is monthly".split())
    ]
    assert [w.text for w in without_echo(heard, said)] == ["well", "because", "billing", "is", "monthly"]
    assert without_echo([], said) == []


def test_with_a_headset_speech_just_after_the_interviewer_began_continues_the_answer():
    from tests.fakes.engines import ContinuousAudioInput

    bank = sample_bank()
    plan = sample_plan(bank, question_ids=("q-one",), question_count=1, follow_ups_per_question=1)
    # the question (~1.7 s), the answer, 1.5 s of silence: the turn ends after 0.5 s, the follow-up
    # starts about 0.4 s later (after "Okay."), and the candidate goes on about 0.6 s into it
    timeline = np.concatenate([gap(2.0), answer_tone(0, 2.0), gap(1.5), answer_tone(0, 2.0), gap(8.0)])
    engines = Engines(
        LoadedModels(FakeSpeechToText(ANSWERS), FakeTextToSpeech(), FakeLanguageModel(REPLIES), FakeVoiceActivity()),
        ContinuousAudioInput(timeline),
        FileAudioOutput(None, 16_000, realtime=True),
    )
    runner = SessionRunner(
        engines,
        Interview(plan, [bank.get("q-one")]),
        load_prompts(resource_dir("prompts") / "interviewer.toml"),
        settings=RunnerSettings(barge_in=True),
    )
    turns = runner.run()
    answer = next(t for t in turns if t.speaker == "candidate")
    assert answer.resumed == 1, [(t.kind, t.end_reason) for t in turns]
    assert answer.speech_end_ms - answer.speech_start_ms > 5000  # both parts, one turn
    # the follow-up it began (if it had begun) stopped and is marked; the one asked comes after the answer
    between = [
        t for t in turns if t.speaker == "interviewer" and answer.speech_start_ms < t.started_ms < answer.speech_end_ms
    ]
    assert all(t.end_reason == "yielded" for t in between)
    assert any(t.kind == "follow_up" and t.started_ms > answer.speech_end_ms for t in turns)


def _write_follow_up(bank):
    interview = Interview(sample_plan(bank), sample_questions(bank))
    interview.start()
    interview.on_spoken()
    interview.on_spoken()
    command = interview.on_answer(ANSWERS[0], elapsed_s=10)
    assert type(command).__name__ == "WriteFollowUp"
    return command


class PacedLanguageModel(FakeLanguageModel):
    """Begins after `first` seconds, then a word every `every` seconds."""

    def __init__(self, replies, first: float, every: float) -> None:
        super().__init__(replies)
        self.first, self.every = first, every

    def stream_chat(self, messages, **kwargs):
        time.sleep(self.first)
        for piece in super().stream_chat(messages, **kwargs):
            yield piece
            time.sleep(self.every)


def test_the_probe_is_voiced_ahead_only_when_the_model_is_not_on_course_to_finish_in_time():
    from interview_voice.runtime.follow_up import FollowUpByDeadline

    command = _write_follow_up(sample_bank())
    prompts = load_prompts(resource_dir("prompts") / "interviewer.toml")
    for model, expect_prepared, expect_source in (
        (PacedLanguageModel(REPLIES, 0.3, 0.05), False, "model"),
        (PacedLanguageModel(REPLIES, 0.05, 0.4), True, "fallback"),
        (PacedLanguageModel(REPLIES, 3.0, 0.0), True, "fallback"),
    ):
        prepared = []
        started = time.monotonic()
        wording = FollowUpByDeadline(model, prompts, command, timeout_s=8.0, max_tokens=60)
        worded = wording.wait(
            lambda started=started: 1000 * (time.monotonic() - started),
            1500,
            lambda: False,
            (1000, lambda prepared=prepared: prepared.append(True)),
        )
        wording.worker.join()
        assert bool(prepared) is expect_prepared and worded.source == expect_source


def test_with_a_live_microphone_the_repeat_closes_it_and_the_answer_after_is_heard():
    from tests.fakes.engines import ContinuousAudioInput

    bank = sample_bank()
    plan = sample_plan(bank, question_ids=("q-one",), question_count=1, follow_ups_per_question=0)
    timeline = np.concatenate([gap(3.0), answer_tone(0, 2.0), gap(3.0)])
    microphone = ContinuousAudioInput(timeline)
    stops = []
    microphone.stop = lambda: stops.append(microphone._pos)  # the runner closes it while the question is said
    engines = Engines(
        LoadedModels(FakeSpeechToText(ANSWERS), FakeTextToSpeech(), FakeLanguageModel(REPLIES), FakeVoiceActivity()),
        microphone,
        FileAudioOutput(None, 16_000),
    )
    holder = {}

    def press_repeat(event):
        if isinstance(event, TurnStarted) and event.turn.speaker == "candidate" and "asked" not in holder:
            holder["asked"] = True
            holder["runner"].repeat_question()

    runner = holder["runner"] = SessionRunner(
        engines,
        Interview(plan, [bank.get("q-one")]),
        load_prompts(resource_dir("prompts") / "interviewer.toml"),
        emit=press_repeat,
    )
    turns = runner.run()
    assert [(t.speaker, t.kind, t.end_reason) for t in turns[1:4]] == [
        ("interviewer", "question", None),
        ("candidate", "answer", "repeat"),
        ("interviewer", "repeat", None),
    ]
    assert (turns[4].text, turns[4].end_reason) == (ANSWERS[0], "silence")
    assert stops  # closed for the repeat, opened again for the answer


def _one_question_runner(timeline: np.ndarray, closing: str, **settings) -> SessionRunner:
    bank = sample_bank()
    plan = sample_plan(bank, question_ids=("q-one",), question_count=1, follow_ups_per_question=0, closing=closing)
    engines = Engines(
        LoadedModels(FakeSpeechToText(ANSWERS), FakeTextToSpeech(), FakeLanguageModel(REPLIES), FakeVoiceActivity()),
        FileAudioInput([timeline]),
        FileAudioOutput(None, 16_000, realtime=True),
    )
    return SessionRunner(
        engines,
        Interview(plan, [bank.get("q-one")]),
        load_prompts(resource_dir("prompts") / "interviewer.toml"),
        settings=RunnerSettings(**settings),
    )


def test_what_the_candidate_says_over_the_closing_is_kept_with_the_last_answer():
    # the answer ends at a 1.2 s pause (the turn ends after 0.5 s and the closing starts), then the
    # candidate says more while the closing (about 4 s) is spoken, and the session ends
    closing = "Thank you, that is all from me today. We will be in touch about the next steps soon."
    timeline = np.concatenate([SILENCE, answer_tone(0, 2.0), gap(1.2), answer_tone(1, 1.5), gap(6.0)])
    runner = _one_question_runner(timeline, closing)
    turns = runner.run()
    answer = next(t for t in turns if t.speaker == "candidate")
    assert turns[-1].kind == "closing"
    assert answer.text == f"{ANSWERS[0]} {ANSWERS[1]}", [(t.kind, t.text) for t in turns]
    assert any(e["type"] == "kept_after_answer" for e in runner.events)


def test_a_line_does_not_start_over_speech_that_has_just_begun():
    # the candidate goes on right as the turn ends (after 16 silent frames of 32 ms): too soon to have
    # resumed the answer when the next line is due; the interviewer waits and the answer goes on
    frames = [np.zeros(16 * 512, np.float32), answer_tone(0, 63 * 512 / 16_000), np.zeros(16 * 512, np.float32)]
    timeline = np.concatenate([*frames, answer_tone(0, 2.0), gap(6.0)])
    runner = _one_question_runner(timeline, "Goodbye.")
    turns = runner.run()
    answer = next(t for t in turns if t.speaker == "candidate")
    assert answer.resumed == 1 and answer.speech_end_ms - answer.speech_start_ms > 4000
    assert [t.kind for t in turns] == ["opening", "question", "answer", "closing"]


def _early_runner(timeline: np.ndarray, llm) -> SessionRunner:
    bank = sample_bank()
    plan = sample_plan(bank, question_ids=("q-one",), question_count=1, follow_ups_per_question=1)
    engines = Engines(
        LoadedModels(FakeSpeechToText(ANSWERS), FakeTextToSpeech(), llm, FakeVoiceActivity()),
        FileAudioInput([timeline, np.concatenate([SILENCE, answer_tone(1, 1.0), SILENCE])], realtime=True),
        FileAudioOutput(None, 16_000, realtime=True),
    )
    return SessionRunner(
        engines,
        Interview(plan, [bank.get("q-one")]),
        load_prompts(resource_dir("prompts") / "interviewer.toml"),
        settings=RunnerSettings(acknowledge=False, say_back=False),
    )


def test_the_follow_up_is_worded_from_the_pause_on_and_used_when_the_turn_ends_there():
    llm = PacedLanguageModel(REPLIES, first=0.3, every=0.02)
    runner = _early_runner(np.concatenate([SILENCE, answer_tone(0, 2.0), gap(3.0)]), llm)
    turns = runner.run()
    answer = next(t for t in turns if t.speaker == "candidate")
    follow_up = next(t for t in turns if t.kind == "follow_up")
    [early] = [e for e in runner.events if e["type"] == "early_follow_up"]
    assert early["at_ms"] < answer.ended_ms  # begun inside the silence, before the turn ended
    assert len(llm.calls) == 1 and runner.ahead.early.used == 1  # the wording begun early is the one asked
    assert follow_up.follow_up_source == "model" and follow_up.text == REPLIES[0]


def test_a_follow_up_begun_at_a_pause_is_dropped_when_the_candidate_goes_on():
    llm = PacedLanguageModel(REPLIES, first=0.3, every=0.02)
    # a finished sentence, a 0.45 s pause (a follow-up starts after 0.15 s; the turn would end at 0.5 s)
    timeline = np.concatenate([SILENCE, answer_tone(0, 2.0), gap(0.45), answer_tone(0, 1.5), gap(3.0)])
    runner = _early_runner(timeline, llm)
    turns = runner.run()
    answer = next(t for t in turns if t.speaker == "candidate")
    assert answer.speech_end_ms - answer.speech_start_ms > 3500  # one turn: the pause did not end it
    assert runner.ahead.early.dropped == 1 and runner.ahead.early.used == 1
    first, second = [e["at_ms"] for e in runner.events if e["type"] == "early_follow_up"]
    assert first < answer.speech_end_ms < second
    assert next(t for t in turns if t.kind == "follow_up").follow_up_source == "model"


def test_a_candidate_who_went_on_after_a_long_pause_is_given_that_pause_in_later_answers():
    bank = sample_bank()
    # the first answer goes on after 1.3 s (the turn had ended at 0.5 s: the answer resumes); the
    # second pauses 1.2 s between its sentences: the interviewer now waits that out
    first = np.concatenate([SILENCE, answer_tone(0, 2.0), gap(1.3), answer_tone(0, 2.0), gap(3.0)])
    second = np.concatenate([SILENCE, answer_tone(1, 2.0), gap(1.2), answer_tone(1, 2.0), gap(3.0)])
    models = LoadedModels(
        FakeSpeechToText(ANSWERS), FakeTextToSpeech(), SlowLanguageModel(REPLIES, delay=1.8), FakeVoiceActivity()
    )
    engines = Engines(
        models,
        FileAudioInput(
            [
                first,
                second,
                np.concatenate([SILENCE, answer_tone(2, 2.0), gap(2)]),
                np.concatenate([SILENCE, answer_tone(3, 2.0), gap(2)]),
            ]
        ),
        FileAudioOutput(None, 16_000),
    )
    runner = SessionRunner(
        engines,
        Interview(sample_plan(bank), sample_questions(bank)),
        load_prompts(resource_dir("prompts") / "interviewer.toml"),
    )
    turns = runner.run()
    answers = [t for t in turns if t.speaker == "candidate"]
    assert answers[0].resumed == 1 and answers[1].resumed == 0
    assert answers[1].speech_end_ms - answers[1].speech_start_ms > 4500  # both sentences, never taken over
    assert runner.pace.longest_ms is not None and runner.pace.longest_ms > 1000
    ended = [e for e in runner.events if e["type"] == "endpoint" and e["turn"] == answers[1].index]
    assert ended[-1]["words"] == "finished" and ended[-1]["pace_ms"] > 1000 and ended[-1]["waited_ms"] > 1200
    [learned] = [e for e in runner.events if e["type"] == "pace"]  # kept with the session, shown in Settings
    assert learned["between_sentences_ms"] == round(runner.pace.longest_ms)


class GatedLanguageModel(FakeLanguageModel):
    """Writes its first `ahead` words at once, the rest once `release` is set."""

    def __init__(self, replies, ahead: int) -> None:
        super().__init__(replies)
        self.ahead, self.release = ahead, threading.Event()

    def stream_chat(self, messages, **kwargs):
        for index, piece in enumerate(super().stream_chat(messages, **kwargs)):
            if index == self.ahead:
                self.release.wait(10)
            yield piece


def test_a_model_about_to_finish_at_the_deadline_gets_a_little_longer_and_a_stalled_one_does_not():
    from interview_voice.runtime.follow_up import TYPICAL_PIECES, FollowUpByDeadline

    command = _write_follow_up(sample_bank())
    prompts = load_prompts(resource_dir("prompts") / "interviewer.toml")
    reply = "How would you validate the model over time, with a split that keeps the latest months for testing only?"
    assert len(reply.split()) > TYPICAL_PIECES
    # the clock stands just past the 1.2 s deadline, inside the grace: only the model's pace decides
    for grace_ms, ahead, expect in (
        (800, TYPICAL_PIECES, "model"),  # most of it written: on course
        (0, TYPICAL_PIECES, "fallback"),  # no grace allowed
        (800, 0, "fallback"),
    ):  # nothing written yet: stalled
        model = GatedLanguageModel([reply], ahead)
        wording = FollowUpByDeadline(model, prompts, command, timeout_s=8.0, max_tokens=60)
        while len(wording._pieces) < ahead:
            time.sleep(0.01)
        threading.Timer(0.2, model.release.set).start()
        worded = wording.wait(lambda: 1300.0, 1200, lambda: False, grace_ms=grace_ms)
        model.release.set()
        wording.worker.join()
        assert worded is not None and worded.source == expect, (grace_ms, ahead, worded)


class SlowOnLanguageModel(FakeLanguageModel):
    """Slow (`delay` s before its first word) only on prompts that quote `slow_on`."""

    def __init__(self, replies, slow_on: str, delay: float) -> None:
        super().__init__(replies)
        self.slow_on, self.delay = slow_on, delay

    def stream_chat(self, messages, **kwargs):
        if self.slow_on in messages[-1].content:
            time.sleep(self.delay)
        yield from super().stream_chat(messages, **kwargs)


def test_words_said_over_the_interviewer_stay_in_front_when_the_next_answer_goes_on_after_a_pause():
    bank = sample_bank()
    audio = [
        np.concatenate([SILENCE, answer_tone(0, 2.0), SILENCE]),
        # the reply to the follow-up, then more while the next question is asked
        np.concatenate([SILENCE, answer_tone(1, 2.0), gap(1.0), answer_tone(3, 1.0)]),
        # the next answer pauses after its first sentence and goes on while the follow-up is worded
        np.concatenate([SILENCE, answer_tone(2, 2.0), gap(1.3), answer_tone(2, 2.0), SILENCE]),
        np.concatenate([SILENCE, answer_tone(1, 2.0), SILENCE]),
    ]
    llm = SlowOnLanguageModel(REPLIES, slow_on=ANSWERS[2][:30], delay=1.8)
    engines = Engines(
        LoadedModels(FakeSpeechToText(ANSWERS), FakeTextToSpeech(), llm, FakeVoiceActivity()),
        FileAudioInput(audio),
        FileAudioOutput(None, 16_000),
    )
    runner = SessionRunner(
        engines,
        Interview(sample_plan(bank), sample_questions(bank)),
        load_prompts(resource_dir("prompts") / "interviewer.toml"),
    )
    turns = runner.run()
    answers = [t for t in turns if t.speaker == "candidate"]
    assert answers[2].overlap_text == ANSWERS[3] and answers[2].resumed == 1, [
        (t.kind, t.text, t.overlap_text, t.resumed) for t in answers
    ]
    assert answers[2].text.startswith(ANSWERS[3] + " ")
    assert [w.text for w in answers[2].words[: len(ANSWERS[3].split())]] == ANSWERS[3].split()


class CountingLanguageModel(FakeLanguageModel):
    """Counts the pieces it was asked for."""

    def __init__(self, replies) -> None:
        super().__init__(replies)
        self.given = 0

    def stream_chat(self, messages, **kwargs):
        for piece in super().stream_chat(messages, **kwargs):
            self.given += 1
            yield piece


def test_the_model_stops_at_its_first_question_mark():
    """What the interviewer says ends at the first question: the model is not kept writing past it."""
    from interview_voice.runtime.follow_up import word_follow_up

    command = _write_follow_up(sample_bank())
    prompts = load_prompts(resource_dir("prompts") / "interviewer.toml")
    model = CountingLanguageModel(
        [
            "How did you choose the thirty-day window? I ask because billing cycles vary a "
            "lot between customers and that changes the label."
        ]
    )
    worded = word_follow_up(model, prompts, command)
    assert worded.source == "model" and worded.text == "How did you choose the thirty-day window?", worded
    assert model.given == 7


class HeldSilence(FileAudioInput):
    """Answer files as a microphone (in real time) whose first answer is read past hold_s only while go_on()
    holds: how far the runner has heard cannot depend on how busy the machine is (on a busy one it read the
    silence after the answer in one burst, and the turn ended milliseconds after the follow-up was started)."""

    def __init__(self, answers: list[np.ndarray], hold_s: float, go_on) -> None:
        super().__init__(answers, realtime=True)
        self._hold, self._go_on = int(hold_s * self.sample_rate), go_on

    def read(self, timeout: float) -> np.ndarray | None:
        waited = time.monotonic()
        while self._turn == 0 and self._pos >= self._hold and not self._go_on():  # the runner's own thread
            assert time.monotonic() - waited < 60, "the follow-up was never worded at the pause"
            time.sleep(0.005)
        return super().read(timeout)


class WordsAfterTheTurnEnds(FakeLanguageModel):
    """Writes nothing until `turn_ended` is set: still wording when the answer ends, however fast the machine."""

    def __init__(self, replies) -> None:
        super().__init__(replies)
        self.turn_ended = threading.Event()

    def stream_chat(self, messages, **kwargs):
        assert self.turn_ended.wait(60)
        yield from super().stream_chat(messages, **kwargs)


def test_a_question_worded_at_the_pause_is_asked_without_an_acknowledgement_and_a_late_one_gets_one(monkeypatch):
    from interview_voice.runtime import listening

    lives: list = []

    class SpiedLive(listening.LiveTranscriber):  # the pauses the runner asks about, for the microphone's hold
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self.asked: list[float] = []
            lives.append(self)

        def pause_text(self, covered_s: float) -> str | None:
            self.asked.append(covered_s)
            return super().pause_text(covered_s)

    monkeypatch.setattr(listening, "LiveTranscriber", SpiedLive)
    bank = sample_bank()
    plan = sample_plan(bank, question_ids=("q-one",), question_count=1, follow_ups_per_question=1)
    answers = [
        np.concatenate([SILENCE, answer_tone(0, 2.0), gap(3.0)]),
        np.concatenate([SILENCE, answer_tone(1, 1.0), SILENCE]),
    ]
    paused_s = (SILENCE.size + 2.0 * 16_000) / 16_000 + 0.2  # past the silence a follow-up may start at (150 ms)
    for late in (False, True):
        held: dict = {"runner": None, "worded": False}

        def worded_at_the_pause(held: dict = held) -> bool:
            """The silence goes on once the follow-up started at the pause is worded (and from then on: the
            microphone is listened on after the answer); before it starts, one frame at a time once the words
            up to the pause are transcribed (the frame it starts at)."""
            if held["worded"]:
                return True
            early, live = held["runner"].ahead.early, lives[-1]
            if early.started:
                held["worded"] = early.worded() is not None
                return held["worded"]
            return bool(live.asked) and SpiedLive.pause_text(live, live.asked[-1]) is not None

        llm = WordsAfterTheTurnEnds(REPLIES) if late else PacedLanguageModel(REPLIES, first=0.05, every=0.01)
        audio_in = (
            FileAudioInput(answers, realtime=True) if late else HeldSilence(answers, paused_s, worded_at_the_pause)
        )
        engines = Engines(
            LoadedModels(FakeSpeechToText(ANSWERS), FakeTextToSpeech(), llm, FakeVoiceActivity()),
            audio_in,
            FileAudioOutput(None, 16_000, realtime=True),
        )
        runner = SessionRunner(
            engines,
            Interview(plan, [bank.get("q-one")]),
            load_prompts(resource_dir("prompts") / "interviewer.toml"),
            settings=RunnerSettings(acknowledge=True, say_back=False),  # a lead-in is always said: see test_lead_in
        )
        held["runner"] = runner
        if late:  # the model words once the runner has decided whether to acknowledge
            ready = runner.ahead.early.ready

            def decided(command, ready=ready, llm=llm) -> bool:
                try:
                    return ready(command)
                finally:
                    llm.turn_ended.set()

            monkeypatch.setattr(runner.ahead.early, "ready", decided)
        follow_up = next(t for t in runner.run() if t.kind == "follow_up")
        assert follow_up.follow_up_source == "model" and (follow_up.ack_text is not None) == late, follow_up
        if not late:
            assert runner.ahead.early.used == 1  # the question asked is the one worded at the pause
