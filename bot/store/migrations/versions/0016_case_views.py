"""case views: an officer's latest opening of a case, for the queue's unread dot (issue 15, trial 2 item 3)

Revision ID: 0016
Revises: 0015
"""
from alembic import op
import sqlalchemy as sa

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_views",
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), primary_key=True),
        sa.Column("actor", sa.String(64), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.execute("INSERT INTO case_views (case_id, actor, at) SELECT case_id, actor, MAX(at) FROM audit_events "
               "WHERE action = 'viewed' AND case_id IS NOT NULL GROUP BY case_id, actor")


def downgrade() -> None:
    op.drop_table("case_views")
