"""Typed answers on the real models: is the follow-up the model's, and how soon after Send?

    .venv/bin/python benchmarks/typed_follow_up.py [--runs N]

Runs the short first interview with every answer typed, twice per run: once with the text read
ahead at pauses in typing (as the window does, TYPING_PAUSE_MS after the last key), once sent
all at once (as `simulate` does with a .txt file). Typing takes TYPING_S of wall time per answer
either way. Prints each follow-up's source and its latency from Send to its first sound.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from interview_voice.app import load_kit, load_models  # noqa: E402
from interview_voice.commands.simulate import ScriptedAnswers  # noqa: E402
from interview_voice.core.endpointing import endpointing_for  # noqa: E402
from interview_voice.engines.audio_file import FileAudioOutput  # noqa: E402
from interview_voice.paths import default_paths  # noqa: E402
from interview_voice.runtime.session import RunnerSettings  # noqa: E402
from interview_voice.runtime.session_service import InterviewSession  # noqa: E402
from interview_voice.settings import Settings  # noqa: E402

TYPING_S = 8.0
ANSWERS = [
    "I would start with a simple baseline: a logistic regression on a handful of usage features, or a rule "
    "such as flagging customers whose usage dropped by half, so there is a number to beat.",
    "I would keep the complex model only if it beats the baseline by a margin that matters to the business, "
    "on a held-out later time period, and its latency and upkeep stay within budget.",
    "Offline and online results drift apart when the test set is from another period, when features are "
    "computed differently in training and serving, or when the offline metric is not the business outcome.",
    "I would log the served features for a sample of requests, join them with the training features for the "
    "same entities and times, and compare the distributions feature by feature.",
]


def one_session(models, paths, settings, folder: Path, read_ahead: bool) -> list[tuple[str, float | None]]:
    kit = load_kit(paths, "first-interview")
    interview = kit.new_interview(level="mid", seed=0)
    audio_in = ScriptedAnswers(sorted(folder.glob("*.txt")))
    session = InterviewSession(
        models,
        audio_in,
        FileAudioOutput(None),
        interview,
        kit.prompts,
        settings=RunnerSettings(endpointing=endpointing_for(settings.end_silence_ms)),
    )
    runner = session.runner

    def type_it(text: str) -> None:
        def typist() -> None:
            runner.typing_started()
            if read_ahead:  # a pause after each third of the text
                for part in (1, 2):
                    time.sleep(TYPING_S / 3)
                    runner.typing_progress(text[: len(text) * part // 3])
                time.sleep(TYPING_S / 3)
            else:
                time.sleep(TYPING_S)
            runner.submit_typed(text)

        threading.Thread(target=typist, daemon=True).start()

    audio_in.type_answer = type_it
    session.run()
    return [(t.follow_up_source or "", t.latency_ms) for t in runner.turns if t.kind == "follow_up"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    paths = default_paths()
    settings = Settings.load(paths.settings_file)
    import tempfile

    folder = Path(tempfile.mkdtemp())
    for i, text in enumerate(ANSWERS, 1):
        (folder / f"answer{i}.txt").write_text(text, encoding="utf-8")
    models = load_models(paths, settings)
    results: dict[bool, list[tuple[str, float | None]]] = {True: [], False: []}
    try:
        for _ in range(args.runs):
            for read_ahead in (True, False):
                results[read_ahead] += one_session(models, paths, settings, folder, read_ahead)
    finally:
        models.llm.close()
    print(f"model {settings.llm_model}; {args.runs} run(s); typing {TYPING_S:.0f} s per answer")
    print("| typed answer | follow-ups from the model | latency after Send p50 | max |")
    print("|---|---|---|---|")
    for read_ahead, name in ((True, "read ahead at pauses in typing"), (False, "sent all at once")):
        rows = results[read_ahead]
        latencies = [ms for _, ms in rows if ms is not None]
        model = sum(1 for source, _ in rows if source == "model")
        p50 = f"{statistics.median(latencies):.0f} ms" if latencies else "–"
        top = f"{max(latencies):.0f} ms" if latencies else "–"
        print(f"| {name} | {model}/{len(rows)} | {p50} | {top} |")


if __name__ == "__main__":
    main()
