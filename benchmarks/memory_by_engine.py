"""Which native engine's memory grows over a long interview: each engine alone, turn after turn.

    nice -n 15 .venv/bin/python benchmarks/memory_by_engine.py [--turns 60] [--engines stt,llm,tts,vad]
        [--threads new,one] [--trim on] [--small]

For each engine a child process sets up memory as `cli.main` does (two malloc arenas), loads the engine
through the app's loader (the default models; --small: whisper-tiny.en alone and smollm2-135m), then does
one interview turn's worth of that engine's work --turns times, with inputs of varying size as an
interview has them, and notes its RSS (/proc/self/status VmRSS, and RssAnon: the heap, not the mapped
files) after each turn, once the turn's threads are done and, with --trim on, after malloc_trim, as the
session service gives the heap back after each of the interviewer's turns. A turn is:

- stt: a spoken answer of 21-26 s (espeak, three test answers in a row) as the live transcriber
  transcribes it with the live model (whole passes every 4 s from the start, two passes at each pause
  between sentences, one from the last pause at the end) and then the refiner with the main model;
  each turn's passes a few ms longer or shorter than the last's, as no two passes of an interview
  hear the same length (--same-lengths: the four answers' lengths again and again);
- llm: the follow-up prompt as runtime/follow_up.py and runtime/reading_ahead.py send it: a read-ahead
  of the question, one with half the answer, a follow-up started at a pause and cancelled after three
  pieces, and the follow-up itself (up to its question mark, at most 60 pieces);
- tts: three interviewer lines of the benchmark's interview lines (short and long, in turn);
- vad: the answer's audio, 32 ms frame by frame, through the app's Silero detector;
- audio: the window's sound devices (sounddevice, PortAudio) on a PulseAudio null sink: the microphone
  opened for a second of an answer and closed, as the app does per answer, a short line played, and
  the speakers' stream closed every third turn.

--threads new: each call on a thread of its own, as the app starts one per live transcription,
read-ahead, follow-up and line spoken ahead (the refiner keeps one thread per session); one: every call
on one long-lived worker thread. A growth under `new` that `one` does not have is per-thread state the
native library keeps after the thread ends.

--before-after: each engine twice, "today" with oneDNN's own cache of compiled kernels (1,024 shapes, as
before engines/stt_whisper.py capped it) and "new" as the app now runs. --env KEY=VALUE sets the
children's environment.

Prints, per engine and threading: RSS after load, at turn 10, at the last turn, the growth between them
and its least-squares slope per turn after turn 10, and the same for the anonymous part. Asserts nothing.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
ENGINES = ("stt", "llm", "tts", "vad", "audio")
# --before-after: before the fix, oneDNN kept its own default of 1,024 compiled shapes (engines/stt_whisper.py)
TODAY = {"ONEDNN_PRIMITIVE_CACHE_CAPACITY": "1024"}
SETTLED_TURN = 10  # growth is counted from this turn on (the first turns fill caches and arenas)
PAUSE_S = 0.6  # between the sentences of one answer: the live transcriber passes at each
LIVE_STEP_S, LIVE_FIRST_S = 4.0, 2.0  # as runtime/live_transcript.py: STEP_S, FIRST_S


def _status_mb() -> tuple[float, float]:
    rss = anon = 0.0
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1]) / 1024
            elif line.startswith("RssAnon:"):
                anon = int(line.split()[1]) / 1024
    return rss, anon


class Caller:
    """Runs a call on a new thread each time (the app's way) or on one long-lived worker."""

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self._jobs: queue.Queue = queue.Queue()
        if mode == "one":
            threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            fn, done = self._jobs.get()
            try:
                done.append(fn())
            except Exception as exc:  # shown, not hidden: a broken engine makes the figures meaningless
                done.append(exc)

    def __call__(self, fn: Callable[[], object]) -> object:
        done: list[object] = []
        if self.mode == "one":
            self._jobs.put((fn, done))
            while not done:
                time.sleep(0.005)
        else:
            thread = threading.Thread(target=lambda: done.append(fn()), daemon=True)
            thread.start()
            thread.join()
        if done and isinstance(done[0], Exception):
            raise done[0]
        return done[0] if done else None


def _answers() -> list[tuple[np.ndarray, list[float], str]]:
    """Four spoken answers of 21-26 s: (16 kHz samples, where the pauses between sentences end, text)."""
    sys.path.insert(0, str(ROOT))
    from interview_voice.engines.audio_file import read_wav_mono
    from tests.conftest import CANDIDATE_ANSWERS, _speak

    folder = Path(os.environ.get("TMPDIR", "/tmp")) / f"memory-by-engine-{os.getpid()}"
    folder.mkdir(exist_ok=True)
    parts = []
    for n, text in enumerate(CANDIDATE_ANSWERS):
        path = folder / f"part{n}.wav"
        _speak(text, path)
        parts.append((read_wav_mono(path), text))
        path.unlink()
    folder.rmdir()
    gap = np.zeros(int(PAUSE_S * 16_000), np.float32)
    out = []
    for first in range(len(parts)):
        chosen = [parts[(first + k) % len(parts)] for k in range(3)]
        audio, pauses, at = [], [], 0
        for samples, _ in chosen:
            audio += [samples, gap]
            at += samples.size
            pauses.append(at / 16_000)
            at += gap.size
        out.append((np.concatenate(audio[:-1]), pauses[:-1], " ".join(t for _, t in chosen)))
    return out


def stt_turns(call: Caller, small: bool, same_lengths: bool = False) -> Callable[[int], None]:
    from interview_voice.app import load_stt
    from interview_voice.paths import default_paths
    from interview_voice.settings import DEFAULT_LIVE_STT, DEFAULT_STT

    paths = default_paths()
    live = load_stt(paths, DEFAULT_LIVE_STT)
    main = live if small else load_stt(paths, DEFAULT_STT)
    answers = _answers()
    refiner = Caller("one")  # the refiner keeps one thread for the session

    def turn(n: int) -> None:
        audio, pauses, _ = answers[n % len(answers)]
        # In an interview no two passes hear the same length of audio (the worker wakes when it can);
        # --same-lengths repeats the four answers' lengths exactly, as a cache keyed on shape would like.
        late_s = 0.0 if same_lengths else (n * 0.0371) % 0.5
        audio = audio if same_lengths else audio[: audio.size - int(late_s * 16_000)]
        rate, end_s = 16_000, audio.size / 16_000
        cut = 0.0
        whole = [t + late_s for t in np.arange(LIVE_FIRST_S, end_s - 0.5, LIVE_STEP_S)]
        # as the live transcriber: whole passes from the stable point (quick), passes at each pause (not quick)
        for at in sorted([*whole, *pauses]):
            if at in pauses:
                for pad in (0.09, 0.3):
                    clip = audio[int(cut * rate) : int((at + pad + late_s / 5) * rate)]  # a pass starts when it can
                    call(lambda c=clip: list(live.transcribe(c, quick=False)))
                cut = at + PAUSE_S / 2
            else:
                clip = audio[: int(at * rate)]
                call(lambda c=clip: list(live.transcribe(c, quick=True)))
        call(lambda: list(live.transcribe(audio[int(cut * rate) :], quick=False)))
        refiner(lambda: list(main.transcribe(audio)))

    return turn


def llm_turns(call: Caller, small: bool) -> Callable[[int], None]:
    from interview_voice.app import load_llm
    from interview_voice.core.bank import load_bank
    from interview_voice.core.follow_up_prompt import STOP, follow_up_messages, load_prompts, read_ahead_messages
    from interview_voice.core.plan import Persona
    from interview_voice.paths import default_paths, resource_dir
    from interview_voice.settings import Settings
    from tests.conftest import CANDIDATE_ANSWERS

    paths = default_paths()
    settings = Settings(llm_model="smollm2-135m-instruct-q4_1") if small else Settings()
    llm = load_llm(paths, settings)
    prompts = load_prompts(resource_dir("prompts") / "interviewer.toml")
    persona = Persona("Priya", "senior machine learning engineer", "neutral")
    bank = load_bank([resource_dir("assets") / "questions"])
    questions = [q for q in bank.questions.values() if q.rubric][:40]

    def stream(messages, cancel_after: int | None) -> str:
        pieces: list[str] = []
        stop = threading.Event()
        for piece in llm.stream_chat(messages, stop=STOP, max_tokens=60, temperature=0.6, cancel=stop):
            pieces.append(piece)
            if "?" in piece or (cancel_after is not None and len(pieces) >= cancel_after):
                stop.set()
                break
        return "".join(pieces)

    def turn(n: int) -> None:
        q = questions[n % len(questions)]
        target = q.rubric[n % len(q.rubric)]
        answer = " ".join(CANDIDATE_ANSWERS[(n + k) % len(CANDIDATE_ANSWERS)] for k in range(3))
        answer = answer[: len(answer) - (n * 7) % 120]  # prompts of a length of their own, as answers are
        half = answer[: len(answer) // 2]
        call(lambda: llm.prefill(read_ahead_messages(prompts, persona, q.text, target)))
        call(lambda: llm.prefill(read_ahead_messages(prompts, persona, q.text, target, half)))
        call(lambda: stream(follow_up_messages(prompts, persona, q.text, half, target), 3))
        call(lambda: stream(follow_up_messages(prompts, persona, q.text, answer, target), None))

    return turn


def tts_turns(call: Caller, small: bool) -> Callable[[int], None]:
    from benchmarks.piper_memory import LINES
    from interview_voice.app import load_tts
    from interview_voice.paths import default_paths
    from interview_voice.settings import DEFAULT_TTS

    tts = load_tts(default_paths(), DEFAULT_TTS)
    lines = itertools.cycle(LINES)

    def turn(n: int) -> None:
        for _ in range(3):
            line = next(lines)
            call(lambda text=line: [c.samples.size for c in tts.synthesize(text)])

    return turn


def vad_turns(call: Caller, small: bool) -> Callable[[int], None]:
    from interview_voice.app import load_vad

    vad = load_vad()
    answers = _answers()

    def turn(n: int) -> None:
        audio = answers[n % len(answers)][0]
        frames = audio[: audio.size // 512 * 512].reshape(-1, 512)

        def listen() -> None:
            vad.reset()
            for frame in frames:
                vad.speech_probability(frame)

        call(listen)

    return turn


def audio_turns(call: Caller, small: bool) -> Callable[[int], None]:
    from interview_voice.core.types import AudioChunk
    from interview_voice.engines.audio_sd import SoundDeviceInput, SoundDeviceOutput

    mic, speakers = SoundDeviceInput(), SoundDeviceOutput()
    line = AudioChunk(np.zeros(int(0.3 * 22_050), np.float32), 22_050, text="Okay.")

    def turn(n: int) -> None:
        mic.start()  # the microphone is opened afresh for each answer (runtime/listening.py)
        heard = 0
        while heard < 16_000:  # a second of it: the stream's open and close is what is measured
            block = mic.read(timeout=2.0)
            heard += 0 if block is None else block.size
        mic.stop()
        speakers.play(line)
        if n % 3 == 0:
            speakers.close()  # a barge-in or another rate closes the speakers' stream; the next line opens one

    return turn


def child(engine: str, threads: str, turns: int, trim: bool, small: bool, same_lengths: bool) -> None:
    sys.path.insert(0, str(ROOT))
    from interview_voice.runtime.memory import give_back, limit_arenas

    limit_arenas()  # as cli.main does, before any thread starts
    before = _status_mb()
    make = {"stt": stt_turns, "llm": llm_turns, "tts": tts_turns, "vad": vad_turns, "audio": audio_turns}[engine]
    turn = stt_turns(Caller(threads), small, same_lengths) if engine == "stt" else make(Caller(threads), small)
    if trim:
        give_back()
    loaded = _status_mb()
    per_turn, started = [], time.monotonic()
    for n in range(turns):
        turn(n)
        if trim:
            give_back()
        per_turn.append(_status_mb())
        print(f"{engine} / {threads}: turn {n + 1}: {per_turn[-1][0]:.0f} MB", file=sys.stderr, flush=True)
    result = {
        "engine": engine,
        "threads": threads,
        "before": before,
        "loaded": loaded,
        "turns": per_turn,
        "seconds": round(time.monotonic() - started, 1),
        "threads_alive": threading.active_count(),
    }
    print(json.dumps(result), flush=True)


def slope(values: list[float]) -> float:
    """Least-squares MB per turn."""
    n = len(values)
    if n < 2:
        return float("nan")
    mx, my = (n - 1) / 2, sum(values) / n
    den = sum((x - mx) ** 2 for x in range(n))
    return sum((x - mx) * (y - my) for x, y in enumerate(values)) / den


def run(engine: str, threads: str, args: argparse.Namespace, env: dict) -> dict:
    argv = [sys.executable, __file__, "--child", engine, "--threads", threads, "--turns", str(args.turns)]
    argv += ["--trim", args.trim] + (["--small"] if args.small else []) + (["--same-lengths"] * args.same_lengths)
    done = subprocess.run(argv, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)  # progress on stderr
    if done.returncode != 0:
        raise SystemExit(f"{engine}/{threads} failed ({done.returncode})")
    return json.loads(done.stdout.strip().splitlines()[-1])


def row(label: str, result: dict) -> str:
    rss = [r for r, _ in result["turns"]]
    anon = [a for _, a in result["turns"]]
    k = min(SETTLED_TURN, len(rss)) - 1
    return (
        f"{label:24} {result['loaded'][0]:7.0f} {rss[k]:7.0f} {rss[-1]:7.0f} {rss[-1] - rss[k]:+7.1f} "
        f"{slope(rss[k:]):+7.2f} {anon[-1] - anon[k]:+7.1f} {result['seconds']:6.0f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--turns", type=int, default=60)
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--threads", default="new", help="new (a thread per call, the app's), one, or new,one")
    parser.add_argument("--trim", choices=("on", "off"), default="on", help="malloc_trim after each turn (the app's)")
    parser.add_argument("--small", action="store_true", help="the test models, not the defaults")
    parser.add_argument(
        "--before-after", action="store_true", help="each engine also as before the fix (today's: oneDNN's own cache)"
    )
    parser.add_argument("--same-lengths", action="store_true", help="stt: every answer's passes as long as before")
    parser.add_argument("--per-turn", action="store_true", help="also print the RSS after every turn")
    parser.add_argument("--env", action="append", default=[], help="KEY=VALUE for the children")
    parser.add_argument("--child", choices=ENGINES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.threads, args.turns, args.trim == "on", args.small, args.same_lengths)
        return
    sys.path.insert(0, str(ROOT))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1", **dict(e.split("=", 1) for e in args.env)}
    if args.env:
        print(f"children's environment: {' '.join(args.env)}")
    print(f"load average at the start: {open('/proc/loadavg').read().strip()}", flush=True)
    header = f"{'engine / threads':24} {'loaded':>7} {'turn ' + str(SETTLED_TURN):>7} {'turn ' + str(args.turns):>7}"
    print(header + f" {'growth':>7} {'MB/turn':>7} {'heap':>7} {'s':>6}   (MB; growth after turn {SETTLED_TURN})")
    results = []
    codes = [("today", {**env, **TODAY}), ("new", env)] if args.before_after else [("", env)]
    for engine in args.engines.split(","):
        for threads in args.threads.split(","):
            for code, code_env in codes:
                if engine == "audio":  # a PulseAudio null sink as the sound card (as the sound-device tests have)
                    from tests.virtual_audio import null_sink

                    with tempfile.TemporaryDirectory() as root, null_sink(Path(root)) as pulse:
                        result = run(engine, threads, args, {**code_env, **pulse})
                else:
                    result = run(engine, threads, args, code_env)
                result["code"] = code
                results.append(result)
                print(row(f"{engine} / {threads}" + (f" {code}" if code else ""), result), flush=True)
    if args.per_turn:
        for result in results:
            print(f"\n{result['engine']} / {result['threads']} {result['code']}: RSS per turn")
            print(" ".join(f"{r:.0f}" for r, _ in result["turns"]))
    print(f"load average at the end: {open('/proc/loadavg').read().strip()}")


if __name__ == "__main__":
    main()
