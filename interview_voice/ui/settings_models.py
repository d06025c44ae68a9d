"""The Settings dialog's Models page: speech models, and the interviewer model (a local GGUF file or a server)."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from interview_voice.core.types import ChatMessage
from interview_voice.engines.base import EngineError
from interview_voice.engines.llm_http import endpoint_problem as address_problem
from interview_voice.modelstore.catalog import ModelChoice, gguf_problem
from interview_voice.paths import AppPaths
from interview_voice.settings import Settings
from interview_voice.ui.tasks import TaskRunner

log = logging.getLogger(__name__)
TEST_TIMEOUT_S = 15.0  # a server slower than this to say two words is too slow to interview with


def url_problem(url: str) -> str:
    """What is wrong with the server address as typed ("" if nothing), as a sentence."""
    if not url.startswith(("http://", "https://")):
        return "The server address must start with http:// or https:// (for example http://192.168.1.20:8080/v1)."
    problem = address_problem(url)
    return f"{problem[0].upper()}{problem[1:]}." if problem else ""


def endpoint_problem(
    url: str, model: str, api_key: str, timeout_s: float = TEST_TIMEOUT_S, use_proxy: bool = False
) -> str:
    """Ask the server for two words; "" when it answers, else what went wrong, in plain words. Blocks:
    call off the GUI thread."""
    from interview_voice.engines.llm_http import HttpLanguageModel

    problem = url_problem(url)
    if problem:
        return problem
    try:
        # the socket's timeout covers the wait for the reply to begin too: with 5 s, llama.cpp's own server
        # on a busy 2-core machine was called unreachable ("timed out") though it was about to answer
        llm = HttpLanguageModel(
            url,
            model or "default",
            api_key=api_key,
            timeout=timeout_s,
            idle_s=timeout_s,
            request_s=timeout_s,
            use_proxy=use_proxy,
        )
        words = "".join(llm.stream_chat([ChatMessage("user", "Say OK.")], max_tokens=2))
    except EngineError as exc:
        return f"The server did not answer: {exc}."
    if not words.strip():
        return "The server answered, but with no words: check the model name."
    return ""


class ConnectionTest(QObject):
    """Runs endpoint_problem as a task on a thread of its own (it may wait on the network for a while);
    `done` carries the problem ("" = it answered), on the GUI thread."""

    done = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tasks = TaskRunner(self)

    def start(self, url: str, model: str, api_key: str, use_proxy: bool = False) -> None:
        self.tasks.start(
            lambda _control: endpoint_problem(url, model, api_key, use_proxy=use_proxy),
            self.done.emit,
            thread="endpoint-test",
        )


class ModelsPage(QWidget):
    def __init__(
        self, paths: AppPaths, choices: list[ModelChoice], settings: Settings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.paths = paths
        self.chosen_file: Path | None = None  # a GGUF file picked outside the models folder
        self.tested: tuple[str, str, str] | None = None  # the server settings that last answered
        self._asking = False  # a connection test is under way
        form = QFormLayout()
        self.stt_box = QComboBox()
        self.stt_box.setAccessibleName("Speech model")
        self.live_stt_box = QComboBox()
        self.live_stt_box.setAccessibleName("Live speech model")
        self.live_stt_box.addItem("The same as the speech model", "")
        for choice in choices:
            if choice.role == "stt" and choice.usable:
                self.stt_box.addItem(choice.name, choice.id)
                self.live_stt_box.addItem(choice.name, choice.id)
        _select(self.stt_box, settings.stt_model)
        _select(self.live_stt_box, settings.live_stt_model)
        form.addRow("Speech model (the transcript kept):", self.stt_box)
        form.addRow("Live speech model (taking turns):", self.live_stt_box)

        self.local_radio = QRadioButton("A model on this computer")
        self.endpoint_radio = QRadioButton("A server on your network (OpenAI-compatible)")
        group = QButtonGroup(self)
        group.addButton(self.local_radio)
        group.addButton(self.endpoint_radio)
        self.llm_box = QComboBox()
        self.llm_box.setAccessibleName("Interviewer model")
        for choice in choices:
            if choice.role == "llm" and choice.usable:
                self.llm_box.addItem(choice.name, choice.id)
        self.file_button = QPushButton("Choose a GGUF file…")
        self.file_button.clicked.connect(self.choose_file)
        local_row = QHBoxLayout()
        local_row.addWidget(self.llm_box, 1)
        local_row.addWidget(self.file_button)
        self.url_edit = QLineEdit(settings.llm_endpoint_url)
        self.url_edit.setPlaceholderText("http://192.168.1.20:8080/v1")
        self.url_edit.setAccessibleName("Server address")
        self.model_edit = QLineEdit(settings.llm_endpoint_model)
        self.model_edit.setPlaceholderText("the model's name on the server, e.g. qwen2.5-7b")
        self.model_edit.setAccessibleName("Model name on the server")
        self.key_edit = QLineEdit(settings.llm_endpoint_api_key)
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_edit.setPlaceholderText("only if the server asks for one")
        self.key_edit.setAccessibleName("API key")
        self.proxy_box = QCheckBox("Go through the system's proxy")
        self.proxy_box.setChecked(settings.llm_endpoint_proxy)
        self.proxy_box.setToolTip(
            "Off: the app connects to the server directly, even when http_proxy is set, so "
            "your answers go to the server only. On: through the proxy http_proxy or "
            "https_proxy names (only if the server can be reached no other way)."
        )
        self.test_button = QPushButton("Test connection")
        self.test_button.clicked.connect(self.test_connection)
        self.test_label = QLabel("")
        self.test_label.setWordWrap(True)
        self.connection = ConnectionTest(self)
        self.connection.done.connect(self._tested)

        endpoint = QFormLayout()
        endpoint.addRow("Address:", self.url_edit)
        endpoint.addRow("Model name:", self.model_edit)
        endpoint.addRow("API key:", self.key_edit)
        endpoint.addRow("", self.proxy_box)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.test_label, 1)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("<b>The interviewer</b>"))
        layout.addWidget(self.local_radio)
        layout.addLayout(local_row)
        layout.addWidget(self.endpoint_radio)
        layout.addLayout(endpoint)
        layout.addLayout(test_row)
        note = QLabel(
            "Nothing is sent anywhere except to the server address you give here. A new model is "
            "loaded once you save (up to a minute; after the interview if one is running)."
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #5b6472;")
        layout.addWidget(note)
        layout.addStretch(1)

        use_endpoint = settings.llm_model == "endpoint"
        (self.endpoint_radio if use_endpoint else self.local_radio).setChecked(True)
        if not use_endpoint and not _select(self.llm_box, settings.llm_model):
            self.llm_box.addItem(f"{settings.llm_model} (not installed)", settings.llm_model)
            _select(self.llm_box, settings.llm_model)
        self.llm_box.activated.connect(lambda _index: self.local_radio.setChecked(True))
        self.endpoint_radio.toggled.connect(self._show_choice)
        self._show_choice()

    def _show_choice(self) -> None:
        """The server's fields are for the server only: disabled while a model on this computer is chosen."""
        use_server = self.endpoint_radio.isChecked()
        for widget in (self.url_edit, self.model_edit, self.key_edit, self.proxy_box):
            widget.setEnabled(use_server)
        self.test_button.setEnabled(use_server and not self._asking)

    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Choose the interviewer model", str(Path.home()), "GGUF models (*.gguf)"
        )
        if name:
            self.use_file(Path(name))

    def use_file(self, path: Path) -> None:
        """A GGUF file from anywhere: checked now, linked into the models folder when the settings are saved."""
        problem = gguf_problem(path)
        if problem:
            self.test_label.setText(f"{path.name} cannot be used: it is {problem}.")
            return
        self.chosen_file = path
        if self.llm_box.findData(path.name) < 0:
            self.llm_box.addItem(f"{path.stem} (your file)", path.name)
        _select(self.llm_box, path.name)
        self.local_radio.setChecked(True)
        self.test_label.setText(f"{path.name} looks like a GGUF model.")

    def endpoint(self) -> tuple[str, str, str]:
        return self.url_edit.text().strip(), self.model_edit.text().strip(), self.key_edit.text().strip()

    def test_connection(self) -> None:
        self._asking = True
        self.test_button.setEnabled(False)
        self.test_label.setText("Asking the server for two words…")
        self._testing = self.endpoint()
        self.connection.start(*self._testing, use_proxy=self.proxy_box.isChecked())

    def _tested(self, problem: str) -> None:
        self._asking = False
        self._show_choice()
        self.tested = None if problem else self._testing
        self.test_label.setText(problem or "The server answered. It will be the interviewer once you save.")

    def needs_test(self) -> bool:
        """The server is chosen and its settings have not answered a test yet."""
        return self.endpoint_radio.isChecked() and self.tested != self.endpoint()

    def store(self, settings: Settings) -> str:
        """Copy the page into settings; a problem ("" if none) leaves the caller to save nothing."""
        settings.stt_model = self.stt_box.currentData() or settings.stt_model
        settings.live_stt_model = self.live_stt_box.currentData() or ""
        url, model, key = self.endpoint()
        problem = url_problem(url) if url or self.endpoint_radio.isChecked() else ""
        if problem:
            return problem  # nothing is saved: an address with a password in it never reaches the settings file
        settings.llm_endpoint_url, settings.llm_endpoint_model, settings.llm_endpoint_api_key = url, model, key
        settings.llm_endpoint_proxy = self.proxy_box.isChecked()
        if self.endpoint_radio.isChecked():
            settings.llm_model = "endpoint"
            return ""
        chosen = self.llm_box.currentData()
        if not chosen:
            return "No interviewer model is installed: choose a GGUF file or a server."
        settings.llm_model = chosen
        return ""

    def link_chosen_file(self, settings: Settings) -> str:
        """Make a GGUF file chosen from elsewhere one of the models (a link, not a copy of gigabytes)."""
        if self.chosen_file is None or settings.llm_model != self.chosen_file.name:
            return ""
        target = self.paths.user_models_dir("llm") / self.chosen_file.name
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.is_symlink() or target.exists():
                if target.resolve() == self.chosen_file.resolve():
                    return ""
                return (
                    f"A different model named {target.name} is already in {target.parent}: rename your file "
                    "or remove that one."
                )
            os.symlink(self.chosen_file.resolve(), target)
        except OSError as exc:
            return f"{self.chosen_file.name} cannot be added to {target.parent}: {exc.strerror or exc}."
        log.info("linked %s as %s", self.chosen_file, target)
        return ""


def _select(box: QComboBox, value: str) -> bool:
    index = box.findData(value)
    if index >= 0:
        box.setCurrentIndex(index)
    return index >= 0
