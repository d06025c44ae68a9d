"""The store of the interviewer model's prompt snapshots: which one opens a prompt, and files that are
damaged, old, or cannot be written."""

from __future__ import annotations

import os

from interview_voice.engines.prompt_snapshots import IN_MEMORY, ON_DISK, PromptSnapshots


def test_the_longest_snapshot_that_opens_the_prompt_is_found_never_the_whole_prompt():
    kept = PromptSnapshots("model")
    kept.put([1, 2], b"two")
    kept.put([1, 2, 3, 4], b"four")
    assert kept.longest_opening([1, 2, 3, 4, 5], longer_than=0) == ((1, 2, 3, 4), b"four")
    assert kept.longest_opening([1, 2, 3, 4, 5], longer_than=4) is None  # the cache holds as much already
    assert kept.longest_opening([1, 2, 3, 4], longer_than=0) == ((1, 2), b"two")  # the last token is read
    assert kept.longest_opening([1, 3, 3, 4, 5], longer_than=0) is None


def test_memory_keeps_the_most_recently_used_snapshots():
    kept = PromptSnapshots("model")
    kept.put([1, 2], b"two")
    kept.put([1, 2, 3, 4], b"four")
    assert kept.get([1, 2]) == b"two"  # used: now the most recent
    kept.put([9, 9, 9], b"other")
    assert IN_MEMORY == 2
    assert kept.get([1, 2, 3, 4]) is None and kept.get([1, 2]) == b"two"


def test_a_snapshot_on_disk_is_found_by_the_next_run_only_for_the_same_model_and_tokens(tmp_path):
    PromptSnapshots("model-a", folder=tmp_path).put([1, 2, 3], b"bytes of the cache")
    assert PromptSnapshots("model-a", folder=tmp_path).get([1, 2, 3]) == b"bytes of the cache"
    assert PromptSnapshots("model-b", folder=tmp_path).get([1, 2, 3]) is None
    assert PromptSnapshots("model-a", folder=tmp_path).get([1, 2]) is None
    assert not list(tmp_path.glob("*.partial-*"))


def test_a_damaged_file_is_deleted_and_not_used(tmp_path):
    PromptSnapshots("model", folder=tmp_path).put([1, 2, 3], b"bytes of the cache")
    (path,) = tmp_path.glob("*.snapshot")
    path.write_bytes(path.read_bytes()[:-3] + b"xyz")
    assert PromptSnapshots("model", folder=tmp_path).get([1, 2, 3]) is None
    assert not path.exists()
    path.write_bytes(b"short")
    assert PromptSnapshots("model", folder=tmp_path).get([1, 2, 3]) is None


def test_only_the_most_recently_used_files_are_kept(tmp_path):
    store = PromptSnapshots("model", folder=tmp_path)
    for n in range(ON_DISK + 2):
        store.put([n], b"x")
        path = max(tmp_path.glob("*.snapshot"), key=lambda p: p.stat().st_mtime_ns)
        os.utime(path, (1_000_000 + n, 1_000_000 + n))  # distinct times, oldest first
    assert len(list(tmp_path.glob("*.snapshot"))) == ON_DISK
    assert PromptSnapshots("model", folder=tmp_path).get([0]) is None
    assert PromptSnapshots("model", folder=tmp_path).get([ON_DISK + 1]) == b"x"


def test_a_folder_that_cannot_be_written_keeps_the_snapshot_in_memory(tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the folder would be")
    store = PromptSnapshots("model", folder=blocked / "snapshots")
    store.put([1, 2, 3], b"bytes")  # no exception: the next run reads the prompt again
    assert store.get([1, 2, 3]) == b"bytes"
    assert PromptSnapshots("model", folder=blocked / "snapshots").get([1, 2, 3]) is None
