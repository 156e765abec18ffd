"""WhatsApp through Twilio: signed webhooks in, TwiML out, the REST sender against a local fake Twilio.

Requests are signed with twilio's own RequestValidator; the real twilio.rest.Client talks to FakeTwilio.
Every test runs on SQLite and PostgreSQL (the ``engine`` fixture).
"""
from __future__ import annotations

import hashlib
import itertools
import xml.etree.ElementTree as ET
from datetime import timedelta
from urllib.parse import urlencode

from sqlalchemy import func, select

from bot.cases import cases
from bot.store import outbox
from bot.config import WhatsAppSettings
from bot.messages import Outcome, Reply
from bot.store.models.residents import Contact, Evidence, Incident, Message
from bot.store.models.operations import Outbox
from bot.channels.whatsapp import message_key, twiml
from fakes import ACCOUNT_SID, AUTH_TOKEN, PUBLIC, WHATSAPP_FROM, twilio_signature
from fakes import clock, make_app, telegram_fake, twilio_fake  # noqa: F401,F811 (fixtures)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
TEMPLATE = "HX" + "a" * 32
_sids = itertools.count(1)
# Answers to the golden-hour questions (bank, account digits, UTR, where the money went), then SKIPs.
GOLDEN_HOUR_ANSWERS = ["sbi", "skip", "412345678901", "paisa fraudster@ybl pe gaya", "skip", "skip", "skip", "skip"]
# A stolen phone's report up to the callback question: stolen, when, where, number, IMEI, model, district.
LOST_PHONE_ANSWERS = ["1", "yesterday 6 pm", "Sadar market", "skip", "skip", "skip", "South"]


def signed_post(client, form: dict, path: str = "/webhooks/whatsapp", url: str | None = None,
                token: str = AUTH_TOKEN, headers: dict | None = None):
    signature = twilio_signature(url or PUBLIC + path, form, token)
    return client.post(path, data=form, headers={"X-Twilio-Signature": signature, **(headers or {})})


def bodies(response) -> list[str]:
    root = ET.fromstring(response.data)
    assert root.tag == "Response"
    return [message.text or "" for message in root.findall("Message")]


class WhatsAppResident:
    """A resident writing to the helpline's WhatsApp number; Twilio posts each message to the webhook."""

    def __init__(self, client, clock, number: str = "+919812345678", name: str = "Sunita"):
        self.client, self.clock, self.number, self.name = client, clock, number, name

    def form(self, text: str = "", **extra) -> dict:
        form = {"SmsMessageSid": "", "NumMedia": "0", "ProfileName": self.name, "SmsSid": "", "WaId": self.number[1:],
                "SmsStatus": "received", "Body": text, "To": WHATSAPP_FROM, "NumSegments": "1",
                "ReferralNumMedia": "0", "MessageSid": f"SM{next(_sids):032x}", "AccountSid": ACCOUNT_SID,
                "From": f"whatsapp:{self.number}", "ApiVersion": "2010-04-01"}
        form["SmsMessageSid"] = form["SmsSid"] = form["MessageSid"]
        form.update(extra)
        return form

    def key(self, form: dict) -> str:
        """The dedupe key its message is stored under (the number with Twilio's MessageSid)."""
        return message_key(self.number, form["MessageSid"])

    def send(self, text: str = "", seconds: float = 30, **extra):
        self.clock.advance(seconds)
        response = signed_post(self.client, self.form(text, **extra))
        assert response.status_code == 200, response.data
        return bodies(response)


def count(engine, model, *where) -> int:
    with engine.Session() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where))


def test_golden_hour_report_end_to_end(make_app, engine, clock):
    client = make_app().test_client()
    resident = WhatsAppResident(client, clock)
    replies = resident.send("15000 was debited from my account just now")
    assert "1930" in replies[0] and "bank" in replies[0].lower()  # the very first message
    # issue 10: the urgent case exists from that first message (its reference is in the first reply)
    with engine.Session() as s:
        queue = cases.queue(s)
        assert [c.priority for c in queue] == ["urgent"]
        case = queue[0]
        assert case.contact.channel == "whatsapp" and case.contact.sender == "+919812345678"
        assert case.contact.phone == "+919812345678" and case.contact.display_name == "Sunita"
        assert case.incident.reference in replies[0] and int(case.incident.amount) == 15000
    for answer in GOLDEN_HOUR_ANSWERS:  # every later answer fills the same case
        resident.send(answer)
    with engine.Session() as s:
        assert [c.id for c in cases.queue(s)] == [case.id]
    assert count(engine, Message, Message.direction == "in") >= 4


def test_whatsapp_knows_the_number_so_the_callback_question_offers_same(make_app, engine, clock):
    resident = WhatsAppResident(make_app().test_client(), clock)
    resident.send("mera phone chori ho gaya metro me")
    for answer in LOST_PHONE_ANSWERS:
        replies = resident.send(answer)
    # in Hindi, as the romanised-Hindi first message (issue 16): SAME is offered, not "type the full number"
    assert "जिस नंबर से लिख रहे हैं वही हो तो SAME लिखें" in replies[-1]
    replies = resident.send("same")
    with engine.Session() as s:
        incident = s.scalars(select(Incident)).one()
        assert incident.fields["callback"] == "+919812345678" and incident.reference in "\n".join(replies)


def test_forged_or_missing_signature_is_refused_and_nothing_stored(make_app, engine, clock):
    client = make_app().test_client()
    form = WhatsAppResident(client, clock).form("hello")
    assert client.post("/webhooks/whatsapp", data=form).status_code == 403
    assert client.post("/webhooks/whatsapp", data=form, headers={"X-Twilio-Signature": "bm9wZQ=="}).status_code == 403
    assert signed_post(client, form, token="someone-elses-token").status_code == 403
    assert signed_post(client, form, url="https://evil.example.org/webhooks/whatsapp").status_code == 403
    tampered = dict(form, Body="hello")
    signature = twilio_signature(PUBLIC + "/webhooks/whatsapp", form)
    tampered["Body"] = "send money"
    assert client.post("/webhooks/whatsapp", data=tampered,
                       headers={"X-Twilio-Signature": signature}).status_code == 403
    status = {"MessageSid": "SM1", "MessageStatus": "delivered"}
    assert client.post("/webhooks/whatsapp/status", data=status).status_code == 403
    assert count(engine, Message) == 0 and count(engine, Contact) == 0


def test_form_missing_or_bad_from_is_400_and_nothing_stored(make_app, engine, clock):
    client = make_app().test_client()
    resident = WhatsAppResident(client, clock)
    form = resident.form("hello")
    del form["From"]
    response = signed_post(client, form)
    assert response.status_code == 400
    assert signed_post(client, resident.form("hello", From="whatsapp:not-a-number")).status_code == 400
    assert signed_post(client, {}).status_code == 400
    assert count(engine, Message) == 0


def test_replayed_message_sid_is_handled_once_with_the_same_reply(make_app, engine, clock):
    client = make_app().test_client()
    resident = WhatsAppResident(client, clock)
    form = resident.form("hi")
    first = signed_post(client, form)
    second = signed_post(client, form)
    assert first.status_code == second.status_code == 200
    assert bodies(first) == bodies(second) and len(bodies(first)) == 1  # welcome and question: one message
    assert count(engine, Message, Message.direction == "in") == 1
    assert count(engine, Message, Message.direction == "out") >= 2  # each reply is kept for the officers


def test_empty_body_long_body_broken_utf8_and_unknown_params(make_app, engine, clock):
    client = make_app().test_client()
    resident = WhatsAppResident(client, clock)
    resident.send("hi")
    assert resident.send("1")  # English
    replies = resident.send("")
    assert any("empty message" in r for r in replies)
    long_text = ("mere account se paise kat gaye " * 400)[:10_000]
    replies = resident.send(long_text, SomeNewTwilioParam="surprise", ChannelMetadata='{"x": 1}')
    assert any("very long" in r for r in replies)
    # Broken UTF-8 on the wire: Flask decodes it with replacement characters; Twilio signed what it sent.
    form = resident.form("x")
    raw = urlencode({k: v for k, v in form.items() if k != "Body"}).encode() + b"&Body=paise+kat+gaye+\xff\xfe"
    decoded = dict(form, Body="paise kat gaye \ufffd\ufffd")
    response = client.post("/webhooks/whatsapp", data=raw, content_type="application/x-www-form-urlencoded",
                           headers={"X-Twilio-Signature": twilio_signature(PUBLIC + "/webhooks/whatsapp", decoded)})
    assert response.status_code == 200 and bodies(response)
    with engine.Session() as s:
        texts = [m.text for m in s.scalars(select(Message).where(Message.direction == "in").order_by(Message.id))]
    assert texts[2] == "" and len(texts[3]) == 10_000 and texts[4].startswith("paise kat gaye")


def test_media_without_text_is_downloaded_into_evidence(make_app, engine, clock, twilio_fake):
    client = make_app().test_client()
    resident = WhatsAppResident(client, clock)
    resident.send("hi")
    url = twilio_fake.add_media("ME1", "image/png", PNG)
    replies = resident.send("", NumMedia="1", MediaUrl0=url, MediaContentType0="image/png")
    assert replies  # a kind answer, no error
    fetched = [r for r in twilio_fake.requests if r.method == "GET" and "/Media/" in r.path]
    assert len(fetched) == 1 and fetched[0].headers["Authorization"].startswith("Basic ")
    with engine.Session() as s:
        evidence = s.scalars(select(Evidence)).all()
    assert len(evidence) == 1
    assert evidence[0].sha256 == hashlib.sha256(PNG).hexdigest() and evidence[0].size == len(PNG)
    assert evidence[0].provider_ref == url and evidence[0].content_type == "image/png"


def test_media_failures_keep_the_reference_or_refuse_kindly(make_app, engine, clock, twilio_fake, resources):
    config = resources.config.model_copy(update={"max_evidence_mb": 1, "data_dir": engine.config.data_dir})
    client = make_app(config=config).test_client()
    resident = WhatsAppResident(client, clock)
    resident.send("hi")
    missing = f"{twilio_fake.url}/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/MM1/Media/gone"
    resident.send("", NumMedia="1", MediaUrl0=missing, MediaContentType0="image/jpeg")
    big = twilio_fake.add_media("BIG", "image/jpeg", b"\xff" * (1024 * 1024 + 10))
    replies = resident.send("", NumMedia="1", MediaUrl0=big, MediaContentType0="image/jpeg")
    assert any("could not keep that file" in r for r in replies)  # too big: refused, not stored
    video = twilio_fake.add_media("VID", "video/mp4", b"\x00" * 100)
    replies = resident.send("", NumMedia="1", MediaUrl0=video, MediaContentType0="video/mp4")
    assert any("could not keep that file" in r for r in replies)
    assert not [r for r in twilio_fake.requests if r.path.endswith("/VID")]  # a refused type is never fetched
    with engine.Session() as s:
        evidence = s.scalars(select(Evidence)).all()
    assert [(e.sha256, e.provider_ref) for e in evidence] == [(None, missing)]  # fetched later by reference


def test_location_and_button_payload(make_app, engine, clock):
    client = make_app().test_client()
    resident = WhatsAppResident(client, clock)
    resident.send("hi")
    resident.send("", ButtonPayload="1", ButtonText="English")
    replies = resident.send("", Latitude="28.6139", Longitude="77.2090", Label="Connaught Place")
    assert replies
    with engine.Session() as s:
        texts = [m.text for m in s.scalars(select(Message).where(Message.direction == "in").order_by(Message.id))]
        contact = s.scalar(select(Contact))
    assert texts[1] == "1" and contact.language_chosen
    assert texts[2] == "location: 28.6139,77.2090 (Connaught Place)"


def test_a_flood_is_stored_and_answered_once(make_app, engine, clock):
    client = make_app().test_client()
    resident = WhatsAppResident(client, clock, number="+919833333333")
    answered = [resident.send(f"msg {i}", seconds=0.5) for i in range(100)]
    notices = [replies for replies in answered if any("many messages very quickly" in r for r in replies)]
    assert len(notices) == 1
    assert answered[-1] == []  # silence after the notice: an empty <Response/>
    assert count(engine, Message, Message.direction == "in") == 100


def test_long_reply_is_split_at_sentence_ends():
    sentence = "Call 1930 and your bank at once, and keep every screenshot of the chat. "
    text = sentence * 50
    xml = twiml(Outcome(replies=[Reply("short"), Reply(text)]))
    messages = [m.text for m in ET.fromstring(xml).findall("Message")]
    assert messages[0].startswith("short\n\nCall 1930") and len(messages) == 3  # one answer: as few as fit
    assert all(len(m) <= 1600 and m.endswith(".") for m in messages)
    assert " ".join(messages) == "short\n\n" + text.strip()


def test_channel_off_answers_404(make_app, engine, clock):
    app = make_app(TWILIO_AUTH_TOKEN=None)
    client = app.test_client()
    form = WhatsAppResident(client, clock).form("hi")
    assert signed_post(client, form).status_code == 404
    assert client.post("/webhooks/whatsapp/status", data={}).status_code == 404
    assert client.get("/healthz").json["channels"]["whatsapp"] is False
    assert count(engine, Message) == 0


def test_signature_checked_against_request_url_behind_a_proxy(make_app, engine, clock, resources):
    config = engine.config.model_copy(update={"trusted_proxies": 1})
    client = make_app(config=config, PUBLIC_BASE_URL=None).test_client()
    form = WhatsAppResident(client, clock).form("hi")
    proxied = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "cyber.police.example"}
    url = "https://cyber.police.example/webhooks/whatsapp"
    assert signed_post(client, form, url=url, headers=proxied).status_code == 200
    # Without trusting the proxy, the same request is checked against http://localhost/... and refused.
    plain = make_app(PUBLIC_BASE_URL=None).test_client()
    form = WhatsAppResident(plain, clock).form("hi again")
    assert signed_post(plain, form, url=url, headers=proxied).status_code == 403
    assert signed_post(plain, form, url="http://localhost/webhooks/whatsapp").status_code == 200


# -- the REST sender, the outbox and status callbacks --------------------------------------------
def queue_officer_reply(engine, clock, text="An officer has seen your report.", key="officer:1",
                        recipient="+919812345678"):
    with engine.Session.begin() as s:
        return outbox.enqueue(s, channel="whatsapp", recipient=recipient, text=text, key=key,
                              now=clock.now(), kind="officer")[0].id


def row(engine, row_id) -> Outbox:
    with engine.Session() as s:
        return s.get(Outbox, row_id)


def test_outbox_sends_through_twilio_and_status_callbacks_update_it(make_app, engine, clock, twilio_fake):
    app = make_app()
    rt = app.extensions["cyber_sahayak"]
    row_id = queue_officer_reply(engine, clock)
    assert rt.drain().sent == 1
    created = twilio_fake.created
    assert len(created) == 1
    assert created[0]["To"] == "whatsapp:+919812345678" and created[0]["From"] == WHATSAPP_FROM
    assert created[0]["Body"] == "An officer has seen your report."
    assert created[0]["StatusCallback"] == f"{PUBLIC}/webhooks/whatsapp/status?outbox={row_id}"
    sent = row(engine, row_id)
    assert sent.status == "sent" and sent.provider_id.startswith("SM")
    client = app.test_client()
    callback = f"/webhooks/whatsapp/status?outbox={row_id}"
    form = {"MessageSid": sent.provider_id, "MessageStatus": "delivered", "AccountSid": ACCOUNT_SID}
    assert signed_post(client, form, path=callback).status_code == 204
    assert row(engine, row_id).status == "delivered"
    late = dict(form, MessageStatus="sent")
    assert signed_post(client, late, path=callback).status_code == 204
    assert row(engine, row_id).status == "delivered"  # never backwards
    assert rt.drain().sent == 0 and len(twilio_fake.created) == 1


def test_failures_are_retried_with_backoff_then_marked_failed(make_app, engine, clock, twilio_fake):
    rt = make_app().extensions["cyber_sahayak"]
    settings = rt.config.outbox
    row_id = queue_officer_reply(engine, clock)
    twilio_fake.plan = [(500, 20500), (429, 20429, {"Retry-After": "600"})]
    rt.drain()
    first = row(engine, row_id)
    assert first.status == "pending" and first.attempts == 1
    assert first.next_attempt_at == clock.now() + timedelta(seconds=settings.backoff_seconds)
    assert rt.drain().sent == 0  # not due yet
    clock.advance(settings.backoff_seconds)
    rt.drain()
    second = row(engine, row_id)
    assert second.status == "pending" and second.next_attempt_at == clock.now() + timedelta(seconds=600)
    clock.advance(600)
    assert rt.drain().sent == 1
    assert len(twilio_fake.created) == 1  # the two refused attempts created nothing
    # A permanent refusal (invalid number) fails at once and is listed for officers.
    bad = queue_officer_reply(engine, clock, key="officer:2")
    twilio_fake.plan = [(400, 21211)]
    rt.drain()
    assert row(engine, bad).status == "failed"
    # Network errors count against max_attempts.
    third = queue_officer_reply(engine, clock, key="officer:3")
    twilio_fake.plan = [(503, 20503)] * settings.max_attempts
    for _ in range(settings.max_attempts):
        rt.drain()
        clock.advance(settings.max_backoff_seconds)
    failed = row(engine, third)
    assert failed.status == "failed" and failed.attempts == settings.max_attempts
    with engine.Session() as s:
        assert {r.id for r in outbox.problems(s)} == {bad, third}


def test_a_short_retry_after_and_a_passing_5xx_delay_a_reply_by_seconds(make_app, engine, clock, twilio_fake):
    """Two 429s asking for 2 s used to cost 100 s, three 500s 223 s: now 4 s and 2 + 4 + 8 s, sent once, in order."""
    rt = make_app().extensions["cyber_sahayak"]

    def seconds_until_sent(plan, *texts) -> int:
        twilio_fake.plan = list(plan)
        before = len(twilio_fake.created)
        for i, text in enumerate(texts):
            queue_officer_reply(engine, clock, text=text, key=f"{text}:{i}")
        rt.drain()
        waited = 0
        while len(twilio_fake.created) < before + len(texts):
            clock.advance(1)
            waited += 1
            rt.drain()
        assert [m["Body"] for m in twilio_fake.created[before:]] == list(texts)  # in order, once each
        return waited

    assert seconds_until_sent([(429, 20429, {"Retry-After": "2"})] * 2, "Call 1930 now.", "Which bank?") == 4
    assert seconds_until_sent([(500, 20500)] * 3, "An officer has your case.") == 2 + 4 + 8


def test_network_error_is_retried(make_app, engine, clock, twilio_fake):
    rt = make_app().extensions["cyber_sahayak"]
    row_id = queue_officer_reply(engine, clock)
    twilio_fake.stop()  # connection refused: the request never left
    report = rt.drain()
    assert report.retried == 1 and row(engine, row_id).status == "pending"


def test_timeout_is_never_resent_blindly(make_app, engine, clock, twilio_fake):
    """Twilio took the message but answered too late: the status callback (naming the row) settles it."""
    app = make_app(twilio_timeout=0.3)
    rt = app.extensions["cyber_sahayak"]
    row_id = queue_officer_reply(engine, clock)
    twilio_fake.plan = ["timeout"]
    assert rt.drain().unconfirmed == 1
    assert row(engine, row_id).status == "unconfirmed"
    clock.advance(3600)
    twilio_fake.messages[0]["json"]["body"] = "something else"  # the look-up must not find it by text
    callback_sid = twilio_fake.messages[0]["json"]["sid"]
    form = {"MessageSid": callback_sid, "MessageStatus": "sent"}
    assert signed_post(app.test_client(), form, path=f"/webhooks/whatsapp/status?outbox={row_id}").status_code == 204
    settled = row(engine, row_id)
    assert settled.status == "sent" and settled.provider_id == callback_sid
    rt.drain()
    assert len(twilio_fake.created) == 1


def test_timeout_without_callback_is_looked_up_before_any_resend(make_app, engine, clock, twilio_fake):
    rt = make_app(twilio_timeout=0.3).extensions["cyber_sahayak"]
    taken = queue_officer_reply(engine, clock, key="officer:taken")
    twilio_fake.plan = ["timeout"]
    rt.drain()
    # To another resident: a later message to the same one would wait for the unconfirmed one (tests/test_outbox_order.py).
    lost = queue_officer_reply(engine, clock, text="A second message.", key="officer:lost", recipient="+919812345679")
    twilio_fake.plan = ["drop"]  # the connection closes without an answer: did Twilio get it?
    rt.drain()
    del twilio_fake.messages[1]  # ... it did not
    assert row(engine, taken).status == row(engine, lost).status == "unconfirmed"
    rt.drain()  # before confirm_minutes: nothing happens
    assert len(twilio_fake.created) == 1
    clock.advance(rt.config.outbox.confirm_minutes * 60 + 1)
    report = rt.drain()
    assert report.confirmed == 1 and report.resent == 1 and report.sent == 1
    assert row(engine, taken).status == "sent"
    assert row(engine, taken).provider_id == twilio_fake.messages[0]["json"]["sid"]
    assert row(engine, lost).status == "sent"
    assert [m["Body"] for m in twilio_fake.created] == ["An officer has seen your report.", "A second message."]
    lookups = [r for r in twilio_fake.requests if r.method == "GET" and r.path.endswith("/Messages.json")]
    assert lookups and lookups[0].query["To"] == ["whatsapp:+919812345678"]


def test_outside_24_hours_the_template_is_sent_and_the_text_follows_the_next_message(make_app, engine, clock,
                                                                                      twilio_fake):
    config = engine.config.model_copy(update={"whatsapp": WhatsAppSettings(
        template_content_sid=TEMPLATE, template_variables={"1": "{helpline}"})})
    app = make_app(config=config)
    rt = app.extensions["cyber_sahayak"]
    row_id = queue_officer_reply(engine, clock)
    twilio_fake.plan = [(400, 63016)]
    rt.drain()
    assert row(engine, row_id).status == "pending" and row(engine, row_id).use_template
    rt.drain()
    template = twilio_fake.created[-1]
    assert template["ContentSid"] == TEMPLATE and "Body" not in template
    assert template["ContentVariables"] == '{"1": "Cyber Sahayak"}'
    sent = row(engine, row_id)
    assert sent.status == "sent" and sent.template_sid == TEMPLATE and sent.held
    assert [e["what"] for e in sent.history["events"]] == ["queued", "outside_window", "sent"]
    # The resident answers the template: the window is open, the held text goes out as it was written.
    WhatsAppResident(app.test_client(), clock).send("ok")
    rt.drain()
    assert twilio_fake.created[-1]["Body"] == "An officer has seen your report."
    assert not row(engine, row_id).held
    assert len(twilio_fake.created) == 2


def test_63016_reported_by_status_callback_also_uses_the_template(make_app, engine, clock, twilio_fake):
    config = engine.config.model_copy(update={"whatsapp": WhatsAppSettings(template_content_sid=TEMPLATE)})
    app = make_app(config=config)
    rt = app.extensions["cyber_sahayak"]
    row_id = queue_officer_reply(engine, clock)
    rt.drain()
    refused = row(engine, row_id).provider_id
    form = {"MessageSid": refused, "MessageStatus": "failed", "ErrorCode": "63016"}
    response = signed_post(app.test_client(), form, path=f"/webhooks/whatsapp/status?outbox={row_id}")
    assert response.status_code == 204
    response.close()  # after the response: the template goes out at once
    assert twilio_fake.created[-1]["ContentSid"] == TEMPLATE
    final = row(engine, row_id)
    assert final.status == "sent" and final.provider_id != refused and final.template_sid == TEMPLATE
    # Without a template configured, 63016 is a failure officers see.
    plain = make_app()
    other = queue_officer_reply(engine, clock, key="officer:9")
    twilio_fake.plan = [(400, 63016)]
    plain.extensions["cyber_sahayak"].drain()
    assert row(engine, other).status == "failed" and "63016" in row(engine, other).error


def test_an_answer_never_overtakes_an_earlier_one_still_waiting_in_the_outbox(make_app, engine, clock):
    """A stranger's trial: an answer with buttons (queued in the outbox) was overtaken by the answer to the
    resident's next message, given at once in the webhook's TwiML. While an earlier answer to the chat waits,
    the next one queues behind it."""
    app = make_app()
    client = app.test_client()
    resident = WhatsAppResident(client, clock)
    assert resident.send("hello")  # answered in the TwiML: nothing was waiting
    with engine.Session.begin() as s:  # an earlier answer still waiting to go (e.g. a question with buttons)
        contact = s.scalar(select(Contact).where(Contact.sender == resident.number))
        first = s.scalar(select(Message.id).where(Message.contact_id == contact.id, Message.direction == "in"))
        earlier = outbox.enqueue(s, channel="whatsapp", recipient=resident.number, text="the earlier question",
                                 key="earlier-answer", now=clock.now(), contact_id=contact.id, message_id=first)[0].id
    clock.advance(1)
    response = signed_post(client, resident.form("1"))  # answered before the earlier one went
    assert response.status_code == 200 and bodies(response) == []  # nothing in the TwiML
    with engine.Session() as s:
        later = s.scalars(select(Outbox).where(Outbox.recipient == resident.number, Outbox.id != earlier)
                          .order_by(Outbox.id)).all()
    assert later and all(row.id > earlier for row in later)  # queued behind it, so the outbox keeps the order
    assert any("When did the money leave" in row.text or "money" in row.text.lower() for row in later)


def test_a_message_sid_reused_by_another_sender_never_gets_the_first_senders_replies(make_app, engine, clock):
    """A MessageSid reused by another number is that number's own message (session 6: the dedupe was by sid alone)."""
    client = make_app().test_client()
    victim = WhatsAppResident(client, clock)
    form = victim.form("mere account se abhi 15000 kat gaye")
    first = bodies(signed_post(client, form))
    with engine.Session() as s:
        reference = s.scalars(select(Incident.reference)).one()
    assert reference in first[0]
    clock.advance(30)
    stranger = WhatsAppResident(client, clock, number="+919833344455", name="Someone")
    reused = stranger.form("hello", MessageSid=form["MessageSid"], SmsMessageSid=form["MessageSid"],
                           SmsSid=form["MessageSid"])
    answer = signed_post(client, reused)
    assert answer.status_code == 200
    said = bodies(answer)
    assert said and reference not in "\n".join(said) and said != first  # its own answer, nothing of the victim's
    assert count(engine, Message, Message.provider_id == stranger.key(reused)) == 1
    assert bodies(signed_post(client, form)) == first  # the victim's redelivery is still a redelivery
    assert bodies(signed_post(client, reused)) == said  # and so is the stranger's
    assert count(engine, Message, Message.direction == "in") == 2


def test_a_message_stored_under_its_bare_sid_before_the_upgrade_is_a_redelivery_after_it(make_app, engine, clock):
    """Before session 6 a WhatsApp message was stored under its bare MessageSid; Twilio's redelivery of it after the
    upgrade (sender-keyed) was handled a second time: a second report, a second answer (an attacker's trial). The
    upgrade (migration 0018) rewrites the stored keys; nothing is looked up per message."""
    from alembic import command

    from bot.store.db import alembic_config, upgrade

    client = make_app().test_client()
    resident = WhatsAppResident(client, clock)
    form = resident.form("mere account se abhi 15000 kat gaye")
    first = bodies(signed_post(client, form))
    sid = form["MessageSid"]
    db = engine.Session.kw["bind"]
    cfg = alembic_config(db)
    with db.begin() as connection:  # as the version before stored it: the schema of 0017, the bare sid
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, "0017")
    with engine.Session.begin() as s:
        assert s.scalar(select(Message.provider_id).where(Message.direction == "in")) == sid
        incidents = s.scalar(select(func.count()).select_from(Incident))
    upgrade(db)  # what every process runs at start
    clock.advance(30)
    again = signed_post(client, form)
    assert again.status_code == 200 and bodies(again) == first  # the same answer, not a second handling
    with engine.Session() as s:
        assert s.scalar(select(func.count()).select_from(Incident)) == incidents
    assert count(engine, Message, Message.direction == "in") == 1
