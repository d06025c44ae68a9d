"""Which passes the live transcriber runs while the candidate is silent: the pause passes, not a
whole pass (the cores go to the model wording the follow-up), and one that hears the silence a
final pass would, so that the transcript the turn ends with keeps the last word."""

import threading
import time
import tracemalloc

import numpy as np

from interview_voice.core.types import Segment
from interview_voice.records import Word
from interview_voice.runtime.live_transcript import HOLD_PADDING_MAX_S, PADDED_S, LiveTranscriber, follow_pauses

RATE, BLOCK = 16_000, 512
FRAME_MS = 1000 * BLOCK / RATE


class CountingSpeechToText:
    """One word per second of audio that is not silent; every call kept as (first sample, samples)."""

    def __init__(self) -> None:
        self.calls: list[int] = []
        self.lock = threading.Lock()

    def transcribe(self, audio: np.ndarray, quick: bool = False):
        with self.lock:
            self.calls.append(audio.size)
        loud = np.nonzero(np.abs(audio) > 0.01)[0]
        if not loud.size:
            return []
        end = loud[-1] / RATE
        words = tuple(Word(f"word{i}", i, min(i + 0.8, end)) for i in range(int(end) + 1))
        return [Segment(" ".join(w.text for w in words), 0.0, end, words)]


def speak_then_pause(live: LiveTranscriber, speech_s: float, silence_s: float) -> float:
    """Blocks as the listening loop pushes them, with the pauses told as follow_pauses tells them;
    the end of speech in seconds."""
    return speak(live, [(True, speech_s), (False, silence_s)])


def speak(live: LiveTranscriber, parts: list[tuple[bool, float]] | list[tuple[float, float]]) -> float:
    """(speaking, seconds) in turn, speaking True or the speech's loudness (0.0 for silence); the end of the
    last speech in seconds."""
    speech_end_ms, silence_ms, n = None, 0.0, 0
    for speaking, seconds in parts:
        level = 0.2 if speaking is True else float(speaking)
        for _ in range(int(seconds * RATE / BLOCK)):
            live.push(np.full(BLOCK, level, np.float32))
            was = silence_ms
            n += 1
            if speaking:
                speech_end_ms, silence_ms = n * FRAME_MS, 0.0
            else:
                silence_ms += FRAME_MS
            follow_pauses(live, speech_end_ms, was, silence_ms, FRAME_MS)
            time.sleep(0.002)
    assert speech_end_ms is not None
    return speech_end_ms / 1000


def go_on_silent(live: LiveTranscriber, seconds: float) -> None:
    """The silence of a pause goes on (the pause is already told)."""
    for _ in range(int(seconds * RATE / BLOCK)):
        live.push(np.zeros(BLOCK, np.float32))
        time.sleep(0.002)


def test_a_long_silence_gets_the_pause_passes_and_no_whole_pass():
    stt = CountingSpeechToText()
    live = LiveTranscriber(stt, RATE)
    speech_end = speak_then_pause(live, speech_s=3.0, silence_s=5.0)  # 5 s of silence: past a whole pass's step
    time.sleep(0.3)
    with stt.lock:
        during_silence = [size for size in stt.calls if size > (speech_end + 0.05) * RATE]
    # the pass at the pause and the one with the pad: no whole pass of the answer with 4 s of silence in it
    assert len(during_silence) == 2, stt.calls
    assert max(during_silence) < (speech_end + 1.0) * RATE, stt.calls
    live.finish(speech_end + 0.3, covered_s=speech_end + 0.3)
    assert not live.tail_transcribed_at_finish, "the padded pause pass is the transcript the turn ends with"


def test_the_padded_pass_waits_while_the_model_words_a_follow_up_begun_at_the_pause():
    stt = CountingSpeechToText()
    live = LiveTranscriber(stt, RATE)
    speech_end = speak_then_pause(live, speech_s=3.0, silence_s=0.15)  # the 90 ms pause pass
    time.sleep(0.2)
    wording = threading.Event()
    wording.set()
    live.hold_padding(wording.is_set)  # the model is wording the follow-up
    go_on_silent(live, 0.5)  # past the padded pass's time
    time.sleep(0.3)
    with stt.lock:
        padded = [size for size in stt.calls if size >= (speech_end + PADDED_S - 0.05) * RATE]
    assert not padded, stt.calls
    wording.clear()  # worded: the padded pass runs now
    time.sleep(0.3)
    with stt.lock:
        padded = [size for size in stt.calls if size >= (speech_end + PADDED_S - 0.05) * RATE]
    assert len(padded) == 1, stt.calls
    live.finish(speech_end + 0.3, covered_s=speech_end + 0.3)
    assert not live.tail_transcribed_at_finish


def test_a_turn_that_ends_while_the_model_words_ends_on_the_pause_pass_unless_no_model_refines_it():
    for whole in (False, True):
        stt = CountingSpeechToText()
        live = LiveTranscriber(stt, RATE)
        speech_end = speak_then_pause(live, speech_s=3.0, silence_s=0.15)
        time.sleep(0.2)
        live.hold_padding(lambda: True)  # the model is still wording at the end of the turn
        go_on_silent(live, 0.5)
        segments = live.finish(speech_end + 0.3, covered_s=speech_end + 0.3, whole=whole)
        # with an accurate model to transcribe the answer again, the pause pass's words are kept for now;
        # with none (whole), the end is transcribed as always
        assert live.tail_transcribed_at_finish == whole, (whole, stt.calls)
        assert segments and segments[-1].words[-1].end >= speech_end - 0.2, "the words up to the end of speech"


def test_a_model_that_never_finishes_holds_the_padded_pass_only_so_long():
    stt = CountingSpeechToText()
    live = LiveTranscriber(stt, RATE)
    speech_end = speak_then_pause(live, speech_s=3.0, silence_s=0.15)
    time.sleep(0.2)
    live.hold_padding(lambda: True)
    go_on_silent(live, 0.5)
    time.sleep(HOLD_PADDING_MAX_S + 0.3)
    with stt.lock:
        assert any(size >= (speech_end + PADDED_S - 0.05) * RATE for size in stt.calls), stt.calls
    live.finish(speech_end + 0.3, covered_s=speech_end + 0.3)


def test_a_turn_that_ends_before_the_padded_pass_transcribes_its_end_now():
    stt = CountingSpeechToText()
    live = LiveTranscriber(stt, RATE)
    speech_end = speak_then_pause(live, speech_s=3.0, silence_s=0.15)  # only the 90 ms pause pass so far
    time.sleep(0.3)
    segments = live.finish(speech_end + 0.3, covered_s=speech_end + 0.3)
    assert live.tail_transcribed_at_finish, "the pass 90 ms into the pause is not taken for the final transcript"
    assert segments and segments[-1].words[-1].end >= speech_end - 0.2, "the words up to the end of speech"


def test_with_no_second_model_the_answer_ends_with_a_pass_from_the_stable_point():
    """A pass from a pause inside the answer is quick but can drop a last word that Whisper hears with
    the words before it; when no accurate model transcribes the answer again, the end does not use it."""
    for whole in (False, True):
        stt = CountingSpeechToText()
        live = LiveTranscriber(stt, RATE)
        # a pause at 3 s that a whole pass (at 7 s of audio) covers: the final pause's passes start there
        speech_end = speak(live, [(True, 3.0), (False, 0.3), (True, 5.0), (False, 1.0)])
        time.sleep(0.3)
        live.finish(speech_end + 0.3, covered_s=speech_end + 0.3, whole=whole)
        assert live.tail_transcribed_at_finish == whole, (whole, stt.calls)


class SentenceSkippingSpeechToText:
    """One word per stretch of speech, named by its loudness ("w20" for 0.2); a clip holding three or
    more stretches loses its second one, as tiny.en now and then writes nothing for a whole sentence."""

    def __init__(self) -> None:
        self.calls = 0

    def transcribe(self, audio: np.ndarray, quick: bool = False):
        self.calls += 1
        loud = np.abs(audio) > 0.01
        edges = np.flatnonzero(np.diff(np.concatenate([[0], loud.astype(np.int8), [0]])))
        stretches = list(zip(edges[::2], edges[1::2], strict=True))
        if len(stretches) >= 3:
            del stretches[1]
        words = [Word(f"w{round(float(audio[a]) * 100)}", a / RATE, b / RATE) for a, b in stretches]
        return [Segment(w.text, w.start, w.end, (w,)) for w in words]


def test_a_sentence_a_pass_wrote_nothing_for_is_transcribed_on_its_own():
    for whole in (False, True):
        stt = SentenceSkippingSpeechToText()
        live = LiveTranscriber(stt, RATE)
        speech_end = speak(live, [(0.2, 2.0), (0.0, 0.7), (0.3, 2.0), (0.0, 0.7), (0.4, 2.0), (0.0, 1.0)])
        time.sleep(0.3)
        segments = live.finish(speech_end + 0.3, covered_s=speech_end + 0.3, whole=whole)
        # with whole, the end is one pass over all three sentences: the one that skips the second
        assert [s.text for s in segments] == ["w20", "w30", "w40"], (whole, segments)


def test_a_long_answer_whose_early_sentence_was_skipped_keeps_it_after_the_stable_point_moves():
    """Past WINDOW_S the words before a pause are made final from one pass: a sentence that pass
    skipped would never be transcribed again."""
    stt = SentenceSkippingSpeechToText()
    live = LiveTranscriber(stt, RATE)
    parts = [(0.1 + 0.01 * k, 3.0) if i % 2 == 0 else (0.0, 0.7) for k, i in enumerate(range(20))]
    speech_end = speak(live, [*parts, (0.0, 1.0)])
    time.sleep(0.3)
    segments = live.finish(speech_end + 0.3, covered_s=speech_end + 0.3, whole=True)
    said = [f"w{round(level * 100)}" for level, _ in parts if level]
    assert [w.text for s in segments for w in s.words] == said, segments
    assert live.stable, "the stable point moved: the early words were made final"


def test_passes_that_hear_every_stretch_transcribe_nothing_again():
    stt = CountingSpeechToText()
    live = LiveTranscriber(stt, RATE)
    speech_end = speak(live, [(True, 2.0), (False, 0.7), (True, 2.0), (False, 0.7), (True, 2.0), (False, 1.0)])
    time.sleep(0.3)
    live.finish(speech_end + 0.3, covered_s=speech_end + 0.3, whole=True)
    assert live.gaps_filled == 0


def test_a_pause_pass_that_starts_late_hears_no_more_silence_than_the_padded_one():
    """On a busy machine the pass at a pause can start a second late: with all that silence in it,
    Whisper invented words ("go on forever. ever. number."). It hears up to PADDED_S past the pause."""
    stt = CountingSpeechToText()
    slow = stt.transcribe

    def late(audio, quick=False):
        if not stt.calls:
            time.sleep(0.5)  # the whole pass running when the candidate pauses
        return slow(audio, quick)

    stt.transcribe = late
    live = LiveTranscriber(stt, RATE)
    speech_end = speak_then_pause(live, speech_s=6.0, silence_s=3.0)
    time.sleep(1.0)
    with stt.lock:
        calls = list(stt.calls)
    assert len(calls) >= 2 and max(calls) <= (speech_end + PADDED_S) * RATE + 1, calls
    live.finish(speech_end + PADDED_S, covered_s=speech_end + PADDED_S, whole=True)
    assert not live.tail_transcribed_at_finish, "the pause pass covers the end of speech and its pad"


def test_a_finished_transcriber_holds_none_of_the_answer_s_audio():
    """The recording keeps the answer. The listener's pause judge and endpointer refer to each other, so
    a finished transcriber lives on until the garbage collector's full pass: its audio must not."""
    stt = CountingSpeechToText()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        live = LiveTranscriber(stt, RATE)
        speech_end = speak(live, [(True, 3.0), (False, 0.3), (True, 3.0), (False, 1.0)])
        time.sleep(0.3)
        segments = live.finish(speech_end + 0.3, covered_s=speech_end + 0.3, whole=True)
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert segments, "the answer was transcribed before its audio went"
    # the audio is 30 s of samples or more (1.9 MB); what is left is the words and the passes
    assert held < 500_000, f"{held / 1e6:.2f} MB still held by the finished transcriber"
