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


@dataclass
class Settings:
    stt_model: str = DEFAULT_STT
    live_stt_model: str = DEFAULT_LIVE_STT  # "" = use stt_model for everything
    tts_voice: str = DEFAULT_TTS
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
        values = {k: v for k, v in raw.items() if k in known and isinstance(v, known[k])}
        return cls(**values)

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(self), indent=2), encoding="utf-8")
        os.chmod(tmp, 0o600)
        tmp.replace(path)
