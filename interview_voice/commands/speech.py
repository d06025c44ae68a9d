"""`interview-voice transcribe` and `interview-voice say`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

from interview_voice.app import load_stt, load_tts
from interview_voice.core.types import Transcript, VoiceStyle
from interview_voice.engines.audio_file import read_wav_mono, write_wav
from interview_voice.engines.base import EngineError
from interview_voice.paths import default_paths
from interview_voice.settings import Settings


def transcribe(args) -> int:
    paths = default_paths()
    settings = Settings.load(paths.settings_file)
    try:
        stt = load_stt(paths, args.model or settings.stt_model)
    except EngineError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    results, failed = [], 0
    for name in args.files:
        try:
            audio = read_wav_mono(Path(name))
        except EngineError as exc:
            print(f"error: {exc}", file=sys.stderr)
            failed += 1
            continue
        transcript = Transcript(list(stt.transcribe(audio, full_window=True)))
        if args.json:
            results.append(
                {
                    "file": name,
                    "text": transcript.text,
                    "duration": round(audio.size / 16000, 3),
                    "words": [
                        {
                            "text": w.text,
                            "start": round(w.start, 3),
                            "end": round(w.end, 3),
                            "probability": round(w.probability, 3),
                        }
                        for w in transcript.words
                    ],
                }
            )
        else:
            print(f"{name}: {transcript.text}" if len(args.files) > 1 else transcript.text)
    if args.json:
        print(json.dumps(results, indent=2))
    return 1 if failed else 0


def say(args) -> int:
    paths = default_paths()
    settings = Settings.load(paths.settings_file)
    if not args.text.strip():
        print("error: there is no text to speak", file=sys.stderr)
        return 2
    try:
        tts = load_tts(paths, args.voice or settings.tts_voice)
        chunks = list(tts.synthesize(args.text, VoiceStyle(args.voice or "", args.rate, args.pitch, args.volume)))
    except EngineError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not chunks:
        print("error: the voice produced no audio for that text", file=sys.stderr)
        return 1
    out = Path(args.out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        write_wav(out, np.concatenate([c.samples for c in chunks]), chunks[0].sample_rate)
    except OSError as exc:
        print(f"error: cannot write {out}: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {out} ({sum(c.duration for c in chunks):.1f} s)")
    return 0
