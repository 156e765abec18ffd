"""messages: an index on (status, created_at) and one on reply_to_id (session 20, an attacker's trial)

The sweeps the scheduler runs every tick (``recovery.sweep_unsent_responses``: answers still ``in_response``;
``recovery.sweep_orphans``: messages still ``received``) and the mark every WhatsApp answer writes when its TwiML
leaves (``recovery.mark_handed_over``: ``status = 'in_response'`` for one message's answers) read a handful of rows
by their status, and had no index to find them: each was a full scan of ``messages``, the largest table, once a
tick and once per WhatsApp message. ``reply_to_id`` (a message's answers: the redelivery path, the retention job's
unlinking, and PostgreSQL's foreign-key check when an old message is deleted) had none either.

Revision ID: 0019
Revises: 0018
"""
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_messages_status_created", "messages", ["status", "created_at"])
    op.create_index("ix_messages_reply_to", "messages", ["reply_to_id"])


def downgrade() -> None:
    op.drop_index("ix_messages_reply_to", table_name="messages")
    op.drop_index("ix_messages_status_created", table_name="messages")
