"""Snapshots of what the interviewer model has read of a prompt's opening, so that a prompt opening the
same way is not read again: kept in memory for this run and, given a folder, on disk for the next runs.

The key-point judge (runtime.point_judge) puts the same worked examples, about 400 tokens, before every
question it asks. Reading them took about 4 s of a report on a quiet 2-core laptop, and more than the
judge's whole time under load, every report; restoring a snapshot of them takes milliseconds.

A snapshot is llama.cpp's own bytes for the model's memory (its KV cache) of those tokens. They are only
valid for the same model file, library build and tokens, so a file's name is made from all three: a
changed model, a new llama.cpp or other examples never load another's snapshot. A file also carries the
checksum of its bytes; one that does not check is deleted and the tokens are read again.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path

log = logging.getLogger(__name__)
MAGIC = b"interview-voice prompt snapshot 1\n"
IN_MEMORY = 2  # snapshots kept in memory (about 12 MB each for the default model's examples)
ON_DISK = 4  # files kept in the folder, the most recently used


class PromptSnapshots:
    """identity: what the bytes depend on besides the tokens (model file, library version, context size)."""

    def __init__(self, identity: str, *, folder: Path | None = None) -> None:
        self._identity = identity
        self._folder = folder
        self._kept: OrderedDict[tuple[int, ...], bytes] = OrderedDict()

    def get(self, tokens: Sequence[int]) -> bytes | None:
        """The snapshot of exactly these tokens, from memory or from disk; None if there is none."""
        key = tuple(tokens)
        if key in self._kept:
            self._kept.move_to_end(key)
            return self._kept[key]
        data = self._read(key)
        if data is not None:
            self._remember(key, data)
        return data

    def put(self, tokens: Sequence[int], data: bytes) -> None:
        """Keep a snapshot of these tokens in memory and, when there is a folder, on disk (a disk that is
        full or read-only only costs the next run the reading)."""
        key = tuple(tokens)
        self._remember(key, data)
        if self._folder is not None:
            self._write(key, data)

    def longest_opening(self, tokens: Sequence[int], longer_than: int) -> tuple[tuple[int, ...], bytes] | None:
        """The longest snapshot in memory whose tokens open `tokens` and are more than `longer_than` of them
        (and not all: the last token is always read again, for its reply)."""
        best: tuple[tuple[int, ...], bytes] | None = None
        for key, data in self._kept.items():
            if longer_than < len(key) < len(tokens) and (best is None or len(key) > len(best[0])):
                if tuple(tokens[: len(key)]) == key:
                    best = (key, data)
        return best

    def forget(self, tokens: Sequence[int]) -> None:
        """Drop a snapshot that did not load (and its file)."""
        key = tuple(tokens)
        self._kept.pop(key, None)
        path = self._path(key)
        if path is not None:
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)

    def _remember(self, key: tuple[int, ...], data: bytes) -> None:
        self._kept[key] = data
        self._kept.move_to_end(key)
        while len(self._kept) > IN_MEMORY:
            self._kept.popitem(last=False)

    def _path(self, key: tuple[int, ...]) -> Path | None:
        if self._folder is None:
            return None
        digest = hashlib.sha256(repr((self._identity, key)).encode()).hexdigest()[:32]
        return self._folder / f"{digest}.snapshot"

    def _read(self, key: tuple[int, ...]) -> bytes | None:
        path = self._path(key)
        if path is None or not path.exists():
            return None
        try:
            raw = path.read_bytes()
        except OSError as exc:
            log.warning("could not read the model's snapshot %s: %s", path, exc)
            return None
        head = len(MAGIC) + 32
        data = raw[head:]
        if raw[: len(MAGIC)] != MAGIC or raw[len(MAGIC) : head] != hashlib.sha256(data).digest():
            log.warning("the model's snapshot %s is damaged: deleted, the prompt is read again", path)
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # most recently used: the last to be pruned
        return data

    def _write(self, key: tuple[int, ...], data: bytes) -> None:
        path = self._path(key)
        assert path is not None
        part = path.with_name(path.name + f".partial-{os.getpid()}")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            part.write_bytes(MAGIC + hashlib.sha256(data).digest() + data)
            os.replace(part, path)
        except OSError as exc:
            log.warning("could not keep the model's snapshot for the next start (%s): it is read again then", exc)
            with contextlib.suppress(OSError):
                part.unlink(missing_ok=True)
            return
        self._prune(path.parent)

    @staticmethod
    def _prune(folder: Path) -> None:
        try:
            files = sorted(folder.glob("*.snapshot"), key=lambda p: p.stat().st_mtime, reverse=True)
            for old in files[ON_DISK:]:
                old.unlink(missing_ok=True)
        except OSError as exc:
            log.debug("could not prune old snapshots: %s", exc)
