"""Channels as plug-ins (issue 13): a channel is one module that registers a ``Channel`` (bot/channel_registry.py).

This test registers a throwaway SMS channel of its own, with no change in bot/: its webhook, its sender (a list),
its settings from the environment (its API's address), its 160-character limit and how it names residents. A resident's message through it gets an answer, in messages
that fit the limit, through its sender; the officers' alerts go through it when config says so; the health check
and the campaigns' rates know it; turned off (its variable missing) its webhook answers 404.

Every database test runs on SQLite and PostgreSQL (the ``engine`` fixture).
"""
from __future__ import annotations

import dataclasses
import logging

from dataclasses import dataclass

import pytest
from flask import Blueprint, Response, abort, request
from sqlalchemy.exc import SQLAlchemyError

from bot.store import outbox
from bot.channels import recovery
from bot import channel_registry as registry
from bot.channels.runtime import after_response, current
from bot.config import ConsoleSettings, RemindersSettings
from bot.conversation.engine import Engine
from bot.messages import Inbound
from fakes import clock, make_app, telegram_fake, twilio_fake  # noqa: F401,F811 (fixtures)

NAME = "sms"
LIMIT = 160
blueprint = Blueprint("sms_test", __name__)


@dataclass(frozen=True)
class SmsSettings:
    """The channel's own settings from the environment: its provider's API address can be moved (a staging
    server, a local fake), as TWILIO_API_BASE_URL and TELEGRAM_API_BASE_URL move the shipped ones."""

    token: str
    api_base_url: str

    @classmethod
    def from_env(cls, environ) -> "SmsSettings":
        return cls(environ.get("SMS_TOKEN", ""), environ.get("SMS_API_BASE_URL") or "https://sms.example.invalid")


class ListSender:
    """The provider: what it was given to send, in order (and to which API address)."""

    channel = NAME
    pace = False
    template_sid = None
    sent: list[outbox.Item] = []
    apis: set[str] = set()

    def __init__(self, runtime):
        self.api = runtime.settings_of(NAME).api_base_url

    def send(self, item: outbox.Item) -> outbox.Sent:
        ListSender.sent.append(item)
        ListSender.apis.add(self.api)
        return outbox.Sent(provider_id=f"sms-{item.id}")

    def lookup(self, item: outbox.Item) -> str | None:
        return None


@blueprint.post("/webhooks/sms")
def inbound():
    rt = current()
    if not registry.get(NAME).is_on(rt):
        abort(404)
    sender = registry.identify(NAME, request.form.get("From", ""))
    message = Inbound(channel=NAME, sender=sender, text=request.form.get("Body", ""),
                      provider_id=request.form.get("Id"), received_at=rt.now(), phone=sender)
    try:  # Runtime.handle: what the spool keeps from this sender first, then this message (order after an outage)
        outcome = rt.handle(message)
    except SQLAlchemyError:  # the database is down: kept in the spool, answered through the outbox once it is back
        return Response("", status=204 if rt.keep(message) else 503)
    recovery.answer_later(rt.engine, NAME, sender, message.provider_id, outcome, rt.now())
    return after_response(Response("", status=204), lambda: rt.safe_drain(NAME, sender))


@pytest.fixture
def sms():
    ListSender.sent, ListSender.apis = [], set()
    channel = registry.register(registry.Channel(
        NAME, blueprint, sender=ListSender, env=("SMS_TOKEN",), settings=SmsSettings.from_env, limit=LIMIT, identify=registry.phone_number,
        phone_ids=True, per_minute=30, label="SMS", id_hint="mobile number"))
    yield channel
    registry.unregister(NAME)


def texts_to(recipient: str) -> list[str]:
    return [item.text for item in ListSender.sent if item.recipient == recipient]


def post(client, body: str, sender: str = "98111 22333", provider_id: str = "m1"):
    response = client.post("/webhooks/sms", data={"From": sender, "Body": body, "Id": provider_id})
    response.close()  # the after-response work (the drain) runs, as in WSGI
    return response


def with_alerts_on(engine, channel: str, chat: str) -> Engine:
    base = engine.config
    config = base.model_copy(update={"console": base.console.model_copy(
        update={"alerts_channel": channel, "officers_chat_id": chat})})
    res = engine.res
    return Engine(dataclasses.replace(res, config=config), engine.Session)


def test_a_registered_channel_answers_a_resident_through_its_own_sender(sms, make_app, engine, clock):
    app = make_app(SMS_TOKEN="token", SMS_API_BASE_URL="http://127.0.0.1:9/sms")
    client = app.test_client()
    assert client.get("/healthz").get_json()["channels"][NAME] is True
    response = post(client, "15000 was debited from my account just now")
    assert response.status_code == 204
    answer = texts_to("+919811122333")  # identified as its declaration says: E.164
    assert answer and "1930" in answer[0]  # the action first, as on every channel
    assert all(len(text) <= LIMIT for text in answer) and len(answer) > 1  # cut to its own limit
    assert ListSender.apis == {"http://127.0.0.1:9/sms"}  # its API address, from the environment
    clock.advance(30)
    before = len(ListSender.sent)
    post(client, "menu", provider_id="m2")
    assert len(ListSender.sent) > before  # the conversation goes on through it


def test_alerts_go_to_the_configured_channel(sms, make_app, engine, clock):
    app = make_app(config=None, SMS_TOKEN="token")
    runtime = app.extensions["cyber_sahayak"]
    runtime.engine = with_alerts_on(engine, NAME, "+919800000001")
    runtime.config = runtime.engine.config
    post(app.test_client(), "40000 rupees were taken from my account 10 minutes ago")
    runtime.drain_group_alerts()
    alerts = texts_to("+919800000001")
    assert alerts and "urgent" in alerts[0].lower()  # the officers hear of the urgent case on the SMS channel


def test_the_officers_chat_is_named_for_no_channel_and_the_old_name_is_still_read(sms, caplog):
    """The recipient of every alert was console.officers_telegram_chat_id whatever alerts_channel said."""
    from bot.config import Station
    assert ConsoleSettings(alerts_channel=NAME, officers_chat_id="+919800000001").officers_chat_id == "+919800000001"
    with caplog.at_level(logging.WARNING, logger="bot.config"):
        old = ConsoleSettings(officers_telegram_chat_id="-1001", supervisors_telegram_chat_id="-1002")
        station = Station(id="park", name={"en": "Park Street", "hi": "पार्क स्ट्रीट"},
                          officers_telegram_chat_id="-1003")
    assert (old.officers_chat_id, old.supervisors_chat_id, station.officers_chat_id) == ("-1001", "-1002", "-1003")
    warned = [record.getMessage() for record in caplog.records]
    assert any(line.startswith("config.yaml: console.officers_telegram_chat_id is deprecated: write officers_chat_id")
               for line in warned)
    assert any(line.startswith("config.yaml: stations[].officers_telegram_chat_id is deprecated") for line in warned)
    with pytest.raises(ValueError, match="officers_telegram_chat_id is the old name of officers_chat_id"):
        ConsoleSettings(officers_telegram_chat_id="-1001", officers_chat_id="-1001")


def test_a_channel_without_its_settings_is_off(sms, make_app):
    client = make_app().test_client()  # no SMS_TOKEN
    assert client.get("/healthz").get_json()["channels"][NAME] is False
    assert post(client, "hello").status_code == 404
    assert ListSender.sent == []


def test_config_knows_the_registered_channels(sms):
    assert RemindersSettings().per_minute[NAME] == 30  # its own default rate for campaigns and reminders
    assert RemindersSettings(per_minute={NAME: 10}).per_minute == {NAME: 10}
    with pytest.raises(ValueError, match="known channel"):
        RemindersSettings(per_minute={"pager": 10})
    assert ConsoleSettings().alerts_channel == "telegram"  # as before: the default
    assert ConsoleSettings(alerts_channel=NAME).alerts_channel == NAME
    with pytest.raises(ValueError, match="can send officers' alerts"):  # the web page sends nothing
        ConsoleSettings(alerts_channel="web")


def test_an_officer_on_call_is_reached_on_any_registered_channel(sms, engine):
    """On call named two channels in code (session 7, a maintainer's finding): a shift now says where to reach the
    officer by registered channel (``reach``), and an overdue urgent case reaches them on the plug-in channel."""
    from datetime import timedelta

    from sqlalchemy import select

    from bot.cases import oncall
    from bot.config import OnCallShift
    from bot.store.models.cases import Case
    from bot.store.models.operations import Outbox
    from conftest import NOW, Resident

    shift = OnCallShift(officer="asha", reach={NAME: "+919800000002"})
    assert OnCallShift(officer="ravi", telegram_chat_id="555").reach == {"telegram": "555"}  # the old keys still read
    with pytest.raises(ValueError, match="not a channel that sends"):
        OnCallShift(officer="ravi", reach={"web": "abc"})
    config = engine.config.model_copy(update={"console": engine.config.console.model_copy(update={"on_call": [shift]})})
    Resident(engine).send("mere account se abhi 15000 kat gaye")
    later = NOW + timedelta(hours=1)
    with engine.Session.begin() as s:
        case = s.scalars(select(Case)).one()
        case.sla_due_at = later - timedelta(minutes=1)
    with engine.Session.begin() as s:
        assert oncall.escalate(s, config, later) == [case.id]
    with engine.Session() as s:
        rows = s.scalars(select(Outbox).where(Outbox.recipient == "+919800000002").order_by(Outbox.id)).all()
    assert rows and {row.channel for row in rows} == {NAME} and rows[0].text.startswith("ON CALL")  # 160 a part
