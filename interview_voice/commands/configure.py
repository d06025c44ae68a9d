"""`interview-voice settings`: show or change which models and devices are used."""

from __future__ import annotations

import sys
from dataclasses import asdict

from interview_voice.engines.llm_http import endpoint_problem, without_credentials
from interview_voice.modelstore.catalog import catalog, find
from interview_voice.paths import default_paths
from interview_voice.settings import MAX_RATE, MAX_SILENCE_MS, MIN_RATE, MIN_SILENCE_MS, Settings


def run(args) -> int:
    paths = default_paths()
    settings, problems = Settings.read(paths.settings_file)
    for problem in problems:  # said, then saved over with the default below
        print(f"warning: {problem}", file=sys.stderr)
    choices = catalog(paths)
    changes = {
        "stt_model": ("stt", args.stt),
        "live_stt_model": ("stt", args.live_stt),
        "tts_voice": ("tts", args.voice),
        "llm_model": ("llm", args.llm),
    }
    for field, (role, value) in changes.items():
        if value is None:
            continue
        if field == "live_stt_model" and value == "same":
            value = ""
        elif role == "llm" and value == "endpoint":
            if not (args.endpoint or settings.llm_endpoint_url):
                print("error: --llm endpoint needs --endpoint URL (an OpenAI-compatible server)", file=sys.stderr)
                return 2
        else:
            choice = find(choices, role, value)
            if choice is None:
                known = ", ".join(c.id for c in choices if c.role == role)
                print(f"error: no {role} model {value!r}; choose one of: {known}", file=sys.stderr)
                return 2
            if not choice.usable:
                print(f"error: {value} is {choice.status.value}: {choice.detail}", file=sys.stderr)
                return 2
        setattr(settings, field, value)
    if args.endpoint is not None:
        bad_address = endpoint_problem(args.endpoint) if args.endpoint else None
        if bad_address:
            print(f"error: {bad_address}", file=sys.stderr)
            return 2
        settings.llm_endpoint_url = args.endpoint
    if getattr(args, "endpoint_proxy", None) is not None:
        settings.llm_endpoint_proxy = args.endpoint_proxy == "on"
    for field in ("endpoint_model", "input_device", "output_device"):
        value = getattr(args, field)
        if value is not None:
            setattr(settings, "llm_" + field if field == "endpoint_model" else field, value)
    if args.headset is not None:
        settings.headset = args.headset == "on"
    if getattr(args, "long_pauses", None) is not None:
        settings.long_pauses = args.long_pauses == "on"
    if args.end_silence_ms is not None:
        if not MIN_SILENCE_MS <= args.end_silence_ms <= MAX_SILENCE_MS:
            print(f"error: --end-silence-ms must be between {MIN_SILENCE_MS} and {MAX_SILENCE_MS}", file=sys.stderr)
            return 2
        settings.end_silence_ms = args.end_silence_ms
    if getattr(args, "speaking_rate", None) is not None:
        if not MIN_RATE <= args.speaking_rate <= MAX_RATE:
            print(f"error: --speaking-rate must be between {MIN_RATE} and {MAX_RATE}", file=sys.stderr)
            return 2
        settings.speaking_rate = args.speaking_rate
    try:
        settings.save(paths.settings_file)
    except OSError as exc:
        print(f"error: cannot save {paths.settings_file}: {exc}", file=sys.stderr)
        return 1
    print(f"Settings ({paths.settings_file}):")
    for key, value in asdict(settings).items():
        shown = "(set)" if key == "llm_endpoint_api_key" and value else value
        shown = without_credentials(shown) if key == "llm_endpoint_url" else shown
        print(f"  {key:22} {shown!s}")
    return 0
