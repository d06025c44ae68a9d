"""The live transcriber's final text beside plain faster-whisper, on human clips played as answers.

    .venv/bin/python benchmarks/wer_live.py [--models whisper-tiny.en,whisper-base] [--silence 1.2]

Each held-out human clip (benchmarks/human_speech.py: pocketsphinx 5.1.1, never tuned on) is
played as an answer, in real time, into `runtime.live_transcript.LiveTranscriber` the way the
listening loop feeds it (blocks of one VAD frame, the real Silero VAD and the endpointer telling
it where the pauses are, `follow_pauses`), followed by --silence seconds of silence (the
endpointing wait). Then `finish(end_s, covered_s, whole=True)` with end_s = covered_s = the end
of speech + SPEECH_PAD_S, as `listening._close_answer` calls it when there is no refiner (the
live model is the only model: `simulate --stt X` with the live model left at X, or a settings
file with one model). Rows, per model, on the same clips:

- plain faster-whisper: `WhisperModel.transcribe(clip, beam_size=5, language="en")`;
- app, one pass: the adapter on the clip up to the end pad, as the finish pass decodes it;
- live final: the answer's text the session keeps;
- live at the last pause: the text handed to the follow-up (`on_pause`'s last; a pass that ends
  after finish() reports no pause, so with a slow model this is often an earlier pause's text).

Prints WER per row, which pass gave each final text (a pause pass, one that was still running
when finish() came, or finish's own pass), and each clip where the live final text
differs from plain faster-whisper, with every pass that ran. Asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from human_speech import human_clips  # noqa: E402
from wer_text import edit_distance, normalise  # noqa: E402

from interview_voice import app  # noqa: E402
from interview_voice.core.endpointing import Endpointer, EndpointSettings  # noqa: E402
from interview_voice.core.types import Transcript  # noqa: E402
from interview_voice.paths import default_paths  # noqa: E402
from interview_voice.runtime.listening import SPEECH_PAD_S  # noqa: E402
from interview_voice.runtime.live_transcript import LiveTranscriber, follow_pauses  # noqa: E402

RATE = 16_000


@dataclass
class LiveResult:
    final: str
    pause: str
    source: str  # which pass gave the final text
    passes: list[str] = field(default_factory=list)


def play_as_answer(stt, vad, speech: np.ndarray, silence_s: float) -> LiveResult:
    """The clip in real time, then silence; the final text as listening keeps it with no refiner."""
    pauses: list[str] = []
    live = LiveTranscriber(stt, RATE, on_pause=pauses.append)
    passes: list[str] = []
    inner = live._transcribe

    def logged(audio: np.ndarray, start_s: float, quick: bool):
        segments = inner(audio, start_s, quick)
        passes.append(
            f"{'quick' if quick else 'full '} {start_s:5.2f}-{start_s + audio.size / RATE:5.2f} s: "
            + " ".join(s.text for s in segments)
        )
        return segments

    live._transcribe = logged  # type: ignore[method-assign]  # to say which pass gave the final text
    frame = vad.frame_samples
    frame_ms = 1000 * frame / RATE
    endpointer = Endpointer(EndpointSettings(undecided_silence_ms=60_000), frame_ms=frame_ms)
    vad.reset()
    audio = np.concatenate([speech, np.zeros(int(silence_s * RATE), np.float32)])
    started = time.monotonic()
    for n, start in enumerate(range(0, audio.size - frame + 1, frame)):
        piece = audio[start : start + frame]
        live.push(piece)
        was_silence = endpointer.silence_ms
        endpointer.feed(vad.speech_probability(piece))
        follow_pauses(live, endpointer.speech_end_ms, was_silence, endpointer.silence_ms, frame_ms)
        due = started + (n + 1) * frame / RATE  # the microphone's pace, not a sleep per block that drifts
        time.sleep(max(0.0, due - time.monotonic()))
    end_s = None if endpointer.speech_end_ms is None else endpointer.speech_end_ms / 1000 + SPEECH_PAD_S
    before = len(passes)
    final = Transcript(live.finish(end_s, end_s, whole=True)).text
    if live.tail_transcribed_at_finish:
        source = "finish pass"  # no pass from the stable point covered the end: transcribed again
    elif len(passes) > before:
        source = "pause pass that ended during finish()"  # started late on a busy machine
    else:
        source = "pause pass during the silence"
    return LiveResult(final, pauses[-1] if pauses else "", source, passes)


def wer(ref: str, hyp: str) -> tuple[int, int]:
    r = normalise(ref)
    return edit_distance(r, normalise(hyp)), len(r)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", default="whisper-tiny.en,whisper-base")
    parser.add_argument("--silence", type=float, default=1.2, help="seconds of silence after each clip")
    args = parser.parse_args()
    from faster_whisper import WhisperModel

    paths = default_paths()
    clips = human_clips()
    vad = app.load_vad()
    summary = []
    for model_id in args.models.split(","):
        model_dir = app.resolve(paths, "stt", model_id).path
        stt = app.load_stt(paths, model_id)
        plain = WhisperModel(str(model_dir), device="cpu", compute_type="int8", cpu_threads=2, local_files_only=True)
        list(stt.transcribe(clips[0].audio))  # warm up
        totals = {k: [0, 0] for k in ("plain", "one pass", "live final", "live at last pause")}
        sources: dict[str, int] = {}
        differing = []
        for clip in clips:
            segments, _ = plain.transcribe(clip.audio, beam_size=5, language="en")
            plain_text = " ".join(s.text.strip() for s in segments)
            live = play_as_answer(stt, vad, clip.audio, args.silence)
            one_pass = Transcript(list(stt.transcribe(clip.audio[: int((clip.audio.size / RATE + 0.3) * RATE)]))).text
            for key, text in (
                ("plain", plain_text),
                ("one pass", one_pass),
                ("live final", live.final),
                ("live at last pause", live.pause),
            ):
                e, n = wer(clip.text, text)
                totals[key][0] += e
                totals[key][1] += n
            sources[live.source] = sources.get(live.source, 0) + 1
            if normalise(live.final) != normalise(plain_text):
                differing.append((clip, plain_text, one_pass, live))
            print(f"{model_id} {clip.name}: {live.source}", file=sys.stderr, flush=True)
        summary.append((model_id, totals, sources))
        print(f"\n## {model_id}: clips where the live final text differs from plain faster-whisper\n")
        for clip, plain_text, one_pass, live in differing:
            pe, n = wer(clip.text, plain_text)
            le, _ = wer(clip.text, live.final)
            print(f"- {clip.name} ({clip.audio.size / RATE:.1f} s; errors plain {pe}, live {le} of {n} words)")
            print(f"    reference : {clip.text}")
            print(f"    plain     : {plain_text}")
            print(f"    one pass  : {one_pass}")
            print(f"    live final: {live.final}   [{live.source}]")
            print(f"    last pause: {live.pause}")
            for p in live.passes:
                print(f"      pass {p}")
    print("\n| model | plain faster-whisper (beam 5) | app, one pass | live final | live at the last pause |")
    print("|---|---|---|---|---|")
    for model_id, totals, _ in summary:
        cells = [f"{100 * e / n:.1f} % ({e}/{n})" for e, n in totals.values()]
        print(f"| {model_id} | " + " | ".join(cells) + " |")
    for model_id, _, sources in summary:
        print(f"{model_id}: final text from " + ", ".join(f"{k}: {v}" for k, v in sources.items()))
    load = os.getloadavg()
    print(f"load average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
