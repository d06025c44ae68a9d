"""Tokens per second of the interviewer model with every core and with one core left free,
on a quiet machine and with a busy process on one core (what a candidate's other programs do).

    .venv/bin/python benchmarks/llm_threads.py [--rounds 5] [--model qwen2.5-coder-1.5b-instruct-q4_k_m]

Alternates the thread counts in one process (same prompt, prompt already read), so both
see the same moment. Prints the median and every round. The app's CpuShare picks between
the two at run time (interview_voice/engines/cpu_share.py).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

MESSAGES = [
    {
        "role": "system",
        "content": "You are an interviewer. Ask one short follow-up question of about twelve "
        "words about the candidate's answer.",
    },
    {
        "role": "user",
        "content": "I built a churn model with logistic regression; the labels came from "
        "billing data and I only used features from before the prediction date.",
    },
]


def tokens_per_second(llm, threads: int, max_tokens: int = 24) -> float:
    import llama_cpp

    llama_cpp.llama_set_n_threads(llm.ctx, threads, threads)
    llm.create_chat_completion(messages=MESSAGES, max_tokens=1)  # the prompt is read: only generation is timed
    first, count = None, 0
    for _ in llm.create_chat_completion(messages=MESSAGES, max_tokens=max_tokens, temperature=0.6, stream=True):
        first = first or time.monotonic()
        count += 1
    return (count - 1) / (time.monotonic() - first) if first and count > 1 else 0.0


def main() -> int:
    from llama_cpp import Llama

    from interview_voice.paths import default_paths

    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--model", default="qwen2.5-coder-1.5b-instruct-q4_k_m")
    args = parser.parse_args()
    path = next((default_paths().models_dir / "llm" / args.model).glob("*.gguf"))
    cores = os.cpu_count() or 2
    counts = sorted({cores, max(1, cores - 1)}, reverse=True)
    llm = Llama(model_path=str(path), n_ctx=2048, n_threads=cores, verbose=False, seed=1)
    print(f"{path.name}, {cores} cores, {args.rounds} rounds of 24 tokens")
    for load in ("quiet", "busy loop on one core"):
        busy = subprocess.Popen([sys.executable, "-c", "while True: pass"]) if load != "quiet" else None
        results: dict[int, list[float]] = {n: [] for n in counts}
        try:
            for _ in range(args.rounds):
                for n in counts:
                    results[n].append(tokens_per_second(llm, n))
        finally:
            if busy is not None:
                busy.kill()
        for n, values in results.items():
            print(
                f"{load:22} {n} threads: median {statistics.median(values):5.1f} tok/s  "
                f"({', '.join(f'{v:.1f}' for v in values)})",
                flush=True,
            )
    llm.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
