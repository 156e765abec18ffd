"""officers' access: two-factor login (TOTP secret, hashed recovery codes, the last time-step used) and the
women-officers mark need-to-know uses; an index for the audit log's filters

Revision ID: 0014
Revises: 0013
"""
from alembic import op
import sqlalchemy as sa

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("officers") as batch:
        batch.add_column(sa.Column("totp_secret", sa.String(64), nullable=True))
        batch.add_column(sa.Column("totp_last_step", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("totp_recovery", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("woman", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_index("ix_audit_events_actor_id", "audit_events", ["actor", "id"])


def downgrade() -> None:
    op.drop_index("ix_audit_events_actor_id", table_name="audit_events")
    op.drop_column("officers", "woman")
    op.drop_column("officers", "totp_recovery")
    op.drop_column("officers", "totp_last_step")
    op.drop_column("officers", "totp_secret")
