"""The feedback service on the store and the question bank, and a stored session's feedback brought up to date.

Used by `sessions report` (commands/session_report.py) and by anything else that reports on a stored
session outside the window; the window builds its service on the plan it loaded (ui/model_loader.py).
`note_wording` is how the window, `simulate` and `feedback` get the model's wording of the notes.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from interview_voice.app import plan_folders
from interview_voice.core.bank import Question, load_bank
from interview_voice.core.feedback import FEEDBACK_VERSION
from interview_voice.core.feedback.rewording import load_reword_prompts
from interview_voice.engines.base import LanguageModel
from interview_voice.paths import AppPaths, resource_dir
from interview_voice.runtime.feedback_service import FeedbackService, plan_stage
from interview_voice.runtime.note_wording import Wording
from interview_voice.storage.views import FINISHED_STATUSES, SessionView

log = logging.getLogger(__name__)


def note_wording(llm: LanguageModel) -> Wording | None:
    """The interviewer model words the notes; without its prompt file the notes keep the code's wording
    (None, logged: every path then shows the template notes, as without --word-feedback)."""
    try:
        return Wording(llm, load_reword_prompts(resource_dir("prompts") / "feedback.toml"))
    except (OSError, KeyError, ValueError) as exc:
        log.warning("feedback notes keep their template wording: %s", exc)
        return None


def bank_questions(paths: AppPaths) -> dict:
    return load_bank([resource_dir("assets") / "questions", paths.data_dir / "questions"]).questions


def feedback_service(
    store, paths: AppPaths, wording=None, questions: Mapping[str, Question] | None = None
) -> FeedbackService:
    """The service on the bank's questions (or the ones given, already loaded), with each plan's stage."""
    folders = plan_folders(paths)
    return FeedbackService(
        store,
        bank_questions(paths) if questions is None else questions,
        stage_of=lambda plan: plan_stage(folders, plan),
        wording=wording,
    )


def with_current_feedback(store, service: FeedbackService, session: SessionView) -> SessionView:
    """The session, its feedback computed first when missing or made by an older method."""
    if session.status in FINISHED_STATUSES and (session.feedback or {}).get("feedback_version", 0) < FEEDBACK_VERSION:
        service.metrics(session.id)
        session = store.get(session.id) or session  # deleted meanwhile: reported as it was read
    return session
