"""The interviewer's voice on a busy machine: underruns and breaks in what the sound card played.

    .venv/bin/python benchmarks/audio_under_load.py --base /tmp/base-25 [--rounds 2] [--busy 2]

Plays a session's interviewer lines (a plan's opening, five questions and its closing, in
its persona's voice) the way the runner does (`SpeechAhead.synthesize`, then
`SoundDeviceOutput.play` sentence by sentence) through the real sounddevice output into a
PulseAudio null sink (tests/virtual_audio.py), while `--busy` processes spin
(`python -c 'while True: pass'`), and records the sink's monitor with `parec`. Today's code
(`--base`, a checkout on PYTHONPATH) and this checkout alternate in the same run, on the same
sink, under the same load. Prints a table; asserts nothing.

Counted per run (today's code and the new code, each also with its thread priority left as an
ordinary user gets it: as root the benchmark may take a real-time slot a user cannot; each
child runs in its checkout's own folder, which `-c` puts first on sys.path):
- underflows: callbacks PortAudio flagged `output_underflow` (the device ran dry);
- ALSA underruns: "underrun occurred" lines ALSA wrote to stderr;
- breaks in words: runs of digital silence longer than 20 ms in the recording with speech
  right before and after (a cut in the middle of a word; pauses between sentences fade out);
- pauses in lines: the other silences shorter than 0.5 s (between sentences of a line);
- stop: how long a cancelled play() took to return, and when the last loud block of a
  tone reached a recorder on the sink's monitor, after the cancel (the recorder's own
  latency is in both columns alike).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
RATE = 16_000  # the null sink's rate: the recording's
MIN_GAP_S = 0.02
EDGE_S = 0.015  # speech on both sides of a break: RMS over this much audio
SPEECH_RMS = 0.01
PLAN = "behavioural.toml"

CHILD = r'''
import json, os, sys, threading, time
import numpy as np
from interview_voice.app import load_tts
from interview_voice.core.bank import load_bank
from interview_voice.core.plan import load_plan
from interview_voice.core.types import AudioChunk, VoiceStyle
from interview_voice.engines import audio_sd
from interview_voice.paths import default_paths, resource_dir
from interview_voice.runtime.speak_ahead import SpeechAhead

underflows = [0]
original = audio_sd.SoundDeviceOutput._callback
def counting(self, outdata, frames, time_info, status):
    if status.output_underflow:
        underflows[0] += 1
    original(self, outdata, frames, time_info, status)
audio_sd.SoundDeviceOutput._callback = counting
if os.environ.get("BENCH_NO_PRIORITY") and hasattr(audio_sd, "raise_audio_thread"):
    audio_sd.raise_audio_thread = lambda: "unchanged (benchmark)"   # as for a user with no rtprio limit

bank = load_bank([resource_dir("assets") / "questions"])
plan = load_plan(resource_dir("assets") / "plans" / sys.argv[1], bank)
persona = plan.persona
style = VoiceStyle(persona.voice, persona.rate, persona.pitch, persona.volume)
questions = [q.text for q in bank.questions.values() if plan.stage in q.stages][:5]
lines = [plan.opening, *questions, plan.closing]
tts = load_tts(default_paths(), "piper-joe-medium")
list(tts.synthesize("Warm up.", style))
ahead = SpeechAhead(tts)
out = audio_sd.SoundDeviceOutput()
out.prove()
latency = float(out._stream.latency)   # what PortAudio gave for what was asked
time.sleep(0.5)
print("START", flush=True)
played_s, synth = [], []
for line in lines:
    clips = []
    for chunk in ahead.synthesize(line, style):
        clips.append(chunk.samples)
        out.play(chunk)
    played_s.append(sum(c.size for c in clips) / 22050)
    synth.append(float(np.concatenate(clips).size))
    time.sleep(0.6)   # the candidate's turn: the stream stays open, silent
rate = 22050
tone = (0.4 * np.sin(2 * np.pi * 440 * np.arange(3 * rate) / rate)).astype(np.float32)
heard = []   # (arrival time, loudest sample) of each block the microphone (the sink's monitor) got
import sounddevice as sd
mic = sd.InputStream(samplerate=16000, channels=1, dtype="float32", blocksize=160, latency="low",
                     callback=lambda data, frames, t, status: heard.append((time.monotonic(),
                                                                            float(np.abs(data).max()))))
mic.start()
time.sleep(0.5)
cancel, marks = threading.Event(), {}
def fire():
    marks["cancel"] = time.monotonic()
    cancel.set()
threading.Timer(1.0, fire).start()
out.play(AudioChunk(tone, rate), cancel)
marks["returned"] = time.monotonic()
time.sleep(1.0)
mic.stop()
loud = [t for t, peak in heard if peak > 0.05]
out.close()
print(json.dumps({"underflows": underflows[0], "lines": len(lines), "speech_s": sum(played_s),
                  "stop_return_ms": 1000 * (marks["returned"] - marks["cancel"]),
                  "heard_after_cancel_ms": 1000 * (loud[-1] - marks["cancel"]) if loud else None,
                  "latency_ms": 1000 * latency}), flush=True)
'''


def busy(n: int) -> list[subprocess.Popen]:
    return [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(n)]


def silent_runs(audio: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) of every run of digital silence longer than MIN_GAP_S."""
    quiet = np.abs(audio) < 1e-6
    edges = np.flatnonzero(np.diff(np.concatenate([[0], quiet.astype(np.int8), [0]])))
    runs = list(zip(edges[::2], edges[1::2], strict=True))
    return [(int(a), int(b)) for a, b in runs if b - a > MIN_GAP_S * RATE]


def rms(piece: np.ndarray) -> float:
    return float(np.sqrt(np.mean(piece**2))) if piece.size else 0.0


def analyse(audio: np.ndarray) -> dict[str, object]:
    """Breaks (silence cut into speech) and the pauses between sentences, in the recording."""
    runs = [(a, b) for a, b in silent_runs(audio) if a > 0 and b < audio.size]  # inside the sound
    edge = int(EDGE_S * RATE)
    breaks = [
        (a, b)
        for a, b in runs
        if a > edge and rms(audio[a - edge : a]) > SPEECH_RMS and rms(audio[b : b + edge]) > SPEECH_RMS
    ]
    # the candidate's turn between lines is 0.6 s of silence: shorter silences are inside a line
    pauses = [1000 * (b - a) / RATE for a, b in runs if (a, b) not in breaks and b - a < 0.5 * RATE]
    return {
        "breaks": len(breaks),
        "break_ms": 1000 * sum(b - a for a, b in breaks) / RATE,
        "pauses": len(pauses),
        "pause_median_ms": float(np.median(pauses)) if pauses else 0.0,
        "pause_max_ms": max(pauses, default=0.0),
    }


def run_once(code: Path | None, label: str, env: dict[str, str], workdir: Path, priority: bool = True) -> dict:
    record = workdir / f"{label}.raw"
    child_env = dict(env)
    child_env["PYTHONPATH"] = str(code or ROOT)
    if not priority:
        child_env["BENCH_NO_PRIORITY"] = "1"
    parec = subprocess.Popen(
        [
            "parec",
            "--device=virt.monitor",
            "--format=float32le",
            f"--rate={RATE}",
            "--channels=1",
            "--raw",
            "--latency-msec=20",
            str(record),
        ],
        env=env,
    )
    time.sleep(0.3)
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, PLAN],
        env=child_env,
        cwd=str(code or ROOT),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    out, err = child.communicate(timeout=600)
    time.sleep(0.3)
    parec.terminate()
    parec.wait(timeout=10)
    if child.returncode != 0:
        raise SystemExit(f"{label} failed:\n{err}")
    result = json.loads(out.strip().splitlines()[-1])
    print(label, result, file=sys.stderr, flush=True)
    audio = np.fromfile(record, dtype=np.float32)
    result.update(analyse(audio))  # the final tone has no silence in it
    result["alsa"] = err.count("underrun occurred")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", type=Path, required=True, help="a checkout of today's code (git worktree add)")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--busy", type=int, default=2, help="spinning processes (0: an idle machine)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from interview_voice.paths import default_paths
    from tests.virtual_audio import null_sink

    models = default_paths().models_dir
    rows: list[tuple[str, dict]] = []
    with tempfile.TemporaryDirectory() as tmp, null_sink(Path(tmp)) as env:
        env = {**env, "INTERVIEW_VOICE_MODELS_DIR": str(models)}
        spinners = busy(args.busy)
        try:
            for n in range(args.rounds):
                for label, code, priority in (
                    ("today", args.base.resolve(), True),
                    ("today, no priority", args.base.resolve(), False),
                    ("new", None, True),
                    ("new, no priority", None, False),
                ):
                    print(f"round {n + 1}: {label}", file=sys.stderr, flush=True)
                    rows.append(
                        (
                            label,
                            run_once(code, f"{label}-{n}".replace(" ", "_").replace(",", ""), env, Path(tmp), priority),
                        )
                    )
        finally:
            for p in spinners:
                p.kill()
                p.wait()
    load = os.getloadavg()
    print(f"\n{args.busy} busy processes; load average at the end {load[0]:.1f} / {load[1]:.1f} (1 / 5 min)\n")
    print(
        "| code | speech s | output latency ms | underflows | ALSA underruns | breaks in words (total ms) "
        "| pauses in lines: n, median / max ms | stop: play() returns / sound ends, ms after cancel |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for label, r in rows:
        print(
            f"| {label} | {r['speech_s']:.1f} | {r['latency_ms']:.0f} | {r['underflows']} | {r['alsa']} "
            f"| {r['breaks']} ({r['break_ms']:.0f}) | {r['pauses']}: {r['pause_median_ms']:.0f} / "
            f"{r['pause_max_ms']:.0f} | {r['stop_return_ms']:.0f} / {r['heard_after_cancel_ms']:.0f} |"
        )


if __name__ == "__main__":
    main()
