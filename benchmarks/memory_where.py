"""Where a long `simulate`'s memory goes: Python's allocations, the C heap, the mapped model files.

    PYTHONPATH=. .venv/bin/python benchmarks/memory_where.py [--every 300] [--trim] -- \
        simulate --plan NAME --answers DIR --out DIR --realtime

Runs the command in this process (the checkout this file is in) with tracemalloc on, and every
--every seconds prints to stderr: RSS and its anonymous part, what Python has allocated (traced)
and the lines whose allocations grew most since the first report, and the mappings holding the
most resident memory (/proc/self/smaps: the heap, anonymous mappings, each model file). --trim
also calls malloc_trim at each report and says how much RSS it gave back (memory the allocator
held freed). tracemalloc slows Python down: use it to find where memory goes, not to time.
Asserts nothing.
"""

from __future__ import annotations

import argparse
import ctypes
import re
import sys
import threading
import time
import tracemalloc
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def status_mb() -> dict[str, float]:
    out = {}
    with open("/proc/self/status") as fh:
        for line in fh:
            key = line.split(":")[0]
            if key in ("VmRSS", "RssAnon", "RssFile"):
                out[key] = int(line.split()[1]) / 1024
    return out


def mappings_mb(top: int = 8) -> list[tuple[str, float]]:
    """Resident MB by mapping name ([heap], [anon] for unnamed, or the file), largest first."""
    sizes: dict[str, float] = defaultdict(float)
    name = "[anon]"
    header = re.compile(r"^[0-9a-f]+-[0-9a-f]+ ")
    with open("/proc/self/smaps") as fh:
        for line in fh:
            if header.match(line):
                parts = line.split(maxsplit=5)
                name = parts[5].strip() if len(parts) > 5 and parts[5].strip() else "[anon]"
            elif line.startswith("Rss:"):
                sizes[name] += int(line.split()[1]) / 1024
    return sorted(sizes.items(), key=lambda kv: -kv[1])[:top]


def report(first: tracemalloc.Snapshot | None, started: float, trim: bool) -> tracemalloc.Snapshot:
    snap = tracemalloc.take_snapshot().filter_traces([tracemalloc.Filter(False, tracemalloc.__file__)])
    mem = status_mb()
    traced = tracemalloc.get_traced_memory()[0] / 2**20
    lines = [
        f"--- {(time.monotonic() - started) / 60:.1f} min: RSS {mem['VmRSS']:.0f} MB (anonymous "
        f"{mem['RssAnon']:.0f}, files {mem['RssFile']:.0f}); Python traced {traced:.0f} MB"
    ]
    if first is not None:
        for stat in snap.compare_to(first, "lineno")[:12]:
            lines.append(f"    {stat.size_diff / 2**20:+7.2f} MB {stat.count_diff:+7d} blocks  {stat.traceback[0]}")
    lines += [f"    {mb:8.0f} MB resident  {name}" for name, mb in mappings_mb()]
    if trim:
        before = status_mb()["VmRSS"]
        ctypes.CDLL("libc.so.6").malloc_trim(0)
        lines.append(f"    malloc_trim gave back {before - status_mb()['VmRSS']:.0f} MB")
    print("\n".join(lines), file=sys.stderr, flush=True)
    return snap


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--every", type=float, default=300.0)
    parser.add_argument("--trim", action="store_true")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    sys.path.insert(0, str(ROOT))
    tracemalloc.start(1)
    started = time.monotonic()
    state: dict[str, tracemalloc.Snapshot] = {}

    def watch() -> None:
        while True:
            time.sleep(args.every)
            snap = report(state.get("first"), started, args.trim)
            state.setdefault("first", snap)

    threading.Thread(target=watch, name="memory-where", daemon=True).start()
    from interview_voice.cli import main as cli_main

    sys.argv = ["interview-voice", *command]
    try:
        return cli_main()
    finally:
        report(state.get("first"), started, False)


if __name__ == "__main__":
    sys.exit(main())
