"""A live exchange in real time on the real sound-device adapters, through a virtual headset.

Candidate speech goes in through PulseAudio, the interviewer's voice comes out of
it; the candidate talks over the first question and runs far past the second
one's budget. Everything is asserted on what was stored.
"""

from __future__ import annotations

import json
import subprocess
import sys
import wave
from pathlib import Path

import numpy as np

from interview_voice.engines.audio_file import read_wav_mono, write_wav
from interview_voice.storage.repository import SessionStore
from tests.virtual_audio import null_sink

ROOT = Path(__file__).resolve().parents[2]


def test_live_session_with_a_barge_in_and_a_cut_in_is_stored_as_it_happened(
    tmp_path, answers_dir, installed_models_dir
):
    # Each clip ends in 0.4 s of silence: a pause between sentences, shorter than the 500 ms
    # that ends a turn after a finished sentence.
    long_answer = np.concatenate([read_wav_mono(answers_dir / f"answer{i}.wav") for i in (1, 3, 2)])
    assert long_answer.size / 16_000 > 22  # the budget is 15 s; cut-ins come at 1.25 x
    write_wav(tmp_path / "long.wav", long_answer, 16_000)
    with null_sink(tmp_path / "pulse", headset=True) as env:
        env = {
            **env,
            "PYTHONPATH": str(ROOT),
            "INTERVIEW_VOICE_MODELS_DIR": str(installed_models_dir),
            "INTERVIEW_VOICE_DATA_DIR": str(tmp_path / "data"),
            "INTERVIEW_VOICE_CONFIG_DIR": str(tmp_path / "cfg"),
        }
        result = subprocess.run(
            [
                sys.executable,
                str(ROOT / "tests" / "e2e" / "live_session_probe.py"),
                str(answers_dir / "answer1.wav"),
                str(tmp_path / "long.wav"),
                str(answers_dir / "answer4.wav"),
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert result.returncode == 0, result.stderr[-3000:]
    session_id = json.loads(result.stdout.strip().splitlines()[-1])["session_id"]
    session = SessionStore(tmp_path / "data").get(session_id)
    turns = sorted(session.turns, key=lambda t: t.index)
    assert session.status == "completed"
    assert [(t.speaker, t.kind) for t in turns] == [
        ("interviewer", "opening"),
        ("interviewer", "question"),
        ("candidate", "answer"),
        ("interviewer", "question"),
        ("candidate", "answer"),
        ("interviewer", "cut_in"),
        ("candidate", "answer"),
        ("interviewer", "closing"),
    ]
    events = {e.type: e for e in session.events}

    # Barge-in: the question stopped soon after the candidate spoke, and only what was heard is kept.
    asked = turns[1]
    assert asked.end_reason == "barge_in" and asked.text.endswith("…"), asked.text
    assert len(asked.text) < len("You are asked to predict which customers will cancel their subscription")
    assert events["barge_in"].data["stop_ms"] <= 400 and events["barge_in"].data["turn"] == 1
    assert "business" in turns[2].text.lower()  # the answer that interrupted is the answer, from its first words

    # Cut-in: the long answer was stopped past its budget; what was said before it is kept.
    long_turn = turns[4]
    assert long_turn.end_reason == "cut_in" and len(long_turn.text.split()) > 30
    assert events["cut_in"].data["turn"] == 4 and events["cut_in"].data["answer_seconds"] >= 18
    assert turns[5].text.startswith("Sorry to stop you there")
    assert "logged serving features" in turns[6].text or "training features" in turns[6].text

    # Every turn has its timings, the words keep their times, the audio is on disk.
    for before, turn in zip(turns, turns[1:]):
        if before.speaker == "candidate" and turn.speaker == "interviewer":
            assert 0 < turn.timings["latency_ms"] < 10_000
    assert all(
        t.words and t.timings["speech_end_ms"] > t.timings["speech_start_ms"] for t in turns if t.speaker == "candidate"
    )
    for track in session.tracks:
        with wave.open(str(tmp_path / "data" / "sessions" / track.path)) as wav:
            assert wav.getnframes() / wav.getframerate() > 40
    assert [e.data["reason"] for e in session.events if e.type == "endpoint"] == ["silence", "cut_in", "silence"]
    print(
        f"barge-in stopped playback {events['barge_in'].data['stop_ms']:.0f} ms after speech onset; latencies "
        f"{[round(t.timings['latency_ms']) for t in turns if 'latency_ms' in t.timings]} ms"
    )
