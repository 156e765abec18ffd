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
    clock.advance(rt.config.outbox.poll_seconds)  # the next drain, long before the sending lease
    report = rt.drain()
    assert report.settled == 1 and report.sent == 1
    assert telegram_fake.sent_texts() == ["first", "second"]  # each once, in order
    with engine.Session() as s:
        rows = list(s.scalars(select(Outbox).order_by(Outbox.id)))
    assert [r.status for r in rows] == ["sent", "sent"] and all(r.provider_id for r in rows)


# -- session 7: a provider that hangs never lets a later answer overtake an earlier one ---------------------------
def test_an_answer_waits_behind_an_earlier_one_twilio_hung_on_until_that_one_is_resent(make_app, engine, clock,
                                                                                      twilio_fake):
    """A stranger's trial: Twilio hung on an earlier answer (the send timed out, the row became 'unconfirmed'), and
    the resident's next answer went at once in the webhook's TwiML, so the earlier one, resent after the look-up,
    arrived after it. Now the next answer queues behind it: the resident reads them in order."""
    from bot.store.models.residents import Contact, Message
    from test_whatsapp import WhatsAppResident, bodies, signed_post

    app = make_app(twilio_timeout=0.3)  # the provider call's own timeout: a hang costs this, not forever
    rt = app.extensions["cyber_sahayak"]
    resident = WhatsAppResident(app.test_client(), clock, number=RESIDENT)
    assert resident.send("hello")
    with engine.Session.begin() as s:  # an earlier answer sent through the outbox (a question with buttons)
        contact = s.scalar(select(Contact).where(Contact.sender == RESIDENT))
        first = s.scalar(select(Message.id).where(Message.contact_id == contact.id, Message.direction == "in"))
        outbox.enqueue(s, channel="whatsapp", recipient=RESIDENT, text="the earlier answer", key="earlier",
                       now=clock.now(), contact_id=contact.id, message_id=first)
    twilio_fake.plan = ["timeout"]  # the fake really holds its answer past the client's timeout
    rt.drain()
    assert statuses(engine)["the earlier answer"] == "unconfirmed"
    del twilio_fake.messages[0]  # ... and Twilio never took it
    clock.advance(1)
    response = signed_post(app.test_client(), resident.form("1"))
    assert response.status_code == 200 and bodies(response) == []  # not given at once: it would overtake
    response.close()
    assert [m["Body"] for m in twilio_fake.created] == []  # nothing overtook the unconfirmed one meanwhile
    clock.advance(rt.config.outbox.confirm_minutes * 60 + 1)
    rt.drain()  # looked up, not found: resent, then the answer queued behind it
    sent = [m["Body"] for m in twilio_fake.created]
    assert sent[0] == "the earlier answer" and len(sent) >= 2
    assert set(statuses(engine).values()) == {"sent"}


def test_an_answer_waits_behind_an_earlier_one_on_a_long_retry(make_app, engine, clock, twilio_fake):
    """An earlier answer whose retry is minutes away (Twilio answered 5xx several times) held nothing: the next
    answer went in the TwiML before it. Now a message already tried holds the chat's next answers."""
    from test_whatsapp import bodies, signed_post

    app = make_app()
    rt = app.extensions["cyber_sahayak"]
    resident = _greeted_with_an_answer_queued(app, engine, clock, "the earlier answer", "earlier")
    twilio_fake.plan = [(500, 20500)] * 7
    for n in range(7):  # retried after 2, 4, ... 64 s; after the seventh 5xx the next try is 128 s away
        rt.drain()
        clock.advance(200 if n < 6 else 1)
    with engine.Session() as s:
        assert s.scalar(select(Outbox.status).where(Outbox.idempotency_key == "earlier")) == "pending"
    response = signed_post(app.test_client(), resident.form("1"))
    assert response.status_code == 200 and bodies(response) == []
    response.close()
    assert twilio_fake.created == []


# -- F6 (session 20): one timed-out send holds the chat seconds, not confirm_minutes --------------------
def test_an_officers_next_reply_waits_seconds_not_minutes_behind_a_send_whose_answer_was_lost(make_app, engine, clock,
                                                                                             twilio_fake):
    """Twilio took the first reply but its answer never came back (the send timed out): the officer's next reply
    waited for ``confirm_minutes`` (10) before anyone asked Twilio. Now Twilio is asked ``lookup_seconds`` after; it
    has the first, so the first counts as sent and the next goes at once. Each text reaches Twilio once."""
    rt = make_app(twilio_timeout=0.3).extensions["cyber_sahayak"]
    settings = rt.config.outbox
    enqueue(engine, clock, "whatsapp", RESIDENT, "Officer: please do not pay the caller anything.", "f6:1", "officer")
    twilio_fake.plan = ["timeout"]  # the fake takes the message and holds its answer past the client's timeout
    rt.drain()
    enqueue(engine, clock, "whatsapp", RESIDENT, "Officer: which bank is your account with?", "f6:2", "officer")
    rt.drain()
    assert [m["Body"] for m in twilio_fake.created] == ["Officer: please do not pay the caller anything."]
    clock.advance(settings.lookup_seconds + 1)
    report = rt.drain()  # the scheduler's next tick
    assert report.confirmed == 1 and report.sent == 1
    assert [m["Body"] for m in twilio_fake.created] == ["Officer: please do not pay the caller anything.",
                                                       "Officer: which bank is your account with?"]
    assert set(statuses(engine).values()) == {"sent"}
    clock.advance(settings.confirm_minutes * 60 + 1)
    rt.drain()
    assert len(twilio_fake.created) == 2  # nothing was sent again later


def test_a_send_twilio_never_took_no_longer_holds_the_chat_and_is_sent_once_later(make_app, engine, clock,
                                                                                 twilio_fake):
    """The connection dropped and Twilio never had the message: the early look-up does not find it, so the chat's
    next messages (an answer in the webhook's own TwiML too) go on at once; the lost one is looked up once more after
    ``confirm_minutes`` and sent then, once (it arrives after them: the price of never sending a text twice)."""
    from test_whatsapp import bodies, signed_post

    app = make_app(twilio_timeout=0.3)
    rt = app.extensions["cyber_sahayak"]
    settings = rt.config.outbox
    resident = _greeted_with_an_answer_queued(app, engine, clock, "the lost answer", "lost")
    twilio_fake.plan = ["drop"]
    rt.drain()
    del twilio_fake.messages[0]  # Twilio never took it
    enqueue(engine, clock, "whatsapp", RESIDENT, "Officer: I am calling you now.", "f6:officer", "officer")
    rt.drain()
    assert twilio_fake.created == []  # held while the early look-up is still to come
    clock.advance(settings.lookup_seconds + 1)
    rt.drain()
    assert [m["Body"] for m in twilio_fake.created] == ["Officer: I am calling you now."]
    assert statuses(engine)["the lost answer"] == "unconfirmed"
    response = signed_post(app.test_client(), resident.form("1"))  # the resident's next answer: in the TwiML at once
    assert response.status_code == 200 and bodies(response) != []
    response.close()
    clock.advance(settings.confirm_minutes * 60)
    report = rt.drain()
    assert report.resent == 1
    sent = [m["Body"] for m in twilio_fake.created]
    assert sent.count("the lost answer") == 1 and sent.count("Officer: I am calling you now.") == 1
    clock.advance(settings.confirm_minutes * 60)
    rt.drain()
    assert [m["Body"] for m in twilio_fake.created].count("the lost answer") == 1
    assert set(statuses(engine).values()) == {"sent"}


def _greeted_with_an_answer_queued(app, engine, clock, text, key):
    """A WhatsApp resident who said hello, with ``text`` queued in the outbox as the answer to that message."""
    from bot.store.models.residents import Contact, Message
    from test_whatsapp import WhatsAppResident

    resident = WhatsAppResident(app.test_client(), clock, number=RESIDENT)
    assert resident.send("hello")
    with engine.Session.begin() as s:
        contact = s.scalar(select(Contact).where(Contact.sender == RESIDENT))
        first = s.scalar(select(Message.id).where(Message.contact_id == contact.id, Message.direction == "in"))
        outbox.enqueue(s, channel="whatsapp", recipient=RESIDENT, text=text, key=key, now=clock.now(),
                       contact_id=contact.id, message_id=first)
    return resident
