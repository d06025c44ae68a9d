"""Every control a screen reader can land on has a name: the main window's tabs and every dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTabBar,
    QTextEdit,
    QWidget,
)

from interview_voice.modelstore.manifest import load_manifest
from interview_voice.settings import Settings
from interview_voice.ui.confirm import confirmation_box
from interview_voice.ui.first_run import FirstRunDialog
from interview_voice.ui.model_download import ModelDownloadDialog
from interview_voice.ui.resume_dialog import ResumeDialog
from interview_voice.ui.settings_dialog import SettingsDialog
from interview_voice.ui.shortcuts import ShortcutsDialog
from tests.gui.windows import ready_window

CONTROLS = (
    QAbstractButton,
    QComboBox,
    QLineEdit,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QTextEdit,
    QPlainTextEdit,
    QTabBar,
)
PARTS = (QComboBox, QLineEdit, QTabBar, QAbstractItemView, QAbstractSpinBox)  # own their inner widgets


def unnamed_controls(root: QWidget) -> list[str]:
    """Interactive widgets under root with neither an accessible name nor a text of their own."""
    missing = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not isinstance(widget, CONTROLS) or isinstance(widget, (QScrollBar, QHeaderView)):
            continue
        if widget.focusPolicy() == Qt.NoFocus:
            continue
        parent = widget.parentWidget()
        inner = False
        while parent is not None and parent is not root:
            inner = inner or isinstance(parent, PARTS)
            parent = parent.parentWidget()
        if inner:
            continue  # a combo box's list, a line edit's clear button: named by their owner
        text = widget.text() if isinstance(widget, (QAbstractButton, QLineEdit)) else ""
        if isinstance(widget, QTabBar):
            text = "".join(widget.tabText(i) for i in range(widget.count()))
        if not (widget.accessibleName().strip() or text.replace("&", "").strip()):
            missing.append(
                f"{type(widget).__name__} {widget.objectName() or ''} in {type(widget.window()).__name__}"
                f" (tooltip {widget.toolTip()!r})"
            )
    return missing


def test_every_control_of_every_tab_has_a_name(qtbot, context):
    window = ready_window(qtbot, context)
    assert window.tabs.count() >= 5
    assert unnamed_controls(window) == []


def test_every_control_of_every_dialog_has_a_name(qtbot, tmp_path, paths):
    dialogs = [
        ResumeDialog(tmp_path),
        ShortcutsDialog(),
        SettingsDialog(paths, Settings()),
        FirstRunDialog(paths, Settings(), lambda name: None, "System default", None, ["Speech: ready"]),
        ModelDownloadDialog(load_manifest()[:2], tmp_path / "models"),
        confirmation_box(None, "Delete session", "Delete it?", "Delete"),
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        assert unnamed_controls(dialog) == [], dialog.windowTitle()


def test_the_walk_finds_an_unnamed_control(qtbot):
    page = QWidget()
    qtbot.addWidget(page)
    named, unnamed = QComboBox(page), QComboBox(page)
    named.setAccessibleName("Plan")
    assert len(unnamed_controls(page)) == 1
    unnamed.setAccessibleName("Level")
    assert unnamed_controls(page) == []
