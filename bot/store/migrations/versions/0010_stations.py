"""several police stations on one deployment: stations of contacts and cases, the sender of outbox rows,
officers' stations

Revision ID: 0010
Revises: 0009
"""
from alembic import op
import sqlalchemy as sa

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("contacts") as batch:
        batch.add_column(sa.Column("station", sa.String(32), nullable=True))
        batch.add_column(sa.Column("via", sa.String(64), nullable=True))
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("station", sa.String(32), nullable=True))
        batch.add_column(sa.Column("station_source", sa.String(16), nullable=True))
    op.create_index("ix_cases_station", "cases", ["station"])
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("sender", sa.String(64), nullable=True))
    if op.get_bind().dialect.name != "sqlite":  # SQLite keeps any length (and would rebuild the table)
        op.alter_column("officers", "role", existing_type=sa.String(16), type_=sa.String(20), existing_nullable=False)
    op.create_table(
        "officer_stations",
        sa.Column("officer_id", sa.Integer(), sa.ForeignKey("officers.id"), primary_key=True),
        sa.Column("station", sa.String(32), primary_key=True),
    )


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite 3.35+ has it): a batch rebuild of contacts or cases would drop a table that other
    # tables' foreign keys point at.
    op.drop_table("officer_stations")
    if op.get_bind().dialect.name != "sqlite":
        op.alter_column("officers", "role", existing_type=sa.String(20), type_=sa.String(16), existing_nullable=False)
    op.drop_column("outbox", "sender")
    op.drop_index("ix_cases_station", table_name="cases")
    op.drop_column("cases", "station_source")
    op.drop_column("cases", "station")
    op.drop_column("contacts", "via")
    op.drop_column("contacts", "station")
