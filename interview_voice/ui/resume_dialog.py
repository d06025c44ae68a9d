"""Paste or load a resume and job description for the project deep dive.

What the user types is saved in the data dir as they accept, so it is there
next time and never lost.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from interview_voice.app import read_text_document
from interview_voice.core.errors import InputError


class ResumeDialog(QDialog):
    def __init__(self, folder: Path, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Your resume and the job")
        self.resize(720, 560)
        self._files = {"resume": folder / "resume.txt", "job": folder / "job.txt"}
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("The project deep dive asks about your own projects and technologies. "
                                "Paste your resume (and the job description, if you have it) as plain text."))
        self.editors: dict[str, QPlainTextEdit] = {}
        for key, label in (("resume", "Resume"), ("job", "Job description (optional)")):
            row = QHBoxLayout()
            row.addWidget(QLabel(f"<b>{label}</b>"))
            row.addStretch(1)
            load = QPushButton("Load from file…")
            load.setAccessibleName(f"Load the {label.split(' (')[0].lower()} from a file")
            load.clicked.connect(lambda _=False, k=key: self._load(k))
            row.addWidget(load)
            layout.addLayout(row)
            editor = QPlainTextEdit()
            editor.setAccessibleName(label)
            editor.setPlaceholderText(f"Paste your {label.split(' (')[0].lower()} here")
            if self._files[key].exists():
                editor.setPlainText(self._files[key].read_text(encoding="utf-8", errors="replace"))
            self.editors[key] = editor
            layout.addWidget(editor, 3 if key == "resume" else 2)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _load(self, key: str) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Open a text file", str(Path.home()),
                                              "Text (*.txt *.md);;All files (*)")
        if not name:
            return
        try:
            self.editors[key].setPlainText(read_text_document(Path(name)))
        except InputError as exc:
            QMessageBox.warning(self, "Interview Voice", str(exc))

    def text(self, key: str) -> str:
        return self.editors[key].toPlainText()

    def accept(self) -> None:
        try:
            for key, path in self._files.items():
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(self.text(key), encoding="utf-8")
        except OSError as exc:
            QMessageBox.warning(self, "Interview Voice", f"Could not save your text ({exc.strerror}); "
                                                         "it is still here, copy it somewhere safe.")
            return
        super().accept()
