"""scam-identifier registry

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 06:00:00

Tables identifiers, identifier_reports, identifier_links, identifier_status_events, identifier_imports,
identifier_sources (bot/store/models/, bot/registry/records.py).

"Contains" search on identifiers.value is indexed on both databases:
- PostgreSQL: a pg_trgm GIN index (ix_identifiers_value_trgm). When the extension cannot be created
  (no privilege), the index is a plain B-tree of the same name and search falls back to a scan.
- SQLite: a plain index of that name, and an FTS5 table with the trigram tokenizer
  (identifiers_fts, external content = identifiers, kept in step by triggers). Without FTS5 in the
  SQLite library the table is skipped and search falls back to a scan.
"""
import logging

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")

SQLITE_FTS = [
    "CREATE VIRTUAL TABLE identifiers_fts USING fts5(value, content='identifiers', content_rowid='id', "
    "tokenize='trigram')",
    "CREATE TRIGGER identifiers_fts_insert AFTER INSERT ON identifiers BEGIN "
    "INSERT INTO identifiers_fts(rowid, value) VALUES (new.id, new.value); END",
    "CREATE TRIGGER identifiers_fts_delete AFTER DELETE ON identifiers BEGIN "
    "INSERT INTO identifiers_fts(identifiers_fts, rowid, value) VALUES ('delete', old.id, old.value); END",
    "CREATE TRIGGER identifiers_fts_update AFTER UPDATE OF value ON identifiers BEGIN "
    "INSERT INTO identifiers_fts(identifiers_fts, rowid, value) VALUES ('delete', old.id, old.value); "
    "INSERT INTO identifiers_fts(rowid, value) VALUES (new.id, new.value); END",
]


def upgrade() -> None:
    op.create_table('identifiers',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('value', sa.String(length=512), nullable=False),
    sa.Column('first_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('report_count', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('status_detail', sa.JSON(), nullable=False),
    sa.Column('status_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('districts', sa.JSON(), nullable=False),
    sa.Column('source', sa.String(length=140), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('kind', 'value', name='uq_identifier_kind_value')
    )
    with op.batch_alter_table('identifiers', schema=None) as batch_op:
        batch_op.create_index('ix_identifiers_last_seen', ['last_seen_at'], unique=False)
        batch_op.create_index('ix_identifiers_report_count', ['report_count', 'last_seen_at'], unique=False)
        batch_op.create_index('ix_identifiers_status', ['status', 'report_count'], unique=False)

    op.create_table('identifier_imports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('source', sa.String(length=120), nullable=True),
    sa.Column('rows', sa.Integer(), nullable=False),
    sa.Column('new', sa.Integer(), nullable=False),
    sa.Column('matched', sa.Integer(), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('sha256')
    )
    op.create_table('identifier_reports',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('identifier_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('incident_id', sa.Integer(), nullable=False),
    sa.Column('seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('district', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['identifier_id'], ['identifiers.id'], ),
    sa.ForeignKeyConstraint(['incident_id'], ['incidents.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('identifier_id', 'incident_id', name='uq_identifier_report')
    )
    with op.batch_alter_table('identifier_reports', schema=None) as batch_op:
        batch_op.create_index('ix_identifier_reports_incident', ['incident_id'], unique=False)
        batch_op.create_index('ix_identifier_reports_seen_at', ['seen_at'], unique=False)

    op.create_table('identifier_links',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('a_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('b_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('reason', sa.String(length=16), nullable=False),
    sa.Column('incident_id', sa.Integer(), nullable=True),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('a_id < b_id', name='ck_identifier_link_order'),
    sa.ForeignKeyConstraint(['a_id'], ['identifiers.id'], ),
    sa.ForeignKeyConstraint(['b_id'], ['identifiers.id'], ),
    sa.ForeignKeyConstraint(['incident_id'], ['incidents.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('a_id', 'b_id', name='uq_identifier_link')
    )
    with op.batch_alter_table('identifier_links', schema=None) as batch_op:
        batch_op.create_index('ix_identifier_links_b', ['b_id'], unique=False)

    op.create_table('identifier_status_events',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('identifier_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('from_status', sa.String(length=20), nullable=True),
    sa.Column('to_status', sa.String(length=20), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['identifier_id'], ['identifiers.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('identifier_status_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_identifier_status_events_identifier_id'), ['identifier_id'], unique=False)

    op.create_table('identifier_sources',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('identifier_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('source', sa.String(length=120), nullable=False),
    sa.Column('report_count', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('status_detail', sa.JSON(), nullable=False),
    sa.Column('first_seen_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('districts', sa.JSON(), nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['identifier_id'], ['identifiers.id'], ),
    sa.ForeignKeyConstraint(['import_id'], ['identifier_imports.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('identifier_id', 'source', name='uq_identifier_source')
    )

    _value_search_index()


def _value_search_index() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        try:
            with bind.begin_nested():
                bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            trigram = True
        except sa.exc.DBAPIError as exc:  # no privilege, or the extension is not installed
            log.warning("pg_trgm unavailable (%s); identifier search will scan", exc.orig)
            trigram = False
        if trigram:
            bind.exec_driver_sql(
                "CREATE INDEX ix_identifiers_value_trgm ON identifiers USING gin (value gin_trgm_ops)")
        else:
            op.create_index('ix_identifiers_value_trgm', 'identifiers', ['value'], unique=False)
        return
    op.create_index('ix_identifiers_value_trgm', 'identifiers', ['value'], unique=False)
    if bind.dialect.name == "sqlite":
        try:
            with bind.begin_nested():
                for statement in SQLITE_FTS:
                    bind.exec_driver_sql(statement)
        except sa.exc.OperationalError as exc:  # an SQLite built without FTS5 or the trigram tokenizer
            log.warning("SQLite FTS5 trigram unavailable (%s); identifier search will scan", exc.orig)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for name in ("identifiers_fts_update", "identifiers_fts_delete", "identifiers_fts_insert"):
            bind.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
        bind.exec_driver_sql("DROP TABLE IF EXISTS identifiers_fts")
    op.drop_index('ix_identifiers_value_trgm', table_name='identifiers')
    op.drop_table('identifier_sources')
    with op.batch_alter_table('identifier_status_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_identifier_status_events_identifier_id'))

    op.drop_table('identifier_status_events')
    with op.batch_alter_table('identifier_links', schema=None) as batch_op:
        batch_op.drop_index('ix_identifier_links_b')

    op.drop_table('identifier_links')
    with op.batch_alter_table('identifier_reports', schema=None) as batch_op:
        batch_op.drop_index('ix_identifier_reports_seen_at')
        batch_op.drop_index('ix_identifier_reports_incident')

    op.drop_table('identifier_reports')
    op.drop_table('identifier_imports')
    with op.batch_alter_table('identifiers', schema=None) as batch_op:
        batch_op.drop_index('ix_identifiers_status')
        batch_op.drop_index('ix_identifiers_report_count')
        batch_op.drop_index('ix_identifiers_last_seen')

    op.drop_table('identifiers')
