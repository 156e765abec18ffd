"""officers' console (issue 15, part a): a case's waiting episode (a reopened or returned case is alerted again),
officers' last sign of life on the console (on-call escalation when nobody is watching)

Revision ID: 0012
Revises: 0010
"""
from alembic import op
import sqlalchemy as sa

revision = "0012"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (no batch rebuild of cases: other tables' foreign keys point at it).
    op.add_column("cases", sa.Column("episode", sa.Integer(), nullable=False, server_default="0"))
    op.add_column("officers", sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.drop_column("officers", "last_seen_at")
    op.drop_column("cases", "episode")
