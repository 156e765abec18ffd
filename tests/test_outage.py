"""A database really gone: every channel still answers with 1930/112, keeps the message in the spool, and the
spool is replayed (triage included) once the database is back; a message a dead worker stored but never
handled is answered by the sweep or by a redelivery.

The PostgreSQL outage is a cluster this module starts and stops itself (tests/dbfaults.py); the SQLite outage
is another connection holding ``BEGIN EXCLUSIVE``.
"""
from __future__ import annotations

import dataclasses
import json
import logging
import shutil
import stat
import threading
import time
import uuid
from datetime import datetime, timezone

import pytest
from sqlalchemy import create_engine, func, select, text

from bot.cases import cases
from bot import scheduler
from bot.store import outbox
from bot.store.db import make_engine, make_sessionmaker, upgrade
from bot.conversation.engine import ORPHAN_AFTER, Engine
from bot.messages import Inbound
from bot.store.models.residents import Contact, Incident, Message
from bot.store import lease
from bot.store.models.operations import Lease as LeaseRow, Outbox
from bot.config import SpoolSettings
from bot.store.spool import NOT_KEPT, UNAVAILABLE, Spool
from dbfaults import PostgresCluster, SQLiteLock
from fakes import FakeTwilioHttpClient, Updates, env
from fakes import clock, telegram_fake, twilio_fake  # noqa: F401,F811 (fixtures)
from test_telegram import post as telegram_post
from test_web import Browser
from test_whatsapp import GOLDEN_HOUR_ANSWERS, WhatsAppResident, bodies, count, signed_post

OTP, TG_OTP = "482913", "771234"
LOSS = "mere account se abhi 15000 kat gaye"


@pytest.fixture(scope="module")
def cluster():
    try:
        pg = PostgresCluster()
    except (FileNotFoundError, OSError) as exc:  # pragma: no cover - depends on the machine
        pytest.skip(f"cannot start a PostgreSQL cluster: {exc}")
    yield pg
    pg.destroy()


class Outage:
    """One database, with ``down()`` and ``up()`` for real."""

    def __init__(self, kind: str, tmp_path, sqlite_template, request):
        self.kind = kind
        if kind == "sqlite":
            path = tmp_path / "helpline.sqlite3"
            shutil.copy(sqlite_template, path)
            self.url = f"sqlite:///{path}"
            self.lock = SQLiteLock(path)
        else:
            self.cluster = request.getfixturevalue("cluster")
            self.cluster.start() if not self._running() else None
            name = f"h_{uuid.uuid4().hex[:10]}"
            admin = create_engine(self.cluster.admin_url, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            admin.dispose()
            self.url = self.cluster.url.rsplit("/", 1)[0] + f"/{name}"

    def _running(self) -> bool:
        try:
            create_engine(self.cluster.admin_url).connect().close()
            return True
        except Exception:
            return False

    def down(self) -> None:
        self.lock.take() if self.kind == "sqlite" else self.cluster.stop()

    def up(self) -> None:
        self.lock.release() if self.kind == "sqlite" else self.cluster.start()


@pytest.fixture(params=["sqlite", "postgresql"])
def outage(request, tmp_path, sqlite_template):
    found = Outage(request.param, tmp_path, sqlite_template, request)
    yield found
    if found.kind == "sqlite":
        found.lock.close()


@pytest.fixture
def app_on(resources, tmp_path, clock, twilio_fake, telegram_fake):
    """app_on(url) -> a Flask app (all channels on) on its own Engine for ``url``, data under tmp_path."""
    from webhook import create_app

    made = []

    def make(url, **config_updates):
        config = resources.config.model_copy(update={"data_dir": str(tmp_path / "data"), **config_updates})
        res = dataclasses.replace(resources, config=config)
        db = make_engine(url, busy_seconds=1)  # a lock held longer than this counts as an outage
        upgrade(db)
        engine = Engine(res, make_sessionmaker(db))
        app = create_app(engine, environ=env(TELEGRAM_API_BASE_URL=telegram_fake.base_url,
                                             TELEGRAM_FILE_BASE_URL=telegram_fake.file_url,
                                             TWILIO_MEDIA_BASE_URL=twilio_fake.url),
                         clock=clock, twilio_http_client=FakeTwilioHttpClient(twilio_fake))
        made.append((app, db))
        return app

    yield make
    for app, db in made:
        app.extensions["cyber_sahayak"].close()
        db.dispose()


def test_an_outage_is_answered_on_every_channel_kept_and_replayed(outage, app_on, clock, twilio_fake, telegram_fake):
    app = app_on(outage.url)
    rt = app.extensions["cyber_sahayak"]
    engine = rt.engine
    client = app.test_client()
    resident = WhatsAppResident(client, clock)
    browser = Browser(app.test_client())
    chat = Updates(chat_id=555000111)
    outage.down()
    try:
        # WhatsApp: the 1930/112 answer in the TwiML itself (Twilio does not retry).
        form = resident.form(f"mere account se abhi 15000 kat gaye, OTP {OTP} aaya tha")
        response = signed_post(client, form)
        assert response.status_code == 200
        said = bodies(response)
        assert said == [UNAVAILABLE] and "1930" in said[0] and "112" in said[0] and "बैंक" in said[0]
        # Telegram: 200 (kept, so no redelivery needed) and the same answer sent directly.
        response = telegram_post(client, chat.text(f"my otp is {TG_OTP}, someone took 20000 from my account"))
        assert response.status_code == 200
        assert telegram_fake.sent_texts() == [UNAVAILABLE]
        # The web chat: a clear answer, not an error the page retries for ever.
        response = browser.send("hello, is anyone there?", id="outage-0001")
        assert response.status_code == 200 and response.json["replies"][0]["text"] == UNAVAILABLE
        # Kept on disk: owner-only, redacted, one line each.
        spool = rt.spool.path
        assert stat.S_IMODE(spool.stat().st_mode) == 0o600
        kept = spool.read_text(encoding="utf-8")
        assert OTP not in kept and TG_OTP not in kept and "REDACTED" in kept
        assert [json.loads(line)["channel"] for line in kept.splitlines()] == ["whatsapp", "telegram", "web"]
    finally:
        outage.up()
    assert count(engine, Message) == 0  # nothing reached the database during the outage

    # Back: the next request replays the spool after its response, and answers through the outbox.
    clock.advance(60)
    health = client.get("/healthz")
    assert health.status_code == 200
    health.close()
    assert count(engine, Message, Message.direction == "in") == 3
    assert rt.spool.path.stat().st_size == 0
    with engine.Session() as s:
        texts = " ".join(s.scalars(select(Message.text).where(Message.direction == "in")))
        assert OTP not in texts and TG_OTP not in texts
    to_resident = [m for m in twilio_fake.created if m["To"] == f"whatsapp:{resident.number}"]
    # triage: the golden hour, in Hindi as the romanised-Hindi message was written (issue 16)
    assert any("1930" in m["Body"] and "तुरंत कार्रवाई करें" in m["Body"] for m in to_resident)
    assert any("money leave your account" in t for t in telegram_fake.sent_texts()[1:])  # the fraud report began
    polled = browser.client.get("/chat/poll", headers={"X-CSRF-Token": browser.csrf})
    assert polled.status_code == 200 and polled.json["messages"]

    # The golden-hour report goes on from there and becomes an urgent case.
    for answer in GOLDEN_HOUR_ANSWERS:
        resident.send(answer)
        with engine.Session() as s:
            if cases.queue(s):
                break
    with engine.Session() as s:
        queue = cases.queue(s)
        # both losses told during the outage are urgent cases from their first message (issue 10)
        assert sorted((c.priority, c.contact.channel, c.contact.sender) for c in queue) == [
            ("urgent", "telegram", str(chat.chat_id)), ("urgent", "whatsapp", resident.number)]

    # Replaying again (this process, another one) handles nothing twice.
    sent_before, rows_before = len(twilio_fake.created), count(engine, Outbox)
    spool_again = Spool(rt.spool.directory, rt.config.evidence_path)
    spool_again.path.write_text(kept, encoding="utf-8")  # as if a crash lost the record of the replay
    assert rt.recover() == (3, 0)
    assert count(engine, Message, Message.provider_id == resident.key(form)) == 1
    assert count(engine, Outbox) == rows_before and len(twilio_fake.created) == sent_before


def test_a_message_redelivered_after_the_outage_is_not_answered_twice(outage, app_on, clock, twilio_fake):
    """A WhatsApp message kept during the outage and redelivered by Twilio once the database is back is answered in
    that webhook's TwiML; the spool's replay that follows must not send the same answer again (an attacker's trial,
    session 5: the resident got the 1930 answer twice)."""
    app = app_on(outage.url)
    client = app.test_client()
    resident = WhatsAppResident(client, clock)
    form = resident.form("mere account se abhi 9000 kat gaye")
    outage.down()
    try:
        assert bodies(signed_post(client, form)) == [UNAVAILABLE]
    finally:
        outage.up()
    clock.advance(60)
    again = signed_post(client, form)  # the redelivery: handled now, answered in its TwiML
    assert again.status_code == 200 and any("1930" in body for body in bodies(again))
    health = client.get("/healthz")  # the next request replays the spool after its response
    assert health.status_code == 200
    health.close()
    rt = app.extensions["cyber_sahayak"]
    assert rt.spool.path.stat().st_size == 0  # replayed
    assert count(rt.engine, Message, Message.provider_id == resident.key(form)) == 1
    assert [m for m in twilio_fake.created if m["To"] == f"whatsapp:{resident.number}"] == []  # nothing sent twice


def test_two_processes_replaying_at_once_handle_each_message_once(resources, tmp_path, sqlite_template):
    path = tmp_path / "helpline.sqlite3"
    shutil.copy(sqlite_template, path)
    db = make_engine(f"sqlite:///{path}")
    engine = Engine(resources, make_sessionmaker(db))
    spool = Spool(tmp_path / "spool", tmp_path / "evidence")
    for index in range(20):
        spool.write(Inbound(channel="whatsapp", sender=f"+9198123456{index:02d}", text="hello",
                            provider_id=f"SM{index:032d}"))
    from concurrent.futures import ThreadPoolExecutor

    from bot.channels import recovery

    def replay(_):  # each its own Spool object: a lock per open file, as two processes would hold
        return recovery.replay_spool(engine, Spool(tmp_path / "spool", tmp_path / "evidence"),
                                     datetime.now(timezone.utc))

    with ThreadPoolExecutor(4) as pool:
        handled = sum(pool.map(replay, range(4)))
    handled += replay(None)
    assert handled == 20
    assert count(engine, Message, Message.direction == "in") == 20
    with engine.Session() as s:  # one answer, one message (issue 16): one row per resident, none queued twice
        recipients = s.scalars(select(Outbox.recipient)).all()
    assert sorted(recipients) == [f"+9198123456{index:02d}" for index in range(20)]
    assert count(engine, Message, Message.direction == "out") > len(recipients)  # several replies, joined
    db.dispose()


def _inbound_order(engine, sender: str) -> list[str]:
    with engine.Session() as s:
        return list(s.scalars(select(Message.text).join(Contact, Contact.id == Message.contact_id).where(
            Contact.sender == sender, Message.direction == "in").order_by(Message.id)))


# -- a resident's kept messages before their newer live ones (session 6) ---------------------------------------
def test_a_message_kept_in_the_spool_is_handled_before_the_residents_newer_one(outage, app_on, clock, twilio_fake):
    """The loss told during the outage starts the report; 'sbi', written once the database is back, answers its
    bank question; the resident reads the answers in that order (the newer one queued behind the older one)."""
    app = app_on(outage.url)
    rt = app.extensions["cyber_sahayak"]
    client = app.test_client()
    resident = WhatsAppResident(client, clock)
    other = WhatsAppResident(client, clock, number="+919800011122")
    outage.down()
    try:
        assert bodies(signed_post(client, resident.form(LOSS))) == [UNAVAILABLE]
        assert bodies(signed_post(client, other.form("hello"))) == [UNAVAILABLE]
    finally:
        outage.up()
    clock.advance(60)
    clock.advance(30)
    response = signed_post(client, resident.form("sbi"))  # the database is back; the spool is not replayed yet
    said_now = bodies(response)
    response.close()  # sent once the answer has gone
    assert _inbound_order(rt.engine, resident.number) == [LOSS, "sbi"]
    with rt.engine.Session() as s:
        incident = s.scalars(select(Incident)).one()
        assert incident.fields["bank"] == "State Bank of India"  # "sbi" answered the report's bank question
    to_resident = [m["Body"] for m in twilio_fake.created if m["To"] == f"whatsapp:{resident.number}"]
    assert said_now == [] and len(to_resident) == 2  # both answers through the outbox, in order
    assert "1930" in to_resident[0] and incident.reference in to_resident[0]
    assert "1930" not in to_resident[1]
    assert _inbound_order(rt.engine, other.number) == ["hello"]  # the rest of the spool, replayed after the answer
    assert rt.spool.path.stat().st_size == 0
    assert count(rt.engine, Message, Message.direction == "in") == 3  # nothing lost, none twice
    assert len([m for m in twilio_fake.created if m["To"] == f"whatsapp:{resident.number}"]) == 2


def test_telegram_kept_messages_are_handled_first_also_when_the_database_is_still_down(outage, app_on, clock,
                                                                                      telegram_fake):
    """Two messages kept while the database is down stay in their order (the live one is kept behind the older one
    when handling the older one fails), and once it is back the next live message is handled after both."""
    app = app_on(outage.url)
    rt = app.extensions["cyber_sahayak"]
    client = app.test_client()
    chat = Updates(chat_id=555000222)
    outage.down()
    try:
        assert telegram_post(client, chat.text(LOSS)).status_code == 200
        clock.advance(30)
        assert telegram_post(client, chat.text("sbi")).status_code == 200
    finally:
        outage.up()
    assert telegram_fake.sent_texts() == [UNAVAILABLE]  # once per chat per outage (session 17); both kept
    clock.advance(60)
    assert telegram_post(client, chat.text("skip")).status_code == 200
    assert _inbound_order(rt.engine, str(chat.chat_id)) == [LOSS, "sbi", "skip"]
    with rt.engine.Session() as s:
        assert s.scalars(select(Incident)).one().fields["bank"] == "State Bank of India"
    answers = telegram_fake.sent_texts()[1:]  # after the one outage notice
    assert "1930" in answers[0] and len(answers) == 3  # one answer a message, the loss's first
    assert count(rt.engine, Message, Message.direction == "in") == 3


def test_the_web_chat_shows_the_kept_messages_answer_before_the_newer_one(tmp_path, sqlite_template, app_on, clock):
    outage = Outage("sqlite", tmp_path, sqlite_template, None)
    app = app_on(outage.url)
    browser = Browser(app.test_client())
    outage.down()
    try:
        kept = browser.send(LOSS, id="order-00001")
        assert kept.status_code == 200 and kept.json["replies"][0]["text"] == UNAVAILABLE
    finally:
        outage.up()
        outage.lock.close()
    clock.advance(60)
    newer = browser.send("sbi", id="order-00002")
    texts = [reply["text"] for reply in newer.json["replies"]]
    assert "1930" in texts[0] and "1930" not in texts[-1]  # the older message's answer first
    engine = app.extensions["cyber_sahayak"].engine
    with engine.Session() as s:
        sender = s.scalars(select(Contact.sender).where(Contact.channel == "web")).one()
    assert _inbound_order(engine, sender) == [LOSS, "sbi"]


# -- a worker that died after storing ----------------------------------------------------------
def _store_then_die(engine, resident, text_: str = "mere account se abhi 15000 kat gaye") -> dict:
    """What a worker killed between storing and handling leaves behind: the stored message, never handled."""
    form = resident.form(text_)
    inbound = Inbound(channel="whatsapp", sender=resident.number, text=text_, provider_id=resident.key(form),
                      received_at=resident.clock.now(), phone=resident.number)
    engine._store_inbound(inbound)  # step 1 of Engine.handle; the worker dies before step 2
    return form


def test_the_scheduler_sweeps_a_message_whose_worker_died(outage, app_on, clock, twilio_fake):
    app = app_on(outage.url)
    rt = app.extensions["cyber_sahayak"]
    resident = WhatsAppResident(app.test_client(), clock)
    form = _store_then_die(rt.engine, resident)
    scheduler.configure(rt)
    assert scheduler.recover_messages() == (0, 0)  # too young: its worker may still be handling it
    assert twilio_fake.created == []
    clock.advance(ORPHAN_AFTER.total_seconds() + 1)
    assert scheduler.recover_messages() == (0, 1)
    answers = [m["Body"] for m in twilio_fake.created if m["To"] == f"whatsapp:{resident.number}"]
    assert any("1930" in body for body in answers)
    assert scheduler.recover_messages() == (0, 0)  # answered once
    assert len(twilio_fake.created) == len(answers)
    with rt.engine.Session() as s:
        assert s.scalar(select(Message.status).where(Message.provider_id == resident.key(form))) == "processed"
    # Twilio redelivering it now gets no second answer in its response: it went through the outbox.
    response = signed_post(app.test_client(), form)
    assert response.status_code == 200 and bodies(response) == []


def test_a_redelivery_of_an_orphan_is_answered_not_swallowed(outage, app_on, clock):
    app = app_on(outage.url)
    rt = app.extensions["cyber_sahayak"]
    resident = WhatsAppResident(app.test_client(), clock)
    form = _store_then_die(rt.engine, resident)
    clock.advance(5)  # well within ORPHAN_AFTER: the redelivery itself handles it
    response = signed_post(app.test_client(), form)
    assert response.status_code == 200
    said = bodies(response)
    assert said and "1930" in said[0]
    again = signed_post(app.test_client(), form)  # and a second redelivery repeats, not re-handles
    assert bodies(again) == said
    with rt.engine.Session() as s:
        # handled once: the stored replies are what was said, joined into one message (issue 16)
        stored = s.scalars(select(Message.text).where(Message.direction == "out").order_by(Message.id)).all()
        assert "\n\n".join(stored) == "\n\n".join(said)
    assert rt.recover() == (0, 0)


def test_a_stop_keyword_leaves_no_message_for_the_sweep(outage, app_on, clock):
    app = app_on(outage.url)
    rt = app.extensions["cyber_sahayak"]
    resident = WhatsAppResident(app.test_client(), clock)
    resident.send("hello")
    resident.send("STOP")
    clock.advance(3600)
    assert rt.recover() == (0, 0)
    with rt.engine.Session() as s:
        assert s.scalar(select(func.count()).select_from(Message).where(
            Message.direction == "in", Message.status.in_(("received", "handling")))) == 0


def test_a_locked_sqlite_costs_one_busy_wait_and_the_chat_page_still_says_what_to_do(tmp_path, sqlite_template,
                                                                                     app_on, clock):
    """A redelivery look-up reads without the write lock (else a locked SQLite answered Twilio after two busy
    waits, past its 15 s limit), and a resident opening the chat page during an outage gets the chat (session 6:
    it needs no database; before, a 503 page), not JSON."""
    outage = Outage("sqlite", tmp_path, sqlite_template, None)
    app = app_on(outage.url)
    rt = app.extensions["cyber_sahayak"]
    outage.down()
    try:
        assert rt.already_stored("whatsapp", "SM-never-seen") is False  # read at once under the held write lock
        page = app.test_client().get("/", headers={"Accept": "text/html"})
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        assert 'id="form"' in html and 'href="tel:1930"' in html and 'href="tel:112"' in html
    finally:
        outage.up()
        outage.lock.close()


def test_every_503_during_an_outage_carries_retry_after(outage, app_on, clock):
    app = app_on(outage.url)
    client = app.test_client()
    browser = Browser(app.test_client())
    assert browser.send("hello", id="retry-00001").status_code == 200
    outage.down()
    try:
        answers = {
            "status callback": signed_post(client, {"MessageSid": "SM" + "1" * 32, "MessageStatus": "delivered"},
                                           path="/webhooks/whatsapp/status"),
            "health": client.get("/healthz"),
            "chat history": browser.client.get("/chat/history", headers={"X-CSRF-Token": browser.csrf}),
            "chat poll": browser.client.get("/chat/poll", headers={"X-CSRF-Token": browser.csrf}),
        }
        rt = app.extensions["cyber_sahayak"]  # the spool fails too: a file where its directory should be
        shutil.rmtree(rt.spool.directory, ignore_errors=True)
        rt.spool.directory.parent.mkdir(parents=True, exist_ok=True)
        rt.spool.directory.write_text("not a directory")
        answers["telegram, not kept"] = telegram_post(client, Updates().text("hello"))
        answers["web chat, not kept"] = browser.send("hello again", id="retry-00002")
        for name, response in answers.items():
            response.close()
            assert response.status_code == 503, name
            assert int(response.headers["Retry-After"]) > 0, name
    finally:
        outage.up()
        if outage.kind == "sqlite":
            outage.lock.close()


def test_the_chat_page_loads_during_an_outage_and_the_chat_answers_kindly(outage, app_on, clock):
    app = app_on(outage.url)
    browser = Browser(app.test_client())  # a resident who chatted before: the page looks up their language
    assert browser.send("hello", id="page-000001").status_code == 200
    outage.down()
    try:
        page = browser.client.get("/", headers={"Accept": "text/html", "Accept-Language": "hi"})
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        assert 'id="form"' in html  # the chat itself, not an error page
        # the resident's own language where the database still reads (SQLite under a writer's lock), else the browser's
        assert f'lang="{"en" if outage.kind == "sqlite" else "hi"}"' in html
        script = browser.client.get("/chat/static/chat.js")
        assert script.status_code == 200
        script.close()
        answer = browser.send("mera paisa kat gaya", id="page-000002")
        assert answer.status_code == 200 and answer.json["replies"][0]["text"] == UNAVAILABLE
        assert "answered as soon as our system is back" in answer.json["replies"][0]["text"]  # what the resident reads
    finally:
        outage.up()
        if outage.kind == "sqlite":
            outage.lock.close()


# -- session 7: the spool is bounded, never cuts, keeps a redelivery once; only outages are outages ------------------
@pytest.fixture
def sqlite_outage(tmp_path, sqlite_template):
    found = Outage("sqlite", tmp_path, sqlite_template, None)
    yield found
    found.lock.close()


def test_a_full_spool_refuses_kindly_on_every_channel_and_keeps_what_it_took(sqlite_outage, app_on, clock,
                                                                              telegram_fake):
    """Before, the spool grew without limit during an outage. Now config ``spool.max_messages`` (and ``max_mb``)
    bounds it: past it the resident is asked to write again (never told it is safe), the page and Telegram get 503
    (they deliver it again), and what was kept before is replayed whole."""
    app = app_on(sqlite_outage.url, spool=SpoolSettings(max_messages=2))
    rt = app.extensions["cyber_sahayak"]
    client = app.test_client()
    resident = WhatsAppResident(client, clock)
    browser = Browser(app.test_client())
    sqlite_outage.down()
    try:
        assert bodies(signed_post(client, resident.form("mere account se abhi 15000 kat gaye"))) == [UNAVAILABLE]
        assert browser.send("hello", id="full-000001").json["replies"][0]["text"] == UNAVAILABLE
        full = {"whatsapp": signed_post(client, resident.form("and 5000 more")),
                "web": browser.send("is anyone there?", id="full-000002"),
                "telegram": telegram_post(client, Updates(chat_id=555000333).text("someone took my money"))}
        assert full["whatsapp"].status_code == 200 and bodies(full["whatsapp"]) == [NOT_KEPT]
        assert full["web"].status_code == 503 and full["web"].json["replies"][0]["text"] == NOT_KEPT
        assert full["telegram"].status_code == 503  # Telegram delivers it again later
        for response in full.values():
            assert response.status_code != 500
        assert telegram_fake.sent_texts() == []  # never told "your message is safe" when it was not kept
        assert len(rt.spool.path.read_text(encoding="utf-8").splitlines()) == 2
    finally:
        sqlite_outage.up()
    clock.advance(60)
    assert rt.recover() == (2, 0)
    assert count(rt.engine, Message, Message.direction == "in") == 2


def test_a_spool_over_its_size_is_full_too(tmp_path):
    spool = Spool(tmp_path / "spool", tmp_path / "evidence", max_bytes=600, web_share_percent=100)
    spool.write(Inbound(channel="web", sender="abcdefgh", text="x" * 200, provider_id="web:1"))
    from bot.store.spool import SpoolFull

    with pytest.raises(SpoolFull):
        spool.write(Inbound(channel="web", sender="abcdefgh", text="y" * 400, provider_id="web:2"))
    assert "y" * 400 not in spool.path.read_text(encoding="utf-8")


def test_an_over_long_web_message_during_an_outage_is_refused_whole_not_cut(sqlite_outage, app_on, clock):
    """Before, the outage path cut a web message at 100,000 characters without a word. Now the edge refuses it
    (413, a kind reply the page shows) whether or not the database is up, and nothing of it is kept."""
    from bot.channels.webchat import MAX_TEXT

    app = app_on(sqlite_outage.url)
    rt = app.extensions["cyber_sahayak"]
    browser = Browser(app.test_client())
    sqlite_outage.down()
    try:
        refused = browser.send("a" * (MAX_TEXT + 1), id="long-000001")
        assert refused.status_code == 413
        assert "longer than 1,00,000 characters" in refused.json["replies"][0]["text"]
        kept = browser.send("b" * MAX_TEXT, id="long-000002")  # at the limit: kept whole
        assert kept.status_code == 200 and kept.json["replies"][0]["text"] == UNAVAILABLE
    finally:
        sqlite_outage.up()
    [line] = rt.spool.path.read_text(encoding="utf-8").splitlines()
    assert json.loads(line)["text"] == "b" * MAX_TEXT


def test_a_telegram_update_delivered_again_during_the_outage_is_told_once_and_kept_once(sqlite_outage, app_on,
                                                                                         clock, telegram_fake):
    """Telegram delivers an update again when its webhook was slow; during an outage each delivery used to send
    the outage notice again. Now the spool knows the update's key: one notice, one line, one answer later."""
    app = app_on(sqlite_outage.url)
    rt = app.extensions["cyber_sahayak"]
    client = app.test_client()
    chat = Updates(chat_id=555000444)
    update = chat.text("someone took 20000 from my account")
    sqlite_outage.down()
    try:
        assert telegram_post(client, update).status_code == 200
        assert telegram_post(client, update).status_code == 200  # the same update_id again
        assert telegram_post(client, update).status_code == 200
    finally:
        sqlite_outage.up()
    assert telegram_fake.sent_texts() == [UNAVAILABLE]
    assert len(rt.spool.path.read_text(encoding="utf-8").splitlines()) == 1
    clock.advance(60)
    assert rt.recover() == (1, 0)
    assert count(rt.engine, Message, Message.direction == "in") == 1


def test_a_whatsapp_fault_that_is_not_an_outage_is_not_kept_nor_called_one(app_on, tmp_path, sqlite_template,
                                                                           clock, monkeypatch, caplog):
    """Before, any exception in the WhatsApp webhook was taken for a database outage: the message went to the spool
    and the resident was told it was safe. Now only database errors are; anything else is logged with the number
    masked and the resident is asked to write again (the database is up: nothing is spooled)."""
    path = tmp_path / "up.sqlite3"
    shutil.copy(sqlite_template, path)
    app = app_on(f"sqlite:///{path}")
    rt = app.extensions["cyber_sahayak"]
    resident = WhatsAppResident(app.test_client(), clock)

    def broken(self, channel, sender):  # the spool's file gone bad in a way that is not an OSError
        raise RuntimeError(f"a fault of ours, not the database, for {sender}")

    monkeypatch.setattr(Spool, "pending", lambda self: True)
    monkeypatch.setattr(Spool, "kept_from", broken)
    with caplog.at_level("ERROR"):
        response = signed_post(app.test_client(), resident.form("hello"))
    assert response.status_code == 200 and bodies(response) == [NOT_KEPT]
    assert not rt.spool.path.exists() or rt.spool.path.stat().st_size == 0  # not kept as if it were an outage
    logged = caplog.text
    assert "RuntimeError" in logged and "not an outage" in logged
    assert resident.number not in logged and resident.number[-4:] in logged  # masked


def test_a_telegram_fault_that_is_not_an_outage_is_kept_told_kindly_and_answered_later(app_on, tmp_path,
                                                                                      sqlite_template, clock,
                                                                                      telegram_fake, monkeypatch):
    """A strangers' trial: an exception in a turn that was not the database's made the Telegram webhook answer 500, so
    Telegram delivered the update again and again and the resident heard nothing. Now the update is kept (the spool),
    the resident is told at once that it is safe and to call 1930/112 if urgent, the webhook answers 200, and once the
    fault is gone the kept message is handled as usual: the urgent loss still gets 1930 and an urgent case."""
    path = tmp_path / "up.sqlite3"
    shutil.copy(sqlite_template, path)
    app = app_on(f"sqlite:///{path}")
    rt = app.extensions["cyber_sahayak"]
    client = app.test_client()

    def broken(self, channel, sender):  # a fault of ours before the turn, not the database's
        raise RuntimeError("a fault of ours, not the database")

    monkeypatch.setattr(Spool, "pending", lambda self: True)
    monkeypatch.setattr(Spool, "kept_from", broken)
    update = Updates(chat_id=555000777).text("someone took 20000 from my account just now")
    assert telegram_post(client, update).status_code == 200
    assert telegram_post(client, update).status_code == 200  # delivered again: told once, kept once
    assert telegram_fake.sent_texts() == [UNAVAILABLE]
    assert len(rt.spool.path.read_text(encoding="utf-8").splitlines()) == 1
    monkeypatch.undo()
    clock.advance(60)
    assert rt.recover() == (1, 0)
    answer = telegram_fake.sent_texts()[1]
    assert "1930" in answer
    with rt.engine.Session() as s:
        assert [c.priority for c in cases.queue(s)] == ["urgent"]


def test_a_whatsapp_fault_after_the_turn_still_answers_in_the_response(app_on, tmp_path, sqlite_template, clock,
                                                                       monkeypatch, caplog):
    """A fault that is not the database's after the message was handled (queueing the answer) was a 500: Twilio does
    not deliver again, so the answer was lost. Now the answer goes in the response and the fault is logged."""
    from bot.channels import recovery

    path = tmp_path / "up.sqlite3"
    shutil.copy(sqlite_template, path)
    app = app_on(f"sqlite:///{path}")
    resident = WhatsAppResident(app.test_client(), clock)

    def broken(*args, **kwargs):
        raise RuntimeError("a fault of ours after the turn")

    monkeypatch.setattr(recovery, "answer_with_buttons", broken)
    with caplog.at_level("ERROR"):
        response = signed_post(app.test_client(), resident.form("mere account se abhi 15000 kat gaye"))
    assert response.status_code == 200
    assert "1930" in bodies(response)[0]
    assert "RuntimeError" in caplog.text


def test_a_kept_message_that_fails_for_a_fault_of_ours_is_set_aside_not_holding_the_rest(tmp_path):
    """The spool's replay stopped at a message whose handling failed, to try again later: right while the database is
    down, but a message that fails for a fault of ours fails every time, and every message kept after it waited
    forever. Now it is set aside (kept, in inbound.failed.jsonl) and the rest are handled."""
    from sqlalchemy.exc import OperationalError

    spool = Spool(tmp_path / "spool", tmp_path / "evidence")
    now = datetime(2026, 11, 30, 12, 0, tzinfo=timezone.utc)
    for n in (1, 2, 3):
        spool.write(Inbound(channel="telegram", sender=f"7000{n}", text=f"message {n}", provider_id=f"p{n}",
                            received_at=now))
    handled: list[str] = []

    def down(inbound):
        raise OperationalError("select 1", {}, Exception("the database is down"))

    assert spool.replay(down) == 0 and spool.pending()  # the database is down: nothing set aside, all wait

    def handle(inbound):
        if inbound.text == "message 2":
            raise RuntimeError("a fault of ours")
        handled.append(inbound.text)

    assert spool.replay(handle) == 2 and not spool.pending()
    assert handled == ["message 1", "message 3"]
    [aside] = (tmp_path / "spool" / "inbound.failed.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(aside)["text"] == "message 2"
    assert stat.S_IMODE((tmp_path / "spool" / "inbound.failed.jsonl").stat().st_mode) == 0o600


def _console_login_form(app, clock):
    """(a browser on the console's login form, its CSRF token), with the supervisor "meena" added."""
    import re

    from bot.cases import officers

    with app.extensions["cyber_sahayak"].engine.Session.begin() as s:
        officers.add(s, "meena", "SI Meena", "Correct-Horse-9", "supervisor", clock.now())
    browser = app.test_client()
    page = browser.get("/console/login").get_data(as_text=True)
    return browser, re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def test_the_console_login_form_during_an_outage_gets_the_login_page_back_not_json(sqlite_outage, app_on, clock):
    """Before, an officer logging in while the database was down got a line of JSON; now the login page again, with
    a kind word and 503 (Retry-After), and any other console page a page of its own."""
    browser, token = _console_login_form(app_on(sqlite_outage.url), clock)
    sqlite_outage.down()
    try:
        answer = browser.post("/console/login", data={"username": "meena", "password": "Correct-Horse-9",
                                                       "csrf_token": token},
                              headers={"Accept": "text/html,application/xhtml+xml"})
        assert answer.status_code == 503 and int(answer.headers["Retry-After"]) > 0
        assert answer.mimetype == "text/html"
        html = answer.get_data(as_text=True)
        assert "not reachable just now" in html and 'name="password"' in html  # the form, to try again
    finally:
        sqlite_outage.up()


# -- session 13, an attacker's trial: two deployments sharing a data_dir replayed each other's held messages ---------
def test_two_databases_sharing_a_data_dir_replay_only_their_own_held_messages(sqlite_outage, app_on, clock,
                                                                               sqlite_template, tmp_path, twilio_fake):
    """Staging and production (or two units) run from one checkout, so one data_dir: a message held while ONE
    database was down must be replayed into that database only, and answered once, by its own deployment."""
    other_path = tmp_path / "other.sqlite3"
    shutil.copy(sqlite_template, other_path)
    mine, other = app_on(sqlite_outage.url), app_on(f"sqlite:///{other_path}")
    mine_rt, other_rt = mine.extensions["cyber_sahayak"], other.extensions["cyber_sahayak"]
    assert mine_rt.spool.directory != other_rt.spool.directory  # one data_dir, a spool per database
    resident = WhatsAppResident(mine.test_client(), clock)
    sqlite_outage.down()
    try:
        assert bodies(signed_post(mine.test_client(), resident.form("someone took 7000 from my upi just now"))) == [
            UNAVAILABLE]
    finally:
        sqlite_outage.up()
    [line] = mine_rt.spool.path.read_text(encoding="utf-8").splitlines()
    assert json.loads(line)["db"] == mine_rt.spool.database
    clock.advance(60)
    assert other_rt.recover() == (0, 0)  # the healthy neighbour finds nothing of its own to replay
    assert count(other_rt.engine, Message) == 0 and mine_rt.spool.pending()  # still there, for its owner
    assert [m for m in twilio_fake.created if m["To"] == f"whatsapp:{resident.number}"] == []
    assert mine_rt.recover() == (1, 0)  # its own deployment replays it into its own database, answered once
    assert count(mine_rt.engine, Message, Message.direction == "in") == 1
    assert len([m for m in twilio_fake.created if m["To"] == f"whatsapp:{resident.number}"]) == 1
    # a line another database's spool holds (copied by hand) is set aside there, never replayed here
    mine_rt.spool.path.write_text(line.replace(mine_rt.spool.database, other_rt.spool.database) + "\n",
                                  encoding="utf-8")
    assert mine_rt.recover() == (0, 0)
    assert (mine_rt.spool.directory / "inbound.failed.jsonl").read_text(encoding="utf-8").strip()


def test_a_spool_kept_before_the_lines_named_their_database_is_still_replayed(sqlite_outage, app_on, clock):
    """Upgrading during an outage: the old file (``<data_dir>/spool/inbound.jsonl``, no ``db``) is replayed as
    before, by the first deployment that replays it, and only once."""
    app = app_on(sqlite_outage.url)
    rt = app.extensions["cyber_sahayak"]
    old = Spool(rt.spool.directory.parent, rt.config.evidence_path)
    old.write(Inbound(channel="whatsapp", sender="+919812300077", text="my account got debited 3000 by fraud",
                      provider_id="SMold0001"))
    assert "db" not in json.loads(old.path.read_text(encoding="utf-8"))
    assert rt.recover() == (1, 0) and rt.recover() == (0, 0)
    assert count(rt.engine, Message, Message.provider_id == "SMold0001") == 1


def test_the_scheduler_rides_out_an_outage_keeps_its_thread_and_lease_and_sends_after(outage, app_on, resources, clock,
                                                                                       telegram_fake, caplog):
    """An attacker's pass (session 17): after a load, a locked SQLite made APScheduler's own loop thread die
    ("Exception in thread APScheduler", database is locked in the job store's update_job); the scheduler then lost
    its lease and stood by. Its job store is in memory now: the database down (SQLite held under an exclusive lock
    by another connection, PostgreSQL stopped) costs job runs, never the thread nor the lease."""
    app = app_on(outage.url, outbox=resources.config.outbox.model_copy(update={"poll_seconds": 1}))
    rt = app.extensions["cyber_sahayak"]
    stop = threading.Event()
    runner = threading.Thread(target=scheduler.run, args=(rt, stop), name="scheduler-run", daemon=True)

    def wait_for(what, condition, seconds=60):
        deadline = time.monotonic() + seconds
        while not condition():
            assert time.monotonic() < deadline, what
            stop.wait(0.05)

    def aps_threads():
        return [t for t in threading.enumerate() if t.name == "APScheduler" and t.is_alive()]

    def failed_runs():
        return sum(r.name == "bot.scheduler" and "failed; the next run tries again" in r.getMessage()
                   for r in caplog.records)

    caplog.set_level(logging.INFO, logger="bot.scheduler")
    runner.start()
    try:
        wait_for("the scheduler did not start APScheduler", lambda: len(aps_threads()) == 1)
        thread = aps_threads()[0]
        with rt.engine.Session() as s:
            holder = s.get(LeaseRow, lease.SCHEDULER).holder
        outage.down()
        try:
            before = failed_runs()
            wait_for("no job ran during the outage", lambda: failed_runs() >= before + 3)  # several ticks failed
        finally:
            outage.up()
        with rt.engine.Session.begin() as s:
            outbox_row = outbox.enqueue(s, channel="telegram", recipient="42", text="After the outage.",
                                        key="after:1", now=clock.now(), kind="officer")
        assert outbox_row
        wait_for("nothing was sent after the outage", lambda: "After the outage." in telegram_fake.sent_texts())
        assert thread.is_alive() and aps_threads() == [thread]  # the same APScheduler thread, never restarted
        assert not [r for r in caplog.records if "the lease is lost" in r.getMessage()]
        with rt.engine.Session() as s:
            row = s.get(LeaseRow, lease.SCHEDULER)
            assert row is not None and row.holder == holder  # never handed over, nor taken again
    finally:
        stop.set()
        runner.join(timeout=60)
    assert not runner.is_alive() and not aps_threads()


def test_the_outage_notice_goes_once_per_chat_per_outage_every_message_still_kept(outage, app_on, clock,
                                                                                   telegram_fake):
    """An attacker's pass (session 17): a Telegram chat writing on during an outage got the four-language notice
    for every message (16 in 31 s). Now once per Telegram chat while the spool still holds their earlier message
    (WhatsApp's TwiML still answers each message it keeps); every message is acknowledged and kept, and another chat is told once too. After the replay
    (the outage over), a new outage tells them again."""
    app = app_on(outage.url)
    rt = app.extensions["cyber_sahayak"]
    client = app.test_client()
    chat, other = Updates(chat_id=555000777), Updates(chat_id=555000778)
    resident = WhatsAppResident(client, clock)
    outage.down()
    try:
        for words in ("hello?", "mera paisa kat gaya", "koi hai", "please reply"):
            assert telegram_post(client, chat.text(words)).status_code == 200
            clock.advance(2)
        assert telegram_post(client, other.text("আমার টাকা কেটে নিয়েছে")).status_code == 200
        whatsapp = [bodies(signed_post(client, resident.form(words)))
                    for words in ("paise kat gaye", "جواب دیں", "anyone?")]
    finally:
        outage.up()
    assert telegram_fake.sent_texts() == [UNAVAILABLE, UNAVAILABLE]  # one per chat
    assert whatsapp == [[UNAVAILABLE]] * 3  # WhatsApp's TwiML answers each message it kept (its reply to that one)
    assert len(rt.spool.path.read_text(encoding="utf-8").splitlines()) == 8  # every message kept
    clock.advance(60)
    assert rt.recover() == (8, 0)
    outage.down()  # a later outage: told again, once
    try:
        assert telegram_post(client, chat.text("are you down again?")).status_code == 200
        assert telegram_post(client, chat.text("hello")).status_code == 200
    finally:
        outage.up()
    assert telegram_fake.sent_texts().count(UNAVAILABLE) == 3


# -- session 19, an attacker's trial (F8): a logged-in officer got 500 on every console page during an outage ---------
def test_a_logged_in_officer_gets_the_unavailable_page_and_json_503_during_an_outage(outage, app_on, clock):
    """The outage handler drew its page for the logged-in officer, which loads the officer from the database that
    is down: 500 from the error handler itself. Now the page (503) and, for the pages' polls, 503 JSON."""
    browser, token = _console_login_form(app_on(outage.url), clock)
    logged_in = browser.post("/console/login", data={"username": "meena", "password": "Correct-Horse-9",
                                                     "csrf_token": token})
    assert logged_in.status_code == 302 and browser.get("/console/").status_code == 200
    html = {"Accept": "text/html,application/xhtml+xml"}
    outage.down()
    try:
        for path in ("/console/", "/console/search?q=abc", "/console/audit", "/console/me", "/console/login"):
            answer = browser.get(path, headers=html)
            assert answer.status_code == 503, (path, answer.status_code)
            assert answer.mimetype == "text/html" and int(answer.headers["Retry-After"]) > 0
        for path in ("/console/live.json", "/console/queue.json"):
            for accept in ("*/*", "application/json"):
                answer = browser.get(path, headers={"Accept": accept})
                assert answer.status_code == 503 and answer.is_json, (path, accept, answer.status_code)
                assert int(answer.headers["Retry-After"]) > 0
    finally:
        outage.up()
    assert browser.get("/console/", headers=html).status_code == 200  # the same session, once the database is back


# -- session 19, an attacker's trial (F9): one anonymous web client filled the whole spool during an outage ----------
def test_the_web_chat_fills_only_its_share_of_the_spool_whatsapp_and_telegram_keep_the_rest(sqlite_outage, app_on,
                                                                                            clock, telegram_fake):
    app = app_on(sqlite_outage.url, spool=SpoolSettings(max_messages=8, web_share_percent=25))
    rt = app.extensions["cyber_sahayak"]
    client = app.test_client()
    sqlite_outage.down()
    try:
        answers = [Browser(app.test_client()).send(f"flood {n}", id=f"flood-{n:06d}") for n in range(5)]
        assert [a.status_code for a in answers] == [200, 200, 503, 503, 503]  # a new browser each time: 2 of 8
        assert answers[-1].json["replies"][0]["text"] == NOT_KEPT
        for n in range(4):
            resident = WhatsAppResident(client, clock, number=f"+9198111{n:05d}")
            assert bodies(signed_post(client, resident.form("mere account se abhi 15000 kat gaye"))) == [UNAVAILABLE]
        kept = telegram_post(client, Updates(chat_id=555000444).text("someone took my money"))
        assert kept.status_code == 200
        assert len(rt.spool.path.read_text(encoding="utf-8").splitlines()) == 7
    finally:
        sqlite_outage.up()
