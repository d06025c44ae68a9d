"""The real Whisper adapter encodes only the audio it was given and never cuts real speech short."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from interview_voice.core.text import normalize_words
from interview_voice.core.types import Transcript
from interview_voice.engines import stt_whisper
from interview_voice.engines.audio_file import read_wav_mono
from tests.conftest import _speak

FAST_TALK = (
    "We trained a gradient boosted model on two years of transactions, then moved the slowest "
    "features into a streaming job, cut the serving latency from four hundred to ninety "
    "milliseconds, added drift alerts on the score distribution, and retrained every week "
    "once the labels from the chargeback team had arrived, which took about a month to settle."
)


@pytest.fixture
def real_stt(installed_models_dir):
    from tests.contract.conftest import _real

    return _real("stt", installed_models_dir)


def test_a_short_answer_is_encoded_without_the_30_s_padding(real_stt, speech_16k, monkeypatch):
    widths = []
    original = stt_whisper.fit_encoder_window

    def spy(features):
        fitted, content = original(features)
        widths.append(fitted.shape[-1])
        return fitted, content

    monkeypatch.setattr(stt_whisper, "fit_encoder_window", spy)
    text = Transcript(list(real_stt.transcribe(speech_16k[: 16_000 * 4]))).text
    assert widths and max(widths) < 3000
    assert {"business", "prediction"} <= set(normalize_words(text)), text


def test_a_file_is_encoded_with_whisper_s_whole_window(real_stt, speech_16k, monkeypatch):
    shapes = []
    original = stt_whisper._short_window_model().__mro__[1].encode  # WhisperModel.encode

    def spy(self, features):
        shapes.append(features.shape[-1])
        return original(self, features)

    monkeypatch.setattr(stt_whisper._short_window_model().__mro__[1], "encode", spy)
    text = Transcript(list(real_stt.transcribe(speech_16k[: 16_000 * 4], full_window=True))).text
    assert shapes and min(shapes) == 3000
    assert {"business", "prediction"} <= set(normalize_words(text)), text
    shapes.clear()
    list(real_stt.transcribe(speech_16k[: 16_000 * 4]))  # and the next live call is short again
    assert shapes and max(shapes) < 3000


def _fast_talk(tmp_path) -> Path:
    wav = tmp_path / "fast.wav"
    _speak(FAST_TALK, wav)
    fast = tmp_path / "fast-16k.wav"
    # 1.35x faster than espeak's 150 words a minute: ~200 words a minute, the fast end of real talk
    subprocess.run(["sox", str(wav), "-r", "16000", "-b", "16", "-t", "wavpcm", str(fast), "tempo", "1.35"], check=True)
    return fast


def _assert_heard_to_the_end(words: list[str]) -> None:
    assert len(words) >= 0.85 * len(normalize_words(FAST_TALK)), words
    assert "took" in words[-8:], words[-8:]  # the last clause, "which took about a month to settle"


def test_fast_long_speech_is_transcribed_to_its_last_word(real_stt, tmp_path):
    audio = read_wav_mono(_fast_talk(tmp_path))
    assert audio.size / 16_000 < 30  # one Whisper window, so the budget is the only limit
    _assert_heard_to_the_end(normalize_words(Transcript(list(real_stt.transcribe(audio))).text))


def _isas_of_this_cpu() -> list[str]:
    flags = set(Path("/proc/cpuinfo").read_text().split()) if Path("/proc/cpuinfo").exists() else set()
    return ["GENERIC"] + [isa for isa, flag in (("AVX2", "avx2"), ("AVX512", "avx512f")) if flag in flags]


# CTranslate2 picks its kernels by CPU, and Whisper's decoding differs with them: on AVX2 the short
# window once ended this answer early every time, while AVX-512 kept the last clause. Each
# instruction set this CPU has is tried in a child process, as CI machines differ.
_CHILD = """
import sys
from pathlib import Path
from interview_voice import app
from interview_voice.core.text import normalize_words
from interview_voice.core.types import Transcript
from interview_voice.engines.audio_file import read_wav_mono
from interview_voice.paths import default_paths
stt = app.load_stt(default_paths(), sys.argv[1])
print(" ".join(normalize_words(Transcript(list(stt.transcribe(read_wav_mono(Path(sys.argv[2]))))).text)))
"""


@pytest.mark.parametrize("isa", _isas_of_this_cpu())
def test_fast_long_speech_keeps_its_last_clause_on_every_instruction_set(isa, installed_models_dir, tmp_path):
    from tests.conftest import TEST_MODELS

    done = subprocess.run(
        [sys.executable, "-c", _CHILD, TEST_MODELS["stt"], str(_fast_talk(tmp_path))],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=Path(__file__).parents[2],
        env={**os.environ, "CT2_FORCE_CPU_ISA": isa},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    _assert_heard_to_the_end(done.stdout.split())


def test_a_file_is_decoded_with_whisper_s_own_beam_and_the_conversation_with_one(real_stt, speech_16k, monkeypatch):
    """Beam 1 on files cost tiny.en 9.8 % WER on human clips against 5.4 % for plain faster-whisper."""
    beams = []
    whisper_model = stt_whisper._short_window_model().__mro__[1]
    original = whisper_model.generate_with_fallback

    def spy(self, encoder_output, prompt, tokenizer, options):
        beams.append(options.beam_size)
        return original(self, encoder_output, prompt, tokenizer, options)

    monkeypatch.setattr(whisper_model, "generate_with_fallback", spy)
    list(real_stt.transcribe(speech_16k[: 16_000 * 4], full_window=True))
    assert beams and set(beams) == {stt_whisper.FILE_BEAM_SIZE} == {5}
    beams.clear()
    list(real_stt.transcribe(speech_16k[: 16_000 * 4]))
    assert beams and set(beams) == {1}


def test_a_file_is_not_held_to_the_conversation_s_token_cap(real_stt, speech_16k, monkeypatch):
    """The cap against decoding loops (and the resumption after an early end) are for the live short
    window; on files, beam 5 with them invented endings where plain faster-whisper did not."""
    monkeypatch.setattr(stt_whisper, "token_budget", lambda content: 4)  # a cap that cuts every answer short
    clip = speech_16k[: 16_000 * 4]
    live = normalize_words(Transcript(list(real_stt.transcribe(clip))).text)
    whole = normalize_words(Transcript(list(real_stt.transcribe(clip, full_window=True))).text)
    assert len(live) <= 4 < len(whole)
    assert {"business", "prediction"} <= set(whole), whole
