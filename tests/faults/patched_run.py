"""Run `interview-voice` with one storage fault injected (a patched write), for the fault tests.

Usage: python patched_run.py FAULT ARGS...
  ack-disk-full: the interviewer track's writes fail with "No space left on device" from the first
                 acknowledgement on (the thread that plays "Okay." while the follow-up is worded).
  export-half-way: a zip export stops after its first recording is written, says "half-way" on stdout
                 and waits there (to be killed), however fast or slow the machine is.
"""

from __future__ import annotations

import errno
import runpy
import sys
import threading
import time


def _ack_disk_full() -> None:
    from interview_voice.storage import tracks

    real = tracks.TrackWriter.write_at
    full = threading.Event()

    def write_at(self, at_s, samples, sample_rate=None):
        if threading.current_thread().name == "acknowledgement":
            full.set()
        if full.is_set():
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(self, at_s, samples, sample_rate)

    tracks.TrackWriter.write_at = write_at


def _export_half_way() -> None:
    import zipfile

    real = zipfile.ZipFile.write

    def write(self, filename, arcname=None, *args, **kwargs):
        real(self, filename, arcname, *args, **kwargs)
        print("half-way", flush=True)
        time.sleep(120)  # killed here

    zipfile.ZipFile.write = write


def main() -> None:
    fault, args = sys.argv[1], sys.argv[2:]
    {"ack-disk-full": _ack_disk_full, "export-half-way": _export_half_way}[fault]()
    sys.argv = ["interview-voice", *args]
    runpy.run_module("interview_voice", run_name="__main__")


if __name__ == "__main__":
    main()
