from interview_voice.app import load_kit
from interview_voice.core.bank import load_bank
from interview_voice.paths import AppPaths, resource_dir

GOOD = '''
[[question]]
id = "ok-one"
text = "Why use a time-based split?"
stages = ["technical_screen"]
area = "evaluation"
levels = ["mid"]
probes = "validation design"
rubric = ["Mentions leakage", "Mentions drift over time", "Mentions how to pick the cut-off"]
rubric_terms = ["leak|future data", "drift|changes over time", "cut-off|cutoff; date|month"]
follow_ups = ["What leaks?", "Where would you cut?"]
time_budget_s = 90
'''


def test_bundled_bank_and_plans_validate():
    bank = load_bank([resource_dir("assets") / "questions"])
    assert bank.problems == []
    assert len(bank.questions) >= 4


def test_a_bad_question_is_reported_with_file_and_line_and_the_rest_loads(tmp_path):
    bad = GOOD.replace('id = "ok-one"', 'id = "bad-one"').replace("time_budget_s = 90", "time_budget_s = 5")
    (tmp_path / "mine.toml").write_text(GOOD + "\n" + bad)
    bank = load_bank([tmp_path])
    assert list(bank.questions) == ["ok-one"]
    [problem] = bank.problems
    assert str(problem).startswith(f"{tmp_path / 'mine.toml'}:16: question bad-one")
    assert "time_budget_s" in problem.message


def test_a_file_that_is_not_toml_is_reported_and_others_still_load(tmp_path):
    (tmp_path / "a.toml").write_text(GOOD)
    (tmp_path / "b.toml").write_text('[[question]]\nid = "x"\ntext = "unterminated\n')
    bank = load_bank([tmp_path])
    assert list(bank.questions) == ["ok-one"]
    assert bank.problems[0].where == f"{tmp_path / 'b.toml'}:3"


def test_user_bank_files_in_the_data_dir_are_loaded(tmp_path):
    paths = AppPaths(tmp_path / "data", tmp_path / "models", tmp_path / "config")
    (paths.data_dir / "questions").mkdir(parents=True)
    (paths.data_dir / "questions" / "company.toml").write_text(GOOD)
    kit = load_kit(paths, "first-interview")
    assert "ok-one" in kit.bank.questions
    assert kit.plan.question_ids == ("baseline-before-complexity", "eval-offline-online-gap")


def test_bundled_bank_covers_every_stage_area_level_and_domain():
    from collections import Counter

    from interview_voice.core.bank import AREAS, DOMAINS, LEVELS, STAGES

    bank = load_bank([resource_dir("assets") / "questions"])
    questions = list(bank.questions.values())
    assert len(questions) >= 150
    stages = Counter(s for q in questions for s in q.stages)
    assert all(stages[s] >= 10 for s in STAGES), stages
    assert {q.area for q in questions} == set(AREAS)
    assert all(sum(level in q.levels for q in questions) >= 30 for level in LEVELS)
    assert {d for q in questions for d in q.domains} == set(DOMAINS)
    assert sum(q.star for q in questions if "behavioural" in q.stages) >= 15
    for q in questions:
        assert q.text.endswith(("?", ".")), q.id
        assert all(f.endswith("?") for f in q.follow_ups), q.id


def test_rubric_and_follow_up_counts_are_enforced(tmp_path):
    too_many = GOOD.replace(
        'rubric = ["Mentions leakage", "Mentions drift over time", "Mentions how to pick the cut-off"]',
        'rubric = ["a", "b", "c", "d", "e", "f", "g"]',
    )
    (tmp_path / "q.toml").write_text(too_many)
    bank = load_bank([tmp_path])
    assert bank.questions == {}
    assert "rubric needs 3 to 6 entries, has 7" in bank.problems[0].message


def test_rubric_terms_are_required_one_per_point_and_parsed(tmp_path):
    terms = 'rubric_terms = ["leak|future data", "drift|changes over time", "cut-off|cutoff; date|month"]'
    cases = {
        "missing.toml": GOOD.replace(terms, ""),
        "short.toml": GOOD.replace(terms, 'rubric_terms = ["leak", "drift"]'),
        "empty.toml": GOOD.replace(terms, 'rubric_terms = ["leak", "drift|", "cutoff"]'),
    }
    for name, text in cases.items():
        (tmp_path / name).write_text(text.replace("ok-one", name.split(".")[0]))
    (tmp_path / "good.toml").write_text(GOOD)
    bank = load_bank([tmp_path])
    assert list(bank.questions) == ["ok-one"]
    messages = {p.where.split("/")[-1].split(":")[0]: p.message for p in bank.problems}
    assert "missing rubric_terms" in messages["missing.toml"]
    assert "one entry per rubric point (3), has 2" in messages["short.toml"]
    assert "rubric_terms entry 2" in messages["empty.toml"] and "empty" in messages["empty.toml"]
    [leak, drift, cutoff] = bank.get("ok-one").terms
    assert leak == ((("leak",), ("future", "data")),)  # one concept, two alternatives
    assert len(cutoff) == 2  # two concepts: the cut-off, and its date


def test_every_bundled_rubric_point_has_terms():
    bank = load_bank([resource_dir("assets") / "questions"])
    for q in bank.questions.values():
        assert len(q.terms) == len(q.rubric) and all(q.terms), q.id
