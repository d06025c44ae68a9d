"""A whole interview through `interview-voice simulate` on the real test models, with no network."""

from __future__ import annotations

import difflib
import json
import os
import shutil
import subprocess
import sys
import wave

import numpy as np
import pytest

from interview_voice.core.text import normalize_words
from interview_voice.engines.audio_file import read_wav_mono
from tests.conftest import TEST_MODELS
from tests.simulate_cli import simulate_command


def _no_network_prefix() -> list[str]:
    """`unshare -n` puts the run in a network namespace with no interfaces at all."""
    if shutil.which("unshare") and os.geteuid() == 0:
        return ["unshare", "-n"]
    if os.environ.get("CI"):
        pytest.fail("CI must prove the app runs offline: unshare (util-linux) as root is needed")
    pytest.skip("unshare -n needs root here; CI runs this test")


def test_simulate_runs_a_whole_interview_offline(tmp_path, answers_dir, installed_models_dir):
    out = tmp_path / "out"
    env = {
        **os.environ,
        "INTERVIEW_VOICE_MODELS_DIR": str(installed_models_dir),
        "INTERVIEW_VOICE_DATA_DIR": str(tmp_path / "data"),
        "INTERVIEW_VOICE_CONFIG_DIR": str(tmp_path / "cfg"),
        "HF_HUB_OFFLINE": "1",
    }
    cmd = _no_network_prefix() + simulate_command(answers_dir, out, plan="first-interview")
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
    assert all(a["feedback"]["question_id"] == a["question_id"] for a in answers)
    # a pace for every answer long enough to have one (under 5 s of talk: "too little speech")
    assert all(bool(a["feedback"]["wpm"]) == (a["feedback"]["talk_time_s"] >= 5) for a in answers)
    assert any(a["feedback"]["wpm"] for a in answers)
    assert [a["feedback"]["kind"] for a in answers] == ["answer", "follow_up", "answer", "follow_up"]
    first = {r["point"]: r["status"] for r in answers[0]["feedback"]["rubric"]}
    baseline = "Proposes a simple baseline such as logistic regression or a rule before anything complex"
    assert first[baseline] == "covered"
    assert report["feedback"]["headline"]["answers"] == 4 and len(report["feedback"]["rows"]) == 4
    assert 1 <= len(report["feedback"]["practise_next"]) <= 3
    # the session's feedback was computed and stored when it ended
    assert "feedback: 4 answers, key points covered" in result.stdout
    shown = subprocess.run(
        [sys.executable, "-m", "interview_voice", "sessions", "report", report["session_id"], "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    stored = json.loads(shown.stdout)
    assert stored["feedback"]["headline"]["answers"] == 4
    assert [t["index"] for t in stored["turns"] if "feedback" in t] == [t["index"] for t in answers]

    # the interviewer's voice was recorded: every interviewer turn, at the voice's rate
    with wave.open(str(out / "interviewer.wav")) as wav:
        seconds = wav.getnframes() / wav.getframerate()
    assert seconds > 20
    # every answer file is in candidate.wav whole (read back from the session's recording)
    said = read_wav_mono(out / "candidate.wav")
    for path in sorted(answers_dir.glob("*.wav")):
        assert _found_whole(read_wav_mono(path), said), f"{path.name} is not whole in candidate.wav"


def _found_whole(answer: np.ndarray, recording: np.ndarray) -> bool:
    """The answer's sound (first to last loud sample) appears in the recording, every sample (16-bit)."""
    loud = np.flatnonzero(np.abs(answer) > 0.02)
    voiced = answer[loud[0] : loud[-1] + 1]
    starts = np.flatnonzero(np.abs(recording[: recording.size - voiced.size + 1] - voiced[0]) < 1e-3)
    for offset in range(1, 16):  # narrow the candidates down sample by sample
        starts = starts[np.abs(recording[starts + offset] - voiced[offset]) < 1e-3]
    for at in starts:
        part = recording[at : at + voiced.size]
        if part.size == voiced.size and np.abs(part - voiced).max() < 1e-3:
            return True
    return False


def test_simulate_with_no_answers_says_so(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = subprocess.run(
        simulate_command(empty, tmp_path / "o", stt=None, llm=None),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "no answers in" in result.stderr and ".txt (typed)" in result.stderr and "Traceback" not in result.stderr


def test_an_empty_typed_answer_file_is_a_clear_message(tmp_path):
    folder = tmp_path / "answers"
    folder.mkdir()
    (folder / "answer1.txt").write_text("  \n", encoding="utf-8")
    result = subprocess.run(
        simulate_command(folder, tmp_path / "o", stt=None, llm=None),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "answer1.txt is empty: write the typed answer in it" in result.stderr and "Traceback" not in result.stderr


TYPED_ANSWERS = {
    2: "Thirty days, because billing is monthly and most customers decide to renew or cancel then.",
    4: "Precision at the top of the list we would actually call, against the simple baseline.",
}


def _private_env(tmp_path, installed_models_dir) -> dict[str, str]:
    """The test models, private data and config dirs, no model hub."""
    return {
        **os.environ,
        "INTERVIEW_VOICE_MODELS_DIR": str(installed_models_dir),
        "INTERVIEW_VOICE_DATA_DIR": str(tmp_path / "data"),
        "INTERVIEW_VOICE_CONFIG_DIR": str(tmp_path / "cfg"),
        "HF_HUB_OFFLINE": "1",
    }


def _simulated_report(answers, out, tmp_path, installed_models_dir, *options: str) -> dict:
    """`simulate` of the short first interview on the test models, offline; its report.json
    (options: more of simulate's, e.g. --realtime)."""
    env = _private_env(tmp_path, installed_models_dir)
    result = subprocess.run(
        simulate_command(answers, out, *options, plan="first-interview"),
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads((out / "report.json").read_text())


def test_simulate_takes_typed_answers_beside_spoken_ones(tmp_path, answers_dir, installed_models_dir):
    answers = tmp_path / "answers"
    answers.mkdir()
    spoken = sorted(answers_dir.glob("*.wav"))
    shutil.copy(spoken[0], answers / "answer1.wav")
    shutil.copy(spoken[2], answers / "answer3.wav")
    for number, text in TYPED_ANSWERS.items():
        (answers / f"answer{number}.txt").write_text(text + "\n", encoding="utf-8")
    out = tmp_path / "out"
    report = _simulated_report(answers, out, tmp_path, installed_models_dir)
    answers_given = [t for t in report["turns"] if t["speaker"] == "candidate"]
    assert [a.get("end_reason") for a in answers_given] == ["silence", "typed", "silence", "typed"]
    assert [answers_given[1]["text"], answers_given[3]["text"]] == list(TYPED_ANSWERS.values())
    assert all("words" not in a and "speech_start_ms" not in a for a in answers_given[1::2])
    # the spoken answers around them were heard from their own files
    assert {"business", "baseline", "regression"} <= set(normalize_words(answers_given[0]["text"]))
    assert answers_given[2]["words"]
    # the interviewer went on from the typed answer: a follow-up after the first question's typed answer
    after_typed = report["turns"][answers_given[1]["index"] + 1]
    assert after_typed["speaker"] == "interviewer" and after_typed["kind"] in ("question", "follow_up", "closing")
    # feedback: content measured, speech measures said to be typed
    typed_feedback = [a["feedback"] for a in answers_given[1::2]]
    assert all(f["typed"] and f["wpm"] is None and f["fillers_per_min"] is None and f["rubric"] for f in typed_feedback)
    assert answers_given[0]["feedback"]["wpm"]
    assert report["feedback"]["headline"]["typed_answers"] == 2
    shown = subprocess.run(
        [sys.executable, "-m", "interview_voice", "sessions", "report", report["session_id"]],
        env=_private_env(tmp_path, installed_models_dir),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert shown.returncode == 0, shown.stderr
    assert "typed answer" in shown.stdout and TYPED_ANSWERS[2] in shown.stdout


def test_a_full_disk_is_a_clear_message_and_the_report_is_kept(small_disk, answers_dir, installed_models_dir, tmp_path):
    tiny_disk = small_disk(200)
    out = tiny_disk / "out"
    env = {
        **os.environ,
        "INTERVIEW_VOICE_MODELS_DIR": str(installed_models_dir),
        "INTERVIEW_VOICE_DATA_DIR": str(tmp_path / "data"),
        "INTERVIEW_VOICE_CONFIG_DIR": str(tmp_path / "cfg"),
    }
    result = subprocess.run(
        simulate_command(answers_dir, out),
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 1
    assert "No space left on device" in result.stderr and "Traceback" not in result.stderr
    report = json.loads((out / "report.json").read_text())
    assert len([t for t in report["turns"] if t["speaker"] == "candidate"]) == 4


def test_a_session_whose_answers_run_out_while_the_model_reads_ahead_ends_cleanly(
    tmp_path, answers_dir, installed_models_dir
):
    """One answer file, then silence: the session ends while a read-ahead may still run, and
    the model is closed right after. Repeated, because it is a race."""
    one = tmp_path / "one"
    one.mkdir()
    shutil.copy(sorted(answers_dir.glob("*.wav"))[0], one / "answer1.wav")
    env = {
        **os.environ,
        "INTERVIEW_VOICE_MODELS_DIR": str(installed_models_dir),
        "INTERVIEW_VOICE_DATA_DIR": str(tmp_path / "data"),
        "INTERVIEW_VOICE_CONFIG_DIR": str(tmp_path / "cfg"),
    }
    runs = 3
    for run in range(runs):
        out = tmp_path / f"out{run}"
        result = subprocess.run(
            simulate_command(one, out, "--seed", str(run), plan="first-interview"),
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, f"run {run}: exit {result.returncode}: {result.stderr[-2000:]}"
        report = json.loads((out / "report.json").read_text())
        assert [t["kind"] for t in report["turns"]][-1] == "closing"
    listed = subprocess.run(
        [sys.executable, "-m", "interview_voice", "sessions", "list", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    sessions = json.loads(listed.stdout)
    assert [s["status"] for s in sessions] == ["completed"] * runs


def _speak_with_pauses(parts: list[str | float], out) -> None:
    """espeak-ng speech with silences (seconds) spliced between the parts."""
    import numpy as np

    from interview_voice.engines.audio_file import read_wav_mono, write_wav

    pieces = []
    for part in parts:
        if isinstance(part, float):
            pieces.append(np.zeros(int(part * 16_000), np.float32))
        else:
            subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(out), part], check=True)
            pieces.append(read_wav_mono(out))
    write_wav(out, np.concatenate(pieces), 16_000)


def test_a_thinking_pause_a_list_in_progress_and_an_answer_that_goes_on_each_stay_one_answer(
    tmp_path, installed_models_dir
):
    if not shutil.which("espeak-ng"):
        pytest.fail("espeak-ng is needed to make candidate speech: `make test` installs it")
    answers = tmp_path / "answers"
    answers.mkdir()
    spoken = [
        [
            "The main trade off was latency against accuracy. Let me think about how to explain it.",
            2.2,
            "We chose the smaller model, which lost two points of accuracy but met the one hundred millisecond budget.",
        ],
        [
            "There are two reasons. First, the labels arrived late.",
            1.8,
            "Second, one feature was computed differently in the serving path.",
        ],
        [
            "Our fraud model had great offline results.",
            1.2,
            "But precision dropped in production, because the merchant feature came from another table.",
        ],
        ["I compared the logged serving features with the training features for the same transactions."],
    ]
    for i, parts in enumerate(spoken, start=1):
        _speak_with_pauses(parts, answers / f"answer{i}.wav")
    out = tmp_path / "out"
    report = _simulated_report(answers, out, tmp_path, installed_models_dir)
    candidate = [t for t in report["turns"] if t["speaker"] == "candidate"]
    assert len(candidate) == 4
    heard = [set(normalize_words(t["text"])) for t in candidate]
    # both halves of every answer are in the same turn: nothing was lost at the pause
    assert {"latency", "smaller", "budget"} <= heard[0], candidate[0]["text"]
    assert {"reasons", "second", "serving"} <= heard[1], candidate[1]["text"]
    # the finished sentence ended the turn; the rest came either before the interviewer's next line
    # (it yielded: the same turn goes on) or over it (kept at the start of the next answer, marked)
    went_on = heard[2] if candidate[2].get("resumed") else set(normalize_words(candidate[3].get("overlap_text", "")))
    assert {"model", "results"} <= heard[2] and "precision" in went_on, (candidate[2]["text"], candidate[3]["text"])
    assert {"compared", "logged"} <= heard[3]
    # the thinking pause and the list were waited through
    assert candidate[0].get("resumed", 0) == 0 and candidate[1].get("resumed", 0) == 0
    endpoints = [e for e in report.get("events", []) if e["type"] == "endpoint"]
    assert len(endpoints) == 4 + candidate[2].get("resumed", 0)


LONG_ANSWER = [
    "Our churn model looked strong offline, with an area under the curve of nought point nine two.",
    0.6,
    "In production the retention team saw far fewer saves than we promised them.",
    0.9,
    "I compared the features logged at serving time with the ones we trained on.",
    0.7,
    "The tenure feature was computed from the signup table offline, but from the billing table online.",
    1.0,
    "That meant new customers looked like long standing ones to the live model.",
    0.6,
    "We moved the feature into the shared feature store, so both paths read one definition.",
    0.8,
    "Then we ran the old and new pipelines side by side for two weeks.",
    0.7,
    "The saves per call went back up to where they were before the launch.",
]


def test_a_long_answer_with_short_pauses_on_a_busy_machine_keeps_every_sentence(tmp_path, installed_models_dir):
    """`simulate --realtime` plays the answer like a person at a microphone while another process
    holds a core: whatever the interviewer does at the pauses, every sentence said is kept."""
    if not shutil.which("espeak-ng"):
        pytest.fail("espeak-ng is needed to make candidate speech: `make test` installs it")
    answers = tmp_path / "answers"
    answers.mkdir()
    _speak_with_pauses(LONG_ANSWER, answers / "answer1.wav")
    (answers / "answer2.txt").write_text("I would monitor the feature distributions daily.")
    (answers / "answer3.txt").write_text("Precision on the customers we would call.")
    (answers / "answer4.txt").write_text("The recent months, held out by time.")
    busy = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        report = _simulated_report(answers, tmp_path / "out", tmp_path, installed_models_dir, "--realtime")
    finally:
        busy.kill()
    kept = normalize_words(" ".join(t["text"] for t in report["turns"] if t["speaker"] == "candidate"))
    sentences = [normalize_words(p) for p in LONG_ANSWER if isinstance(p, str)]
    said = [w for words in sentences for w in words]
    # the spoken words aligned with the kept transcript: a misheard word ("tenure" as "turn your")
    # costs a word, a sentence lost costs all of it
    matched = {
        block.a + k
        for block in difflib.SequenceMatcher(a=said, b=kept, autojunk=False).get_matching_blocks()
        for k in range(block.size)
    }
    # a str message is printed whole (a tuple's repr is cut short): each candidate turn apart, to tell a
    # stretch lost at a turn's edge from words misheard inside one
    turns = "\n".join(
        f"  turn {t.get('index')} ({t.get('end_reason')}): {t['text']}"
        for t in report["turns"]
        if t["speaker"] == "candidate"
    )
    start = 0
    for words in sentences:
        found = sum(1 for i in range(start, start + len(words)) if i in matched)
        missing = " ".join(w if i + start in matched else f"[{w}]" for i, w in enumerate(words))
        assert found >= 0.5 * len(words), f"{found} of {len(words)} words kept: {missing}\nkept turns:\n{turns}"
        start += len(words)
    # the typed answers came after the spoken one had played out, each kept whole
    text = " ".join(kept)
    typed = [
        normalize_words(t)
        for t in (
            "I would monitor the feature distributions daily.",
            "Precision on the customers we would call.",
            "The recent months, held out by time.",
        )
    ]
    # the interview may end before the last files are used (a redirect takes a turn), but no typed answer
    # it took is lost: those kept are the first ones, in order
    kept_typed = [" ".join(t) in text for t in typed]
    assert kept_typed[0] and kept_typed == sorted(kept_typed, reverse=True), (kept_typed, text)
    assert text.index(" ".join(typed[0])) > text.index("launch")
