"""User settings, stored as JSON in the config dir. Unknown or bad values fall back to defaults."""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path

log = logging.getLogger(__name__)

DEFAULT_STT = "whisper-base"
DEFAULT_LIVE_STT = "whisper-tiny.en"  # turn-taking: about twice as fast; DEFAULT_STT refines what is kept
DEFAULT_TTS = "piper-joe-medium"
DEFAULT_LLM = "qwen2.5-coder-1.5b-instruct-q4_k_m"
MIN_RATE, MAX_RATE = 0.6, 1.6  # slower or faster than that is hard to follow
MIN_SILENCE_MS, MAX_SILENCE_MS = 200, 5000
MIN_FONT_SCALE, MAX_FONT_SCALE = 1.0, 2.0  # the text sizes the Settings dialog offers (Display)
# The pause after a finished sentence before the interviewer takes over. 900 ms: on held-out human
# speech (benchmarks/endpointing.py, MFA 3.4.3) no pause of up to 1.2 s between the sentences of one
# answer ended it (12 of 100 did at 500 ms), for about 150 ms more at a true end (p50 0.93 s).
DEFAULT_END_SILENCE_MS = 900
# "I take long pauses": the least pause after a finished sentence for a candidate who pauses long even
# where their words sound finished (Whisper writes a full stop at most such pauses). On human pauses
# (benchmarks/turn_judgement.py) no mid-sentence pause of 2.0-2.6 s ended the turn from 2.3 s on, tuned or
# held out (52 of 100 held-out ones did at 900 ms); every true end then waits about as long.
LONG_PAUSES_MS = 2500
_RANGES = {
    "speaking_rate": (MIN_RATE, MAX_RATE),
    "end_silence_ms": (MIN_SILENCE_MS, MAX_SILENCE_MS),
    "font_scale": (MIN_FONT_SCALE, MAX_FONT_SCALE),
}
_NAMES = {
    "speaking_rate": "the interviewer's speaking rate",
    "end_silence_ms": "the pause before the interviewer takes over, in ms",
    "font_scale": "the text size over the system's",
}
_KINDS = {float: "a number", int: "a whole number", bool: "true or false", str: "text"}


@dataclass
class Settings:
    stt_model: str = DEFAULT_STT
    live_stt_model: str = DEFAULT_LIVE_STT  # "" = use stt_model for everything
    tts_voice: str = DEFAULT_TTS
    speaking_rate: float = 1.0  # the interviewer's pace: 1.25 = a quarter faster (Piper's length_scale)
    llm_model: str = DEFAULT_LLM  # a model id, a user GGUF file name, or "endpoint"
    llm_endpoint_url: str = ""  # OpenAI-compatible base URL, e.g. http://host:8080/v1
    llm_endpoint_model: str = ""
    llm_endpoint_api_key: str = ""
    llm_endpoint_proxy: bool = False  # reach the endpoint through http_proxy/https_proxy (not used otherwise)
    input_device: str = ""  # "" = system default
    output_device: str = ""
    end_silence_ms: int = DEFAULT_END_SILENCE_MS  # after a finished sentence; unfinished ones wait longer
    long_pauses: bool = False  # "I take long pauses": the pause before taking over is at least LONG_PAUSES_MS
    headset: bool = False  # headset: speaking over the interviewer stops it (barge-in)
    plan: str = "first-interview"
    level: str = "mid"
    font_scale: float = 1.0  # text size over the system's: 1.25 = a quarter larger
    first_run_done: bool = False  # the audio check was shown once (it can be reopened from Settings)

    def pause_ms(self) -> int:
        """The silence after a finished sentence that ends an answer (core.endpointing.endpointing_for
        moves the other waits with it): the user's, or at least LONG_PAUSES_MS if they take long pauses."""
        return max(self.end_silence_ms, LONG_PAUSES_MS) if self.long_pauses else self.end_silence_ms

    @classmethod
    def load(cls, path: Path) -> "Settings":
        """The settings in the file; what cannot be used is logged and left at its default."""
        settings, problems = cls.read(path)
        for problem in problems:
            log.warning("%s", problem)
        return settings

    @classmethod
    def read(cls, path: Path) -> tuple["Settings", list[str]]:
        """The settings, and a sentence for each value in the file that was not used (its default is)."""
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls(), []
        except (OSError, ValueError) as exc:
            return cls(), [f"The settings file {path} cannot be read ({exc}): the defaults are used."]
        if not isinstance(raw, dict):
            return cls(), [f"The settings file {path} does not hold settings: the defaults are used."]
        defaults = cls()
        known = {f.name: type(getattr(defaults, f.name)) for f in fields(cls)}
        values, problems = {}, []
        for key, value in raw.items():
            kind = known.get(key)
            if kind is None:
                continue
            written = json.dumps(value)  # said as the file has it
            if kind is float and isinstance(value, int) and not isinstance(value, bool):
                value = float(value)  # JSON writes 1.0 as 1 when edited by hand
            default = getattr(defaults, key)
            if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
                problems.append(
                    f"In {path.name}, {_named(key)} is {written}, which is not "
                    f"{_KINDS[kind]}: using {json.dumps(default)}."
                )
                continue
            low, high = _RANGES.get(key, (value, value))
            if not low <= value <= high:
                problems.append(
                    f"In {path.name}, {_named(key)} is {written}, but it must be from "
                    f"{low} to {high}: using {json.dumps(default)}."
                )
                continue
            values[key] = value
        return cls(**values), problems

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(self), indent=2), encoding="utf-8")
        os.chmod(tmp, 0o600)
        tmp.replace(path)


def _named(key: str) -> str:
    return f"{key} ({_NAMES[key]})" if key in _NAMES else key
