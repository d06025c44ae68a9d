"""Hearing on real human speech: word error rate, speed, silence, fillers. Prints tables, asserts nothing.

    .venv/bin/python benchmarks/wer_human.py [--models whisper-tiny.en,whisper-base] [--no-ablation]

Compares plain faster-whisper (its default decoding: beam 5, no VAD, no prompt)
with the app's adapter as the live passes use it (tiny.en decides turn-taking)
and as `transcribe`, the kept transcript and a pass at a pause use it, on
real human recordings from a pinned package (benchmarks/human_speech.py),
Whisper-style normalised. The ablation switches the adapter's choices one at a
time in the live pass. All timings of a table come from the same run.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from human_speech import Clip, human_clips, phone_alignments  # noqa: E402
from wer_text import HESITATIONS, edit_distance, normalise  # noqa: E402

from interview_voice import app  # noqa: E402
from interview_voice.engines import stt_whisper  # noqa: E402
from interview_voice.paths import default_paths  # noqa: E402
from interview_voice.runtime.fillers import detect_fillers  # noqa: E402

OLD_FILLER_PROMPT = "Um, so, uh, I think, hmm, we, erm, tried that."
PREVIOUS = "I worked on a churn model for a telecom company, and we shipped it in three months."
Run = Callable[[np.ndarray], list[tuple[str, float]]]  # audio -> words with their start times


_FIT = stt_whisper.fit_encoder_window  # the adapter's own, before any variant replaces it


def _floor_window(features: np.ndarray) -> tuple[np.ndarray, int]:
    """The short window padded with the log-mel floor of digital silence (what Whisper was
    trained on: 8 log10 units, 2.0 in faster-whisper's scale, under the loudest frame)."""
    fitted, content = _FIT(features)
    fitted = np.array(fitted, order="C")
    fitted[..., content:] = float(fitted[..., :content].max()) - 2.0 if content else -1.0
    return fitted, content


def _full_window(features: np.ndarray) -> tuple[np.ndarray, int]:
    return features, features.shape[-1]


@contextlib.contextmanager
def variant(stt, window=None, cap: bool = True, **overrides) -> Iterator[None]:
    """The adapter with one of its choices switched (module functions and decoding options)."""
    fit, budget, model = stt_whisper.fit_encoder_window, stt_whisper.token_budget, stt._model
    original = model.transcribe
    try:
        if window is not None:
            stt_whisper.fit_encoder_window = window
        if not cap:
            stt_whisper.token_budget = lambda content: 10_000
        if overrides:
            model.transcribe = lambda *a, **k: original(*a, **{**k, **overrides})
        yield
    finally:
        stt_whisper.fit_encoder_window, stt_whisper.token_budget = fit, budget
        model.transcribe = original


def adapter_run(stt, prompt: str = "", quick: bool = False, full_window: bool = False, **change) -> Run:
    def run(audio: np.ndarray) -> list[tuple[str, float]]:
        with variant(stt, **change):
            return [
                (w.text, w.start)
                for s in stt.transcribe(audio, prompt=prompt, quick=quick, full_window=full_window)
                for w in s.words
            ]

    return run


def plain_run(model) -> Run:
    def run(audio: np.ndarray) -> list[tuple[str, float]]:
        segments, _ = model.transcribe(audio, language="en", word_timestamps=True)
        return [(w.word.strip(), w.start) for s in segments for w in s.words]

    return run


def settings(model_dir: Path, ablation: bool) -> tuple[dict[str, Run], object]:
    from faster_whisper import WhisperModel

    plain = WhisperModel(str(model_dir), device="cpu", compute_type="int8", cpu_threads=2, local_files_only=True)
    stt = stt_whisper.WhisperSpeechToText(model_dir, threads=2)
    rows = {
        "plain faster-whisper (beam 5, no VAD)": plain_run(plain),
        "app live pass (quick)": adapter_run(stt, quick=True),
        "app refine/final (retry 0.4)": adapter_run(stt),
        "app transcribe command (full window)": adapter_run(stt, full_window=True),
    }
    if ablation:
        rows.update(
            {
                "  old adapter, final (+filler prompt)": adapter_run(stt, OLD_FILLER_PROMPT),
                "  old adapter, live (+filler prompt)": adapter_run(stt, OLD_FILLER_PROMPT, True),
                "  live: floor padding, not zeros": adapter_run(stt, quick=True, window=_floor_window),
                "  live: floor padding + filler prompt": adapter_run(
                    stt, OLD_FILLER_PROMPT, True, window=_floor_window
                ),
                "  live: full 30 s window": adapter_run(stt, quick=True, window=_full_window),
                "  live: + old filler prompt": adapter_run(stt, OLD_FILLER_PROMPT, True),
                "  live: + continuity prompt": adapter_run(stt, PREVIOUS, True),
                "  live: no token cap": adapter_run(stt, quick=True, cap=False),
                "  live: no VAD": adapter_run(stt, quick=True, vad_filter=False),
                "  live: beam 5": adapter_run(stt, quick=True, beam_size=5),
                "  final: + filler hotwords": adapter_run(stt, hotwords="Um, uh, er, hmm."),
            }
        )
    return rows, stt


# --- inputs that hold no words --------------------------------------------------------------------
def _room_noise(clips: list[Clip], seconds: float) -> np.ndarray:
    """Real background noise: the quietest 100 ms of a human recording, repeated."""
    audio = clips[0].audio
    pieces = [audio[i : i + 1600] for i in range(0, audio.size - 1600, 400)]
    quiet = min(pieces, key=lambda p: float(np.sqrt((p**2).mean())))
    return np.tile(quiet, int(seconds * 10) + 1)[: int(seconds * 16_000)]


def _breaths(seconds: float) -> np.ndarray:
    """Breath-like bursts: noise shaped by a 0.4 s swell, every 1.5 s, over low noise."""
    rng = np.random.default_rng(3)
    out = rng.normal(0, 0.002, int(seconds * 16_000)).astype(np.float32)
    burst = np.convolve(rng.normal(0, 0.05, 6400), np.ones(8) / 8, "same") * np.hanning(6400)
    for at in range(4000, out.size - 6400, 24_000):
        out[at : at + 6400] += burst.astype(np.float32)
    return out


def silences(clips: list[Clip]) -> dict[str, np.ndarray]:
    return {
        "digital silence 5 s": np.zeros(80_000, np.float32),
        "low noise 5 s": np.random.default_rng(1).normal(0, 0.003, 80_000).astype(np.float32),
        "room noise 5 s": _room_noise(clips, 5),
        "breaths 6 s": _breaths(6),
    }


# --- fillers made from the speaker's own voice -------------------------------------------------------
def _periodicity(x: np.ndarray) -> tuple[float, int]:
    x = x - x.mean()
    acf = np.correlate(x, x, "full")[x.size - 1 :]
    period = 40 + int(np.argmax(acf[40:229]))  # 70-400 Hz
    return float(acf[period] / max(acf[0], 1e-12)), period


def held_vowel(clips: list[Clip], alignments: dict[str, dict], seconds: float = 0.45) -> np.ndarray:
    """A held "uh" in the LibriVox reader's own voice: the most periodic of his open vowels,
    one pitch period of it repeated, with a slow fall in loudness (steadier than a real "uh").
    """
    audio = {c.name: c.audio for c in clips}
    candidates = []
    for name, phones in alignments.items():
        for phone in (p for w in phones["w"] for p in w.get("w", [])):
            if phone["t"] in ("AH", "AX", "ER", "AA", "AO", "UH") and phone["d"] >= 0.06:
                b, d = phone["b"], phone["d"]
                core = audio[name][int((b + d * 0.25) * 16_000) : int((b + d * 0.75) * 16_000)]
                candidates.append((_periodicity(core), core))
    (_, period), core = max(candidates, key=lambda c: c[0][0])
    unit = core[core.size // 2 - period // 2 :][:period]  # one pitch period from its middle
    out = np.tile(unit, int(seconds * 16_000) // unit.size + 2)[: int(seconds * 16_000)].copy()
    out *= np.linspace(1.0, 0.6, out.size, dtype=np.float32)
    edge = np.linspace(0, 1, 480, dtype=np.float32)
    out[:480] *= edge
    out[-480:] *= edge[::-1]
    return out


def with_fillers(clip: Clip, phones: dict, vowel: np.ndarray, quiet: np.ndarray) -> tuple[np.ndarray, list[float]]:
    """The clip with a held "uh" and some quiet on each side inserted after a third and two
    thirds of its words; returns the audio and where the fillers start."""
    words = [w for w in phones["w"] if not w["t"].startswith("<") and not w["t"].startswith("+")]
    cuts = sorted({round(words[len(words) * k // 3 - 1]["b"] + words[len(words) * k // 3 - 1]["d"], 2) for k in (1, 2)})
    pieces, at, shift, last = [], [], 0.0, 0
    for cut in cuts:
        i = int(cut * 16_000)
        pieces += [clip.audio[last:i], quiet[:1920], vowel, quiet[:1920]]
        at.append(cut + shift + 0.12)
        shift += 0.24 + vowel.size / 16_000
        last = i
    pieces.append(clip.audio[last:])
    return np.concatenate(pieces), at


def filler_counts(kept, clips: list[Clip], quiet: np.ndarray) -> tuple[int, int, int, int, int]:
    """(inserted, found by the transcript alone, found by detect_fillers, false ones on the
    clean clips, false ones on the clips with fillers)."""
    alignments = phone_alignments()
    vowel = held_vowel(clips, alignments)
    inserted = text_found = detected = false_clean = false_added = 0
    for clip in clips:
        words = [w for s in kept.transcribe(clip.audio) for w in s.words]
        false_clean += len(detect_fillers(clip.audio, words))
        if clip.name not in alignments:
            continue
        audio, at = with_fillers(clip, alignments[clip.name], vowel, quiet)
        words = [w for s in kept.transcribe(audio) for w in s.words]
        inserted += len(at)
        text_found += min(
            len(at), sum(1 for w in words if normalise(w.text, True)[:1] and normalise(w.text, True)[0] in HESITATIONS)
        )
        found = detect_fillers(audio, words)
        hits = [f for f in found if any(abs(f["at_s"] - a) < 0.5 for a in at)]
        detected += min(len(at), len(hits))
        false_added += len(found) - len(hits)
    return inserted, text_found, detected, false_clean, false_added


# --- the report ----------------------------------------------------------------------------------------
def wer_table(model_id: str, rows: dict[str, Run], clips: list[Clip]) -> None:
    total_s = sum(c.seconds for c in clips)
    for run in rows.values():  # warm every setting once
        run(clips[0].audio)
    stats = {name: [0, 0, 0.0, 0, []] for name in rows}
    for clip in clips:  # settings interleaved per clip: the machine's load hits them alike
        ref = normalise(clip.text)
        for name, run in rows.items():
            started = time.perf_counter()
            words = run(clip.audio)
            elapsed = time.perf_counter() - started
            hyp = normalise(" ".join(w for w, _ in words))
            entry = stats[name]
            entry[0] += edit_distance(ref, hyp)
            entry[1] += len(ref)
            entry[2] += elapsed
            entry[3] += sum(1 for w, _ in words if normalise(w, True)[:1] and normalise(w, True)[0] in HESITATIONS)
            if hyp != ref:
                entry[4].append(f"{clip.name}: {' '.join(w for w, _ in words)}")
    print(
        f"\n{model_id}: {len(clips)} human clips, {sum(len(normalise(c.text)) for c in clips)} words, {total_s:.1f} s"
    )
    print(f"  {'setting':42} {'WER':>6} {'errors':>7} {'s total':>8} {'RTF':>6} {'fillers out':>11}")
    for name, (errors, n, seconds, hesitations, _) in stats.items():
        print(
            f"  {name:42} {errors / n:6.1%} {errors:4}/{n:<3} {seconds:8.2f} {seconds / total_s:6.3f} {hesitations:11}"
        )
    for name, (*_, wrong) in stats.items():
        for line in wrong:
            print(f"    [{name.strip()}] {line}")


def silence_table(model_id: str, rows: dict[str, Run], clips: list[Clip]) -> None:
    inputs = silences(clips)
    print(f"\n{model_id}: words invented where nobody speaks (must be 0)")
    print(f"  {'setting':42} " + " ".join(f"{k:>20}" for k in inputs) + f" {'after speech +3 s':>18}")
    for name, run in rows.items():
        if name.startswith("  "):
            continue
        counts = [len(run(audio)) for audio in inputs.values()]
        after = 0
        for clip in clips:  # a human clip then 3 s of silence: no word may start after the clip
            words = run(np.concatenate([clip.audio, np.zeros(48_000, np.float32)]))
            after += sum(1 for _, start in words if start > clip.seconds)
        print(f"  {name:42} " + " ".join(f"{c:>20}" for c in counts) + f" {after:>18}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", default="whisper-tiny.en,whisper-base")
    parser.add_argument("--no-ablation", action="store_true")
    parser.add_argument("--fillers-only", action="store_true")
    parser.add_argument(
        "--mfa",
        action="store_true",
        help="the word error rate table on the Montreal Forced Aligner's human clips instead "
        "(benchmarks/disfluent_speech.py: spontaneous, commentary, elicited and read speech)",
    )
    args = parser.parse_args()
    clips = human_clips()
    paths = default_paths()
    if args.mfa:
        from disfluent_speech import disfluent_clips

        for model_id in args.models.split(","):
            rows, _ = settings(app.resolve(paths, "stt", model_id).path, not args.no_ablation)
            wer_table(model_id, rows, disfluent_clips())  # type: ignore[arg-type]  (the same fields)
        return
    for model_id in args.models.split(","):
        rows, kept = settings(app.resolve(paths, "stt", model_id).path, not args.no_ablation)
        if not args.fillers_only:
            wer_table(model_id, rows, clips)
            silence_table(model_id, rows, clips)
        inserted, by_text, detected, false_clean, false_added = filler_counts(kept, clips, _room_noise(clips, 1))
        print(
            f"\n{model_id} fillers (transcribe/refine setting, then detect_fillers): synthetic held \"uh\" in the "
            f"speaker's own voice, {inserted} inserted into the LibriVox clips"
        )
        print(
            f"  recall: transcript alone {by_text}/{inserted}, detect_fillers {detected}/{inserted}; "
            f"false fillers: on the clean human clips {false_clean}, on the clips with fillers {false_added}"
        )


if __name__ == "__main__":
    main()
