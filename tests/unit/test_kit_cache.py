import threading

import pytest

from interview_voice.core.plan import PlanError
from interview_voice.ui.kit_cache import KitCache


class Loader:
    def __init__(self) -> None:
        self.reads: list[str] = []

    def __call__(self, plan: str):
        self.reads.append(plan)
        if plan == "broken":
            raise PlanError("the plan broken names no questions")
        return (plan, len(self.reads))  # a different kit each read


def test_a_preloaded_kit_is_used_once_then_read_fresh():
    load = Loader()
    kits = KitCache(load)
    assert kits.preload("short") is None
    first = kits.take("short")
    assert first == ("short", 1)
    assert kits.take("short") == ("short", 2)  # not kept: the user may have edited the plan meanwhile
    assert kits.preload("short") is None and kits.preload("short") is None
    assert load.reads == ["short"] * 3  # the second read-ahead kept the first
    kits.preload("short", fresh=True)
    assert kits.get("short") == ("short", 4) and kits.get("short") == ("short", 4)  # get keeps it


def test_a_plan_that_cannot_be_read_gives_its_message():
    kits = KitCache(Loader())
    assert kits.preload("broken") == "the plan broken names no questions"
    with pytest.raises(PlanError):
        kits.take("broken")


def test_kits_preloaded_on_several_threads_at_once_all_arrive():
    kits = KitCache(Loader())
    threads = [threading.Thread(target=kits.preload, args=(f"plan-{i}",)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(kits.peek(f"plan-{i}") is not None for i in range(20))
