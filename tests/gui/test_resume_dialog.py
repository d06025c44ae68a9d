from interview_voice.ui.resume_dialog import ResumeDialog


def test_pasted_text_is_saved_and_comes_back_next_time(qtbot, tmp_path):
    dialog = ResumeDialog(tmp_path)
    qtbot.addWidget(dialog)
    dialog.editors["resume"].setPlainText("Built a churn model with XGBoost.")
    dialog.editors["job"].setPlainText("We use Spark.")
    dialog.accept()
    assert (tmp_path / "resume.txt").read_text() == "Built a churn model with XGBoost."
    again = ResumeDialog(tmp_path)
    qtbot.addWidget(again)
    assert again.text("resume") == "Built a churn model with XGBoost."
    assert again.text("job") == "We use Spark."
