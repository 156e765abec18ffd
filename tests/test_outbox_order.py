"""The outbox keeps each chat's order through a resend, sends alerts first and retries them on their own short
schedule, and settles rows left 'sending' by a database outage as soon as the database is back.

The providers are the local fakes (tests/fakes.py) that the real twilio and python-telegram-bot clients talk
to; time is a FakeClock; the database outage is real: PostgreSQL refuses connections to the test database
(ALLOW_CONNECTIONS false, its sessions terminated), SQLite is held under an exclusive lock by another connection.
"""
from __future__ import annotations

import contextlib
import json
import sqlite3
from datetime import timedelta

import pytest
from sqlalchemy import create_engine, event, select, text
from sqlalchemy.exc import SQLAlchemyError

from bot.store import outbox
from bot.store.models.operations import Outbox
from conftest import POSTGRES_URL
from fakes import clock, make_app, telegram_fake, twilio_fake  # noqa: F401 (fixtures)

RESIDENT = "+919812345678"
OFFICERS_GROUP = "-100123"


def enqueue(engine, clock, channel, recipient, text_, key, kind="reply") -> int:
    with engine.Session.begin() as s:
        return outbox.enqueue(s, channel=channel, recipient=recipient, text=text_, key=key, now=clock.now(),
                              kind=kind)[0].id


def statuses(engine) -> dict[str, str]:
    with engine.Session() as s:
        return {row.text: row.status for row in s.scalars(select(Outbox).order_by(Outbox.id))}


# -- 10. a resent message keeps its place in the chat ------------------------------------------------
def test_a_message_twilio_never_took_is_resent_before_the_ones_after_it(make_app, engine, clock, twilio_fake):
    rt = make_app(twilio_timeout=0.3).extensions["cyber_sahayak"]
    for n, words in enumerate(("1. Call 1930 now.", "2. Which bank?", "3. Last 4 digits?")):
        enqueue(engine, clock, "whatsapp", RESIDENT, words, f"order:{n}")
    twilio_fake.plan = ["drop"]  # the connection closes without an answer: did Twilio get it?
    rt.drain()
    del twilio_fake.messages[0]  # ... it did not
    assert statuses(engine) == {"1. Call 1930 now.": "unconfirmed", "2. Which bank?": "pending",
                                "3. Last 4 digits?": "pending"}  # held: the first may still be sent again
    assert twilio_fake.created == []
    clock.advance(rt.config.outbox.confirm_minutes * 60 + 1)
    report = rt.drain()  # looked up at Twilio, not found: sent again, then the two after it
    assert report.resent == 1 and report.sent == 3
    assert [m["Body"] for m in twilio_fake.created] == ["1. Call 1930 now.", "2. Which bank?", "3. Last 4 digits?"]
    assert set(statuses(engine).values()) == {"sent"}


def test_a_message_twilio_did_take_releases_the_chat_when_its_callback_comes(make_app, engine, clock, twilio_fake):
    app = make_app(twilio_timeout=0.3)
    rt = app.extensions["cyber_sahayak"]
    first = enqueue(engine, clock, "whatsapp", RESIDENT, "first", "took:1")
    enqueue(engine, clock, "whatsapp", RESIDENT, "second", "took:2")
    twilio_fake.plan = ["timeout"]
    rt.drain()
    assert [m["Body"] for m in twilio_fake.created] == ["first"]
    from test_whatsapp import signed_post

    form = {"MessageSid": twilio_fake.messages[0]["json"]["sid"], "MessageStatus": "sent"}
    assert signed_post(app.test_client(), form, path=f"/webhooks/whatsapp/status?outbox={first}").status_code == 204
    rt.drain()  # no need to wait for confirm_minutes: Twilio said it has the first
    assert [m["Body"] for m in twilio_fake.created] == ["first", "second"]


# -- 11. alerts first, on their own short schedule ---------------------------------------------------
def failing_until(fake, clock, until, accepted: list):
    """The Telegram fake answers 500 to every send until ``until`` (a provider outage); logs what it took when."""
    real = fake.respond

    def respond(record):
        if record.path.endswith("/sendMessage"):
            if clock.now() < until:
                return 500, {"Content-Type": "application/json"}, json.dumps(
                    {"ok": False, "error_code": 500, "description": "Internal Server Error"}).encode()
            accepted.append((record.form["text"], clock.now()))
        return real(record)

    fake.respond = respond


def test_alerts_go_first_and_follow_a_provider_outage_within_seconds(make_app, engine, clock, telegram_fake):
    rt = make_app().extensions["cyber_sahayak"]
    settings = rt.config.outbox
    for n in range(3):  # older, ordinary messages to three residents
        enqueue(engine, clock, "telegram", str(4000 + n), f"tip {n}", f"tip:{n}", kind="reminder")
    enqueue(engine, clock, "telegram", OFFICERS_GROUP, "New URGENT case #7", "alert:7:announced", kind="alert")
    start = clock.now()
    outage_ends = start + timedelta(seconds=120)
    accepted: list = []
    failing_until(telegram_fake, clock, outage_ends, accepted)
    while clock.now() < start + timedelta(seconds=400):  # the scheduler drains every poll_seconds
        rt.drain()
        clock.advance(settings.poll_seconds)
    first_try = telegram_fake.calls("sendMessage")[0].form["text"]
    assert first_try == "New URGENT case #7"  # the alert was tried before the older messages
    delivered = {text_: at for text_, at in accepted}
    assert delivered["New URGENT case #7"] - outage_ends <= timedelta(
        seconds=settings.alert_max_backoff_seconds + settings.poll_seconds)
    assert min(delivered[f"tip {n}"] for n in range(3)) > delivered["New URGENT case #7"]
    with engine.Session() as s:
        alert = s.scalar(select(Outbox).where(Outbox.kind == "alert"))
        assert alert.status == "sent" and alert.attempts < settings.alert_max_attempts


def test_an_alert_does_not_overtake_an_earlier_reply_in_the_same_chat(make_app, engine, clock, telegram_fake):
    rt = make_app().extensions["cyber_sahayak"]
    enqueue(engine, clock, "telegram", "42", "Which bank was it?", "reply:1")
    enqueue(engine, clock, "telegram", "42", "An officer is coming. Call 1930 now.", "case:1:officer-coming",
            kind="alert")
    enqueue(engine, clock, "telegram", OFFICERS_GROUP, "New URGENT case #1", "alert:1:announced", kind="alert")
    report = rt.drain()  # one drain sends all three
    assert report.sent == 3
    assert telegram_fake.sent_texts() == ["New URGENT case #1", "Which bank was it?",
                                          "An officer is coming. Call 1930 now."]


# -- 11. rows left 'sending' by a database outage ------------------------------------------------------
@contextlib.contextmanager
def database_outage(engine):
    """Make the test's database really unreachable for writes (yields a function that starts the outage)."""
    db = engine.Session.kw["bind"]
    state: dict = {}
    if db.dialect.name == "sqlite":
        @event.listens_for(db, "connect")
        def _short_wait(dbapi_conn, _record):  # fail in 0.2 s, not after the usual 30 s busy timeout
            dbapi_conn.execute("PRAGMA busy_timeout=200")

        db.dispose()

        def start():
            state["lock"] = sqlite3.connect(db.url.database, isolation_level=None, check_same_thread=False)
            state["lock"].execute("BEGIN EXCLUSIVE")

        def stop():
            lock = state.pop("lock", None)
            if lock is not None:
                lock.execute("ROLLBACK")
                lock.close()
    else:
        admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
        name = db.url.database

        def start():
            with admin.connect() as conn:
                conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
                conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                  "WHERE datname = :name AND pid <> pg_backend_pid()"), {"name": name})
            state["down"] = True

        def stop():
            if state.pop("down", False):
                with admin.connect() as conn:
                    conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
    try:
        yield start, stop
    finally:
        stop()
        if db.dialect.name != "sqlite":
            admin.dispose()


def test_a_row_left_sending_by_a_database_outage_is_settled_when_it_is_back(make_app, engine, clock,
                                                                            telegram_fake):
    rt = make_app().extensions["cyber_sahayak"]
    enqueue(engine, clock, "telegram", "42", "first", "db:1")
    enqueue(engine, clock, "telegram", "42", "second", "db:2")
    with database_outage(engine) as (start, stop):
        real = telegram_fake.respond

        def respond(record):  # the database goes while Telegram is taking the first message
            if record.path.endswith("/sendMessage") and not telegram_fake.sent_texts():
                start()
            return real(record)

        telegram_fake.respond = respond
        with pytest.raises(SQLAlchemyError):
            rt.drain()  # the send went through; writing that it did failed
        stop()
        telegram_fake.respond = real
    assert telegram_fake.sent_texts() == ["first"]
    assert statuses(engine) == {"first": "sending", "second": "pending"}
    clock.advance(rt.config.outbox.poll_seconds)  # the next drain, long before stale_sending_minutes
    report = rt.drain()
    assert report.settled == 1 and report.sent == 1
    assert telegram_fake.sent_texts() == ["first", "second"]  # each once, in order
    with engine.Session() as s:
        rows = list(s.scalars(select(Outbox).order_by(Outbox.id)))
    assert [r.status for r in rows] == ["sent", "sent"] and all(r.provider_id for r in rows)
