"""The app's own error for what the user wrote or chose, apart from Python's ValueError."""


class InputError(ValueError):
    """A plan, a question file, a resume or a choice cannot be used; the message says why, for the user.
    (A ValueError too, so callers that predate it keep working.)"""
