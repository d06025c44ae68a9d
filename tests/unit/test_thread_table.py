"""ARCHITECTURE.md's thread table lists exactly the threads the code starts, and says which of them
exit waits for: those that call native engine code (`threads.start_thread(..., native=True)`, or a ui
task's `thread=..., native=True`). Every thread starts through those helpers: none is started raw."""

import ast
import re
from pathlib import Path

import interview_voice

PACKAGE = Path(interview_voice.__file__).parent
ARCHITECTURE = PACKAGE.parent / "ARCHITECTURE.md"
HELPERS = {"start_thread", "new_thread"}


def _name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def _literal(node: ast.expr | None, where: str) -> str:
    assert isinstance(node, ast.Constant) and isinstance(node.value, str), f"{where}: name the thread with a literal"
    return node.value


def _native(call: ast.Call) -> bool:
    flag = next((k.value for k in call.keywords if k.arg == "native"), ast.Constant(False))
    assert isinstance(flag, ast.Constant), "native= is a literal True or False"
    return bool(flag.value)


def started_threads(root: Path) -> dict[tuple[str, str], bool]:
    """{(file, thread name): exit waits for it} for every thread started in the code under root; a raw
    `threading.Thread` or `Timer` is listed as never waited for (exit waits for registered threads only)."""
    found: dict[tuple[str, str], bool] = {}
    for path in sorted(root.rglob("*.py")):
        file = path.relative_to(root).as_posix()
        if file in ("threads.py", "ui/tasks.py"):  # the helpers themselves: they start what they are given
            continue
        for call in (n for n in ast.walk(ast.parse(path.read_text(encoding="utf-8"))) if isinstance(n, ast.Call)):
            where = f"{file}:{call.lineno}"
            keywords = {k.arg: k.value for k in call.keywords}
            if _name(call) in ("Thread", "Timer"):  # a raw start: nothing registers it
                found[(file, _literal(keywords.get("name"), where))] = False
            elif _name(call) in HELPERS:
                found[(file, _literal(call.args[0] if call.args else None, where))] = _native(call)
            elif "thread" in keywords:  # a ui task on a thread of its own (ui/tasks.py)
                found[(file, _literal(keywords["thread"], where))] = _native(call)
    return found


def documented_threads(text: str) -> dict[tuple[str, str], bool]:
    """{(file, thread name): exit waits} from the table's rows: | `file` | `name` | yes/no | what it is |."""
    rows = re.findall(r"^\| `([^`]+\.py)` \| `([^`]+)` \| (yes|no) \|", text, re.MULTILINE)
    return {(file, name): waits == "yes" for file, name, waits in rows}


def test_the_thread_table_lists_every_thread_the_code_starts_and_which_ones_exit_waits_for():
    assert documented_threads(ARCHITECTURE.read_text(encoding="utf-8")) == started_threads(PACKAGE)


def raw_starts(root: Path) -> list[str]:
    """Where the code under root starts a thread without the helpers (threads.py, ui/tasks.py)."""
    found = []
    for path in sorted(root.rglob("*.py")):
        file = path.relative_to(root).as_posix()
        if file == "threads.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += [
            f"{file}:{n.lineno}" for n in ast.walk(tree) if isinstance(n, ast.Call) and _name(n) in ("Thread", "Timer")
        ]
    return found


def test_every_thread_starts_through_the_helpers():
    """A raw start would be missed by exit's wait (it goes by registration only, runtime/native_workers.py)."""
    assert raw_starts(PACKAGE) == []


def test_the_inventory_finds_raw_helper_and_task_threads(tmp_path):
    """The checker itself, on a planted module."""
    (tmp_path / "m.py").write_text(
        "import threading\nfrom interview_voice.threads import start_thread\n"
        "threading.Thread(target=print, name='raw', daemon=True).start()\n"
        "start_thread('helped', print, native=True)\n"
        "tasks.start(lambda c: 1, print, thread='task-thread')\n"
    )
    assert started_threads(tmp_path) == {
        ("m.py", "raw"): False,
        ("m.py", "helped"): True,
        ("m.py", "task-thread"): False,
    }
    table = "| `m.py` | `raw` | no | a raw thread |\n| `m.py` | `helped` | yes | x |\n| `m.py` | name | no | x |\n"
    assert documented_threads(table) == {("m.py", "raw"): False, ("m.py", "helped"): True}
    assert raw_starts(tmp_path) == ["m.py:3"]
