"""Microphones and speakers by the sound server's names, on a virtual sound card (PulseAudio null sinks)."""

import json
import os
import subprocess
import sys

from tests.virtual_audio import null_sink


def probe(env: dict) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "tests.contract.sound_names_probe"], env=env, capture_output=True, text=True, timeout=90
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_devices_are_listed_by_name_and_a_chosen_speaker_is_the_one_that_plays(tmp_path):
    with null_sink(tmp_path, headset=True) as env:
        found = probe(env)
    assert found["output"] == [["pulse:voice", "Null Output (voice)"], ["pulse:phones", "Null Output (phones)"]]
    # the microphone, and not the sinks' monitors (what the speakers play is no microphone)
    assert found["input"] == [["pulse:virtmic", "Remapped Monitor of Null Output"]]
    assert found["input_problem"] == found["output_problem"] == ""
    assert found["heard_voice"] > 0.3  # played to the sink the microphone hears, not to the default one
    assert found["heard_phones"] < 0.01  # the default sink, which it does not hear
    assert found["unplugged"].startswith("The speakers chosen in Settings (unplugged) is not connected now")
    # `interview-voice doctor` checks the devices chosen in Settings, by name
    assert found["doctor"][1] == ["speakers", True, "Null Output (voice) (chosen in Settings)"]
    microphone = found["doctor"][0]
    assert microphone[:2] == ["microphone", False] and "(unplugged-mic) is not connected" in microphone[2]


def test_with_no_sound_server_running_the_list_says_so_and_opening_is_a_clear_error(tmp_path):
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    env = {**os.environ, "HOME": str(tmp_path), "XDG_RUNTIME_DIR": str(runtime)}
    env.pop("PULSE_SERVER", None)
    found = probe(env)
    assert found["input"] == [] and found["output"] == []
    assert found["input_problem"]  # an explanation, not an empty list alone
    assert "no_server" in found and found["no_server"]


def test_the_audio_check_hears_the_sample_it_plays_in_a_room(tmp_path, installed_models_dir):
    """Speakers in a room: Piper's sample goes to the chosen sink, the microphone hears it, Silero calls it speech."""
    with null_sink(tmp_path) as env:
        result = subprocess.run(
            [sys.executable, "-m", "tests.contract.audio_check_probe", str(installed_models_dir)],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 0, result.stderr[-2000:]
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["played"][0] and found["played"][1].startswith("Played ")
    assert found["heard"][0], found["heard"]
    assert found["silence"] == [False, found["silence"][1]] and found["silence"][1].startswith("I heard nothing")
