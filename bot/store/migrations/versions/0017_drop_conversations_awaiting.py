"""conversations.awaiting dropped: what a conversation waits for is pending["wait"] (bot/conversation/states.py, issue 13)

A row the version before bot/conversation/states.py stored with ``awaiting`` set (a resident in the middle of a question when
the upgrade runs) has its wait moved to ``pending["wait"]`` here, as ``states.migrate`` did on read; loose
``pending`` fields of that version are still moved on read. The downgrade puts the wait back in the column.

Revision ID: 0017
Revises: 0016
"""
from alembic import op
import sqlalchemy as sa

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

WAIT = "wait"  # bot/conversation/states.py WAIT, written out: a migration does not follow the code's later changes


def _conversations(with_awaiting: bool) -> sa.Table:
    columns = [sa.column("id", sa.Integer), sa.column("pending", sa.JSON)]
    return sa.table("conversations", *columns, *([sa.column("awaiting", sa.String)] if with_awaiting else []))


def upgrade() -> None:
    conversations = _conversations(with_awaiting=True)
    bind = op.get_bind()
    rows = bind.execute(sa.select(conversations.c.id, conversations.c.awaiting, conversations.c.pending)
                        .where(conversations.c.awaiting.isnot(None))).all()
    for row_id, awaiting, pending in rows:
        bind.execute(conversations.update().where(conversations.c.id == row_id)
                     .values(pending={**(pending or {}), WAIT: awaiting}))
    with op.batch_alter_table("conversations") as batch:
        batch.drop_column("awaiting")


def downgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(sa.Column("awaiting", sa.String(length=32), nullable=True))
    conversations = _conversations(with_awaiting=True)
    bind = op.get_bind()
    for row_id, pending in bind.execute(sa.select(conversations.c.id, conversations.c.pending)).all():
        if pending and WAIT in pending:
            rest = {key: value for key, value in pending.items() if key != WAIT}
            bind.execute(conversations.update().where(conversations.c.id == row_id)
                         .values(awaiting=pending[WAIT], pending=rest))
