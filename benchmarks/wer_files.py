"""`transcribe` and `feedback` on a file beside plain faster-whisper: same model, same human recordings, same files.

    .venv/bin/python benchmarks/wer_files.py [--models whisper-tiny.en,whisper-base] [--variants] \
        [--base CHECKOUT]

Each human clip is written once as a 16 kHz WAV. Plain faster-whisper gets the file's path,
`WhisperModel(...).transcribe(path, beam_size=5, language="en")` and nothing else (its own VAD off,
no word times); the app reads the same file as `interview-voice transcribe` and `feedback` do
(`read_wav_mono`, then `WhisperSpeechToText.transcribe(audio, full_window=True)`). Per source:
word error rate (Whisper-style normalised, benchmarks/wer_text.py), seconds, the hesitations
written (um, uh: the app counts those it hears), and the words each writes where nobody speaks
(digital silence, low and room noise, breaths; 3 s of silence after each pocketsphinx clip).

Sources (benchmarks/human_speech.py, benchmarks/disfluent_speech.py): the Montreal Forced
Aligner 3.4.3 test recordings (spontaneous talk, commentary, elicited disfluencies, whispers,
read speech: where the file path's choices were made, --variants) and the pocketsphinx 5.1.1 test
recordings (LibriVox, spoken commands and digits: held out, never tuned on). --base: today's
code's file path too (a checkout, e.g. `git worktree add /tmp/base 3c4f7eb`), in a child process
run in that checkout (its folder first on the path), printed in the same table. Prints tables;
asserts nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np

# WER_FILES_CODE: the checkout whose code is measured (--base runs this script again on today's code)
CODE = Path(os.environ.get("WER_FILES_CODE") or Path(__file__).resolve().parent.parent)
sys.path.insert(0, str(CODE))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from human_speech import human_clips  # noqa: E402
from wer_text import HESITATIONS, edit_distance, normalise  # noqa: E402

from interview_voice import app  # noqa: E402
from interview_voice.engines import stt_whisper  # noqa: E402
from interview_voice.engines.audio_file import read_wav_mono, write_wav  # noqa: E402
from interview_voice.paths import default_paths  # noqa: E402

Run = Callable[[Path], list[tuple[str, float]]]  # a WAV file -> the words written, each with when it starts


def plain_run(model) -> Run:
    def run(path: Path) -> list[tuple[str, float]]:
        segments, _ = model.transcribe(str(path), beam_size=5, language="en")
        return [(word, s.start) for s in segments for word in s.text.split()]  # no word times: the segment's

    return run


@contextlib.contextmanager
def decoding(stt, **changes) -> Iterator[None]:
    """The adapter's file decoding with some of faster-whisper's options changed (tuning rows)."""
    model = stt._model
    original = model.transcribe
    model.transcribe = lambda *a, **k: original(*a, **{**k, **changes})
    try:
        yield
    finally:
        model.transcribe = original


def app_run(stt, **changes) -> Run:
    """As `interview-voice transcribe FILE` and `feedback FILE` read and transcribe a file."""

    def run(path: Path) -> list[tuple[str, float]]:
        audio = read_wav_mono(path)
        with decoding(stt, **changes) if changes else contextlib.nullcontext():
            return [(w.text, w.start) for s in stt.transcribe(audio, full_window=True) for w in s.words]

    return run


def gated_run(stt, pad_s: float, threshold: float = 0.5) -> Run:
    """Whisper on the whole file (no VAD cut), then only the words that overlap the speech the VAD found."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    def run(path: Path) -> list[tuple[str, float]]:
        audio = read_wav_mono(path)
        found = get_speech_timestamps(audio, VadOptions(threshold=threshold))
        spans = [(f["start"] / 16_000 - pad_s, f["end"] / 16_000 + pad_s) for f in found]
        with decoding(stt, vad_filter=False):
            words = [w for s in stt.transcribe(audio, full_window=True) for w in s.words]
        return [(w.text, w.start) for w in words if any(w.start < end and w.end > start for start, end in spans)]

    return run


APP_ROW = "app: transcribe / feedback on a file"
BASE_ROW = "today's code (--base): transcribe / feedback on a file"


def rows_for(model_dir: Path, variants: bool, app_only: bool = False) -> dict[str, Run]:
    from faster_whisper import WhisperModel

    stt = stt_whisper.WhisperSpeechToText(model_dir, threads=2)
    if app_only:
        return {APP_ROW: app_run(stt)}
    plain = WhisperModel(str(model_dir), device="cpu", compute_type="int8", cpu_threads=2, local_files_only=True)
    rows = {"plain faster-whisper (beam 5)": plain_run(plain), APP_ROW: app_run(stt)}
    if variants:
        rows.update(
            {
                "  app, its VAD off": app_run(stt, vad_filter=False),
                "  app, VAD off, Whisper's own guard on silences over 2 s": app_run(
                    stt, vad_filter=False, hallucination_silence_threshold=2.0
                ),
                "  app, VAD off, words outside speech dropped (0.5 s)": gated_run(stt, 0.5),
                "  app, previous text as context": app_run(stt, condition_on_previous_text=True),
            }
        )
    return rows


def wav_files(clips, folder: Path) -> list[tuple[Path, str, float]]:
    """(file, reference, seconds) for each clip, written once."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for clip in clips:
        path = folder / f"{clip.name}.wav"
        write_wav(path, clip.audio, 16_000)
        out.append((path, clip.text, clip.audio.size / 16_000))
    return out


def wer_rows(rows: dict[str, Run], files: list[tuple[Path, str, float]]) -> dict[str, tuple[int, int, float, int]]:
    """Per row: (errors, reference words, seconds, hesitations written); rows interleaved per file."""
    for run in rows.values():
        run(files[0][0])  # warm up
    stats = {name: [0, 0, 0.0, 0] for name in rows}
    for path, text, _ in files:
        ref = normalise(text)
        for name, run in rows.items():
            started = time.perf_counter()
            words = [w for w, _ in run(path)]
            stats[name][2] += time.perf_counter() - started
            stats[name][0] += edit_distance(ref, normalise(" ".join(words)))
            stats[name][1] += len(ref)
            stats[name][3] += sum(1 for w in words if normalise(w, True)[:1] and normalise(w, True)[0] in HESITATIONS)
    return {name: tuple(v) for name, v in stats.items()}  # type: ignore[misc]


def invented(rows: dict[str, Run], clips, folder: Path, noise_from) -> dict[str, int]:
    """Words written where nobody speaks: the four silence inputs (room noise from noise_from), and after each
    of clips followed by 3 s of silence."""
    # imported here, after the measured code: wer_human puts this checkout first on the path
    from wer_human import silences

    quiet = []
    for name, audio in silences(noise_from).items():
        path = folder / f"{name.replace(' ', '-')}.wav"
        write_wav(path, audio, 16_000)
        quiet.append(path)
    after = []
    for clip in clips:
        path = folder / f"{clip.name}-then-silence.wav"
        write_wav(path, np.concatenate([clip.audio, np.zeros(48_000, np.float32)]), 16_000)
        after.append((path, clip.audio.size / 16_000))
    return {
        name: sum(len(run(p)) for p in quiet)
        + sum(sum(1 for _, start in run(p) if start > seconds) for p, seconds in after)
        for name, run in rows.items()
    }


def today(args) -> list[tuple]:
    """The app's rows measured on today's code: this script again, in the --base checkout."""
    base = args.base.resolve()
    argv = [sys.executable, str(Path(__file__).resolve()), "--app-only", "--models", args.models]
    env = {**os.environ, "WER_FILES_CODE": str(base), "PYTHONPATH": str(base)}
    proc = subprocess.run(
        argv + (["--tune-only"] if args.tune_only else []) + (["--held-out-only"] if args.held_out_only else []),
        env=env,
        cwd=base,
        stdout=subprocess.PIPE,
        text=True,
    )
    if proc.returncode != 0:
        raise SystemExit(f"today's code failed ({proc.returncode})")
    return [(row[0], row[1], BASE_ROW, *row[3:]) for row in json.loads(proc.stdout.strip().splitlines()[-1])]


def merged(new: list[tuple], base: list[tuple]) -> list[tuple]:
    """Today's rows placed right after the new code's app row of the same source and model."""
    out = []
    for row in new:
        out.append(row)
        if row[2] == APP_ROW:
            out += [b for b in base if b[:2] == row[:2]]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", default="whisper-tiny.en,whisper-base")
    parser.add_argument("--variants", action="store_true", help="the tuning rows, on the MFA clips only")
    parser.add_argument("--tune-only", action="store_true", help="only the MFA clips and the silence inputs")
    parser.add_argument("--held-out-only", action="store_true", help="only the pocketsphinx clips (no tuning rows)")
    parser.add_argument("--base", type=Path, help="a checkout of today's code: its file path in the same table")
    parser.add_argument("--app-only", action="store_true", help="(for --base) only the app's row, as JSON")
    args = parser.parse_args()
    print(f"measuring {app.__file__}", file=sys.stderr, flush=True)
    if args.app_only and Path(app.__file__).resolve().parents[1] != CODE.resolve():
        raise SystemExit(f"measuring {app.__file__}, not the code in {CODE}")
    from disfluent_speech import disfluent_clips

    paths = default_paths()
    table = []
    with tempfile.TemporaryDirectory() as tmp:
        sources = {}
        if not args.held_out_only:
            sources["MFA 3.4.3 (tuned on)"] = wav_files(disfluent_clips(), Path(tmp) / "mfa")
        if not args.tune_only:
            sources["pocketsphinx 5.1.1 (held out)"] = wav_files(human_clips(), Path(tmp) / "pocketsphinx")
        for model_id in args.models.split(","):
            rows = rows_for(app.resolve(paths, "stt", model_id).path, args.variants, args.app_only)
            for source, files in sources.items():
                use = rows if source.startswith("MFA") else {k: v for k, v in rows.items() if not k.startswith("  ")}
                stats = wer_rows(use, files)
                for name, (errors, words, seconds, hesitations) in stats.items():
                    table.append(
                        (source, model_id, name, errors, words, seconds, hesitations, sum(s for *_, s in files))
                    )
                print(f"{model_id} on {source}: done", file=sys.stderr, flush=True)
            quiet = invented(rows, [] if args.tune_only else human_clips(), Path(tmp), human_clips())
            for name, count in quiet.items():
                table.append(
                    (
                        "nobody speaking (4 inputs, 21 s; 3 s after each pocketsphinx clip)",
                        model_id,
                        name,
                        count,
                        0,
                        0.0,
                        0,
                        0.0,
                    )
                )
    if args.app_only:
        print(json.dumps(table))
        return
    if args.base:
        table = merged(table, today(args))
    print("\n| source | model | decoding | WER | errors / words | seconds (RTF) | hesitations written |")
    print("|---|---|---|---|---|---|---|")
    for source, model_id, name, errors, words, seconds, hesitations, total_s in table:
        if not words:
            print(f"| {source} | {model_id} | {name.strip()} | {errors} words invented | | | |")
            continue
        print(
            f"| {source} | {model_id} | {name.strip()} | {errors / words:.1%} | {errors} / {words} "
            f"| {seconds:.1f} ({seconds / total_s:.2f}) | {hesitations} |"
        )


if __name__ == "__main__":
    main()
