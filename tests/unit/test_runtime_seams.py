"""The runtime is built of objects handed what they use, not of mixins sharing undeclared state:
a class in runtime/ derives from nothing but a Protocol, an Enum or an exception."""

import ast
from pathlib import Path

import interview_voice

RUNTIME = Path(interview_voice.__file__).parent / "runtime"
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


def test_the_check_finds_a_mixin(tmp_path):
    (tmp_path / "m.py").write_text(
        "class Part:\n    pass\n\n\nclass Whole(Part):\n    pass\n\n\n"
        "from typing import Protocol\n\n\nclass P(Protocol):\n    pass\n"
    )
    assert mixed_in(tmp_path) == ["m.py: Whole(Part)"]
