"""WhatsApp interactive messages: Content API SIDs per question and language

Revision ID: 0009
Revises: 0008
"""
from alembic import op
import sqlalchemy as sa

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "whatsapp_content",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("question", sa.String(120), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("text_hash", sa.String(64), nullable=False),
        sa.Column("content_sid", sa.String(34), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("question", "language", name="uq_whatsapp_content_question"),
    )


def downgrade() -> None:
    op.drop_table("whatsapp_content")
