"""The Settings dialog's Data page: where the data is, and deleting all of it."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from interview_voice.paths import AppPaths
from interview_voice.storage.wipe import data_items, descriptions, session_count


class DataPage(QWidget):
    delete_requested = Signal()  # confirmed: the window closes the store, deletes, and opens a new one

    def __init__(self, paths: AppPaths, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paths = paths
        self.folder_label = QLabel(str(paths.data_dir))
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_label.setWordWrap(True)
        self.open_button = QPushButton("Open the folder")
        self.open_button.clicked.connect(self.open_folder)
        self.delete_button = QPushButton("Delete all my data…")
        self.delete_button.setStyleSheet("color: #b42318;")
        self.delete_button.clicked.connect(self.confirm_delete)
        self.result_label = QLabel("")
        self.result_label.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.folder_label, 1)
        row.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>Your data folder</b> (sessions, recordings, your resume):"))
        layout.addLayout(row)
        why = QLabel(
            "It is not changed here: the session list and the recordings are written while you "
            "rehearse, and moving them under a running app risks losing a session. To keep them "
            "elsewhere, start Interview Voice with INTERVIEW_VOICE_DATA_DIR set to another folder."
        )
        why.setWordWrap(True)
        why.setStyleSheet("color: #5b6472;")
        layout.addWidget(why)
        layout.addSpacing(12)
        delete_row = QHBoxLayout()
        delete_row.addWidget(self.delete_button)
        delete_row.addStretch(1)
        layout.addLayout(delete_row)
        layout.addWidget(self.result_label)
        layout.addStretch(1)

    def open_folder(self) -> None:
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.paths.data_dir))):
            self.result_label.setText(f"No file manager opened it: the folder is {self.paths.data_dir}")

    def confirmation(self) -> QMessageBox:
        """The question, naming what goes (each thing once) and what stays; keeping the data is the default."""
        listed = "".join(f"<li>{html.escape(what)}</li>" for what in descriptions(data_items(self.paths)))
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Delete all my data",
            f"Delete all your data in {self.paths.data_dir}?",
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setInformativeText(
            f"This deletes, for good:<ul>{listed or '<li>(nothing is stored yet)</li>'}</ul>"
            f"That is {session_count(self.paths)} session(s). "
            "Your settings and the downloaded models are kept."
        )
        # buttons of our own: a standard Yes carries the style's positive (often green) icon
        delete = box.addButton("Delete everything", QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton("Keep my data", QMessageBox.ButtonRole.RejectRole)
        delete.setAccessibleName("Delete everything")
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        return box

    def confirm_delete(self) -> None:
        box = self.confirmation()
        box.exec()
        chosen = box.clickedButton()
        if chosen is not None and box.buttonRole(chosen) == QMessageBox.ButtonRole.DestructiveRole:
            self.delete_button.setEnabled(False)
            self.result_label.setText("Deleting…")
            self.delete_requested.emit()

    def deleted(self, problems: list) -> None:
        """The window's answer once the deletion is over."""
        self.delete_button.setEnabled(True)
        self.result_label.setText(
            "All your data was deleted." if not problems else "Some files could not be deleted: " + "; ".join(problems)
        )
