"""Start-up's reports (interview_voice/startup.py) as the command line says them, for `simulate` and the
`sessions` commands: its progress, notes on sessions a crash cut off, and why it stopped, on stderr."""

from __future__ import annotations

import sys

from interview_voice.startup import OPENING, StartupReports


def printed_reports(opening: bool = True) -> StartupReports:
    """opening=False: the store's opening is not announced as a step (a `sessions` command, which only opens
    the store, says what it found and nothing of loading)."""

    def progress(message: str, fraction: float) -> None:
        if opening or message != OPENING:
            print(f"[{fraction:4.0%}] {message}", file=sys.stderr)

    def store_opened(store, recovered: list) -> None:
        if store.notice:
            print(f"note: {store.notice}", file=sys.stderr)
        for session in recovered:
            print(f"note: {session.notice} ({session.title}, {session.id[:8]})", file=sys.stderr)

    def failed(message: str) -> None:
        print(f"error: {message}", file=sys.stderr)

    return StartupReports(
        progress=progress,
        store_opened=store_opened,
        store_failed=failed,
        models_failed=failed,
    )
