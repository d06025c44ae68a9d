"""The interviewer model leaves a core free while other programs keep one busy."""

from pathlib import Path

from interview_voice.engines.cpu_share import CpuShare, machine_busy_ticks, process_busy_ticks

STAT = "cpu  100 5 50 1000 20 3 2 0 0 0\ncpu0 50 2 25 500 10 1 1 0 0 0\nintr 1\n"


def test_machine_busy_ticks_count_all_but_idle_and_iowait():
    assert machine_busy_ticks(STAT) == 100 + 5 + 50 + 3 + 2 + 0
    assert machine_busy_ticks("intr 1\n") is None


def test_process_busy_ticks_read_utime_and_stime_even_with_spaces_in_the_name():
    line = "4242 (python (my app)) S 1 4242 4242 0 -1 4194304 100 0 0 0 37 11 0 0 20 0 5 0 1 2 3"
    assert process_busy_ticks(line) == 37 + 11
    assert process_busy_ticks("garbage") is None


def _share(tmp_path: Path) -> CpuShare:
    (tmp_path / "self").mkdir()
    (tmp_path / "stat").write_text(STAT)
    (tmp_path / "self" / "stat").write_text("1 (x) S " + " ".join(["0"] * 20))
    return CpuShare(2, proc=tmp_path, sample_s=3600)


def test_one_core_is_left_free_while_others_are_busy_and_taken_back_when_quiet(tmp_path):
    share = _share(tmp_path)
    ticks_per_s = 1 / share._tick_s
    assert share.threads() == 2
    share.update(1.0, machine_ticks=int(1.8 * ticks_per_s), own_ticks=int(1.0 * ticks_per_s))  # others: 0.8 cores
    assert share.threads() == 1
    share.update(1.0, machine_ticks=int(1.25 * ticks_per_s), own_ticks=int(1.0 * ticks_per_s))  # 0.25: in between
    assert share.threads() == 1, "no flapping between the two thresholds"
    share.update(1.0, machine_ticks=int(1.05 * ticks_per_s), own_ticks=int(1.0 * ticks_per_s))
    assert share.threads() == 2
    share.close()


def test_own_work_does_not_count_as_other_programs(tmp_path):
    share = _share(tmp_path)
    ticks_per_s = 1 / share._tick_s
    share.update(1.0, machine_ticks=int(2.0 * ticks_per_s), own_ticks=int(2.0 * ticks_per_s))
    assert share.threads() == 2
    share.close()


def test_without_proc_every_core_is_used(tmp_path):
    share = CpuShare(4, proc=tmp_path / "missing")
    assert share.threads() == 4 and share._thread is None
