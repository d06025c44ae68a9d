"""Each answer's audio lives in the session's recording on disk, read back when it is needed again:
the recording holds every answer whole and in step with its turn, and memory does not grow with
the answers heard."""

import gc
import time
import tracemalloc
import wave

import numpy as np
import pytest

from interview_voice.core.follow_up_prompt import load_prompts
from interview_voice.core.interview import Interview
from interview_voice.core.types import AudioChunk
from interview_voice.engines.audio_file import FileAudioInput, FileAudioOutput, write_wav
from interview_voice.engines.scripted_mic import ScriptedMicrophone
from interview_voice.paths import resource_dir
from interview_voice.records import TranscriptRefined, TurnStarted
from interview_voice.runtime.engines import Engines, LoadedModels
from interview_voice.runtime.session import RunnerSettings, SessionRunner
from interview_voice.storage.recorder import SessionRecorder
from interview_voice.storage.repository import SessionStore
from interview_voice.storage.tracks import read_span
from tests.fakes.engines import FakeLanguageModel, FakeSpeechToText, FakeTextToSpeech, FakeVoiceActivity, answer_tone
from tests.unit.helpers import sample_bank, sample_plan, sample_questions
from tests.unit.test_listen_on import SlowLanguageModel, gap
from tests.unit.test_session_runner import ANSWERS, REPLIES, SILENCE

QUANTUM = 1.5 / 32768  # the recording is 16-bit


class Microphone(FileAudioInput):
    """The answer files as a sound card gives them: each block a buffer of its own (not a view of the file)."""

    def read(self, timeout: float) -> np.ndarray | None:
        block = super().read(timeout)
        return None if block is None else block.copy()


def recorded_runner(tmp_path, clips, llm=None, refine=False, keep_events=True, audio_in=None, **settings):
    """A runner on fake engines whose session is recorded by the real store and recorder (audio_in: the
    microphone, by default the clips as a sound card gives them)."""
    bank = sample_bank()
    models = LoadedModels(
        FakeSpeechToText(ANSWERS),
        FakeTextToSpeech(),
        llm or FakeLanguageModel(REPLIES),
        FakeVoiceActivity(),
        fast_stt=FakeSpeechToText(ANSWERS) if refine else None,
    )
    store = SessionStore(tmp_path)
    session_id = store.start(
        plan="technical-screen",
        title="Technical screen",
        level="mid",
        personas=[],
        models={},
        settings={},
        questions=["q1"],
    )
    events: list = []
    emit = events.append if keep_events else lambda e: None
    if isinstance(audio_in, ScriptedMicrophone):
        mic, said = audio_in, set()

        def emit(event) -> None:  # as `simulate --realtime` cues the person's next answer
            events.append(event)
            if isinstance(event, TurnStarted) and event.turn.speaker == "candidate" and event.turn.index not in said:
                said.add(event.turn.index)
                mic.answer_started()

    runner = SessionRunner(
        Engines(models, audio_in or Microphone(clips), FileAudioOutput(None, 16_000)),
        Interview(sample_plan(bank), sample_questions(bank)),
        load_prompts(resource_dir("prompts") / "interviewer.toml"),
        emit=emit,
        settings=RunnerSettings(**settings),
        recorder=SessionRecorder(store, session_id),
    )
    return runner, store, session_id, events


def heard(clip: np.ndarray, samples: int) -> np.ndarray:
    """What a file-backed microphone gives for an answer: the file, then the room's silence."""
    return np.concatenate([clip, np.zeros(max(0, samples - clip.size), np.float32)])[:samples]


def voiced(audio: np.ndarray) -> np.ndarray:
    """From the first sound to the last (an answer may begin with silence heard before it)."""
    loud = np.flatnonzero(np.abs(audio) > 0.01)
    return audio[loud[0] : loud[-1] + 1] if loud.size else audio[:0]


def test_every_answer_is_read_back_whole_from_the_recording_where_its_turn_says_it_is(tmp_path):
    clips = [np.concatenate([SILENCE, answer_tone(i, 2.0), SILENCE]) for i in range(4)]
    runner, store, session_id, _ = recorded_runner(tmp_path, clips)
    turns = runner.run()
    runner.recorder.close("completed", runner.elapsed_s)
    answers = [t for t in turns if t.speaker == "candidate"]
    assert len(answers) == 4
    assert runner.answer_audio.held_samples == 0  # none of it in memory
    track = store.track_path(session_id, "candidate")
    stored = {t.index: t for t in store.get(session_id).turns}
    for clip, answer in zip(clips, answers):
        samples = runner.answer_audio.samples(answer.index)
        audio = runner.answer_audio.audio(answer.index)
        assert samples > clip.size - 2 * 512 and audio.size == samples
        np.testing.assert_allclose(voiced(audio), voiced(clip), atol=QUANTUM)  # whole, once, in order
    # in step with its turn: from the stored turn's audio start (where its words' times count from), the
    # track's first sound is where it is in the answer's own audio; what was heard over the interviewer's
    # line before it is on the track too, but does not move the start (it moved it by the line's length, seconds;
    # a file read faster than real time lands a block at a time on the session's clock, a few ms apart)
    for answer in answers:
        start = stored[answer.index].timings["audio_start_s"]
        sound = np.flatnonzero(np.abs(read_span(track, start, start + 2.0)) > 0.01)
        assert sound.size, f"no sound on the track in the 2 s from answer {answer.index}'s audio start"
        onset_s = sound[0] / 16_000
        own_onset_s = np.flatnonzero(np.abs(runner.answer_audio.audio(answer.index)) > 0.01)[0] / 16_000
        assert own_onset_s >= SILENCE.size / 16_000 and abs(onset_s - own_onset_s) < 0.3, (answer.index, onset_s)


def test_an_answer_that_goes_on_is_read_back_from_the_recording_and_transcribed_whole(tmp_path):
    first = np.concatenate([SILENCE, answer_tone(0, 2.0), gap(1.3), answer_tone(0, 2.0), SILENCE])
    clips = [first] + [np.concatenate([SILENCE, answer_tone(i, 2.0), SILENCE]) for i in range(1, 4)]
    runner, _, _, _ = recorded_runner(tmp_path, clips, llm=SlowLanguageModel(REPLIES, delay=1.5))
    turns = runner.run()
    answer = next(t for t in turns if t.speaker == "candidate")
    assert answer.resumed == 1 and answer.text == ANSWERS[0]
    audio = runner.answer_audio.audio(answer.index)
    # both parts and the pause between them, once each, in the order said
    assert audio.size == runner.answer_audio.samples(answer.index) > first.size - 2 * 512
    np.testing.assert_allclose(voiced(audio), voiced(first), atol=QUANTUM)
    assert runner.answer_audio.held_samples == 0


def test_the_accurate_pass_reads_each_answer_from_the_recording(tmp_path):
    clips = [np.concatenate([SILENCE, answer_tone(i, 2.0), SILENCE]) for i in range(4)]
    runner, _, _, events = recorded_runner(tmp_path, clips, refine=True)
    turns = runner.run()
    refined = {e.turn.index for e in events if isinstance(e, TranscriptRefined)}
    answers = [t for t in turns if t.speaker == "candidate"]
    assert refined == {t.index for t in answers}  # the fake model names each answer from its audio's pitch
    assert [t.text for t in answers] == ANSWERS


def test_memory_does_not_keep_the_answers_or_the_interviewers_voice(tmp_path):
    """Four answers of 40 s (10 MB of audio as heard): what the session holds afterwards is a small part
    of it. Holding the answers (or the interviewer's voice) in memory again fails this."""
    clips = [np.concatenate([SILENCE, answer_tone(i, 40.0), SILENCE]) for i in range(4)]
    runner, *_ = recorded_runner(tmp_path, clips, keep_events=False)
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        turns = runner.run()
        runner.recorder.close("completed", runner.elapsed_s)
        gc.collect()
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    answers = [t for t in turns if t.speaker == "candidate"]
    heard_bytes = sum(runner.answer_audio.samples(t.index) for t in answers) * 4
    assert len(answers) == 4 and heard_bytes > 10_000_000
    assert kept < heard_bytes / 5, f"{kept / 1e6:.2f} MB kept after {heard_bytes / 1e6:.1f} MB of answers"


def test_an_unrecorded_session_holds_only_the_newest_answer():
    clips = [np.concatenate([SILENCE, answer_tone(i, 2.0), SILENCE]) for i in range(4)]
    bank = sample_bank()
    models = LoadedModels(
        FakeSpeechToText(ANSWERS), FakeTextToSpeech(), FakeLanguageModel(REPLIES), FakeVoiceActivity()
    )
    runner = SessionRunner(
        Engines(models, FileAudioInput(clips), FileAudioOutput(None, 16_000)),
        Interview(sample_plan(bank), sample_questions(bank)),
        load_prompts(resource_dir("prompts") / "interviewer.toml"),
    )
    answers = [t for t in runner.run() if t.speaker == "candidate"]
    newest = answers[-1].index
    assert runner.answer_audio.held_samples == runner.answer_audio.samples(newest) > 0
    np.testing.assert_allclose(voiced(runner.answer_audio.audio(newest)), voiced(clips[-1]))
    assert runner.answer_audio.audio(answers[0].index).size == 0  # let go once the next answer began


def test_the_interviewers_voice_is_on_disk_as_it_plays(tmp_path):
    path = tmp_path / "interviewer.wav"
    out = FileAudioOutput(path, 16_000)
    for i in range(3):
        out.play(AudioChunk(answer_tone(i, 0.5), 16_000))
        with wave.open(str(path)) as wav:  # written already, before the end
            assert wav.getnframes() == (i + 1) * 8000
    out.close()
    with wave.open(str(path)) as wav:
        samples = np.frombuffer(wav.readframes(wav.getnframes()), "<i2").astype(np.float32) / 32767
    expected = np.concatenate([answer_tone(i, 0.5) for i in range(3)])
    np.testing.assert_allclose(samples, expected, atol=QUANTUM)
    assert out.played_samples == 24_000


def test_a_file_that_cannot_be_written_stops_the_interviewers_file_not_the_interview(tmp_path):
    out = FileAudioOutput(tmp_path / "missing" / "interviewer.wav", 16_000)  # a folder that is not there
    assert out.play(AudioChunk(answer_tone(0, 0.5), 16_000)) == 0.5  # the interview goes on
    with pytest.raises(OSError):  # ... and the end says the file could not be written
        out.close()


def test_answer_files_are_read_when_said_and_play_as_their_audio(tmp_path):
    clips = [answer_tone(0, 0.3), answer_tone(1, 0.2)]
    paths = []
    for i, clip in enumerate(clips):
        paths.append(tmp_path / f"answer{i}.wav")
        write_wav(paths[-1], clip, 16_000)
    played = {}
    for name, answers in (("audio", clips), ("files", paths)):
        mic = ScriptedMicrophone(list(answers))
        mic._now = lambda: 0  # a clock that stands still: the blocks are read as scheduled
        mic.start()
        mic.answer_started()
        mic.answer_started()
        played[name] = np.concatenate([mic._mix(start) for start in range(0, 16_000, 512)])
    np.testing.assert_allclose(played["files"], played["audio"], atol=QUANTUM)
    assert np.abs(played["files"][: clips[0].size]).max() > 0.2


def test_part_of_a_wav_is_what_reading_it_whole_gives_there(tmp_path):
    from interview_voice.engines.audio_file import read_wav_mono, read_wav_span

    mono = tmp_path / "mono.wav"
    write_wav(mono, answer_tone(0, 3.0), 16_000)  # the candidate track's layout: only the part is read
    other = tmp_path / "other.wav"
    write_wav(other, answer_tone(1, 3.0), 22_050)  # another rate: read whole, then cut
    for path in (mono, other):
        whole = read_wav_mono(path)
        for start, end in ((0.5, 1.25), (-0.2, 0.4), (2.5, 9.0)):
            part = read_wav_span(path, start, end)
            np.testing.assert_allclose(part, whole[max(0, int(start * 16_000)) : int(end * 16_000)], atol=1e-6)


def test_a_candidate_who_answers_at_once_is_heard_from_the_first_word_on_a_slow_machine(tmp_path, monkeypatch):
    """The microphone is the answer's when its turn starts, before what is prepared for the answer (the
    read-ahead, the next line, the live transcriber): on a busy machine that took 2.5 s, and an answer
    begun at once lost its first sentence from the recording and the transcript (the first answer: the
    microphone was not open yet; the later ones, heard while listening on: taken as said over the line)."""
    clips = [np.concatenate([answer_tone(i, 2.0), SILENCE, SILENCE]) for i in range(4)]  # no silence before
    runner, *_ = recorded_runner(tmp_path, clips, audio_in=ScriptedMicrophone(list(clips)))
    read = runner.read_ahead.read
    monkeypatch.setattr(runner.read_ahead, "read", lambda *a, **k: (time.sleep(0.8), read(*a, **k))[1])
    turns = runner.run()
    answers = [t for t in turns if t.speaker == "candidate"]
    assert answers
    for clip, answer in zip(clips, answers):
        audio = runner.answer_audio.audio(answer.index)
        assert voiced(audio).size >= voiced(clip).size - 512, (answer.index, voiced(audio).size / 16_000)
