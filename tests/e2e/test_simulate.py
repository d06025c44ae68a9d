"""A whole interview through `interview-voice simulate` on the real test models, with no network."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import wave

import pytest

from interview_voice.core.text import normalize_words
from tests.conftest import TEST_MODELS


def _no_network_prefix() -> list[str]:
    """`unshare -n` puts the run in a network namespace with no interfaces at all."""
    if shutil.which("unshare") and os.geteuid() == 0:
        return ["unshare", "-n"]
    if os.environ.get("CI"):
        pytest.fail("CI must prove the app runs offline: unshare (util-linux) as root is needed")
    pytest.skip("unshare -n needs root here; CI runs this test")


def test_simulate_runs_a_whole_interview_offline(tmp_path, answers_dir, installed_models_dir):
    out = tmp_path / "out"
    env = {**os.environ, "INTERVIEW_VOICE_MODELS_DIR": str(installed_models_dir),
           "INTERVIEW_VOICE_DATA_DIR": str(tmp_path / "data"), "INTERVIEW_VOICE_CONFIG_DIR": str(tmp_path / "cfg"),
           "HF_HUB_OFFLINE": "1"}
    cmd = _no_network_prefix() + [sys.executable, "-m", "interview_voice", "simulate", "--plan", "first-interview",
                                  "--answers", str(answers_dir), "--out", str(out),
                                  "--stt", TEST_MODELS["stt"], "--llm", TEST_MODELS["llm"]]
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]

    report = json.loads((out / "report.json").read_text())
    assert report["schema_version"] == 2
    assert report["models"]["stt"] == TEST_MODELS["stt"]
    turns = report["turns"]
    answers = [t for t in turns if t["speaker"] == "candidate"]
    assert len(answers) == 4
    # real transcripts of the espeak answers
    assert {"business", "baseline", "regression"} <= set(normalize_words(answers[0]["text"]))
    assert {"billing", "prediction"} <= set(normalize_words(answers[1]["text"]))
    assert all(a["words"] and a["speech_end_ms"] > a["speech_start_ms"] for a in answers)
    follow_ups = [t for t in turns if t["kind"] == "follow_up"]
    assert len(follow_ups) == 2
    assert all(f["text"].endswith("?") and f["follow_up_source"] in ("model", "fallback") for f in follow_ups)
    assert all("follow_up_ready_ms" in f and f["first_audio_ms"] >= f["follow_up_ready_ms"] for f in follow_ups)
    latencies = [t["latency_ms"] for t in turns if "latency_ms" in t]
    assert len(latencies) == 4 and all(x > 0 for x in latencies)
    assert report["summary"]["latency_ms"]["p50"] is not None
    # computed feedback on every answer, and what to practise next
    assert all(a["feedback"]["question_id"] == a["question_id"] and a["feedback"]["wpm"] for a in answers)
    assert [a["feedback"]["kind"] for a in answers] == ["answer", "follow_up", "answer", "follow_up"]
    first = {r["point"]: r["status"] for r in answers[0]["feedback"]["rubric"]}
    assert first["Proposes a simple baseline such as logistic regression or a rule before anything complex"] == "covered"
    assert report["feedback"]["headline"]["answers"] == 4 and len(report["feedback"]["rows"]) == 4
    assert 1 <= len(report["feedback"]["practise_next"]) <= 3
    # the session's feedback was computed and stored when it ended
    assert "feedback: 4 answers, key points covered" in result.stdout
    shown = subprocess.run([sys.executable, "-m", "interview_voice", "sessions", "report", report["session_id"],
                            "--json"], env=env, capture_output=True, text=True, timeout=120)
    stored = json.loads(shown.stdout)
    assert stored["feedback"]["headline"]["answers"] == 4
    assert [t["index"] for t in stored["turns"] if "feedback" in t] == [t["index"] for t in answers]

    # the interviewer's voice was recorded: every interviewer turn, at the voice's rate
    with wave.open(str(out / "interviewer.wav")) as wav:
        seconds = wav.getnframes() / wav.getframerate()
    assert seconds > 20
    assert (out / "candidate.wav").stat().st_size > 100_000


def test_simulate_with_no_answers_says_so(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = subprocess.run([sys.executable, "-m", "interview_voice", "simulate", "--answers", str(empty),
                             "--out", str(tmp_path / "o")], capture_output=True, text=True)
    assert result.returncode == 2
    assert "no .wav files" in result.stderr and "Traceback" not in result.stderr


def test_a_full_disk_is_a_clear_message_and_the_report_is_kept(small_disk, answers_dir, installed_models_dir, tmp_path):
    tiny_disk = small_disk(200)
    out = tiny_disk / "out"
    env = {**os.environ, "INTERVIEW_VOICE_MODELS_DIR": str(installed_models_dir),
           "INTERVIEW_VOICE_DATA_DIR": str(tmp_path / "data"), "INTERVIEW_VOICE_CONFIG_DIR": str(tmp_path / "cfg")}
    result = subprocess.run([sys.executable, "-m", "interview_voice", "simulate", "--answers", str(answers_dir),
                             "--out", str(out), "--stt", TEST_MODELS["stt"], "--llm", TEST_MODELS["llm"]],
                            env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 1
    assert "No space left on device" in result.stderr and "Traceback" not in result.stderr
    report = json.loads((out / "report.json").read_text())
    assert len([t for t in report["turns"] if t["speaker"] == "candidate"]) == 4


def test_a_session_whose_answers_run_out_while_the_model_reads_ahead_ends_cleanly(tmp_path, answers_dir,
                                                                                 installed_models_dir):
    """One answer file, then silence: the session ends while a read-ahead may still run, and
    the model is closed right after. Repeated, because it is a race."""
    one = tmp_path / "one"
    one.mkdir()
    shutil.copy(sorted(answers_dir.glob("*.wav"))[0], one / "answer1.wav")
    env = {**os.environ, "INTERVIEW_VOICE_MODELS_DIR": str(installed_models_dir),
           "INTERVIEW_VOICE_DATA_DIR": str(tmp_path / "data"), "INTERVIEW_VOICE_CONFIG_DIR": str(tmp_path / "cfg")}
    runs = 3
    for run in range(runs):
        out = tmp_path / f"out{run}"
        result = subprocess.run([sys.executable, "-m", "interview_voice", "simulate", "--plan", "first-interview",
                                 "--answers", str(one), "--out", str(out), "--stt", TEST_MODELS["stt"],
                                 "--llm", TEST_MODELS["llm"], "--seed", str(run)],
                                env=env, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, f"run {run}: exit {result.returncode}: {result.stderr[-2000:]}"
        report = json.loads((out / "report.json").read_text())
        assert [t["kind"] for t in report["turns"]][-1] == "closing"
    listed = subprocess.run([sys.executable, "-m", "interview_voice", "sessions", "list", "--json"], env=env,
                            capture_output=True, text=True, timeout=120)
    sessions = json.loads(listed.stdout)
    assert [s["status"] for s in sessions] == ["completed"] * runs
