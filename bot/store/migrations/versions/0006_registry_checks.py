"""registry: a check is not a report (identifier_reports.kind: report or check)

Revision ID: 0006
Revises: 0005

Until now a resident who only checked a number in the suspicious-contact flow was recorded as a report of
it, so the next resident heard "reported 1 time(s)". Rows that came from suspicious-contact incidents
(every one of them was a check: the flow never asked whether the resident was targeted) become checks,
and each identifier's report_count and districts are recomputed from its reports alone.
"""
from alembic import op
import sqlalchemy as sa

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_reports = sa.table("identifier_reports", sa.column("identifier_id", sa.Integer), sa.column("incident_id", sa.Integer),
                    sa.column("district", sa.String), sa.column("kind", sa.String))
_incidents = sa.table("incidents", sa.column("id", sa.Integer), sa.column("category", sa.String))
_identifiers = sa.table("identifiers", sa.column("id", sa.Integer), sa.column("report_count", sa.Integer),
                        sa.column("districts", sa.JSON))


def _recount(bind, kinds: tuple[str, ...], ids: list[int]) -> None:
    """report_count and districts of ``ids`` from their rows of ``kinds``."""
    for identifier_id in ids:
        rows = _reports.c.identifier_id == identifier_id
        counted = rows & _reports.c.kind.in_(kinds)
        count = bind.execute(sa.select(sa.func.count()).select_from(_reports).where(counted)).scalar_one()
        districts = sorted(d for d in bind.execute(sa.select(_reports.c.district).where(counted).distinct()).scalars()
                           if d)
        bind.execute(_identifiers.update().where(_identifiers.c.id == identifier_id)
                     .values(report_count=count, districts=districts))


def upgrade() -> None:
    with op.batch_alter_table("identifier_reports") as batch:
        batch.add_column(sa.Column("kind", sa.String(8), nullable=False, server_default="report"))
    bind = op.get_bind()
    checks = _reports.c.incident_id.in_(sa.select(_incidents.c.id).where(_incidents.c.category == "suspicious_contact"))
    touched = sorted(set(bind.execute(sa.select(_reports.c.identifier_id).where(checks)).scalars()))
    bind.execute(_reports.update().where(checks).values(kind="check"))
    _recount(bind, ("report",), touched)


def downgrade() -> None:
    bind = op.get_bind()
    touched = sorted(set(bind.execute(sa.select(_reports.c.identifier_id).where(_reports.c.kind == "check")).scalars()))
    _recount(bind, ("report", "check"), touched)
    with op.batch_alter_table("identifier_reports") as batch:
        batch.drop_column("kind")
