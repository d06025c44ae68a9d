"""Where Interview Voice keeps its files.

Everything the app writes lives under the user data dir (sessions, models) or
the user config dir (settings). Both are created readable by the user only.
Environment overrides exist for tests and for people who keep models on
another disk: INTERVIEW_VOICE_DATA_DIR, INTERVIEW_VOICE_MODELS_DIR,
INTERVIEW_VOICE_CONFIG_DIR, INTERVIEW_VOICE_CACHE_DIR.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "interview-voice"
# The checkout (or the bundle) holds the read-only resources next to the package.
RESOURCE_ROOT = Path(__file__).resolve().parent.parent


def resource_dir(name: str) -> Path:
    """One of the read-only resource folders: models, prompts, assets."""
    return RESOURCE_ROOT / name


@dataclass(frozen=True)
class AppPaths:
    data_dir: Path
    models_dir: Path
    config_dir: Path

    @property
    def sessions_dir(self) -> Path:
        return self.data_dir / "sessions"

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.json"

    def user_models_dir(self, role: str) -> Path:
        """The drop folder for the user's own models of one role (llm, tts)."""
        return self.models_dir / "user" / role

    def ensure(self) -> None:
        """Create the folders, private to the user (mode 0700)."""
        for folder in (
            self.data_dir,
            self.models_dir,
            self.config_dir,
            self.sessions_dir,
            self.user_models_dir("llm"),
            self.user_models_dir("tts"),
        ):
            folder.mkdir(parents=True, exist_ok=True)
        for folder in (self.data_dir, self.config_dir):
            os.chmod(folder, 0o700)


def default_paths() -> AppPaths:
    data = Path(os.environ.get("INTERVIEW_VOICE_DATA_DIR") or platformdirs.user_data_dir(APP_NAME))
    models = Path(os.environ.get("INTERVIEW_VOICE_MODELS_DIR") or data / "models")
    config = Path(os.environ.get("INTERVIEW_VOICE_CONFIG_DIR") or platformdirs.user_config_dir(APP_NAME))
    return AppPaths(data_dir=data, models_dir=models, config_dir=config)


def cache_dir() -> Path:
    """Facts the app can work out again (the native library's proof): safe to delete."""
    return Path(os.environ.get("INTERVIEW_VOICE_CACHE_DIR") or platformdirs.user_cache_dir(APP_NAME))
