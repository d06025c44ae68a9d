"""Run in a child process: load a GGUF model with llama-cpp-python, read a prompt and
generate a few tokens. If the build uses instructions this CPU cannot run, this
process dies, not the caller. Prints one JSON line with the speeds it measured."""

from __future__ import annotations

import json
import os
import sys
import time

# Long enough to run llama.cpp's batched matrix kernels (where AMX and AVX-512 are used).
PROMPT = (
    "You are interviewing a candidate for a machine learning engineering role. The candidate says: "
    "we trained a gradient boosted model on six months of transactions, evaluated it on a time-based "
    "split, and deployed it behind a feature store so that serving used the same features as training. "
    "Precision at the top one percent rose from 0.41 to 0.58, and we monitored drift every week. "
    "Ask one short follow-up question about the evaluation."
)
GENERATE = 8
BAD_MODEL = 4  # exit status: the library works, the model file does not load (damaged, cut short)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m interview_voice.native.proof_child MODEL.gguf", file=sys.stderr)
        return 2
    from llama_cpp import Llama

    started = time.monotonic()
    try:
        llm = Llama(model_path=argv[1], n_ctx=512, n_threads=os.cpu_count() or 2, seed=1, verbose=False)
    except (ValueError, RuntimeError) as exc:  # the library ran and refused the file: the file is at fault
        print(f"the model file does not load ({exc})", file=sys.stderr)
        return BAD_MODEL
    loaded = time.monotonic()
    tokens = llm.tokenize(PROMPT.encode())
    llm.eval(tokens)
    read = time.monotonic()
    out = llm.create_completion(PROMPT, max_tokens=GENERATE, temperature=0.0)  # the prompt is cached
    done = time.monotonic()
    assert isinstance(out, dict)  # not streamed: one response
    generated = out["usage"]["completion_tokens"]
    llm.close()
    if generated < 1:
        print("the model generated no tokens", file=sys.stderr)
        return 3
    print(
        json.dumps(
            {
                "load_s": round(loaded - started, 2),
                "prompt_tokens": len(tokens),
                "prompt_tps": round(len(tokens) / max(read - loaded, 1e-6), 1),
                "gen_tps": round(generated / max(done - read, 1e-6), 1),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
