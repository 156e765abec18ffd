"""officers, the append-only audit log, SLA alert claims

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_NO_EDIT = "audit_events is append-only"


def upgrade() -> None:
    op.rename_table("case_events", "audit_events")
    with op.batch_alter_table("audit_events") as batch:
        batch.alter_column("case_id", existing_type=sa.Integer(), nullable=True)
        batch.drop_index("ix_case_events_case_id")
        batch.create_index("ix_audit_events_case_id", ["case_id"])
        batch.create_index("ix_audit_events_at", ["at"])

    op.create_table(
        "officers",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("username", sa.String(64), nullable=False, unique=True),
        sa.Column("display_name", sa.String(80), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "sla_alerts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("case_id", "kind", name="uq_sla_alert_case_kind"),
    )
    op.create_index("ix_sla_alerts_case_id", "sla_alerts", ["case_id"])
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("outcome_detail", sa.JSON(), nullable=False, server_default="{}"))
        batch.add_column(sa.Column("officer_replied_at", sa.DateTime(timezone=True), nullable=True))

    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"""
            CREATE FUNCTION audit_events_no_edit() RETURNS trigger AS $$
            BEGIN RAISE EXCEPTION '{_NO_EDIT}'; END; $$ LANGUAGE plpgsql""")
        op.execute("""CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
                      FOR EACH ROW EXECUTE FUNCTION audit_events_no_edit()""")
        op.execute("""CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
                      FOR EACH STATEMENT EXECUTE FUNCTION audit_events_no_edit()""")
    else:
        for event in ("UPDATE", "DELETE"):
            op.execute(f"""CREATE TRIGGER audit_events_no_{event.lower()} BEFORE {event} ON audit_events
                           BEGIN SELECT RAISE(ABORT, '{_NO_EDIT}'); END""")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_update ON audit_events")
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events")
        op.execute("DROP FUNCTION IF EXISTS audit_events_no_edit()")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_delete")
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("officer_replied_at")
        batch.drop_column("outcome_detail")
    op.drop_table("sla_alerts")
    op.drop_table("officers")
    with op.batch_alter_table("audit_events") as batch:
        batch.drop_index("ix_audit_events_at")
        batch.drop_index("ix_audit_events_case_id")
        batch.create_index("ix_case_events_case_id", ["case_id"])
    op.rename_table("audit_events", "case_events")
