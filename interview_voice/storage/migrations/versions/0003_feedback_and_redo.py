"""Feedback on each answer (turns.feedback) and answers done again (a session linked to the first attempt).

Revision ID: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    with op.batch_alter_table("turns") as batch:
        batch.add_column(sa.Column("feedback", sa.JSON, nullable=False, server_default="{}"))
    with op.batch_alter_table("sessions") as batch:
        # A redo is a one-question session; these name the answer it is another attempt at.
        batch.add_column(sa.Column("redo_of_session", sa.String(36), nullable=True))
        batch.add_column(sa.Column("redo_of_turn", sa.Integer, nullable=True))
        batch.create_index("ix_sessions_redo_of_session", ["redo_of_session"])


def downgrade() -> None:
    with op.batch_alter_table("sessions") as batch:
        batch.drop_index("ix_sessions_redo_of_session")
        batch.drop_column("redo_of_turn")
        batch.drop_column("redo_of_session")
    with op.batch_alter_table("turns") as batch:
        batch.drop_column("feedback")
