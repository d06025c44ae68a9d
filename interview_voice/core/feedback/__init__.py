"""Feedback on answers and sessions, computed by code (the model may only reword it).

See answer.py for one answer and session.py for a whole session; the JSON shape
is documented in the README (report.json, schema version 2).
"""

from interview_voice.core.feedback.answer import FEEDBACK_VERSION, AnswerFeedback, answer_feedback, bundled_technologies
from interview_voice.core.feedback.session import SessionFeedback, session_feedback
from interview_voice.core.feedback.specifics import Technologies, load_technologies

__all__ = [
    "FEEDBACK_VERSION",
    "AnswerFeedback",
    "answer_feedback",
    "bundled_technologies",
    "SessionFeedback",
    "session_feedback",
    "Technologies",
    "load_technologies",
]
