"""Start-up's reports (interview_voice/startup.py) as the command line says them, for `simulate` and
`sessions rebuild`: its progress, notes on sessions a crash cut off, and why it stopped, on stderr."""

from __future__ import annotations

import sys

from interview_voice.startup import StartupReports


def printed_reports() -> StartupReports:
    def store_opened(store, recovered: list) -> None:
        if store.notice:
            print(f"note: {store.notice}", file=sys.stderr)
        for session in recovered:
            print(f"note: {session.notice} ({session.title}, {session.id[:8]})", file=sys.stderr)

    def failed(message: str) -> None:
        print(f"error: {message}", file=sys.stderr)

    return StartupReports(
        progress=lambda message, fraction: print(f"[{fraction:4.0%}] {message}", file=sys.stderr),
        store_opened=store_opened,
        store_failed=failed,
        models_failed=failed,
    )
