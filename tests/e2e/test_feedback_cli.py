"""`interview-voice feedback` on a spoken (espeak) answer, transcribed by the app's kept-transcript model."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np

from interview_voice.engines.audio_file import write_wav


def feedback(tmp_path, models_dir, *args):
    env = {
        **os.environ,
        "INTERVIEW_VOICE_MODELS_DIR": str(models_dir),
        "INTERVIEW_VOICE_DATA_DIR": str(tmp_path / "data"),
        "INTERVIEW_VOICE_CONFIG_DIR": str(tmp_path / "cfg"),
        "HF_HUB_OFFLINE": "1",
    }
    return subprocess.run(
        [sys.executable, "-m", "interview_voice", "feedback", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def test_feedback_on_a_spoken_answer(tmp_path, answers_dir, installed_models_dir):
    # answer1: "I would first ask what the business wants to do with the prediction. Then I would define churn
    # as no renewal within thirty days and build a logistic regression baseline."
    result = feedback(
        tmp_path,
        installed_models_dir,
        str(answers_dir / "answer1.wav"),
        "--question",
        "baseline-before-complexity",
        "--json",
    )
    assert result.returncode == 0, result.stderr[-2000:]
    data = json.loads(result.stdout)
    assert data["stt"] == "whisper-base"
    assert data["question_id"] == "baseline-before-complexity" and data["feedback_version"] >= 1
    assert 20 <= data["words"] <= 32 and 100 <= data["wpm"] <= 220
    status = [r["status"] for r in data["rubric"]]
    assert status[0] == "covered" and status[2] == "covered"  # the business goal; the baseline
    assert status[3] == "missed" and status[4] == "missed"  # no metric, no time-based split
    assert "business" in data["rubric"][0]["evidence"].lower()
    assert data["went_well"]["quote"] and data["work_on"]["text"]
    assert data["flags"] == []
    text = feedback(
        tmp_path, installed_models_dir, str(answers_dir / "answer1.wav"), "--question", "baseline-before-complexity"
    )
    assert text.returncode == 0 and "Went well:" in text.stdout and "[x] Proposes a simple baseline" in text.stdout


def test_feedback_errors_are_clear(tmp_path, installed_models_dir):
    missing = feedback(
        tmp_path, installed_models_dir, str(tmp_path / "nope.wav"), "--question", "baseline-before-complexity"
    )
    assert missing.returncode == 2 and "no such file" in missing.stderr
    text_file = tmp_path / "notes.wav"
    text_file.write_text("not audio")
    not_wav = feedback(tmp_path, installed_models_dir, str(text_file), "--question", "baseline-before-complexity")
    assert not_wav.returncode == 2 and "not a readable WAV file" in not_wav.stderr
    silent = tmp_path / "silent.wav"
    write_wav(silent, np.zeros(32_000, dtype=np.float32), 16_000)
    unknown = feedback(tmp_path, installed_models_dir, str(silent), "--question", "baseline-before-complexty")
    assert unknown.returncode == 2 and "did you mean baseline-before-complexity" in unknown.stderr
    quiet = feedback(tmp_path, installed_models_dir, str(silent), "--question", "baseline-before-complexity")
    assert quiet.returncode == 1 and "silent" in quiet.stderr
    assert all("Traceback" not in r.stderr for r in (missing, not_wav, unknown, quiet))
