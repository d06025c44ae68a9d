"""The message shown when the data folder cannot be written says why in words and what to do."""

import errno
from pathlib import Path

from interview_voice.ui.main import data_folder_problem


def test_a_read_only_data_folder_is_said_in_words_with_what_to_do():
    folder = Path("/mnt/ro/interview-voice")
    message = data_folder_problem(folder, OSError(errno.EROFS, "Read-only file system", str(folder / "sessions")))
    assert "[Errno" not in message
    assert "read-only file system" in message and str(folder / "sessions") in message
    assert "INTERVIEW_VOICE_DATA_DIR" in message
