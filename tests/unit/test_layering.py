"""DESIGN.md's layering: core has no Qt and no engines; only ui imports Qt."""

import ast
from pathlib import Path

import interview_voice

PACKAGE = Path(interview_voice.__file__).parent
ENGINE_LIBS = {"sounddevice", "faster_whisper", "piper", "llama_cpp", "onnxruntime", "ctranslate2"}


def imported_modules(folder: Path) -> dict[str, set[str]]:
    found = {}
    for path in folder.rglob("*.py"):
        names = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
        found[str(path.relative_to(PACKAGE))] = names
    return found


def offenders(folder: str, banned: set[str], banned_prefixes: tuple[str, ...] = ()) -> list[str]:
    bad = []
    for file, names in imported_modules(PACKAGE / folder).items():
        for name in names:
            if name.split(".")[0] in banned or name.startswith(banned_prefixes):
                bad.append(f"{file} imports {name}")
    return bad


def test_core_imports_no_qt_no_engines_and_nothing_above_it():
    assert offenders("core", ENGINE_LIBS | {"PySide6", "shiboken6", "sqlalchemy"},
                     ("interview_voice.engines", "interview_voice.runtime", "interview_voice.ui",
                      "interview_voice.app", "interview_voice.storage")) == []


def test_only_the_ui_imports_qt():
    for folder in ("core", "engines", "runtime", "modelstore", "commands"):
        assert offenders(folder, {"PySide6", "shiboken6"}) == [], folder


def test_the_runtime_and_engines_never_import_the_ui_or_test_fakes():
    for folder in ("runtime", "engines", "core", "commands", "modelstore"):
        assert offenders(folder, {"tests"}, ("interview_voice.ui",)) == [], folder
    assert offenders(".", {"tests"}) == []
