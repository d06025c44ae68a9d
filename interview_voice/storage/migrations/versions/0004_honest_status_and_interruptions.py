"""Labels that say what happened, for sessions stored before: an interview the candidate ended is
'ended_early' (it was stored 'completed' with the notice saying so), an answer ended with the I'm done
key is not interrupted, and an interviewer line the candidate spoke over is.

Revision ID: 0004
"""

from alembic import op

revision = "0004"
down_revision = "0003"

ENDED_EARLY = "You ended this interview early."  # runtime/session_service.py's notice, as stored


def upgrade() -> None:
    op.execute(f"UPDATE sessions SET status = 'ended_early' WHERE status = 'completed' AND notice = '{ENDED_EARLY}'")
    op.execute("UPDATE turns SET interrupted = 0 WHERE speaker = 'candidate' AND end_reason = 'user'")
    op.execute(
        "UPDATE turns SET interrupted = 1 WHERE speaker = 'interviewer' AND end_reason IN ('barge_in', 'yielded')"
    )


def downgrade() -> None:
    # The status goes back to what older versions know; the turns' corrected flags stay correct.
    op.execute("UPDATE sessions SET status = 'completed' WHERE status = 'ended_early'")
