"""Session events (cut-ins, barge-ins, errors, recovery), the candidate's level, and a notice.

Revision ID: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("session_id", sa.String(36), sa.ForeignKey("sessions.id", ondelete="CASCADE"), index=True),
        sa.Column("type", sa.String(30), nullable=False),
        sa.Column("at_ms", sa.Float, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
    )
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("level", sa.String(20), nullable=False, server_default=""))
        batch.add_column(sa.Column("notice", sa.Text, nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("notice")
        batch.drop_column("level")
    op.drop_table("events")
