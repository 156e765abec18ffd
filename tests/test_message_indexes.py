"""The sweeps the scheduler runs every tick, and the mark every WhatsApp answer writes when its TwiML leaves, find
their few rows of ``messages`` by an index (migration 0019), not by reading the whole table: on SQLite and on
PostgreSQL, asked with EXPLAIN about the very statements the sweep runs, on a table of thousands of answered
messages and a few still waiting."""
from __future__ import annotations

from datetime import timedelta

from alembic import command
from sqlalchemy import event, inspect, select, text

from bot.channels import recovery
from bot.conversation.engine import IN_RESPONSE
from bot.store.db import alembic_config, upgrade
from bot.store.models.base import utcnow
from bot.store.models.residents import Contact, Message
from conftest import Resident

ANSWERED = 4000


def _fill(engine) -> int:
    """A contact with ``ANSWERED`` old answered messages and one old answer still IN_RESPONSE; its message id."""
    Resident(engine, sender="+919800000011").send("hello")
    db = engine.Session.kw["bind"]
    old = utcnow() - timedelta(hours=1)
    with engine.Session.begin() as session:
        contact = session.scalar(select(Contact.id).where(Contact.sender == "+919800000011"))
        session.execute(Message.__table__.insert(), [
            {"contact_id": contact, "channel": "whatsapp", "direction": "out", "author": "bot", "text": f"answer {n}",
             "media": {}, "status": "replied", "created_at": old} for n in range(ANSWERED)])
        inbound = session.scalar(select(Message.id).where(Message.contact_id == contact, Message.direction == "in"))
        session.add(Message(contact_id=contact, channel="whatsapp", direction="out", author="bot", reply_to_id=inbound,
                            text="call 1930 now", status=IN_RESPONSE, created_at=old))
    if db.dialect.name == "postgresql":  # autovacuum's statistics (the helpline never runs ANALYZE on SQLite)
        with db.begin() as connection:
            connection.execute(text("ANALYZE messages"))
    return inbound


def _statements_of(engine, run) -> list[tuple[str, object]]:
    db, seen = engine.Session.kw["bind"], []

    def record(conn, cursor, statement, parameters, context, executemany):
        if "messages" in statement and statement.lstrip().upper().startswith(("SELECT", "UPDATE")):
            seen.append((statement, parameters))

    event.listen(db, "before_cursor_execute", record)
    try:
        run()
    finally:
        event.remove(db, "before_cursor_execute", record)
    return seen


def _plan(engine, statement: str, parameters) -> str:
    db = engine.Session.kw["bind"]
    explain = "EXPLAIN QUERY PLAN " if db.dialect.name == "sqlite" else "EXPLAIN "
    with db.connect() as connection:
        cursor = connection.connection.cursor()
        cursor.execute(explain + statement, parameters)
        plan = "\n".join(" ".join(str(part) for part in row) for row in cursor.fetchall())
        connection.rollback()
    return plan


def test_the_unsent_answer_sweep_finds_its_rows_by_the_status_index(engine):
    _fill(engine)
    statements = _statements_of(engine, lambda: recovery.sweep_unsent_responses(engine, utcnow()))
    sweep = [s for s in statements if "in_response" in str(s[1]) or "GROUP BY" in s[0]]
    assert sweep, statements
    plan = _plan(engine, *sweep[0])
    assert "ix_messages_status_created" in plan, plan
    with engine.Session() as session:  # and the sweep did its work: the waiting answer is queued and marked
        assert session.scalar(select(Message.status).where(Message.text == "call 1930 now")) == "replied"


def test_the_twiml_mark_and_the_orphan_sweep_use_an_index(engine):
    inbound = _fill(engine)

    def mark():
        with engine.Session.begin() as session:
            recovery.mark_handed_over(session, inbound)

    mark_sql = [s for s in _statements_of(engine, mark) if s[0].lstrip().upper().startswith("UPDATE")]
    plan = _plan(engine, *mark_sql[0])
    assert "ix_messages_status_created" in plan or "ix_messages_reply_to" in plan, plan
    orphans = _statements_of(engine, lambda: recovery.sweep_orphans(engine, utcnow()))
    assert "ix_messages_status_created" in _plan(engine, *orphans[0]), orphans[0]


def test_migration_0019_adds_and_removes_the_indexes(engine):
    db = engine.Session.kw["bind"]

    def indexes() -> set[str]:
        with db.connect() as connection:
            return {index["name"] for index in inspect(connection).get_indexes("messages")}

    assert {"ix_messages_status_created", "ix_messages_reply_to"} <= indexes()
    cfg = alembic_config(db)
    try:
        with db.begin() as connection:
            cfg.attributes["connection"] = connection
            command.downgrade(cfg, "0018")
        assert not {"ix_messages_status_created", "ix_messages_reply_to"} & indexes()
    finally:
        upgrade(db)
    assert {"ix_messages_status_created", "ix_messages_reply_to"} <= indexes()
