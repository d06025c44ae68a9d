import os
import sys
import threading

import pytest

from interview_voice.runtime.priority import BACKGROUND_NICENESS, run_in_background


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
    assert seen == {"worker": before + BACKGROUND_NICENESS, "helper": before + BACKGROUND_NICENESS}
    assert niceness() == before  # the conversation's own threads keep theirs
