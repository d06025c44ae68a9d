"""Delete all of the user's data: what there is, named before it goes, and then gone.

Kept: the models (downloads of gigabytes that hold nothing about the user), the
settings (which devices and models to use), and the window's lock file. A
models folder inside the data folder is never touched, whether or not it is the
one in use (models kept in another folder leave the default one behind).
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass
from pathlib import Path

from interview_voice.paths import AppPaths

log = logging.getLogger(__name__)
KEEP = {"window.lock", "models"}
NAMES = {  # what each known item is, in the user's words
    "sessions": "recordings, transcripts and feedback of every session",
    "sessions.db": "the list of sessions",
    "resume.txt": "your resume",
    "job.txt": "the job description",
    "recent_questions.json": "which questions you were asked recently",
    "plans": "interview plans you wrote",
    "questions": "questions you added",
}


@dataclass(frozen=True)
class Item:
    path: Path
    what: str


def data_items(paths: AppPaths) -> list[Item]:
    """What "delete all my data" removes, in the data folder (the models folder left out)."""
    if not paths.data_dir.is_dir():
        return []
    models = paths.models_dir.resolve()
    items = []
    for path in sorted(paths.data_dir.iterdir()):
        if path.name in KEEP or path.resolve() == models or models.is_relative_to(path.resolve()):
            continue
        what = NAMES.get(path.name)
        if what is None and path.name.startswith("sessions.db"):
            what = "the list of sessions (its journal, or a damaged copy set aside)"
        items.append(Item(path, what or path.name))
    return items


def descriptions(items: list[Item]) -> list[str]:
    """What the items are, each said once (the list of sessions and its journal files are one thing to a user)."""
    return list(dict.fromkeys(item.what for item in items))


def session_count(paths: AppPaths) -> int:
    folder = paths.sessions_dir
    return sum(1 for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else 0


def delete_all(paths: AppPaths) -> list[str]:
    """Delete every item of data_items; returns what could not be deleted (empty when all went).
    The session store must be closed first."""
    left = []
    for item in data_items(paths):
        try:
            if item.path.is_dir() and not item.path.is_symlink():
                shutil.rmtree(item.path)
            else:
                item.path.unlink()
        except OSError as exc:
            log.error("cannot delete %s: %s", item.path, exc)
            left.append(f"{item.path}: {exc.strerror or exc}")
    paths.sessions_dir.mkdir(parents=True, exist_ok=True)
    return left
