"""The runtime is built of objects handed what they use, not of mixins sharing undeclared state:
a class in runtime/ derives from nothing but a Protocol, an Enum or an exception. The window (ui/) and
the session store (storage/) were mixins too: a class there derives only from a library's class (Qt's,
SQLAlchemy's), a Protocol, an Enum or an exception, never from another class of the app."""

import ast
from pathlib import Path

import interview_voice

PACKAGE = Path(interview_voice.__file__).parent
RUNTIME = PACKAGE / "runtime"
ALLOWED_BASES = {"Protocol", "Enum", "Exception", "RuntimeError"}


def _base_name(base: ast.expr) -> str:
    return base.attr if isinstance(base, ast.Attribute) else base.id if isinstance(base, ast.Name) else ""


def mixed_in(root: Path) -> list[str]:
    """Classes with a base other than the allowed ones (a Protocol may extend another Protocol)."""
    bad = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ClassDef):
                continue
            bases = [_base_name(b) for b in node.bases]
            if "Protocol" in bases:
                continue
            bad += [f"{path.name}: {node.name}({b})" for b in bases if b not in ALLOWED_BASES]
    return bad


def test_no_class_in_the_runtime_is_built_of_mixins():
    assert mixed_in(RUNTIME) == []


def app_bases(root: Path) -> list[str]:
    """Classes deriving from a class of the app (defined in the package, not imported from a library), other
    than an exception or storage's declarative `Base` of the ORM rows."""
    bad = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        from_libraries = {
            alias.asname or alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module and not node.module.startswith("interview_voice")
            for alias in node.names
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                for base in node.bases:
                    name = _base_name(base)
                    library = isinstance(base, ast.Attribute) or name in from_libraries  # enum.Enum, QtCore.QObject
                    if not (library or name in ALLOWED_BASES or name.endswith("Error") or name == "Base"):
                        bad.append(f"{path.name}: {node.name}({name})")
    return bad


def test_no_class_in_the_ui_or_the_store_derives_from_another_class_of_the_app():
    assert app_bases(PACKAGE / "ui") == []
    assert app_bases(PACKAGE / "storage") == []


def test_the_check_finds_a_mixin(tmp_path):
    (tmp_path / "m.py").write_text(
        "class Part:\n    pass\n\n\nclass Whole(Part):\n    pass\n\n\n"
        "from typing import Protocol\n\n\nclass P(Protocol):\n    pass\n"
    )
    assert mixed_in(tmp_path) == ["m.py: Whole(Part)"]
    (tmp_path / "w.py").write_text(
        "from PySide6.QtWidgets import QWidget\n\n\nclass Layout:\n    pass\n\n\n"
        "class Window(QWidget, Layout):\n    pass\n"
    )
    assert app_bases(tmp_path) == ["m.py: Whole(Part)", "w.py: Window(Layout)"]
