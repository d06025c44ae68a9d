"""The GUI thread's worst stall during a live interview: a heartbeat timer measures how late it fires.

    QT_QPA_PLATFORM=offscreen PYTHONPATH=. .venv/bin/python benchmarks/gui_stall.py [--answers 6]

The main window is shown at 1400x900 with a long interview already in its transcript
(--history turns of about 150 words each), then a thread plays the runtime's part
through the window's own bridge, at the rates a live session has: a microphone level
every 32 ms, a partial transcript every 250 ms growing by a few words, the answer's
final text, the interviewer's next turn. Meanwhile a 5 ms timer on the GUI thread
notes how late each tick is; a late tick is a stall the candidate would see (the
meter freezing, a button not answering). Also times each transcript update alone.
The first --idle seconds, with no session, give the machine's own noise (a busy
CPU delays any timer). Prints numbers; asserts nothing. Runs on any version of the app that has the same
window and bridge (e.g. PYTHONPATH pointing at an older checkout, for a baseline).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path

WORDS = (
    "so the first thing I would do is look at how the label is defined and whether the features are "
    "available at prediction time then I would build a simple baseline and compare it"
).split()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--history", type=int, default=40, help="turns already in the transcript")
    parser.add_argument("--answers", type=int, default=4, help="live answers of --seconds each")
    parser.add_argument("--seconds", type=float, default=12.0)
    parser.add_argument("--idle", type=float, default=5.0, help="seconds of heartbeat with no session first")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QElapsedTimer, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    from interview_voice.app import AppContext
    from interview_voice.paths import AppPaths
    from interview_voice.records import LevelMeasured, PartialTranscript, TurnFinished, TurnRecord, TurnStarted
    from interview_voice.settings import Settings
    from interview_voice.ui.main_window import MainWindow

    tmp = Path(tempfile.mkdtemp(prefix="gui-stall-"))
    paths = AppPaths(tmp / "data", tmp / "models", tmp / "config")
    paths.ensure()
    context = AppContext(paths=paths, settings=Settings(), load_models=None, open_audio=None, load_kit=None)
    window = MainWindow(context)
    window.resize(1400, 900)
    window.show()
    bridge = window.bridge
    long_answer = " ".join(WORDS[i % len(WORDS)] for i in range(150))
    for index in range(args.history):
        speaker = "candidate" if index % 2 else "interviewer"
        window._on_turn_finished(
            TurnRecord(
                index,
                speaker,
                "answer" if index % 2 else "question",
                long_answer if index % 2 else "Tell me how you would approach it?",
                persona="Alex",
                started_ms=index * 1000,
                ended_ms=index * 1000 + 900,
            )
        )
    app.processEvents()

    # the heartbeat and the per-update timing, on the GUI thread
    lateness: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.nsecsElapsed()]
    beat = QTimer()
    beat.setTimerType(Qt.PreciseTimer)
    beat.setInterval(5)

    def tick() -> None:
        now = clock.nsecsElapsed()
        lateness.append(max(0.0, (now - last[0]) / 1e6 - 5))
        last[0] = now

    beat.timeout.connect(tick)
    update_ms: list[float] = []
    original_partial = window.page.transcript.set_partial

    def timed_partial(turn, text) -> None:
        start = time.perf_counter()
        original_partial(turn, text)
        update_ms.append((time.perf_counter() - start) * 1000)

    window.page.transcript.set_partial = timed_partial  # the window's lambda looks it up on each partial

    def session() -> None:
        index = args.history
        for _ in range(args.answers):
            turn = TurnRecord(index, "candidate", "answer", started_ms=index * 1000)
            bridge.emit_event(TurnStarted(turn))
            started, next_partial = time.monotonic(), 0.0
            while (elapsed := time.monotonic() - started) < args.seconds:
                bridge.emit_event(LevelMeasured(0.3 + 0.2 * (int(elapsed * 10) % 3), True))
                if elapsed >= next_partial:
                    text = " ".join(WORDS[i % len(WORDS)] for i in range(int(elapsed * 2.5) + 1))
                    bridge.emit_event(PartialTranscript(turn, text))
                    next_partial += 0.25
                time.sleep(0.032)
            bridge.emit_event(TurnFinished(replace(turn, text=long_answer, ended_ms=turn.started_ms + 900)))
            question = TurnRecord(index + 1, "interviewer", "follow_up", "Why that window?", persona="Alex")
            bridge.emit_event(TurnStarted(question))
            time.sleep(0.5)
            bridge.emit_event(TurnFinished(replace(question, ended_ms=1)))
            index += 2

    worker = threading.Thread(target=session, daemon=True)
    beat.start()
    idle: list[float] = []

    def begin() -> None:  # the first seconds, with nothing happening: the machine's own noise
        idle.extend(lateness)
        lateness.clear()
        worker.start()

    QTimer.singleShot(int(args.idle * 1000), begin)
    done = QTimer()  # a timer started on a plain thread never fires: the GUI thread watches the worker
    done.timeout.connect(lambda: worker.ident is None or worker.is_alive() or app.quit())
    done.start(100)
    app.exec()
    beat.stop()
    lateness.sort()
    idle.sort()
    update_ms.sort()
    p99 = lateness[int(0.99 * len(lateness)) - 1]
    print(
        f"transcript: {args.history} turns before, {args.answers} live answers of {args.seconds:g} s, "
        f"{len(update_ms)} partial updates"
    )
    print(
        f"heartbeat 5 ms: {len(lateness)} ticks, worst late {lateness[-1]:.1f} ms, p99 {p99:.1f} ms, "
        f"ticks over 50 ms late: {sum(x > 50 for x in lateness)}"
    )
    print(
        f"same heartbeat, idle window before the session: {len(idle)} ticks, worst late {idle[-1]:.1f} ms, "
        f"ticks over 50 ms late: {sum(x > 50 for x in idle)}"
    )
    print(
        f"one partial update on the GUI thread: median {statistics.median(update_ms):.2f} ms, "
        f"worst {update_ms[-1]:.2f} ms"
    )


if __name__ == "__main__":
    main()
