"""Entry point of the packaged app: the same command line as `interview-voice`.

The app starts some work in a child process with `sys.executable -m MODULE` (the
interviewer library's proof runs there, so that a build that crashes this CPU kills
the child, not the app). In the packaged app sys.executable is this program, so it
answers `-m MODULE ARGS...` the way Python would.
"""

import runpy
import sys


def _run() -> int:
    if len(sys.argv) >= 3 and sys.argv[1] == "-m":
        module = sys.argv[2]
        sys.argv = [sys.argv[0], *sys.argv[3:]]
        runpy.run_module(module, run_name="__main__", alter_sys=True)
        return 0
    from interview_voice.cli import main

    return main()


if __name__ == "__main__":
    sys.exit(_run())
