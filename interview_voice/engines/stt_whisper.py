"""Speech to text with faster-whisper, loaded only from a local folder."""

from __future__ import annotations

import dataclasses
import functools
import logging
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from interview_voice.core.types import Segment
from interview_voice.engines.base import ModelLoadError
from interview_voice.records import Word

log = logging.getLogger(__name__)

# Whisper drops most "um/uh"; runtime/fillers.py finds them in the audio instead.
# Asking Whisper for them costs too much on real speech (benchmarks/wer_human.py): a
# prompt with fillers took tiny.en from 6.5 % to 16.7 % WER, and hotwords="Um, uh, er,
# hmm." to 15.7 % (base 2.8 % -> 8.3 %), adding words after the answer ("Seven of
# clubs. Oops.", "I'm sorry. I'm sorry.") and writing "uh" on clean read speech.

# faster-whisper pads every window to Whisper's 30 s (3000 mel frames) and the
# encoder's cost grows with its input: on 2 cores tiny.en spends 0.33 s encoding a
# 3 s clip padded to 30 s and 0.04 s on 10 s. Encoding the speech plus 5 s of the
# padding, and never less than 10 s, kept the word error rate on real human speech
# (benchmarks/wer_human.py: tiny.en 6.5 % against 4.6 % for the full window, base
# 2.8 % against 3.7 %) as long as Whisper gets no prompt: with one, the short window
# invents endings ("Seven of clubs. Thanks.", "10 of clubs. 10 of clubs.", tiny.en
# 16.7 %). Padding with the log-mel floor of silence instead of zeros did not help
# without a prompt and lost the last clause of a fast 27 s answer.
MIN_WINDOW_FRAMES = 1000
PAD_FRAMES = 500
# Whisper sometimes loops on a window with little speech in it ("I'm sorry. I'm
# sorry. ..." on 0.2 s of breath, 4 s of decoding for base, with or without the
# padding). Fast speech is ~5 tokens a second with punctuation and timestamps, so
# a window may produce at most this many; a loop stops after a few words.
BASE_TOKENS, TOKENS_PER_SECOND = 10, 8
FRAMES_PER_SECOND = 100
# A file (`transcribe`, `feedback` on a recording, an answer a crash cut off) has no one
# waiting on it: it is decoded as plain faster-whisper decodes it, with its beam of 5 and
# its whole window, and without the conversation's token cap and resumption after an
# early end (kept: the voice detector, no prompt). With beam 1, tiny.en scored 9.8 % WER
# on human clips where plain faster-whisper scored 5.4 %; beam 5 with the cap and the
# resumption invented endings on the Montreal Forced Aligner's clips ("Thank you for
# watching", "We'll see you next time"): 42.2 % against plain's 35.3 %, 36.3 % without
# them (benchmarks/wer_human.py --mfa).
FILE_BEAM_SIZE = 5
# faster-whisper's own fallback schedule: without the cap, a file's decoding loop ("uh uh uh ...",
# 228 of them on one clip with base) is what a retry at a higher temperature ends, as in plain Whisper
FILE_TEMPERATURES = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)


def fit_encoder_window(features: np.ndarray) -> tuple[np.ndarray, int]:
    """The features cut to the speech plus PAD_FRAMES of faster-whisper's zero padding,
    and the number of frames that hold audio."""
    nonzero = np.flatnonzero(np.any(features != 0, axis=tuple(range(features.ndim - 1))))
    content = int(nonzero[-1]) + 1 if nonzero.size else 0
    frames = min(features.shape[-1], max(MIN_WINDOW_FRAMES, content + PAD_FRAMES))
    return np.ascontiguousarray(features[..., :frames]), content


def token_budget(content_frames: int) -> int:
    return BASE_TOKENS + TOKENS_PER_SECOND * content_frames // FRAMES_PER_SECOND


# Whisper ends a window with a lone timestamp when it believes the speech is over, and
# faster-whisper then skips the rest of the window. With the short window it sometimes
# believes so with speech still to come: a fast 16 s answer lost its last clause ("which
# took about a month to settle") on an AVX2 CPU, while plain Whisper kept it. VAD has
# already removed the silences, so more than this much audio after the last timestamp
# is speech, and it is decoded as a window of its own.
UNHEARD_TAIL_FRAMES = 100  # 1 s; VAD keeps 0.4 s of padding after the last word


def resume_after_early_end(last_timestamp_steps: int, window_frames: int) -> bool:
    """True when Whisper's final timestamp (in 20 ms steps) leaves speech in the window
    unheard. A timestamp of 0 would not move on, so it never resumes."""
    end_frame = 2 * last_timestamp_steps
    return last_timestamp_steps > 0 and window_frames - end_frame > UNHEARD_TAIL_FRAMES


# CTranslate2 runs Whisper's convolutions with oneDNN, which compiles a kernel for each input shape
# and keeps up to 1,024 of them (its primitive cache). The short window gives nearly every pass an
# input length of its own, so the cache grew by 1.5-2 MB a pass for the length of an interview
# (issue 26; benchmarks/memory_by_engine.py --engines stt --before-after). A few are enough for the
# shapes that come back (every clip under 5 s is padded to the same 10 s window).
ONEDNN_CACHE_CAPACITY = 16
ONEDNN_CACHE_VARIABLE = "ONEDNN_PRIMITIVE_CACHE_CAPACITY"  # read when oneDNN first makes a kernel


def cap_kernel_cache() -> None:
    """Cap oneDNN's cache of compiled kernels, unless the user set it: before Whisper first runs."""
    os.environ.setdefault(ONEDNN_CACHE_VARIABLE, str(ONEDNN_CACHE_CAPACITY))


@functools.cache
def _short_window_model() -> type:
    cap_kernel_cache()
    from faster_whisper import WhisperModel  # heavy import, only when used

    class ShortWindowWhisper(WhisperModel):
        """WhisperModel that encodes only the audio of each window and caps its decoding."""

        _window = threading.local()  # one transcription per thread; encode, then decode

        def encode(self, features: np.ndarray):
            if getattr(self._window, "full", False):  # a file, not a conversation: Whisper's own window,
                self._window.content = None  # with no cap on its decoding (see FILE_BEAM_SIZE)
                return super().encode(features)
            fitted, self._window.content = fit_encoder_window(features)
            return super().encode(fitted)

        def _split_segments_by_timestamps(self, tokenizer, tokens, time_offset, segment_size, segment_duration, seek):
            segments, next_seek, single_ending = super()._split_segments_by_timestamps(
                tokenizer, tokens, time_offset, segment_size, segment_duration, seek
            )
            if single_ending and not getattr(self._window, "full", False):
                last_end = tokens[-1] - tokenizer.timestamp_begin  # in 20 ms steps
                if resume_after_early_end(last_end, segment_size):
                    log.debug(
                        "Whisper ended at %.2f s of a %.2f s window; decoding the rest",
                        last_end * self.time_precision,
                        segment_duration,
                    )
                    return segments, seek + last_end * self.input_stride, False
            return segments, next_seek, single_ending

        def generate_with_fallback(self, encoder_output, prompt, tokenizer, options):
            content = getattr(self._window, "content", None)
            if content is not None:
                cap = min(token_budget(content), self.max_length - len(prompt))
                options = dataclasses.replace(options, max_new_tokens=cap)
            return super().generate_with_fallback(encoder_output, prompt, tokenizer, options)

    return ShortWindowWhisper


class WhisperSpeechToText:
    def __init__(
        self,
        model_dir: Path,
        *,
        threads: int | None = None,
        beam_size: int = 1,
        compute_type: str = "int8",
        language: str | None = "en",
    ) -> None:
        if not (model_dir / "model.bin").exists():
            raise ModelLoadError(f"no Whisper model in {model_dir}: run `interview-voice models install`")
        try:
            self._model = _short_window_model()(
                str(model_dir),
                device="cpu",
                compute_type=compute_type,
                cpu_threads=threads or os.cpu_count() or 2,
                local_files_only=True,
            )
        except Exception as exc:  # ctranslate2 raises RuntimeError/ValueError on bad files
            raise ModelLoadError(
                f"the Whisper model in {model_dir} does not load ({exc}); "
                "reinstall it with `interview-voice models install --force`"
            ) from exc
        self.name = model_dir.name
        self._beam_size = beam_size
        self._language = language if not model_dir.name.endswith(".en") else "en"

    def transcribe(
        self, pcm16k: np.ndarray, prompt: str = "", quick: bool = False, full_window: bool = False
    ) -> Iterator[Segment]:
        """quick: no temperature fallback (live partial passes: a retry would only delay
        the final pass, which comes soon after). prompt: text said before this audio.
        full_window: Whisper's whole 30 s window and a beam of FILE_BEAM_SIZE, for files where no
        one is waiting (the short window and beam 1 are for the conversation)."""
        if pcm16k.size == 0:
            return
        self._model._window.full = full_window
        segments, _info = self._model.transcribe(
            np.ascontiguousarray(pcm16k, dtype=np.float32),
            language=self._language,
            beam_size=FILE_BEAM_SIZE if full_window else self._beam_size,
            word_timestamps=True,
            vad_filter=True,  # no hallucinated text on silence
            condition_on_previous_text=False,
            # Each fallback temperature is a whole new decode: on 2 cores, at most one retry; a
            # file takes faster-whisper's whole schedule, which ends the loops its cap would.
            temperature=FILE_TEMPERATURES if full_window else [0.0] if quick else [0.0, 0.4],
            # None, not "": faster-whisper turns "" into a one-space prompt, a context all the same
            initial_prompt=prompt.strip() or None,
        )
        for seg in segments:
            words = tuple(
                Word(w.word.strip(), float(w.start), float(w.end), float(w.probability)) for w in (seg.words or ())
            )
            yield Segment(seg.text.strip(), float(seg.start), float(seg.end), words)
