"""The GUI tests' waits wait: `qtbot.waitSignal(...)` alone on a line makes a blocker and returns at once,
so the test goes on while the worker it meant to wait for still runs (and passes only on a fast machine).
A blocker is used in a `with` or has its `.wait()` called."""

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
BLOCKERS = {"waitSignal", "waitSignals", "assertNotEmitted", "waitCallback"}


def waits_that_do_not_wait(source: str) -> list[int]:
    """Lines where a qtbot blocker is made and dropped: a bare expression statement."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            func = node.value.func
            if isinstance(func, ast.Attribute) and func.attr in BLOCKERS:
                lines.append(node.lineno)
    return lines


def test_no_test_drops_a_wait_it_made():
    dropped = [
        f"{path.relative_to(TESTS)}:{line}"
        for path in sorted(TESTS.rglob("*.py"))
        for line in waits_that_do_not_wait(path.read_text(encoding="utf-8"))
    ]
    assert dropped == [], "use `with qtbot.waitSignal(...)`, or wait on a recorded condition: " + ", ".join(dropped)


def test_the_check_finds_a_dropped_wait_and_passes_the_used_ones():
    source = (
        "def t(qtbot, window):\n"
        "    qtbot.waitSignal(window.done, timeout=1000)\n"
        "    with qtbot.waitSignal(window.done, timeout=1000):\n"
        "        pass\n"
        "    qtbot.waitSignal(window.done).wait()\n"
        "    blocker = qtbot.waitSignals([window.done])\n"
    )
    assert waits_that_do_not_wait(source) == [2]
