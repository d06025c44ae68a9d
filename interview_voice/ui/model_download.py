"""Getting the models from inside the app: what is missing, how big, a progress bar and a way to stop.

Nothing is downloaded until the candidate presses Download. The work runs as a
task on a thread of its own (modelstore.install_model, the same code as `models
install`); its progress comes back on the GUI thread and is said through this
dialog's signals. A stopped or broken download resumes next time.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from interview_voice.modelstore.install import InstallCancelled, InstallError, install_model
from interview_voice.modelstore.manifest import ModelSpec
from interview_voice.ui.tasks import Task, TaskControl, TaskRunner

log = logging.getLogger(__name__)


class ModelDownloadDialog(QDialog):
    progressed = Signal(int, str)  # overall per mille, what is happening
    model_done = Signal(str)  # a model id, installed and verified
    finished_all = Signal(str, bool)  # final message, whether every model is installed

    def __init__(self, specs: list[ModelSpec], models_dir: Path, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Get the models")
        self.setAccessibleName("Get the models")
        self.specs, self.models_dir = list(specs), models_dir
        self.installed: list[str] = []
        self.tasks = TaskRunner(self)
        self._task: Task | None = None
        self._running = False
        total = sum(s.size_mb for s in self.specs)

        self.intro = intro = QLabel(
            "Interview Voice runs its models on this computer. These are missing: "
            f"about {total:,} MB to download once from the Python package index. After "
            "that, nothing leaves your computer and the app never goes online again."
        )
        intro.setWordWrap(True)
        self.table = QTreeWidget()
        self.table.setHeaderLabels(["Model", "Size", "Status"])
        self.table.setRootIsDecorated(False)
        self.table.setAccessibleName("Models to download")
        self._rows: dict[str, QTreeWidgetItem] = {}
        for spec in self.specs:
            row = QTreeWidgetItem([spec.name, f"{spec.size_mb:,} MB", "missing"])
            self.table.addTopLevelItem(row)
            self._rows[spec.id] = row
        for column in range(3):
            self.table.resizeColumnToContents(column)
        self.table.setMinimumHeight(24 * (len(self.specs) + 2))
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setAccessibleName("Download progress")
        self.status = QLabel("Press Download to start. You can stop at any time; the download resumes later.")
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.download_button = QPushButton("&Download")
        self.download_button.setDefault(True)
        self.stop_button = QPushButton("&Stop")
        self.stop_button.setEnabled(False)
        self.close_button = QPushButton("&Close")
        for button, role in (
            (self.download_button, QDialogButtonBox.ButtonRole.AcceptRole),
            (self.stop_button, QDialogButtonBox.ButtonRole.ActionRole),
            (self.close_button, QDialogButtonBox.ButtonRole.RejectRole),
        ):
            self.buttons.addButton(button, role)
        self.download_button.clicked.connect(self.start)
        self.stop_button.clicked.connect(self.stop)
        self.close_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        for widget in (intro, self.table, self.bar, self.status, self.buttons):
            layout.addWidget(widget)
        self.resize(max(self.sizeHint().width(), 640), max(self.sizeHint().height(), 380))

    # on the GUI thread -------------------------------------------------------------
    def start(self) -> None:
        # "running" ends when the worker's final message is shown, not when its thread exits:
        # a Try again pressed in between must start a new download, not be ignored
        if self._running:
            return
        self._running = True
        self.download_button.setEnabled(False)
        self.stop_button.setEnabled(True)
        self.status.setText("Starting…")
        self._task = self.tasks.start(self._run, self._finish, on_progress=self._relay, thread="model-download")

    def stop(self) -> None:
        self._stop_download()
        self.stop_button.setEnabled(False)
        self.status.setText("Stopping…")

    def reject(self) -> None:
        self._stop_download()  # closing the dialog stops the download too; what came is kept
        super().reject()

    def _stop_download(self) -> None:
        if self._task is not None:
            self._task.cancel(keep_reports=True)  # it says how it stopped

    # what the download reports, shown, then said through the dialog's signals
    def _relay(self, message: tuple) -> None:
        if message[0] == "done":
            self._show_done(message[1])
            self.model_done.emit(message[1])
        else:
            self._show_progress(*message[1:])
            self.progressed.emit(*message[1:])

    def _finish(self, end: tuple[str, bool]) -> None:
        self._show_finished(*end)
        self.finished_all.emit(*end)

    def _show_progress(self, per_mille: int, text: str) -> None:
        self.bar.setValue(per_mille)
        self.status.setText(text)

    def _show_done(self, model_id: str) -> None:
        self._rows[model_id].setText(2, "installed and verified")

    def _show_finished(self, message: str, complete: bool) -> None:
        self._running = False
        self.status.setText(message)
        self.stop_button.setEnabled(False)
        self.download_button.setEnabled(not complete)
        self.download_button.setText("&Try again" if not complete else "&Download")
        self.close_button.setText("&Continue" if complete else "&Close")
        if complete:
            self.bar.setValue(1000)
            self.close_button.setFocus()

    # on the worker -------------------------------------------------------------------
    def _run(self, control: TaskControl) -> tuple[str, bool]:
        """Install each missing model in turn; the final message, and whether every model is installed."""
        total_mb = max(1, sum(s.size_mb for s in self.specs))
        before_mb = 0
        for spec in self.specs:
            if spec.id in self.installed:
                before_mb += spec.size_mb
                continue
            downloaded: dict[str, tuple[int, int | None]] = {}

            def on_bytes(
                package: str, done: int, total: int | None, spec=spec, base=before_mb, downloaded=downloaded
            ) -> None:
                downloaded[package] = (done, total)
                so_far = sum(d for d, _ in downloaded.values())
                share = min(so_far / (spec.size_mb * 1e6), 1.0) * spec.size_mb
                size = f"{done / 1e6:.0f} of {total / 1e6:.0f} MB" if total else f"{done / 1e6:.0f} MB"
                control.progress(("progress", int(1000 * (base + share) / total_mb), f"{spec.name}: {size}"))

            control.progress(("progress", int(1000 * before_mb / total_mb), f"{spec.name}: finding the files…"))
            try:
                install_model(
                    spec, self.models_dir, progress=lambda m: log.info("%s", m), cancel=control.stop, on_bytes=on_bytes
                )
            except InstallCancelled:
                return "Stopped. What was downloaded is kept: the next Download carries on from there.", False
            except InstallError as exc:
                return f"{spec.name} could not be installed: {exc}", False
            except Exception as exc:  # never a silent dead thread behind a dialog
                log.exception("model download failed")
                return f"{spec.name} could not be installed: {exc}", False
            self.installed.append(spec.id)
            before_mb += spec.size_mb
            control.progress(("done", spec.id))
        return "Every model is installed and verified. You can start rehearsing.", True


def missing_models(models_dir: Path, chosen_ids: set[str]) -> list[ModelSpec]:
    """The pinned models the settings choose that are missing or damaged (a cheap check: sizes)."""
    from interview_voice.modelstore.manifest import ManifestError, load_manifest
    from interview_voice.modelstore.verify import Status, quick_status

    try:
        specs = load_manifest()
    except ManifestError as exc:
        log.warning("%s", exc)
        return []
    return [
        s
        for s in specs
        if s.id in chosen_ids and quick_status(s, models_dir).status in (Status.MISSING, Status.CORRUPT)
    ]


def chosen_model_ids(settings) -> set[str]:
    return {settings.stt_model, settings.live_stt_model, settings.tts_voice, settings.llm_model} - {"", "endpoint"}
