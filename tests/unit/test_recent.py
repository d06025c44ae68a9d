from interview_voice.storage.recent import KEEP_SESSIONS, RecentQuestions


def test_recent_sessions_questions_are_remembered(tmp_path):
    history = RecentQuestions(tmp_path / "recent.json")
    assert history.recent_ids() == frozenset()
    history.record("technical-screen", ["a", "b"])
    history.record("behavioural", ["c"])
    assert history.recent_ids() == {"a", "b", "c"}
    assert history.recent_ids(sessions=1) == {"c"}


def test_only_the_last_sessions_are_kept(tmp_path):
    history = RecentQuestions(tmp_path / "recent.json")
    for i in range(KEEP_SESSIONS + 3):
        history.record("p", [f"q{i}"])
    assert history.recent_ids(sessions=100) == {f"q{i}" for i in range(3, KEEP_SESSIONS + 3)}


def test_a_damaged_history_is_set_aside_not_fatal(tmp_path):
    path = tmp_path / "recent.json"
    path.write_text("{not json")
    history = RecentQuestions(path)
    assert history.recent_ids() == frozenset()
    assert (tmp_path / "recent.damaged").read_text() == "{not json"
    history.record("p", ["x"])
    assert history.recent_ids() == {"x"}
