"""operations: legal hold and retention marks on cases, scheduler heartbeats

Revision ID: 0008
Revises: 0007
"""
from alembic import op
import sqlalchemy as sa

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("legal_hold", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("legal_hold_by", sa.String(64), nullable=True))
        batch.add_column(sa.Column("legal_hold_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "heartbeats",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False, server_default="{}"),
    )


def downgrade() -> None:
    op.drop_table("heartbeats")
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("erased_at")
        batch.drop_column("legal_hold_at")
        batch.drop_column("legal_hold_by")
        batch.drop_column("legal_hold")
