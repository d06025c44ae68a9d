import os
import sys
import threading

import pytest

from interview_voice.runtime.priority import background_niceness, run_in_background


@pytest.mark.skipif(sys.platform != "linux", reason="niceness is per thread on Linux only")
def test_background_work_runs_at_a_lower_priority_and_so_do_the_threads_it_starts():
    seen = {}

    def niceness() -> int:
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    def background() -> None:
        run_in_background()
        seen["worker"] = niceness()
        helper = threading.Thread(target=lambda: seen.update(helper=niceness()))  # like a model's thread pool
        helper.start()
        helper.join()

    before = niceness()
    worker = threading.Thread(target=background)
    worker.start()
    worker.join()
    lowered = background_niceness(before)
    assert lowered > before or before == 19  # nothing is lower than 19
    assert seen == {"worker": lowered, "helper": lowered}
    assert niceness() == before  # the conversation's own threads keep theirs


def test_the_background_is_lowered_from_where_the_app_runs_never_raised():
    assert background_niceness(0) == 10
    assert background_niceness(5) == 15  # the app started with `nice -n 5`: background at 15, not 10
    assert background_niceness(15) == 19
    assert background_niceness(19) == 19
