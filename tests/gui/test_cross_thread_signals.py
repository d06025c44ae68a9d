"""Regression guard: PySide6 6.12.0 corrupted refcounts when signals were emitted
from worker threads (the session runner does this ~30 times a second) and the
app aborted. This fails again if a PySide6 with that bug is installed."""

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent("""
    import threading
    from PySide6.QtCore import QObject, QTimer, Signal
    from PySide6.QtWidgets import QApplication, QProgressBar

    class Bridge(QObject):
        level = Signal(float)
        event = Signal(object)

    app = QApplication([])
    bar, bridge, received = QProgressBar(), Bridge(), [0]

    def slot(*args):
        received[0] += 1
        bar.setValue(received[0] % 100)

    bridge.level.connect(slot)
    bridge.event.connect(slot)

    def work():
        for i in range(20000):
            bridge.level.emit(0.5)
            bridge.event.emit({"speaking": i % 2 == 0})

    worker = threading.Thread(target=work)
    worker.start()

    def check():
        if worker.is_alive():
            QTimer.singleShot(20, check)
        else:
            app.processEvents()
            print("received", received[0])
            app.quit()

    QTimer.singleShot(20, check)
    app.exec()
""")


def test_many_signals_from_a_worker_thread_do_not_crash_the_app():
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        timeout=120,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr[-1500:]
    assert "bool_dealloc" not in result.stderr
    assert result.stdout.strip() == "received 40000"
