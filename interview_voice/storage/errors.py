"""Storage's errors. Each message says what failed and what the user can do about it.

They derive from the shared RecordingError, so the runtime and the ui can catch a failed
recording without importing storage.
"""

from __future__ import annotations

from interview_voice.records import RecordingError


class StorageError(RecordingError):
    """The session database or a session's files cannot be read or written."""


class DatabaseBusy(StorageError):
    """Another program holds the session database's lock: worth trying again later, nothing is broken."""


class DatabaseUnavailable(StorageError):
    """The session database cannot be opened (an unwritable folder, a full disk, a newer schema)."""


class WriteFailed(StorageError):
    """A session, turn, event or audio track could not be saved; what was saved before stays."""
