"""Questions before something that cannot be undone: Enter or Escape never destroys."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def confirmation_box(parent: QWidget | None, title: str, text: str, action: str) -> QMessageBox:
    """A question whose default and Escape button is Cancel; `action` names the destructive button."""
    box = QMessageBox(QMessageBox.Warning, title, text, QMessageBox.NoButton, parent)
    yes = box.addButton(action, QMessageBox.DestructiveRole)
    cancel = box.addButton(QMessageBox.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    yes.setAccessibleName(action)
    box.setAccessibleName(title)
    return box


def confirm_destructive(parent: QWidget | None, title: str, text: str, action: str = "Delete") -> bool:
    box = confirmation_box(parent, title, text, action)
    box.exec()
    return box.clickedButton() is not None and box.buttonRole(box.clickedButton()) == QMessageBox.DestructiveRole
