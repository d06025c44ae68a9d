"""The settings file: new fields, values edited by hand, and the plan descriptions shown beside the plan box."""

import json

import pytest

from interview_voice.core.plan_info import plan_info
from interview_voice.paths import AppPaths, resource_dir
from interview_voice.settings import DEFAULT_END_SILENCE_MS, Settings
from interview_voice.storage.wipe import data_items, delete_all


def test_a_rate_written_as_a_whole_number_is_read_and_a_bad_one_falls_back(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"speaking_rate": 1, "end_silence_ms": True, "first_run_done": True}))
    settings = Settings.load(path)
    assert settings.speaking_rate == 1.0 and isinstance(settings.speaking_rate, float)
    assert settings.end_silence_ms == DEFAULT_END_SILENCE_MS  # true is not a number of milliseconds
    assert settings.first_run_done is True
    path.write_text(json.dumps({"speaking_rate": 7.5}))
    assert Settings.load(path).speaking_rate == 1.0


@pytest.mark.parametrize(
    "value, why",
    [
        (0, "but it must be from 1.0 to 2.0"),
        (-1, "but it must be from 1.0 to 2.0"),
        (10, "but it must be from 1.0 to 2.0"),
        ("big", "which is not a number"),
        (True, "which is not a number"),
        (None, "which is not a number"),
    ],
)
def test_a_text_size_the_dialog_does_not_offer_is_said_and_the_system_size_used(tmp_path, value, why):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"font_scale": value, "level": "senior"}))
    settings, problems = Settings.read(path)
    assert settings.font_scale == 1.0 and settings.level == "senior"  # the rest of the file is still used
    assert problems == [
        f"In settings.json, font_scale (the text size over the system's) is {json.dumps(value)}, {why}: using 1.0."
    ]


def test_whole_numbers_and_sizes_in_range_are_read_without_a_word(tmp_path):
    path = tmp_path / "settings.json"
    for value in (1, 2, 1.5):
        path.write_text(json.dumps({"font_scale": value}))
        settings, problems = Settings.read(path)
        assert settings.font_scale == value and isinstance(settings.font_scale, float) and problems == []


def test_a_settings_file_that_is_not_settings_is_said(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text("[1, 2]")
    assert Settings.read(path)[1] == [f"The settings file {path} does not hold settings: the defaults are used."]
    path.write_text(json.dumps({"end_silence_ms": 50}))
    settings, problems = Settings.read(path)
    assert settings.end_silence_ms == DEFAULT_END_SILENCE_MS and "must be from 200 to 5000" in problems[0]


def test_settings_round_trip_through_the_file(tmp_path):
    path = tmp_path / "settings.json"
    Settings(speaking_rate=1.25, input_device="pulse:alsa_input.usb-headset", plan="system-design").save(path)
    again = Settings.load(path)
    assert (again.speaking_rate, again.input_device, again.plan) == (
        1.25,
        "pulse:alsa_input.usb-headset",
        "system-design",
    )


def test_every_plan_has_a_description_and_a_length():
    for path in sorted((resource_dir("assets") / "plans").glob("*.toml")):
        info = plan_info(path)
        assert not info.problem and info.description and info.minutes > 0 and info.people, path.name
        assert f"Length: about {info.minutes} min" in info.summary()


def test_an_unreadable_plan_says_why(tmp_path):
    broken = tmp_path / "mine.toml"
    broken.write_text("title = ")
    assert plan_info(broken).summary().startswith("This plan cannot be read: mine.toml")


def test_deleting_all_data_keeps_the_models_and_the_window_lock(tmp_path):
    paths = AppPaths(tmp_path / "data", tmp_path / "data" / "models", tmp_path / "config")
    paths.ensure()
    (paths.data_dir / "resume.txt").write_text("me")
    (paths.sessions_dir / "s1").mkdir()
    (paths.data_dir / "sessions.db").write_bytes(b"db")
    (paths.data_dir / "window.lock").write_text("")
    (paths.models_dir / "voice.onnx").write_bytes(b"model")
    names = {item.path.name: item.what for item in data_items(paths)}
    assert names == {
        "resume.txt": "your resume",
        "sessions": "recordings, transcripts and feedback of every session",
        "sessions.db": "the list of sessions",
    }
    assert delete_all(paths) == []
    assert sorted(p.name for p in paths.data_dir.iterdir()) == ["models", "sessions", "window.lock"]
    assert list(paths.sessions_dir.iterdir()) == []
    assert (paths.models_dir / "voice.onnx").read_bytes() == b"model"


def test_deleting_all_data_keeps_a_models_folder_in_the_data_folder_even_when_models_are_kept_elsewhere(tmp_path):
    paths = AppPaths(tmp_path / "data", tmp_path / "elsewhere", tmp_path / "config")
    paths.ensure()
    (paths.data_dir / "models").mkdir()
    (paths.data_dir / "models" / "voice.onnx").write_bytes(b"model")
    (paths.data_dir / "resume.txt").write_text("me")
    assert "models" not in {item.path.name for item in data_items(paths)}
    assert delete_all(paths) == []
    assert (paths.data_dir / "models" / "voice.onnx").read_bytes() == b"model"
    assert not (paths.data_dir / "resume.txt").exists()
