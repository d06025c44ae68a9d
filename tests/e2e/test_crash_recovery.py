"""Kill a live session with SIGKILL mid-answer; the next start recovers it up to about the last second."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import wave
from datetime import datetime, timezone

from tests.conftest import CANDIDATE_ANSWERS, TEST_MODELS
from tests.simulate_cli import simulate_command


def _in_progress_answer(db_path):
    """(session start, answer start ms) once a candidate answer has begun and not ended."""
    if not db_path.exists():
        return None
    try:
        with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=1) as db:
            return db.execute(
                "select s.started_at, t.started_ms from turns t join sessions s on s.id = t.session_id "
                "where t.speaker = 'candidate' and t.ended_ms is null"
            ).fetchone()
    except sqlite3.OperationalError:
        return None


def _assert_from_the_first_answer(text: str) -> None:
    """Most of the words are the first answer's (tiny.en on espeak speech gets some wrong)."""
    said = set(CANDIDATE_ANSWERS[0].lower().replace(".", "").replace(",", "").split())
    heard = [w.strip(".,").lower() for w in text.split()]
    assert len(heard) >= 6 and sum(w in said for w in heard) >= 0.6 * len(heard), text


def _environment(tmp_path, models_dir) -> dict:
    return {
        **os.environ,
        "INTERVIEW_VOICE_MODELS_DIR": str(models_dir),
        "INTERVIEW_VOICE_DATA_DIR": str(tmp_path / "data"),
        "INTERVIEW_VOICE_CONFIG_DIR": str(tmp_path / "cfg"),
    }


def _kill_mid_answer(tmp_path, answers_dir, env, into_answer_s: float):
    """Run `simulate` in real time and SIGKILL it into_answer_s into the first answer; (session start,
    answer start ms) from the database, and when it was killed."""
    process = subprocess.Popen(
        simulate_command(answers_dir, tmp_path / "out", "--realtime"),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    db_path = tmp_path / "data" / "sessions.db"
    deadline = time.monotonic() + 120
    found = None
    while found is None and time.monotonic() < deadline and process.poll() is None:
        found = _in_progress_answer(db_path)
        time.sleep(0.1)
    assert found, f"no answer began: {process.stderr.read().decode()[-1500:] if process.poll() is not None else ''}"
    time.sleep(into_answer_s)
    os.kill(process.pid, signal.SIGKILL)
    killed_at = datetime.now(timezone.utc)
    process.wait(timeout=10)
    return found, killed_at


def test_a_killed_session_is_recovered_with_its_audio_up_to_the_last_second(
    tmp_path, answers_dir, installed_models_dir
):
    env = _environment(tmp_path, installed_models_dir)
    db_path = tmp_path / "data" / "sessions.db"
    found, killed_at = _kill_mid_answer(tmp_path, answers_dir, env, 3.0)  # well into the answer
    # SQLite keeps the UTC start time without its zone.
    started_at = datetime.fromisoformat(found[0]).replace(tzinfo=timezone.utc)
    session_seconds_at_kill = (killed_at - started_at).total_seconds()

    listed = subprocess.run(
        [sys.executable, "-m", "interview_voice", "sessions", "list", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert listed.returncode == 0, listed.stderr
    assert "recovered" in listed.stderr
    [session] = json.loads(listed.stdout)
    assert session["status"] == "interrupted"

    with sqlite3.connect(db_path) as db:
        turns = db.execute('select speaker, kind, text, interrupted, end_reason from turns order by "index"').fetchall()
        notice = db.execute("select notice from sessions").fetchone()[0]
    assert turns[0][:2] == ("interviewer", "opening") and turns[0][2]
    assert turns[1][:2] == ("interviewer", "question") and turns[1][2]
    assert turns[-1][0] == "candidate" and turns[-1][3] == 1 and turns[-1][4] == "crash"
    assert "was recovered" in notice

    track = tmp_path / "data" / "sessions" / session["id"] / "candidate.wav"
    with wave.open(str(track)) as wav:
        recorded = wav.getnframes() / wav.getframerate()
        audio = wav.readframes(wav.getnframes())
    print(f"candidate track {recorded:.2f} s at a kill {session_seconds_at_kill:.2f} s into the session")
    assert session_seconds_at_kill - 1.5 <= recorded <= session_seconds_at_kill + 0.5, (
        recorded,
        session_seconds_at_kill,
    )
    assert any(audio[-16_000 * 2 :])  # the last second holds the candidate's speech, not silence


def test_the_words_of_the_answer_a_kill_cut_off_are_transcribed_from_its_recording(
    tmp_path, answers_dir, installed_models_dir
):
    """Killed 7 s into an answer whose transcript was never saved: the next start with a speech model
    (`sessions rebuild`) finds the words in the candidate track, and the transcript says so."""
    env = _environment(tmp_path, installed_models_dir)
    db_path = tmp_path / "data" / "sessions.db"
    _kill_mid_answer(tmp_path, answers_dir, env, 7.0)

    listed = subprocess.run(
        [sys.executable, "-m", "interview_voice", "sessions", "list", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert listed.returncode == 0, listed.stderr
    [session] = json.loads(listed.stdout)
    assert session["status"] == "interrupted" and session["answers"] == 0  # recovered, no words yet: no model

    started = time.monotonic()
    rebuilt = subprocess.run(
        [sys.executable, "-m", "interview_voice", "sessions", "rebuild", "--stt", TEST_MODELS["stt"]],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    print(f"sessions rebuild with the cut-off answer: {time.monotonic() - started:.1f} s")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "words found in the recording of 1 session" in rebuilt.stdout

    with sqlite3.connect(db_path) as db:
        text, end_reason, signals, words = db.execute(
            'select text, end_reason, signals, (select count(*) from words w where w.turn_id = t.id) '
            'from turns t where speaker = \'candidate\' order by "index" desc'
        ).fetchone()
    print(f"recovered answer: {text!r}")
    assert end_reason == "crash" and json.loads(signals)["from_audio"] == "transcribed"
    _assert_from_the_first_answer(text)
    assert words >= 8  # with their timings, for replay and feedback

    shown = subprocess.run(
        [sys.executable, "-m", "interview_voice", "sessions", "show", session["id"]],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert text in shown.stdout and "transcribed from the recording" in shown.stdout
    assert "(no answer)" not in shown.stdout

    again = subprocess.run(
        [sys.executable, "-m", "interview_voice", "sessions", "rebuild"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert again.returncode == 0, again.stderr  # nothing left to transcribe: no model is loaded, nothing changes
    with sqlite3.connect(db_path) as db:
        assert (
            db.execute("select text from turns where speaker = 'candidate' order by \"index\" desc").fetchone()[0]
            == text
        )


def test_the_next_simulate_transcribes_the_answer_a_kill_cut_off_before_its_own_interview(
    tmp_path, answers_dir, installed_models_dir
):
    env = _environment(tmp_path, installed_models_dir)
    found, _ = _kill_mid_answer(tmp_path, answers_dir, env, 5.0)
    db_path = tmp_path / "data" / "sessions.db"
    with sqlite3.connect(db_path) as db:
        [killed] = db.execute("select id from sessions").fetchone()

    again = subprocess.run(
        simulate_command(answers_dir, tmp_path / "out2"),
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert again.returncode == 0, again.stderr[-1500:]
    assert "Transcribing the answer the app was cut off in" in again.stderr
    with sqlite3.connect(db_path) as db:
        (status,) = db.execute("select status from sessions where id = ?", (killed,)).fetchone()
        text, signals = db.execute(
            "select text, signals from turns where session_id = ? and speaker = 'candidate' order by \"index\" desc",
            (killed,),
        ).fetchone()
    assert status == "interrupted" and json.loads(signals)["from_audio"] == "transcribed"
    _assert_from_the_first_answer(text)
