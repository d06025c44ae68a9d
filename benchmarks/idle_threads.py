"""Idle OpenMP threads spinning or sleeping: the interviewer model's speed, quiet and busy.

    .venv/bin/python benchmarks/idle_threads.py [--rounds 2] [--policies spinning,passive,spin=3000]
        [--threads 2,1]

Each configuration runs in a child process of its own (the OpenMP pools read OMP_WAIT_POLICY and
GOMP_SPINCOUNT once): the default interviewer model generates a 24-token follow-up three times,
on each number of threads, with idle threads spinning (the library default, about 3 ms), sleeping
at once (PASSIVE) or spinning N rounds first (spin=N; the app sets spin=3000). Quiet first, then
with one core held by a busy loop and the speech model transcribing in a loop in the same process,
as at the end of a turn on a laptop with a browser open. Then the speech model (whisper-tiny.en,
the live pass) times an 8 s pass under the same policy.
Prints tokens a second and seconds a pass per configuration, alternating them round by round.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHILD = r"""
import sys, threading, time
import numpy as np
sys.path.insert(0, sys.argv[1])
from interview_voice import app
from interview_voice.paths import default_paths
from interview_voice.settings import Settings
from llama_cpp import Llama

threads, busy = int(sys.argv[2]), sys.argv[3] == "busy"
paths = default_paths()
choice = app.resolve(paths, "llm", Settings().llm_model)
llm = Llama(model_path=str(choice.path), n_ctx=1024, n_threads=threads, n_threads_batch=threads, verbose=False,
            seed=1)
stop = threading.Event()
if busy:  # the speech model's passes, as the live transcriber runs them, in this process
    stt = app.load_stt(paths, "whisper-tiny.en")
    audio = (0.1 * np.sin(np.arange(16_000 * 8) / 7)).astype(np.float32)
    def hear():
        while not stop.is_set():
            list(stt.transcribe(audio, quick=True))
    threading.Thread(target=hear, daemon=True).start()
messages = [{"role": "user", "content": "Ask one short interview follow-up question about feature stores."}]
llm.create_chat_completion(messages=messages, max_tokens=1)
rates = []
for _ in range(3):
    started = time.perf_counter()
    out = llm.create_chat_completion(messages=messages, max_tokens=24, temperature=0.0)
    rates.append(out["usage"]["completion_tokens"] / (time.perf_counter() - started))
stop.set()
# the speech model's own speed under the same policy (it runs on an OpenMP pool too): seconds per 8 s pass
stt = app.load_stt(paths, "whisper-tiny.en")
clip = (0.1 * np.sin(np.arange(16_000 * 8) / 7)).astype(np.float32)
list(stt.transcribe(clip, quick=True))
passes = []
for _ in range(3):
    started = time.perf_counter()
    list(stt.transcribe(clip, quick=True))
    passes.append(time.perf_counter() - started)
print(" ".join(f"{r:.2f}" for r in rates) + " | " + " ".join(f"{p:.3f}" for p in passes))
"""


def run(policy: str, threads: int, busy: bool) -> tuple[list[float], list[float]]:
    """policy: "spinning" (the library default), "passive", or "spin=N": idle threads spin N rounds
    (GOMP_SPINCOUNT) before they sleep."""
    env = {k: v for k, v in os.environ.items() if k not in ("OMP_WAIT_POLICY", "GOMP_SPINCOUNT")}
    if policy == "passive":
        env["OMP_WAIT_POLICY"] = "PASSIVE"
    elif policy.startswith("spin="):
        env["GOMP_SPINCOUNT"] = policy.split("=", 1)[1]
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(ROOT), str(threads), "busy" if busy else "quiet"],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    if done.returncode != 0:
        raise SystemExit(done.stderr[-2000:])
    rates, passes = done.stdout.split("|")
    return [float(v) for v in rates.split()], [float(v) for v in passes.split()]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--policies", default="spinning,passive", help="comma-separated: spinning, passive, spin=N")
    parser.add_argument("--threads", default="2,1")
    args = parser.parse_args()
    configs = [(p, int(t)) for p in args.policies.split(",") for t in args.threads.split(",")]
    for busy in (False, True):
        loop = subprocess.Popen([sys.executable, "-c", "while True: pass"]) if busy else None
        try:
            rates: dict[tuple[str, int], list[float]] = {c: [] for c in configs}
            passes: dict[tuple[str, int], list[float]] = {c: [] for c in configs}
            for _ in range(args.rounds):
                for config in configs:
                    model, speech = run(*config, busy)
                    rates[config] += model
                    passes[config] += speech
        finally:
            if loop is not None:
                loop.kill()
        print(
            "\n"
            + (
                "busy: one core held by a busy loop, the speech model transcribing in the same process"
                if busy
                else "quiet"
            )
            + f" (load average at the end: {os.getloadavg()[0]:.1f})"
        )
        for (policy, threads), values in rates.items():
            print(
                f"  idle threads {policy:12} model on {threads} thread(s): median {statistics.median(values):5.2f} "
                f"tokens/s (min {min(values):.2f}, max {max(values):.2f}, n={len(values)}); speech model, "
                f"an 8 s pass: median {statistics.median(passes[(policy, threads)]):.3f} s"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
