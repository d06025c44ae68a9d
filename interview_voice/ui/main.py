"""Entry point of the desktop app."""

from __future__ import annotations

import logging
import os
import sys
from typing import cast

from interview_voice.app import default_context
from interview_voice.identity import APP_ID, APP_NAME
from interview_voice.paths import default_paths, resource_dir

log = logging.getLogger(__name__)
# After the window closes: the longest wait for the interview to be stored, then for the engines' workers
# to leave native code (when it was stored); the process's own exit (its threads, its models' memory) takes
# the rest of 3 s (benchmarks/close_mid_answer.py).
SESSION_CLOSE_S = 1.8
# ... on a machine busier than its cores (load average): there the answer's last words were not transcribed
# within 1.8 s in any run (load 9-13 on 2 cores), and the exit itself took 0.4-2.3 s (freeing the models'
# memory): the answer is left to the next start sooner.
SESSION_CLOSE_BUSY_S = 0.8
ENGINES_CLOSE_S = 0.3


def data_folder_problem(folder, exc: OSError) -> str:
    """What to tell the user when the data folder cannot be made or written, in words, with what to do."""
    reason = exc.strerror or str(exc)
    where = f"{exc.filename}" if exc.filename and str(exc.filename) != str(folder) else str(folder)
    return (
        f"Interview Voice keeps your sessions in {folder}, but cannot write there ({reason.lower()}: {where}). "
        "Make the folder writable, free some space, or start the app with INTERVIEW_VOICE_DATA_DIR "
        "set to a folder you can write to."
    )


def run(args=None) -> int:
    try:
        from PySide6.QtWidgets import QApplication, QMessageBox
    except ImportError as exc:
        print(
            f"error: the desktop toolkit cannot be loaded ({exc}). Run `make run` to install what is missing.",
            file=sys.stderr,
        )
        return 2
    from interview_voice.ui.main_window import MainWindow

    app = cast(QApplication, QApplication.instance()) or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setDesktopFileName(APP_ID)  # the desktop matches the window to its menu entry and icon
    from PySide6.QtGui import QIcon

    app.setWindowIcon(QIcon(str(resource_dir("assets") / "icons" / "interview-voice.svg")))
    paths = default_paths()
    try:
        paths.ensure()
    except OSError as exc:
        QMessageBox.critical(None, "Interview Voice", data_folder_problem(paths.data_dir, exc))
        return 1
    from interview_voice.storage.salvage import hold_window_lock

    if hold_window_lock(paths.data_dir) is None:  # two windows would record over each other's state
        QMessageBox.information(
            None,
            "Interview Voice",
            f"Interview Voice is already open (on this data folder {paths.data_dir}). Switch to that window.",
        )
        return 1
    context = default_context(paths)
    from interview_voice.ui.appearance import apply_appearance

    apply_appearance(app, context.settings.font_scale)  # before any widget is built: fonts are read once
    offer_missing_models(paths, context.settings)
    window = MainWindow(context)
    window.first_run_controller.offer = True  # the audio check, once, before the first interview
    window.show()
    close_on_signals(window)
    window.load_models_in_background()
    return exit_code_after_close(window, app.exec())


def exit_code_after_close(window, code: int) -> int:
    """Closed during an interview: the session thread stores the answer in progress while the window is
    gone. The process leaves within about 3 s of the close whatever it does (a busy machine, a long answer):
    what is not stored by then is finished by the next start. Left unfinished, it leaves at once: the
    session thread is itself still in the speech model, and no wait for the engines brings it out."""
    from interview_voice.runtime import native_workers

    stored = window.finish_closing(session_close_s())
    return native_workers.exit_code_when_idle(code, timeout_s=ENGINES_CLOSE_S if stored else 0.0)


def session_close_s(load: float | None = None, cores: int | None = None) -> float:
    """How long the closed window waits for the interview to be stored: shorter on a machine whose load
    average over the last minute is above its cores (default: this machine's, now)."""
    if load is None:
        try:
            load = os.getloadavg()[0]
        except OSError:  # not known here (Windows)
            return SESSION_CLOSE_S
    cores = cores or os.cpu_count() or 1
    return SESSION_CLOSE_BUSY_S if load > cores else SESSION_CLOSE_S


def close_on_signals(window) -> None:
    """Ctrl-C in the terminal, SIGTERM and SIGHUP (shutting down, logging out) close the window as its
    close button does: an interview in progress ends as with End (its answer transcribed, the session
    stored as ended early). They killed the process before, and the next start called it a crash.

    Python runs a signal handler only between its own bytecodes, which Qt's event loop never reaches
    while it waits: the wake-up descriptor makes the loop run a Python slot when a signal arrives.
    """
    import signal
    import socket

    from PySide6.QtCore import QSocketNotifier, QTimer

    from interview_voice.runtime.session_service import ENDING_SIGNALS

    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    signal.set_wakeup_fd(writer.fileno())
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, window)

    def drain() -> None:
        try:
            reader.recv(256)
        except OSError:
            pass

    notifier.activated.connect(drain)

    def handle(signum: int, _frame) -> None:
        log.warning("signal %s: closing the window as its close button does", signal.Signals(signum).name)
        for sig in ENDING_SIGNALS:  # a second signal stops at once
            signal.signal(sig, signal.SIG_DFL)
        QTimer.singleShot(0, window.close)

    for sig in ENDING_SIGNALS:
        signal.signal(sig, handle)
    window._signal_wakeup = (reader, writer, notifier)  # kept alive as long as the window


def offer_missing_models(paths, settings) -> None:
    """Before the window loads the models: if some are missing (a first start), show what and how
    big, and download them only if the candidate says so. Closing the dialog leaves the window's
    own message about the missing model."""
    from interview_voice.ui.model_download import ModelDownloadDialog, chosen_model_ids, missing_models

    missing = missing_models(paths.models_dir, chosen_model_ids(settings))
    if missing:
        ModelDownloadDialog(missing, paths.models_dir).exec()
