"""Loan requests remember which messages went (ready, due, overdue) and why staff
raised a request's priority.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

MESSAGE_COLUMNS = ("ready_told_at", "due_reminder_at", "overdue_told_at", "overdue_again_at")


def upgrade() -> None:
    with op.batch_alter_table("loan_requests") as batch_op:
        batch_op.add_column(sa.Column("priority_reason", sa.String(length=30), nullable=True))
        for column in MESSAGE_COLUMNS:
            batch_op.add_column(sa.Column(column, sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("loan_requests") as batch_op:
        for column in reversed(MESSAGE_COLUMNS):
            batch_op.drop_column(column)
        batch_op.drop_column("priority_reason")
