"""Questions before something that cannot be undone: Enter or Escape never destroys."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def confirmation_box(parent: QWidget | None, title: str, text: str, action: str) -> QMessageBox:
    """A question whose default and Escape button is Cancel; `action` names the destructive button."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.NoButton, parent)
    yes = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    yes.setAccessibleName(action)
    box.setAccessibleName(title)
    return box


def confirm_destructive(parent: QWidget | None, title: str, text: str, action: str = "Delete") -> bool:
    box = confirmation_box(parent, title, text, action)
    box.exec()
    clicked = box.clickedButton()
    return clicked is not None and box.buttonRole(clicked) == QMessageBox.ButtonRole.DestructiveRole
