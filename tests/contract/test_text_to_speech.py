import numpy as np

from interview_voice.core.types import VoiceStyle
from interview_voice.engines.base import TextToSpeech

TEXT = "Thanks for that answer. How did you choose the threshold?"


def _duration(chunks) -> float:
    return sum(c.duration for c in chunks)


def test_implements_protocol(tts):
    assert isinstance(tts, TextToSpeech)


def test_one_audible_chunk_per_sentence(tts):
    chunks = list(tts.synthesize(TEXT))
    assert [c.text for c in chunks] == ["Thanks for that answer.", "How did you choose the threshold?"]
    for chunk in chunks:
        assert chunk.samples.dtype == np.float32
        assert chunk.sample_rate >= 16_000
        assert 0.05 < float(np.abs(chunk.samples).max()) <= 1.0
        assert 0.5 < chunk.duration < 6


def test_rate_pitch_and_volume_change_the_sound(tts):
    normal = list(tts.synthesize(TEXT))
    faster = list(tts.synthesize(TEXT, VoiceStyle(rate=1.5)))
    higher = list(tts.synthesize(TEXT, VoiceStyle(pitch=1.2)))
    quieter = list(tts.synthesize(TEXT, VoiceStyle(volume=0.4)))
    assert _duration(faster) < 0.8 * _duration(normal)
    # pitch moves the voice, not the pace
    assert abs(_duration(higher) - _duration(normal)) < 0.2 * _duration(normal)
    assert max(np.abs(c.samples).max() for c in quieter) < 0.7 * max(np.abs(c.samples).max() for c in normal)


def test_empty_text_gives_no_audio(tts):
    assert list(tts.synthesize("   ")) == []


def test_the_users_speaking_rate_paces_piper_on_top_of_the_persona(installed_models_dir):
    from interview_voice.app import load_tts
    from interview_voice.paths import AppPaths

    paths = AppPaths(installed_models_dir.parent / "unused", installed_models_dir, installed_models_dir.parent / "c")
    piper = load_tts(paths, "piper-joe-medium", rate=1.0)
    normal = _duration(piper.synthesize(TEXT))
    piper.speaking_rate = 1.5  # the Settings dialog's change, at the next interview
    faster = _duration(piper.synthesize(TEXT))
    slower_persona = _duration(piper.synthesize(TEXT, VoiceStyle(rate=0.75)))  # 1.5 x 0.75: about normal
    assert 0.55 < faster / normal < 0.8
    assert 0.85 < slower_persona / normal < 1.15
    piper.set_voice("piper-joe-medium")
    assert piper.name == "piper-joe-medium"


def test_long_sentences_and_line_ends_give_back_the_memory_arena_and_the_voice_sounds_as_piper_loads_it(
    installed_models_dir,
):
    """onnxruntime's arena kept the buffers of the longest sentence voiced for the whole session (about +300 MB,
    benchmarks/piper_memory.py); a long sentence's run now shrinks it, and so does the last sentence of each
    line (over an interview's lines the arena crept up by about 100 MB), while a line's other sentences reuse it."""
    from piper import PiperVoice

    from interview_voice.app import load_tts
    from interview_voice.paths import AppPaths

    class Runs:
        def __init__(self, session) -> None:
            self.session, self.options = session, []

        def run(self, names, feed, options=None):
            self.options.append(options)
            return self.session.run(names, feed, options)

    def shrinks(options) -> bool:
        return options is not None and options.get_run_config_entry("memory.enable_memory_arena_shrinkage") == "cpu:0"

    paths = AppPaths(installed_models_dir.parent / "unused", installed_models_dir, installed_models_dir.parent / "c")
    piper = load_tts(paths, "piper-joe-medium")
    voice = piper._load("piper-joe-medium")
    runs = voice.session._session = Runs(voice.session._session)
    list(piper.synthesize("Thanks for that answer. How did you choose the threshold?"))
    assert len(runs.options) == 2, runs.options
    assert runs.options[0] is None, "a line's first sentence reuses the arena"
    assert shrinks(runs.options[1]), "the line's last sentence gives it back"
    list(piper.synthesize("Okay."))
    assert shrinks(runs.options[2]), "a line of one sentence gives it back"
    list(
        piper.synthesize(
            "Suppose the positive class is one percent of your data and the labels arrive three weeks "
            "late while the business cares about the customers you would actually contact first, and then"
            " tell me more. Go on."
        )
    )
    assert shrinks(runs.options[3]), "a long sentence gives it back, even before the line's end"
    assert shrinks(runs.options[-1])
    onnx = piper._paths["piper-joe-medium"]
    theirs = PiperVoice.load(onnx, config_path=onnx.with_name(onnx.name + ".json"))
    assert theirs.config == voice.config
    # the model draws its own noise (durations too), so the two are alike, not equal
    ours, same = (
        np.concatenate([c.audio_float_array for c in each.synthesize("How did you choose the threshold?")])
        for each in (voice, theirs)
    )
    assert 0.8 < ours.size / same.size < 1.25 and 0.05 < float(np.abs(ours).max()) <= 1.0
