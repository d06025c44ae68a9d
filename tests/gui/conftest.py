"""The GUI tests' shared fixtures (helpers to open and drive the window: tests/gui/windows.py)."""

from __future__ import annotations

import pytest

from interview_voice.app import AppContext
from interview_voice.paths import AppPaths
from tests.gui.windows import fake_context


@pytest.fixture
def paths(tmp_path) -> AppPaths:
    """A private data, models and config dir per test (no models in it)."""
    folders = AppPaths(tmp_path / "data", tmp_path / "models", tmp_path / "config")
    folders.ensure()
    return folders


@pytest.fixture
def context(tmp_path) -> AppContext:
    """The window's context on fake engines and recorded audio, without a session store."""
    return fake_context(tmp_path)
