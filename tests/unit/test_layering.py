"""The layering (ARCHITECTURE.md): records below everything; core has no Qt, engines or storage;
storage knows neither the runtime, the engines nor the ui; only the ui imports Qt, and it reads
sessions through storage's read model, never its ORM rows; the commands use only the ui's drawing,
and the ui never imports the commands."""

import ast
from pathlib import Path

import interview_voice

PACKAGE = Path(interview_voice.__file__).parent
ENGINE_LIBS = {"sounddevice", "faster_whisper", "piper", "llama_cpp", "onnxruntime", "ctranslate2"}
QT = {"PySide6", "shiboken6"}


def imported_modules(folder: Path) -> dict[str, set[str]]:
    """{file: modules it imports}, for one .py file or every file under a folder (function-level imports too)."""
    found = {}
    for path in [folder] if folder.is_file() else folder.rglob("*.py"):
        names = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
                if node.module == "interview_voice":  # `from interview_voice import storage`: a layer
                    names |= {f"{node.module}.{a.name}" for a in node.names}
        found[str(path.relative_to(folder.parent if folder.is_file() else PACKAGE))] = names
    return found


def offenders(folder: str | Path, banned: set[str], banned_modules: tuple[str, ...] = ()) -> list[str]:
    """Imports of a banned top-level package, or of a banned module or anything inside it."""
    bad = []
    for file, names in imported_modules(PACKAGE / folder).items():
        for name in sorted(names):
            if name.split(".")[0] in banned or any(name == m or name.startswith(m + ".") for m in banned_modules):
                bad.append(f"{file} imports {name}")
    return bad


def layers(*names: str) -> tuple[str, ...]:
    return tuple(f"interview_voice.{n}" for n in names)


def test_records_sit_below_every_layer():
    """The shared vocabulary (words, turns, events, the recording error) imports nothing of the app."""
    assert offenders("records.py", ENGINE_LIBS | QT | {"sqlalchemy", "numpy", "interview_voice"}) == []


def test_the_thread_helper_sits_below_every_layer():
    """threads.py is used by engines, the runtime and the ui alike, so it imports nothing of the app."""
    assert offenders("threads.py", ENGINE_LIBS | QT | {"sqlalchemy", "numpy", "interview_voice"}) == []


def test_core_imports_no_qt_no_engines_and_nothing_above_it():
    assert (
        offenders(
            "core", ENGINE_LIBS | QT | {"sqlalchemy"}, layers("engines", "runtime", "ui", "app", "storage", "commands")
        )
        == []
    )


def test_storage_imports_neither_the_runtime_the_engines_the_ui_nor_qt():
    assert offenders("storage", ENGINE_LIBS | QT, layers("runtime", "engines", "ui", "app", "commands")) == []


def test_the_runtime_never_imports_storage():
    """The runtime is handed a recorder and a store; it never opens the database itself."""
    assert offenders("runtime", {"sqlalchemy", "alembic"}, layers("storage")) == []


def test_the_ui_reads_sessions_through_the_read_model_not_orm_rows():
    assert (
        offenders("ui", {"sqlalchemy", "alembic"}, ("interview_voice.storage.schema", "interview_voice.storage.db"))
        == []
    )


def test_only_the_ui_imports_qt():
    """startup.py among them: the window and `simulate` share it, so it can never need a window."""
    for folder in ("core", "engines", "runtime", "storage", "modelstore", "commands", "records.py", "startup.py"):
        assert offenders(folder, QT) == [], folder


def test_the_runtime_and_engines_never_import_the_ui_or_test_fakes():
    for folder in ("runtime", "engines", "core", "storage", "modelstore"):
        assert offenders(folder, {"tests"}, layers("ui")) == [], folder
    assert offenders(".", {"tests"}) == []


# What a command may use of the ui: drawing without a window (a report's charts and PDF pages, the menu icon).
UI_DRAWING = layers("ui.offscreen", "ui.report_pdf", "ui.icon_images")


def test_the_commands_use_only_the_ui_s_drawing_and_the_ui_never_imports_the_command_line():
    drawing = [
        f"{file} imports {name}"
        for file, names in imported_modules(PACKAGE / "commands").items()
        for name in sorted(names)
        if name.split(".")[:2] == ["interview_voice", "ui"] and name not in UI_DRAWING
    ]
    assert drawing == []
    assert offenders("ui", set(), layers("commands", "cli")) == []


def test_every_command_runs_in_commands_and_only_the_gui_command_in_the_ui():
    """Each subcommand runs the target its own subparser names: main() never swaps one in to reach the ui."""
    from interview_voice.cli import build_parser, command_target

    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    required = {
        "transcribe": ["x.wav"],
        "say": ["hi", "--out", "x.wav"],
        "simulate": ["--answers", "a", "--out", "o"],
        "desktop": ["install"],
        "feedback": ["x.wav", "--question", "q"],
    }
    targets = {}
    for name in commands:
        targets[name] = command_target(parser.parse_args([name, *required.get(name, [])]))
        for action in ("list", "report", "show", "export", "delete", "rebuild"):
            if name == "sessions":
                assert command_target(parser.parse_args([name, action, "abc"])) == targets[name], action
    assert targets.pop("gui") == command_target(parser.parse_args([])) == "interview_voice.ui.main:run"
    assert all(t.startswith("interview_voice.commands.") for t in targets.values()), targets


def test_a_forbidden_import_is_caught(tmp_path):
    """The checker itself: a module that imports the runtime from storage, at the top or inside a function."""
    module = tmp_path / "bad.py"
    module.write_text(
        "from interview_voice.records import TurnRecord\n"
        "def f():\n    from interview_voice.runtime.session import SessionRunner\n"
        "from interview_voice import ui\nimport PySide6.QtCore\n"
    )
    bad = offenders(module, QT, layers("runtime", "ui"))
    assert bad == [
        "bad.py imports PySide6.QtCore",
        "bad.py imports interview_voice.runtime.session",
        "bad.py imports interview_voice.ui",
    ]
