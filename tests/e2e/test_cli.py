"""The command line as a user meets it: clear words, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import TEST_MODELS
from tests.simulate_cli import simulate_args


def cli(*args, env_extra=None):
    env = {**os.environ, **(env_extra or {})}
    return subprocess.run(
        [sys.executable, "-m", "interview_voice", *args], capture_output=True, text=True, env=env, timeout=300
    )


def test_say_then_transcribe_round_trips(tmp_path, installed_models_dir):
    wav = tmp_path / "q.wav"
    said = cli(
        "say", "How would you detect data drift in production?", "--out", str(wav), "--voice", TEST_MODELS["tts"]
    )
    assert said.returncode == 0, said.stderr
    heard = cli("transcribe", str(wav), "--model", TEST_MODELS["stt"], "--json")
    assert heard.returncode == 0, heard.stderr
    [result] = json.loads(heard.stdout)
    assert "drift in production" in result["text"].lower()
    assert result["words"][0]["start"] < result["words"][-1]["end"] <= result["duration"] + 0.5


def test_transcribe_a_file_that_is_not_audio_says_so(tmp_path, installed_models_dir):
    bogus = tmp_path / "notes.wav"
    bogus.write_text("this is text")
    result = cli("transcribe", str(bogus), "--model", TEST_MODELS["stt"])
    assert result.returncode == 1
    assert "is not a readable WAV file" in result.stderr and "Traceback" not in result.stderr


def test_doctor_reports_plainly_and_its_exit_status_matches(tmp_path):
    result = cli(
        "doctor",
        env_extra={"INTERVIEW_VOICE_DATA_DIR": str(tmp_path / "d"), "INTERVIEW_VOICE_CONFIG_DIR": str(tmp_path / "c")},
    )
    assert "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith(("[ok  ] microphone", "[FAIL] microphone")) for line in lines)
    assert any("free disk" in line for line in lines)
    failed = any(line.startswith("[FAIL]") for line in lines)
    assert result.returncode == (1 if failed else 0)
    if "[FAIL] microphone" in result.stdout:
        assert "Connect a microphone" in result.stdout


def test_models_list_shows_every_manifest_model(installed_models_dir):
    result = cli("models")
    assert result.returncode == 0
    for model_id in TEST_MODELS.values():
        assert any(model_id in line and "verified" in line for line in result.stdout.splitlines())


def test_simulate_explains_a_resume_pdf_with_no_text(tmp_path):
    from tests.document_files import write_pdf

    answers = tmp_path / "answers"
    answers.mkdir()
    (answers / "01.wav").write_bytes(b"")  # never reached: the resume is read first
    scanned = write_pdf(tmp_path / "scan.pdf", [[]])
    env = {"INTERVIEW_VOICE_DATA_DIR": str(tmp_path / "d")}
    result = cli(
        *simulate_args(answers, tmp_path / "o", "--resume", str(scanned), plan="project-deep-dive", stt=None, llm=None),
        env_extra=env,
    )
    assert result.returncode == 2
    assert "scan.pdf has no text in it, only images" in result.stderr and "Traceback" not in result.stderr
