"""Reading files people write by hand: any common text encoding, and line numbers for messages."""

from __future__ import annotations

import logging
import re
from pathlib import Path

log = logging.getLogger(__name__)


def read_user_text(path: Path) -> str:
    """The file's text: UTF-8 (with or without a BOM), else Latin-1 (as older editors save it).

    Raises OSError when it cannot be read, ValueError when it holds binary data.
    """
    data = path.read_bytes()
    if b"\x00" in data:
        raise ValueError(f"{path} is not a text file (it holds binary data)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        log.warning("%s is not UTF-8; read as Latin-1", path)
        return data.decode("latin-1")


def line_of_key(text: str, key: str, start: int = 0) -> int:
    """1-based line of the first `key =` at or after character `start` (0 when absent)."""
    match = re.compile(r"^[ \t]*" + re.escape(key) + r"\s*=", re.MULTILINE).search(text, start)
    return text.count("\n", 0, match.start()) + 1 if match else 0


def table_starts(text: str, name: str) -> list[int]:
    """Character offsets of each `[[name]]` header, in order."""
    return [m.start() for m in re.finditer(r"^[ \t]*\[\[[ \t]*" + re.escape(name) + r"\s*\]\]", text, re.MULTILINE)]


def line_at(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1
