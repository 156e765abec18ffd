"""outbox.not_found_at: a timed-out WhatsApp send Twilio's early look-up did not find (F6, session 20)

A WhatsApp send that timed out held every later message to that chat for ``confirm_minutes`` (10) before Twilio was
asked whether it had it. It is now looked up ``lookup_seconds`` (20) after: found, it is sent and the chat goes on;
not found, the row keeps ``not_found_at`` and the chat's later messages stop waiting for it, while the row itself is
looked up once more after ``confirm_minutes`` and sent again only if Twilio still does not have it.

Revision ID: 0020
Revises: 0019
"""
from alembic import op
import sqlalchemy as sa

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("not_found_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("not_found_at")
