import pytest

from interview_voice.app import load_kit, read_text_document
from interview_voice.core.resume import load_technologies, project_sentences, resume_questions
from interview_voice.paths import AppPaths, resource_dir

TECH = load_technologies(resource_dir("assets") / "technologies.txt")
RESUME = """Jane Doe, ML Engineer
- Built a fraud detection model with XGBoost that reduced chargebacks by 23% across 4 markets.
- Deployed real-time scoring on Kubernetes with FastAPI.
- Attended many meetings.
Skills: Python, SQL, PyTorch, Spark, Docker
"""
JOB = "We use PyTorch, Spark and Kafka. MLflow is a plus."


def test_project_sentences_need_an_action_and_put_measured_results_first():
    found = project_sentences(RESUME)
    assert found[0].startswith("Built a fraud detection model with XGBoost that reduced chargebacks by 23%")
    assert "Deployed real-time scoring on Kubernetes with FastAPI" in found
    assert not any("meetings" in s for s in found)


def test_questions_cover_projects_shared_technologies_and_a_gap_from_the_job():
    questions = resume_questions(RESUME, JOB, TECH)
    texts = [q.text for q in questions]
    assert any("fraud detection model" in t for t in texts)
    assert any(t.startswith("You mention PyTorch") for t in texts)
    assert any(t.startswith("This role uses Kafka") for t in texts)
    assert all(q.stages == ("project_deep_dive",) and 3 <= len(q.rubric) <= 6 for q in questions)
    assert len({q.id for q in questions}) == len(questions)


def test_technology_names_match_whole_words_only():
    assert not any(t.name == "SQL" for t in TECH if t.found_in("I know PostgreSQLite internals"))
    assert any(t.name == "scikit-learn" for t in TECH if t.found_in("sklearn pipelines"))


def test_the_deep_dive_asks_about_the_resume_first(tmp_path):
    kit = load_kit(AppPaths(tmp_path / "d", tmp_path / "m", tmp_path / "c"), "project-deep-dive")
    interview = kit.new_interview(level="mid", seed=1, resume=RESUME, job=JOB)
    assert interview.questions[0].id.startswith("resume-")
    assert len(interview.questions) == kit.plan.question_count
    plain = kit.new_interview(level="mid", seed=1)
    assert plain.questions[0].id == "dd-project-overview"


def test_documents_that_are_not_text_get_a_clear_message(tmp_path):
    (tmp_path / "cv.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "cv.txt").write_bytes(b"\xff\xfe\x00binary")
    (tmp_path / "empty.txt").write_text("  ")
    with pytest.raises(ValueError, match="damaged or is not a PDF"):
        read_text_document(tmp_path / "cv.pdf")
    with pytest.raises(ValueError, match="not a text file"):
        read_text_document(tmp_path / "cv.txt")
    with pytest.raises(ValueError, match="is empty"):
        read_text_document(tmp_path / "empty.txt")
    with pytest.raises(ValueError, match="cannot read"):
        read_text_document(tmp_path / "missing.txt")
