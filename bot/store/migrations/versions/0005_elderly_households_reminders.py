"""elderly residents: households, simple mode, reminder subscriptions, beat-officer offers, campaigns

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_BIG = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("contacts") as batch:
        batch.add_column(sa.Column("simple_mode", sa.Boolean(), nullable=False, server_default=sa.false()))

    op.create_table(
        "households",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("contact_id", sa.Integer(), sa.ForeignKey("contacts.id"), nullable=False),
        sa.Column("resident_name", sa.String(120), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("sender", sa.String(64), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("senior", sa.Boolean(), nullable=False),
        sa.Column("address", sa.String(300), nullable=False),
        sa.Column("pin", sa.String(6), nullable=True),
        sa.Column("district", sa.String(64), nullable=True),
        sa.Column("station", sa.String(80), nullable=False),
        sa.Column("beat_officer_id", sa.Integer(), sa.ForeignKey("officers.id"), nullable=False),
        sa.Column("family_name", sa.String(120), nullable=True),
        sa.Column("family_relation", sa.String(40), nullable=True),
        sa.Column("family_channel", sa.String(16), nullable=True),
        sa.Column("family_sender", sa.String(64), nullable=True),
        sa.Column("family_consent", sa.Boolean(), nullable=False),
        sa.Column("reminders_consent", sa.Boolean(), nullable=False),
        sa.Column("consent_by", sa.String(64), nullable=False),
        sa.Column("consent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("registered_by", sa.String(64), nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("import_key", sa.String(160), nullable=True),
        sa.Column("welcome_outbox_id", _BIG, nullable=True),
        sa.UniqueConstraint("contact_id"),
        sa.UniqueConstraint("import_key"),
    )
    op.create_index("ix_households_beat_officer", "households", ["beat_officer_id"])
    op.create_index("ix_households_family", "households", ["family_channel", "family_sender"])
    op.create_index("ix_households_registered_at", "households", ["registered_at"])

    op.create_table(
        "reminder_subscriptions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("contact_id", sa.Integer(), sa.ForeignKey("contacts.id"), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("frequency", sa.String(8), nullable=False),
        sa.Column("consent_by", sa.String(64), nullable=False),
        sa.Column("consent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("stopped_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("next_due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_topics", sa.JSON(), nullable=False),
        sa.Column("rounds", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("contact_id"),
    )
    op.create_index("ix_reminder_subscriptions_due", "reminder_subscriptions", ["active", "next_due_at"])

    op.create_table(
        "case_offers",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("officer_id", sa.Integer(), sa.ForeignKey("officers.id"), nullable=False),
        sa.Column("household_id", sa.Integer(), sa.ForeignKey("households.id"), nullable=True),
        sa.Column("exclusive", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("offered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lapsed_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("case_id"),
    )

    op.create_table(
        "campaigns",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("title", sa.String(120), nullable=False),
        sa.Column("text", sa.JSON(), nullable=False),
        sa.Column("audience", sa.String(16), nullable=False),
        sa.Column("district", sa.String(64), nullable=True),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_by", sa.String(64), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("total", sa.Integer(), nullable=False),
    )
    op.create_table(
        "campaign_recipients",
        sa.Column("id", _BIG, primary_key=True),
        sa.Column("campaign_id", sa.Integer(), sa.ForeignKey("campaigns.id"), nullable=False),
        sa.Column("contact_id", sa.Integer(), sa.ForeignKey("contacts.id"), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("recipient", sa.String(64), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("outbox_id", _BIG, nullable=True),
        sa.Column("skipped", sa.String(32), nullable=True),
        sa.UniqueConstraint("campaign_id", "contact_id", name="uq_campaign_recipient"),
    )
    op.create_index("ix_campaign_recipients_waiting", "campaign_recipients", ["campaign_id", "outbox_id"])


def downgrade() -> None:
    op.drop_index("ix_campaign_recipients_waiting", table_name="campaign_recipients")
    op.drop_table("campaign_recipients")
    op.drop_table("campaigns")
    op.drop_table("case_offers")
    op.drop_index("ix_reminder_subscriptions_due", table_name="reminder_subscriptions")
    op.drop_table("reminder_subscriptions")
    op.drop_index("ix_households_registered_at", table_name="households")
    op.drop_index("ix_households_family", table_name="households")
    op.drop_index("ix_households_beat_officer", table_name="households")
    op.drop_table("households")
    with op.batch_alter_table("contacts") as batch:
        batch.drop_column("simple_mode")
