"""Run `interview-voice` with a socket audit: every lookup or connect is written to a file.

Usage: python audited_run.py AUDIT_LOG ARGS... (the ARGS of `interview-voice`).
Python's audit hooks see the sockets Python code opens; the native ones
(onnxruntime's telemetry thread) are caught by the strace check beside this.
"""

from __future__ import annotations

import runpy
import sys

WATCHED = {
    "socket.connect",
    "socket.getaddrinfo",
    "socket.gethostbyname",
    "socket.gethostbyname_ex",
    "socket.gethostbyaddr",
    "socket.sendto",
    "urllib.Request",
    "http.client.connect",
}


def main() -> None:
    log_path, args = sys.argv[1], sys.argv[2:]
    log = open(log_path, "a", buffering=1, encoding="utf-8")

    def hook(event: str, hook_args: tuple) -> None:
        if event in WATCHED:
            log.write(f"{event} {hook_args!r}\n")

    sys.addaudithook(hook)
    sys.argv = ["interview-voice", *args]
    runpy.run_module("interview_voice", run_name="__main__")


if __name__ == "__main__":
    main()
