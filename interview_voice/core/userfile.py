"""Reading files people write by hand: any common text encoding, and line numbers for messages."""

from __future__ import annotations

import bisect
import codecs
import logging
import re
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)


def read_user_text(path: Path) -> str:
    """The file's text: UTF-8 (with or without a BOM), UTF-16 with its BOM, else Latin-1 (as older
    editors save it).

    Raises OSError when it cannot be read, ValueError when it holds binary data.
    """
    data = path.read_bytes()
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Windows' "Unicode" text
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ValueError(f"{path} says it is UTF-16 text but is not ({exc.reason})") from exc
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
    return line_at(text, match.start()) if match else 0


def table_starts(text: str, name: str) -> list[int]:
    """Character offsets of each `[[name]]` header, in order."""
    return [m.start() for m in re.finditer(r"^[ \t]*\[\[[ \t]*" + re.escape(name) + r"\s*\]\]", text, re.MULTILINE)]


def line_at(text: str, offset: int) -> int:
    """1-based line of a character offset: a binary search in the text's line starts (counting the
    newlines from the top for each question of a 5,000-question bank made loading it quadratic)."""
    return bisect.bisect_right(_line_starts(text), offset)


@lru_cache(maxsize=4)  # the file being read; a str caches its own hash, so a lookup is cheap
def _line_starts(text: str) -> tuple[int, ...]:
    return (0, *(m.end() for m in re.finditer("\n", text)))
