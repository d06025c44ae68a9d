"""Benchmarks on this machine: prints numbers, asserts nothing.

    .venv/bin/python benchmarks/bench.py [--quick]

STT real-time factor (tiny.en, base) and WER on espeak-ng speech; TTS time to
first audio; LLM prompt and generation tokens/s and follow-up latency (cold and
with the persona prefix cached) for the default and the test model; peak memory
with all default models loaded in one process.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from interview_voice import app  # noqa: E402
from interview_voice.core.follow_up_prompt import STOP, clean_follow_up, follow_up_messages, load_prompts  # noqa: E402
from interview_voice.core.plan import Persona  # noqa: E402
from interview_voice.core.text import normalize_words  # noqa: E402
from interview_voice.core.types import Transcript  # noqa: E402
from interview_voice.engines.audio_file import read_wav_mono  # noqa: E402
from interview_voice.paths import default_paths, resource_dir  # noqa: E402
from interview_voice.settings import Settings  # noqa: E402

CLIPS = [
    "I would start by asking what the business wants to do with the prediction, for example sending a "
    "retention offer, and then build a simple logistic regression baseline.",
    "We had a fraud model with great offline results, but precision dropped in production because one "
    "feature was computed differently in the serving path.",
    "To detect drift I would monitor the input distributions and the prediction scores every day and "
    "alert when they move beyond a threshold.",
    "Yes.",
]
QUESTION = "Tell me about a time a model did well offline but badly in production. How did you diagnose it?"
ANSWER = (
    "We launched a fraud model with a strong offline AUC, but precision fell by half in the first week. "
    "I compared the logged serving features with the training features and found that the merchant "
    "category feature was computed from a different table at serving time. We moved it to the shared "
    "feature store and precision recovered."
)


def wer(reference: str, hypothesis: str) -> float:
    ref, hyp = normalize_words(reference), normalize_words(hypothesis)
    d = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        prev, d[0] = d[0], i
        for j, h in enumerate(hyp, 1):
            prev, d[j] = d[j], min(d[j] + 1, d[j - 1] + 1, prev + (r != h))
    return d[len(hyp)] / max(len(ref), 1)


def bench_stt(paths, model_id: str, clips: list[Path]) -> None:
    stt = app.load_stt(paths, model_id)
    list(stt.transcribe(read_wav_mono(clips[0])))  # warm
    rtfs, errors, words = [], 0.0, 0
    for text, clip in zip(CLIPS, clips):
        audio = read_wav_mono(clip)
        started = time.perf_counter()
        hyp = Transcript(list(stt.transcribe(audio))).text
        elapsed = time.perf_counter() - started
        rtfs.append(elapsed / (audio.size / 16_000))
        n = len(normalize_words(text))
        errors += wer(text, hyp) * n
        words += n
        print(f"  {model_id:16} {audio.size / 16000:5.1f} s audio  {elapsed * 1000:6.0f} ms  RTF {rtfs[-1]:.2f}")
    print(f"STT {model_id}: median RTF {statistics.median(rtfs):.2f}, WER {errors / words:.1%} on espeak-ng speech")


def bench_tts(paths) -> None:
    tts = app.load_tts(paths, Settings().tts_voice)
    text = "How did you decide which metric mattered most for the business in that project?"
    list(tts.synthesize("Okay."))
    firsts, rtfs = [], []
    for _ in range(5):
        started = time.perf_counter()
        chunks = []
        for chunk in tts.synthesize(text):
            if not chunks:
                firsts.append(time.perf_counter() - started)
            chunks.append(chunk)
        total = time.perf_counter() - started
        rtfs.append(total / sum(c.duration for c in chunks))
    started = time.perf_counter()
    list(tts.synthesize("Okay."))
    ack = time.perf_counter() - started
    print(
        f"TTS piper joe: first audio {statistics.median(firsts) * 1000:.0f} ms for a 14-word question "
        f"(median of 5), RTF {statistics.median(rtfs):.3f}, 'Okay.' {ack * 1000:.0f} ms"
    )


def bench_llm(paths, model_id: str) -> None:
    from llama_cpp import Llama

    path = app.resolve(paths, "llm", model_id).path
    raw = Llama(model_path=str(path), n_ctx=4096, n_threads=2, verbose=False)
    text = (QUESTION + " " + ANSWER + " ") * 3
    n_prompt = len(raw.tokenize(text.encode()))
    raw.reset()
    started = time.perf_counter()
    stamps = []
    for _ in raw.create_completion(text, max_tokens=48, temperature=0.0, stream=True):
        stamps.append(time.perf_counter())
    prompt_tps = n_prompt / (stamps[0] - started)  # time to the first token is mostly reading the prompt
    gen_tps = (len(stamps) - 1) / (stamps[-1] - stamps[0]) if len(stamps) > 1 else float("nan")
    raw.close()
    llm = app.load_llm(paths, Settings(llm_model=model_id))
    templates = load_prompts(resource_dir("prompts") / "interviewer.toml")
    bank = app.load_kit(paths, "first-interview").bank
    persona = Persona("Alex", "senior machine learning engineer", "neutral and curious")
    question = bank.get("eval-offline-online-gap")
    results = []
    for label, answer in (
        ("cold", ANSWER),
        ("prefix cached", ANSWER.replace("half", "a third")),
        ("prefix cached", ANSWER.replace("first week", "first month")),
    ):
        messages = follow_up_messages(templates, persona, question, QUESTION, answer)
        started = time.perf_counter()
        text = "".join(llm.stream_chat(messages, stop=STOP, max_tokens=60, temperature=0.6))
        results.append((label, (time.perf_counter() - started) * 1000, clean_follow_up(text), text))
    llm.close()
    print(f"LLM {model_id}: prompt {prompt_tps:.0f} tok/s, generation {gen_tps:.0f} tok/s")
    for label, ms, cleaned, text in results:
        print(f"  follow-up ({label}): {ms:.0f} ms -> {cleaned or '(unusable, fallback) ' + repr(text[:80])}")


def bench_schema(paths) -> None:
    """Follow-up wording as plain text with a stop versus JSON-schema constrained output."""
    import json

    from interview_voice.core.interview import Interview, Listen

    kit = app.load_kit(paths, "technical-screen")
    llm = app.load_llm(paths, Settings())
    schema = {
        "type": "object",
        "properties": {"question": {"type": "string", "maxLength": 200}},
        "required": ["question"],
    }
    questions = [q for q in kit.bank.questions.values() if "technical_screen" in q.stages][:6]
    timings: dict[str, list[float]] = {"plain": [], "schema": []}
    usable = {"plain": 0, "schema": 0}
    for question in questions:
        interview = Interview(kit.plan, [question])
        interview.start()
        interview.on_spoken()
        assert isinstance(interview.on_spoken(), Listen)
        answer = " ".join(p.split(", such as")[0] for p in question.rubric[:2]) + " That is what I did last year."
        command = interview.on_answer(answer)
        messages = follow_up_messages(kit.prompts, command.persona, command.asked, command.answer, command.target)
        list(llm.stream_chat(messages, max_tokens=1))  # read the prompt once, so both modes start from a warm cache
        for mode in ("plain", "schema"):
            started = time.perf_counter()
            if mode == "plain":
                text = "".join(llm.stream_chat(messages, stop=STOP, max_tokens=60, temperature=0.0))
            else:
                raw = "".join(llm.stream_chat(messages, schema=schema, max_tokens=80, temperature=0.0))
                try:
                    text = json.loads(raw)["question"]
                except (ValueError, KeyError):
                    text = ""
            timings[mode].append(time.perf_counter() - started)
            usable[mode] += clean_follow_up(text) is not None
    llm.close()
    for mode, values in timings.items():
        print(f"Follow-up as {mode:6}: median {statistics.median(values):.2f} s, usable {usable[mode]}/{len(values)}")


def peak_memory(paths) -> None:
    started = time.perf_counter()
    models = app.load_models(paths, Settings())
    seconds = time.perf_counter() - started
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"All default models (whisper-base, piper joe, Qwen 1.5B, Silero): loaded and warmed in {seconds:.1f} s "
        f"({', '.join(f'{k.lower()} {v:.1f} s' for k, v in models.load_seconds.items())}); "
        f"peak RSS {rss_mb:.0f} MB"
    )
    models.llm.close()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--part", choices=["stt", "tts", "llm", "schema", "memory", "all"], default="all")
    args = parser.parse_args()
    paths = default_paths()
    if args.part == "all":  # each part in its own process, so memory and caches do not mix
        for part in ("stt", "tts", "llm", "schema", "memory"):
            subprocess.run([sys.executable, __file__, "--part", part], check=False)
        return 0
    if args.part == "stt":
        if not shutil.which("espeak-ng"):
            print("STT: skipped, espeak-ng is needed to make speech")
            return 0
        with tempfile.TemporaryDirectory() as tmp:
            clips = []
            for i, text in enumerate(CLIPS):
                clip = Path(tmp) / f"c{i}.wav"
                subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(clip), text], check=True)
                clips.append(clip)
            for model_id in ("whisper-tiny.en", "whisper-base"):
                bench_stt(paths, model_id, clips)
    elif args.part == "tts":
        bench_tts(paths)
    elif args.part == "schema":
        bench_schema(paths)
    elif args.part == "llm":
        for model_id in ("qwen2.5-coder-1.5b-instruct-q4_k_m", "smollm2-135m-instruct-q4_1"):
            bench_llm(paths, model_id)
    else:
        peak_memory(paths)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
