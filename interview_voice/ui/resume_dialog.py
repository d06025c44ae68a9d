"""Paste or load a resume and job description for the project deep dive.

A file (text, PDF or Word) is read off the GUI thread and its text shown in the editor, to be
corrected before OK uses it. Resume lines that read as instructions are marked: they are never spoken.
What the user types is saved in the data dir as they accept, so it is there next time and never lost.
"""

from __future__ import annotations

import html
import logging
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
)

from interview_voice.core.signals import reads_as_instruction
from interview_voice.documents import DocumentText, read_document
from interview_voice.ui.tasks import TaskRunner

log = logging.getLogger(__name__)
FILE_FILTER = "Resume or job description (*.pdf *.docx *.txt *.md);;All files (*)"


class ResumeDialog(QDialog):
    def __init__(self, folder: Path, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Your resume and the job")
        self.resize(720, 560)
        self._files = {"resume": folder / "resume.txt", "job": folder / "job.txt"}
        self.tasks = TaskRunner(self)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "The project deep dive asks about your own projects and technologies. Paste your resume "
            "(and the job description, if you have it), or load it from a PDF, Word or text file, "
            "then check the text below before you press OK."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.editors: dict[str, QPlainTextEdit] = {}
        self.notes: dict[str, QLabel] = {}
        self.load_buttons: dict[str, QPushButton] = {}
        self.instruction_lines: dict[str, int] = {}
        self._rechecks: dict[str, QTimer] = {}
        for key, label in (("resume", "Resume"), ("job", "Job description (optional)")):
            row = QHBoxLayout()
            row.addWidget(QLabel(f"<b>{label}</b>"))
            row.addStretch(1)
            load = QPushButton("Load from file…")
            load.setToolTip("Read a PDF, Word (.docx) or text file; you can correct its text before using it")
            load.setAccessibleName(f"Load the {label.split(' (')[0].lower()} from a file")
            load.clicked.connect(lambda _=False, k=key: self._choose_file(k))
            self.load_buttons[key] = load
            row.addWidget(load)
            layout.addLayout(row)
            editor = QPlainTextEdit()
            editor.setAccessibleName(label)
            editor.setPlaceholderText(f"Paste your {label.split(' (')[0].lower()} here")
            if self._files[key].exists():
                editor.setPlainText(self._files[key].read_text(encoding="utf-8", errors="replace"))
            # marked again once typing pauses: a long resume takes ~15 ms to check, too long per keystroke
            recheck = QTimer(self, singleShot=True, interval=250)
            recheck.timeout.connect(lambda k=key: self._mark_instructions(k))
            editor.textChanged.connect(recheck.start)
            self._rechecks[key] = recheck
            self.editors[key] = editor
            layout.addWidget(editor, 3 if key == "resume" else 2)
            note = QLabel()
            note.setWordWrap(True)
            note.setTextFormat(Qt.TextFormat.RichText)
            note.hide()
            self.notes[key] = note
            layout.addWidget(note)
            self._mark_instructions(key)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _choose_file(self, key: str) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Open your resume or the job description", str(Path.home()), FILE_FILTER
        )
        if name:
            self.load_file(key, Path(name))

    def load_file(self, key: str, path: Path) -> None:
        """Read the file on a pool thread; its text replaces the editor's when it arrives."""
        self.load_buttons[key].setEnabled(False)
        self._show_note(key, f"Reading {path.name}…")
        self.tasks.run(
            lambda: read_document(path),
            lambda doc: self._loaded(key, path, doc),
            lambda exc: self._failed(key, exc),
            slot=key,
            name=f"read {path.name}",
        )

    def _loaded(self, key: str, path: Path, document: DocumentText) -> None:
        self.load_buttons[key].setEnabled(True)
        self.editors[key].setPlainText(document.text)
        self._rechecks[key].stop()
        self._mark_instructions(key, read_from=path.name, extra=document.notes)

    def _failed(self, key: str, exc: BaseException) -> None:
        """Said under the editor, whose text stays as it was."""
        self.load_buttons[key].setEnabled(True)
        if isinstance(exc, ValueError):  # InputError is one: its message is for the user
            message = str(exc)
        else:
            log.error("reading a document failed", exc_info=exc)
            message = f"The file could not be read ({exc}); paste the text instead."
        self._show_note(key, f"<span style='color:#b3261e'>{html.escape(message)}</span>")

    def _mark_instructions(self, key: str, read_from: str = "", extra: tuple[str, ...] = ()) -> None:
        """Highlight lines that read as instructions (never spoken nor asked about) and say how many."""
        editor = self.editors[key]
        marks = []
        block = editor.document().firstBlock()
        while block.isValid():
            # only the resume's lines are quoted in questions (core/resume.py); the job is only searched
            # for technology names, and a job ad speaks to "you" anyway
            if key == "resume" and block.text().strip() and reads_as_instruction(block.text()):
                mark = QTextEdit.ExtraSelection()
                fmt = QTextCharFormat()
                fmt.setBackground(QColor("#fde2e1"))
                fmt.setProperty(QTextFormat.Property.FullWidthSelection, True)
                mark.format, mark.cursor = fmt, QTextCursor(block)
                marks.append(mark)
            block = block.next()
        editor.setExtraSelections(marks)
        self.instruction_lines[key] = len(marks)
        parts = (
            [f"Read from {html.escape(read_from)}: check the text and correct it before you press OK."]
            if read_from
            else []
        )
        parts += [html.escape(n) for n in extra]
        if marks:
            parts.append(
                f"{len(marks)} line{'s' if len(marks) != 1 else ''} (shaded) read as instructions "
                "rather than your experience; the interviewer will not quote or ask about them."
            )
        if parts:
            self._show_note(key, " ".join(parts))
        elif not self.load_buttons[key].isEnabled():
            return  # still reading: keep "Reading…"
        else:
            self.notes[key].hide()

    def _show_note(self, key: str, text: str) -> None:
        self.notes[key].setText(text)
        self.notes[key].show()

    def text(self, key: str) -> str:
        return self.editors[key].toPlainText()

    def accept(self) -> None:
        try:
            for key, path in self._files.items():
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(self.text(key), encoding="utf-8")
        except OSError as exc:
            QMessageBox.warning(
                self,
                "Interview Voice",
                f"Could not save your text ({exc.strerror}); it is still here, copy it somewhere safe.",
            )
            return
        super().accept()
