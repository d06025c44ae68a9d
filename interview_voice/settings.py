"""User settings, stored as JSON in the config dir. Unknown or bad values fall back to defaults."""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path

log = logging.getLogger(__name__)

DEFAULT_STT = "whisper-base"
DEFAULT_LIVE_STT = "whisper-tiny.en"   # turn-taking: about twice as fast; DEFAULT_STT refines what is kept
DEFAULT_TTS = "piper-joe-medium"
DEFAULT_LLM = "qwen2.5-coder-1.5b-instruct-q4_k_m"
MIN_RATE, MAX_RATE = 0.6, 1.6             # slower or faster than that is hard to follow
MIN_SILENCE_MS, MAX_SILENCE_MS = 200, 5000


@dataclass
class Settings:
    stt_model: str = DEFAULT_STT
    live_stt_model: str = DEFAULT_LIVE_STT  # "" = use stt_model for everything
    tts_voice: str = DEFAULT_TTS
    speaking_rate: float = 1.0            # the interviewer's pace: 1.25 = a quarter faster (Piper's length_scale)
    llm_model: str = DEFAULT_LLM          # a model id, a user GGUF file name, or "endpoint"
    llm_endpoint_url: str = ""            # OpenAI-compatible base URL, e.g. http://host:8080/v1
    llm_endpoint_model: str = ""
    llm_endpoint_api_key: str = ""
    input_device: str = ""                # "" = system default
    output_device: str = ""
    end_silence_ms: int = 500             # after a finished sentence; unfinished ones wait longer
    headset: bool = False                 # headset: speaking over the interviewer stops it (barge-in)
    plan: str = "first-interview"
    level: str = "mid"
    font_scale: float = 1.0               # text size over the system's: 1.25 = a quarter larger
    first_run_done: bool = False          # the audio check was shown once (it can be reopened from Settings)

    @classmethod
    def load(cls, path: Path) -> "Settings":
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError) as exc:
            log.warning("ignoring unreadable settings file %s: %s", path, exc)
            return cls()
        defaults = cls()
        known = {f.name: type(getattr(defaults, f.name)) for f in fields(cls)}
        values = {}
        for key, value in raw.items():
            if key not in known:
                continue
            if known[key] is float and isinstance(value, int) and not isinstance(value, bool):
                value = float(value)  # JSON writes 1.0 as 1 when edited by hand
            if isinstance(value, known[key]) and not (known[key] is int and isinstance(value, bool)):
                values[key] = value
        settings = cls(**values)
        if not MIN_RATE <= settings.speaking_rate <= MAX_RATE:
            log.warning("speaking_rate %s is outside %s-%s: using 1.0", settings.speaking_rate, MIN_RATE, MAX_RATE)
            settings.speaking_rate = 1.0
        return settings

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(self), indent=2), encoding="utf-8")
        os.chmod(tmp, 0o600)
        tmp.replace(path)
