"""One state machine (bot/conversation/states.py): every wait is declared, each module's data is typed under its own key, and a
conversation stored by the version before (the ``awaiting`` column, loose ``pending`` fields) is answered exactly
as before after deployment: the upgrade (migration 0017) moves its wait and drops the column, its loose fields are
read once and moved. SQLite and PostgreSQL."""
from __future__ import annotations

import json

import pytest
from alembic import command
from sqlalchemy import inspect, select, text

from bot.conversation import states
from bot.store.db import alembic_config, upgrade
from bot.store.models.residents import Contact, Conversation
from conftest import Resident

OLD_KEYS = {"kb_choice": ("topics",), "for_whom": ("households",), "clarify": ("intents", "text"), "simple": ("links",)}


def _conversation(session, sender: str) -> Conversation:
    return session.scalar(select(Conversation).join(Contact, Contact.id == Conversation.contact_id)
                          .where(Contact.sender == sender))


def _downgrade(db, revision: str) -> None:
    cfg = alembic_config(db)
    with db.begin() as connection:
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, revision)


def _store_as_before(engine, *senders: str) -> list[str | None]:
    """Store conversations the way the version before stored them, then deploy this one: the schema taken back to
    migration 0016 (the ``awaiting`` column), each row rewritten with its wait in ``awaiting`` and its data loose,
    then the upgrade every process runs at start (``bot.store.db.upgrade``). The waits as stored, one a sender."""
    db = engine.Session.kw["bind"]
    _downgrade(db, "0016")
    stored = []
    with db.begin() as connection:
        for sender in senders:
            row_id, awaiting, pending = connection.execute(text(
                "SELECT conversations.id, conversations.awaiting, conversations.pending FROM conversations JOIN "
                "contacts ON contacts.id = conversations.contact_id WHERE contacts.sender = :sender"),
                {"sender": sender}).one()  # the downgrade put the wait back in the column
            pending = dict(json.loads(pending) if isinstance(pending, str) else pending or {})
            assert states.WAIT not in pending
            for key, fields in OLD_KEYS.items():
                pending.update({name: value for name, value in (pending.pop(key, None) or {}).items() if name in fields})
            connection.execute(text("UPDATE conversations SET awaiting = :awaiting, pending = :pending WHERE id = :id"),
                               {"awaiting": awaiting, "pending": json.dumps(pending), "id": row_id})
            assert connection.execute(text("SELECT awaiting FROM conversations WHERE id = :id"),
                                      {"id": row_id}).scalar() == awaiting
            stored.append(awaiting)
    upgrade(db)
    with db.connect() as connection:  # the column is gone
        assert "awaiting" not in {column["name"] for column in inspect(connection).get_columns("conversations")}
    return stored


@pytest.mark.parametrize("first, answer, waiting", [
    (["Hello", "1", "4"], "1", "kb_choice"),  # "Did you mean": the first topic
    (["Hello", "1", "5"], "don't know", "status_ref"),  # the status question
    (["Hello", "report fraud"], "2", "clarify"),  # which report ("fraud" alone: the money report since session 5)
    (["Hello", "language"], "2", "language"),  # the language question
    (["Hello", "1"], "1", "menu"),  # a menu digit (after the language was chosen)
])
def test_a_conversation_stored_before_is_answered_as_a_new_one(engine, first, answer, waiting):
    new, old = Resident(engine, sender="+919800000001"), Resident(engine, sender="+919800000002")
    for text in first:
        new.send(text)
        old.send(text)
    assert _store_as_before(engine, old.sender) == [waiting]
    with engine.Session() as session:
        assert states.ConversationState(_conversation(session, old.sender)).waiting == waiting
    expected, got = new.send(answer), old.send(answer)
    assert got.texts == expected.texts and got.flow == expected.flow and got.intent == expected.intent
    with engine.Session() as session:  # moved once: the state machine holds it as it holds the new resident's
        before, after = _conversation(session, new.sender), _conversation(session, old.sender)
        assert after.pending == before.pending


def test_old_loose_fields_move_under_their_typed_keys():
    conv = Conversation(pending={"wait": "for_whom", "households": [7, 9], "links": ["https://cybercrime.gov.in"]})
    assert states.migrate(conv)
    state = states.ConversationState(conv)
    assert state.waiting == "for_whom"
    assert state.get(states.ForWhom) == states.ForWhom([7, 9])
    assert state.get(states.HiddenLinks).links == ["https://cybercrime.gov.in"]
    state.stop()  # the wait's own data goes with it; simple mode's links stay
    assert conv.pending == {"simple": {"links": ["https://cybercrime.gov.in"]}}
    assert not states.migrate(conv)  # idempotent


def test_every_wait_is_declared_with_what_it_accepts(engine):
    """The engine and the features (households, relatives) register their waits; each says what a resident may
    answer and, but the menu, has a named handler."""
    assert {"menu", "language", "status_ref", "kb_choice", "clarify", "welcome_reply", "for_whom"} <= set(states.WAITS)
    for wait in states.WAITS.values():
        assert wait.accepts and (wait.handler is not None or wait.stage == "menu")
    with pytest.raises(KeyError):
        states.ConversationState(Conversation(pending={})).wait("no_such_wait")


def test_for_whom_and_the_welcome_reply_stored_before_are_answered(engine):
    """The two waits the features register: a relative's "for whom?" and a senior's reply to the welcome, each
    stored the old way, are answered as the new version would."""
    from test_households import SON, add_officers, numbered, register
    add_officers(engine)
    senior = Resident(engine)  # wrote once before the visit
    senior.send("Hello")
    register(engine)
    son = Resident(engine, sender=SON, phone=SON)
    assert "1. For Kamala Devi" in son.send("someone called pretending to be from the bank and asked for the kyc").texts[-1]
    assert _store_as_before(engine, SON, senior.sender) == ["for_whom", "welcome_reply"]
    out = son.send("1")
    assert any("SI Meena" in t for t in out.texts) and out.flow is not None
    out = senior.send("1")
    assert "SI Meena" in out.texts[0] and numbered(out.texts[-1]) == 4  # thanked, then the simple menu
    assert out.flow is None and out.case is None  # "1" was no money-fraud report


def test_the_features_plug_in_and_call_no_private_method_of_the_turn():
    """bot/conversation/hooks.py: each feature module has plug_in(hooks) and uses only the turn's public API; so does the
    golden-hour step (bot/conversation/golden.py)."""
    import re
    from importlib import import_module
    from pathlib import Path

    from bot.conversation.hooks import FEATURES, load
    hooks = load()
    assert hooks.on_message and hooks.before_dispatch and hooks.on_media and hooks.on_flow_start \
        and hooks.ask_first and hooks.on_escalate and hooks.before_replies
    for name in (*FEATURES, "bot.conversation.golden"):
        source = Path(import_module(name).__file__).read_text(encoding="utf-8")
        assert not re.findall(r"turn\._\w+", source), name
