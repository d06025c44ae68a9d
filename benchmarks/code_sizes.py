"""The largest classes and functions of the package, as ARCHITECTURE.md's before/after tables count them.

    .venv/bin/python benchmarks/code_sizes.py [--top 15] [--root interview_voice] [NAME ...]

Counted with `ast`: a class's lines run from its `class` line to its last line (decorators not
included) and its methods are the functions defined in its body; a function's lines likewise,
nested functions counted inside it and listed on their own too. NAME (e.g. `MainWindow` or
`cli.py::_add_commands`) prints the entries whose qualified name ends with it, however small.
"""

from __future__ import annotations

import argparse
import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "interview_voice"


@dataclass(frozen=True)
class Size:
    name: str  # file::Qualified.name, the file relative to the package
    lines: int
    methods: int | None  # None for a function


def sizes(root: Path) -> list[Size]:
    found: list[Size] = []

    def visit(node: ast.AST, file: str, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (child.end_lineno or child.lineno) - child.lineno + 1
                methods = (
                    sum(isinstance(m, ast.FunctionDef | ast.AsyncFunctionDef) for m in child.body)
                    if isinstance(child, ast.ClassDef)
                    else None
                )
                found.append(Size(f"{file}::{prefix}{child.name}", lines, methods))
                visit(child, file, f"{prefix}{child.name}.")

    for path in sorted(root.rglob("*.py")):
        visit(ast.parse(path.read_text(encoding="utf-8")), path.relative_to(root).as_posix(), "")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*")
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--root", type=Path, default=ROOT)
    args = parser.parse_args()
    found = sorted(sizes(args.root), key=lambda s: -s.lines)
    classes = [s for s in found if s.methods is not None]
    functions = [s for s in found if s.methods is None]
    print("largest classes: lines, methods")
    for s in classes[: args.top]:
        print(f"  {s.lines:5}  {s.methods:3}  {s.name}")
    print("largest functions: lines")
    for s in functions[: args.top]:
        print(f"  {s.lines:5}       {s.name}")
    for name in args.names:
        for s in found:
            if s.name.endswith(name if "::" in name else f"::{name}") or s.name.endswith(f".{name}"):
                print(f"{name}: {s.name} {s.lines} lines" + (f", {s.methods} methods" if s.methods is not None else ""))


if __name__ == "__main__":
    main()
