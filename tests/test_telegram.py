"""Telegram: updates in the Bot API's own JSON, parsed by python-telegram-bot in the app; replies sent by
the real telegram.Bot to a local fake Bot API (FakeTelegram) through the outbox.

Every database test runs on SQLite and PostgreSQL (the ``engine`` fixture).
"""
from __future__ import annotations

import hashlib
import json

from sqlalchemy import select

from bot.cases import cases
from bot.store import outbox
from bot.channels import telegram
from bot.store.models.residents import Contact, Evidence, Message
from bot.store.models.operations import Outbox
from fakes import WEBHOOK_SECRET, Updates
from fakes import clock, make_app, telegram_fake, twilio_fake  # noqa: F401,F811 (fixtures)
from test_whatsapp import GOLDEN_HOUR_ANSWERS, count, row

PNG = b"\x89PNG\r\n\x1a\n" + b"\x01" * 64
PDF = b"%PDF-1.4\n" + b"0" * 64


def post(client, update, secret: str | None = WEBHOOK_SECRET, raw: bytes | None = None, wait: bool = True):
    """POST an update as Telegram does; the response is closed (as in WSGI) and, with ``wait``, the worker's
    sender threads have sent what it handed them (bot/channels/sending.py)."""
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
    body = raw if raw is not None else json.dumps(update).encode()
    response = client.post("/webhooks/telegram", data=body, content_type="application/json", headers=headers)
    response.close()
    if wait:
        assert client.application.extensions["cyber_sahayak"].sends.wait_idle(30)
    return response


class TelegramResident:
    def __init__(self, client, clock, fake, chat_id: int = 987654321):
        self.client, self.clock, self.fake = client, clock, fake
        self.updates = Updates(chat_id=chat_id)

    def send(self, update: dict, seconds: float = 30) -> list[str]:
        """Post the update; returns the texts the Bot API received for it."""
        self.clock.advance(seconds)
        before = len(self.fake.sent_texts())
        response = post(self.client, update)
        assert response.status_code == 200, response.data
        return self.fake.sent_texts()[before:]

    def say(self, text: str, seconds: float = 30) -> list[str]:
        return self.send(self.updates.text(text), seconds)


def test_golden_hour_report_end_to_end(make_app, engine, clock, telegram_fake):
    client = make_app().test_client()
    resident = TelegramResident(client, clock, telegram_fake)
    sent = resident.say("15000 was debited from my account just now")
    assert "1930" in sent[0] and "bank" in sent[0].lower()  # the first message the resident gets
    with engine.Session() as s:  # issue 10: the urgent case exists from that first message
        queue = cases.queue(s)
        assert [c.priority for c in queue] == ["urgent"]
        assert queue[0].contact.channel == "telegram" and queue[0].contact.sender == "987654321"
        assert queue[0].contact.display_name == "Sunita"
        assert queue[0].incident.reference in sent[0]
    for answer in GOLDEN_HOUR_ANSWERS[:3]:
        sent = resident.say(answer)
    updates = 1 + 3
    calls = telegram_fake.calls("sendMessage")
    assert {c.form["chat_id"] for c in calls} == {"987654321"}
    with engine.Session() as s:  # every reply went through the outbox and was accepted
        rows = s.scalars(select(Outbox)).all()
        assert rows and all(r.status == "sent" and r.provider_id for r in rows)
    # One answer, one message: nothing waited for Telegram's one-message-a-second pacing.
    assert len(calls) == updates and not clock.slept


def test_wrong_or_missing_secret_is_refused(make_app, engine, clock, telegram_fake):
    client = make_app().test_client()
    update = Updates().text("hello")
    assert post(client, update, secret=None).status_code == 403
    assert post(client, update, secret="guess").status_code == 403
    assert post(client, update, secret=WEBHOOK_SECRET + "x").status_code == 403
    assert count(engine, Message) == 0 and telegram_fake.calls("sendMessage") == []


def test_json_that_is_not_an_update_is_400(make_app, engine, clock, telegram_fake):
    client = make_app().test_client()
    for body in (b"not json", b"[1, 2]", b'{"foo": 1}', b'{"update_id": "7"}', b'{"update_id": true}', b"",
                 b'{"update_id": 5, "message": {"text": "no chat"}}'):
        response = post(client, None, raw=body)
        assert response.status_code == 400, body
    assert post(client, {"update_id": 6}).status_code == 200  # a valid update with nothing for us
    assert count(engine, Message) == 0


def test_broken_utf8_empty_text_and_long_text_are_kept(make_app, engine, clock, telegram_fake):
    client = make_app().test_client()
    resident = TelegramResident(client, clock, telegram_fake)
    resident.say("hi")
    update = resident.updates.text("PLACEHOLDER")
    raw = json.dumps(update).encode().replace(b"PLACEHOLDER", b"paise kat gaye \xff\xfe")
    assert post(client, None, raw=raw).status_code == 200
    assert resident.say("")
    assert resident.say("a" * 10_000)
    with engine.Session() as s:
        texts = [m.text for m in s.scalars(select(Message).where(Message.direction == "in").order_by(Message.id))]
    assert texts[1] == "paise kat gaye \ufffd\ufffd" and texts[2] == "" and len(texts[3]) == 10_000


def test_a_replayed_update_is_handled_once(make_app, engine, clock, telegram_fake):
    client = make_app().test_client()
    update = Updates().text("hi")
    assert post(client, update).status_code == 200
    first = list(telegram_fake.sent_texts())
    assert post(client, update).status_code == 200
    assert telegram_fake.sent_texts() == first and len(first) == 1  # one message, and nothing sent twice
    assert count(engine, Message, Message.direction == "in") == 1


def test_photo_and_document_become_evidence(make_app, engine, clock, telegram_fake):
    client = make_app().test_client()
    resident = TelegramResident(client, clock, telegram_fake)
    resident.say("hi")
    telegram_fake.add_file("AgACphoto", PNG, "photos/file_7.jpg")
    telegram_fake.add_file("BQACdoc", PDF, "documents/file_8.pdf")
    assert resident.send(resident.updates.photo("AgACphoto", size=len(PNG)))
    assert resident.send(resident.updates.document("BQACdoc", size=len(PDF)))
    got = [c.form["file_id"] for c in telegram_fake.calls("getFile")]
    assert got == ["AgACphoto", "BQACdoc"]  # the largest photo size, not the thumbnail
    with engine.Session() as s:
        evidence = s.scalars(select(Evidence).order_by(Evidence.id)).all()
    assert [(e.sha256, e.content_type, e.provider_ref) for e in evidence] == [
        (hashlib.sha256(PNG).hexdigest(), "image/png", "AgACphoto"),  # what its bytes are (Telegram says jpeg)
        (hashlib.sha256(PDF).hexdigest(), "application/pdf", "BQACdoc")]


def test_files_too_big_refused_and_failed_fetch_keeps_file_id(make_app, engine, clock, telegram_fake):
    client = make_app().test_client()
    resident = TelegramResident(client, clock, telegram_fake)
    resident.say("hi")
    too_big = resident.updates.document("BQbig", size=(engine.config.max_evidence_mb + 1) * 1024 * 1024)
    sent = resident.send(too_big)
    assert any("could not keep that file" in t for t in sent)
    sent = resident.send(resident.updates.photo("AgACmissing"))  # getFile answers 400
    assert sent
    assert [c.form["file_id"] for c in telegram_fake.calls("getFile")] == ["AgACmissing"]
    with engine.Session() as s:
        evidence = s.scalars(select(Evidence)).all()
    assert [(e.sha256, e.provider_ref) for e in evidence] == [(None, "AgACmissing")]


def test_contact_sharing_gives_the_number(make_app, engine, clock, telegram_fake):
    client = make_app().test_client()
    resident = TelegramResident(client, clock, telegram_fake)
    resident.say("hi")
    resident.send(resident.updates.contact("+91 98123 45678", own=False))  # someone else's card: only text
    with engine.Session() as s:
        assert s.scalar(select(Contact)).phone is None
    resident.send(resident.updates.contact("919812345678", own=True))
    with engine.Session() as s:
        assert s.scalar(select(Contact)).phone == "+919812345678"
        texts = [m.text for m in s.scalars(select(Message).where(Message.direction == "in").order_by(Message.id))]
    assert texts[1:] == ["+919812345678", "+919812345678"]


def test_commands_keyboards_and_callbacks(make_app, engine, clock, telegram_fake):
    client = make_app().test_client()
    resident = TelegramResident(client, clock, telegram_fake)
    sent = resident.say("/start")
    assert any("Cyber Sahayak" in t for t in sent) and "1 for English" in sent[-1]
    keyboard = json.loads(telegram_fake.calls("sendMessage")[-1].form["reply_markup"])
    assert [row[0]["text"] for row in keyboard["keyboard"]] == ["1. English", "2. हिंदी", "3. বাংলা", "4. اردو"]
    assert keyboard["one_time_keyboard"] is True
    sent = resident.say("1. English")  # the keyboard button sends its label
    assert "Language set to English" in sent[0]
    assert "Report money fraud" in sent[-1]
    menu = json.loads(telegram_fake.calls("sendMessage")[-1].form["reply_markup"])
    assert menu["keyboard"][0][0]["text"].startswith("1. ")
    sent = resident.say("/help@sahayak_bot")
    assert any("OFFICER" in t for t in sent)
    sent = resident.say("/language")
    assert "1 for English" in sent[-1]
    resident.say("2")
    sent = resident.say("/menu")
    assert "पैसों की धोखाधड़ी" in sent[-1]
    sent = resident.send(resident.updates.callback("4"))  # an inline button: its data is the message
    assert sent
    answered = telegram_fake.calls("answerCallbackQuery")
    assert len(answered) == 1 and answered[0].form["callback_query_id"].startswith("cbq")
    with engine.Session() as s:
        texts = [m.text for m in s.scalars(select(Message).where(Message.direction == "in").order_by(Message.id))]
    assert texts == ["hi", "1", "help", "language", "2", "menu", "4"]


def test_group_chats_and_other_updates_are_ignored(make_app, engine, clock, telegram_fake):
    client = make_app().test_client()
    updates = Updates()
    assert post(client, updates.group_text("officers chatting")).status_code == 200
    edited = {"update_id": 77, "edited_message": {"message_id": 1, "date": 1795680000, "chat": updates.chat,
                                                   "from": updates.user, "text": "edit", "edit_date": 1795680001}}
    assert post(client, edited).status_code == 200
    assert count(engine, Message) == 0 and telegram_fake.calls("sendMessage") == []


def test_channel_off_answers_404(make_app, engine, clock, telegram_fake):
    client = make_app(TELEGRAM_WEBHOOK_SECRET=None).test_client()
    assert post(client, Updates().text("hi")).status_code == 404
    assert count(engine, Message) == 0


def test_flood_from_one_chat_is_stored_and_answered_once(make_app, engine, clock, telegram_fake):
    client = make_app().test_client()
    resident = TelegramResident(client, clock, telegram_fake)
    for i in range(100):
        resident.say(f"msg {i}", seconds=0.5)
    notices = [t for t in telegram_fake.sent_texts() if "many messages very quickly" in t]
    assert len(notices) == 1
    assert count(engine, Message, Message.direction == "in") == 100


# -- sending: splitting, pacing, failures --------------------------------------------------------
def enqueue(engine, clock, text: str, key: str, chat: str = "987654321", choices=()) -> list[int]:
    with engine.Session.begin() as s:
        return [r.id for r in outbox.enqueue(s, channel="telegram", recipient=chat, text=text, key=key,
                                             now=clock.now(), choices=choices)]


def rows_of(engine) -> list[Outbox]:
    with engine.Session() as s:
        return s.scalars(select(Outbox).order_by(Outbox.id)).all()


def test_long_reply_split_and_keyboard_on_the_last_part(make_app, engine, clock, telegram_fake):
    rt = make_app().extensions["cyber_sahayak"]
    text = "नमस्ते, यह एक लंबा संदेश है। " * 300  # over 4,096 UTF-16 units
    ids = enqueue(engine, clock, text, "long:1", choices=["1. Yes", "2. No"])
    assert len(ids) == 3
    assert rt.drain().sent == 3
    calls = telegram_fake.calls("sendMessage")
    assert [len(c.form["text"].encode("utf-16-le")) // 2 <= 4096 for c in calls] == [True] * 3
    assert all(c.form["text"].endswith("।") for c in calls)
    assert [("reply_markup" in c.form) for c in calls] == [False, False, True]
    assert enqueue(engine, clock, text, "long:1") == ids  # the same key again: nothing new


def test_pacing_one_a_second_per_chat_thirty_a_second_overall(make_app, engine, clock, telegram_fake):
    rt = make_app().extensions["cyber_sahayak"]
    for i in range(5):
        enqueue(engine, clock, f"to one chat {i}", f"one:{i}")
    rt.drain()
    assert clock.slept == [1.0, 1.0]  # a resident's chat: a burst of three at once, then one a second
    clock.slept.clear()
    for i in range(3):
        enqueue(engine, clock, f"to the officers' group {i}", f"group:{i}", chat="-1001234567890")
    rt.drain()
    assert clock.slept == [1.0, 1.0]  # a group: one a second from the first
    clock.slept.clear()
    clock.advance(2)
    for i in range(31):
        enqueue(engine, clock, f"to many {i}", f"many:{i}", chat=str(5000 + i))
    rt.drain()
    assert len(clock.slept) == 1 and 0 < clock.slept[0] <= 1.0  # the 31st message waits for the second to pass


def test_server_error_and_retry_after_are_retried_later(make_app, engine, clock, telegram_fake):
    rt = make_app().extensions["cyber_sahayak"]
    [row_id] = enqueue(engine, clock, "hello", "r:1")
    telegram_fake.plan = [500, (429, 90)]
    rt.drain()
    first = row(engine, row_id)
    assert first.status == "pending" and (first.next_attempt_at - clock.now()).total_seconds() == 2  # seconds
    clock.advance(2)
    rt.drain()
    second = row(engine, row_id)
    assert second.status == "pending" and (second.next_attempt_at - clock.now()).total_seconds() == 90
    clock.advance(89)
    assert rt.drain().sent == 0
    clock.advance(1)
    assert rt.drain().sent == 1
    assert telegram_fake.sent_texts() == ["hello"]


def test_an_urgent_reply_refused_with_a_short_retry_after_goes_after_that_wait(make_app, engine, clock,
                                                                               telegram_fake):
    """A 429 asking for 3 seconds, three times: the resident's "call 1930" goes 9 s late, not minutes (it was 221 s:
    the backoff's 30 s and 60 s won over the provider's 3 s), once, and before the question after it."""
    client = make_app().test_client()
    rt = client.application.extensions["cyber_sahayak"]
    resident = TelegramResident(client, clock, telegram_fake)
    telegram_fake.plan = [(429, 3)] * 3
    assert resident.say("mere account se abhi 15000 kat gaye", seconds=0) == []  # refused: waits 3 s
    waited = 0
    while not telegram_fake.sent_texts():
        due = min(r.next_attempt_at for r in rows_of(engine) if r.status == "pending")
        assert (due - clock.now()).total_seconds() == 3  # exactly the provider's wait
        clock.advance(3)
        waited += 3
        rt.drain()
    assert waited == 9 and len(telegram_fake.calls("sendMessage")) == 4
    sent = telegram_fake.sent_texts()
    assert len(sent) == 1 and "1930" in sent[0]  # the whole answer in one message, sent once
    # A 5xx three times: retried within seconds (2, 4, 8), in order, nothing twice.
    telegram_fake.plan = [500] * 3
    assert resident.say("sbi", seconds=0) == []
    waited = 0
    while len(telegram_fake.sent_texts()) == 1:
        clock.advance(1)
        waited += 1
        rt.drain()
    assert waited == 2 + 4 + 8 and len(telegram_fake.sent_texts()) == 2
    # A provider's wait beyond reason is capped at max_backoff_seconds.
    [row_id] = enqueue(engine, clock, "later", "cap:1")
    telegram_fake.plan = [(429, 10**9)]
    rt.drain()
    later = row(engine, row_id)
    assert (later.next_attempt_at - clock.now()).total_seconds() == rt.config.outbox.max_backoff_seconds


def hanging_telegram(make_app, engine):
    """The app with a 1-second send timeout: the fake Bot API's "timeout" takes the message and answers too late,
    so the real python-telegram-bot client times out after the request left."""
    config = engine.config.model_copy(update={"outbox": engine.config.outbox.model_copy(
        update={"send_timeout_seconds": 1})})
    return make_app(config=config).extensions["cyber_sahayak"]


def test_a_reply_that_timed_out_is_sent_once_more_then_left_unconfirmed_for_officers(make_app, engine, clock,
                                                                                      telegram_fake):
    """Telegram has no idempotency key and no look-up: a reply whose send timed out is sent once more (at least
    once: the resident may get two copies, never none), the chat's next message waiting behind it; a second
    timeout leaves it unconfirmed, listed for officers, and it is never sent a third time."""
    rt = hanging_telegram(make_app, engine)
    [first] = enqueue(engine, clock, "Call 1930 now", "t:1")
    [after] = enqueue(engine, clock, "Which bank?", "t:2")
    telegram_fake.plan = ["timeout"]
    report = rt.drain()
    assert report.retried == 1 and report.unconfirmed == 0
    assert telegram_fake.sent_texts() == ["Call 1930 now"]  # the next message waits behind the one in doubt
    assert row(engine, first).status == "pending" and "once more" in row(engine, first).error
    clock.advance(rt.config.outbox.backoff_seconds)
    rt.drain()
    assert telegram_fake.sent_texts() == ["Call 1930 now", "Call 1930 now", "Which bank?"]  # at least once, in order
    assert row(engine, first).status == "sent" and row(engine, after).status == "sent"
    assert [e["what"] for e in row(engine, first).history["events"]][-2:] == ["resend_after_timeout", "sent"]

    [again] = enqueue(engine, clock, "Did it arrive?", "t:3")
    telegram_fake.plan = ["timeout", "timeout"]
    rt.drain()
    clock.advance(rt.config.outbox.backoff_seconds)
    assert rt.drain().unconfirmed == 1
    clock.advance(24 * 3600)
    rt.drain()
    assert telegram_fake.sent_texts().count("Did it arrive?") == 2  # never a third time
    assert row(engine, again).status == "unconfirmed" and "no answer from Telegram" in row(engine, again).error
    with engine.Session() as s:
        assert [r.id for r in outbox.problems(s)] == [again]


def test_a_tip_that_timed_out_is_never_sent_twice(make_app, engine, clock, telegram_fake):
    """A campaign or reminder (``outbox.at_most_once_kinds``) is at most once: a tip sent twice to thousands is
    spam, a missed one is harmless. Its timeout leaves it unconfirmed at once."""
    rt = hanging_telegram(make_app, engine)
    with engine.Session.begin() as s:
        [tip] = [r.id for r in outbox.enqueue(s, channel="telegram", recipient="987654321", text="Never share an OTP",
                                              key="tip:1", now=clock.now(), kind="reminder")]
    telegram_fake.plan = ["timeout"]
    assert rt.drain().unconfirmed == 1
    clock.advance(24 * 3600)
    rt.drain()
    assert len(telegram_fake.calls("sendMessage")) == 1
    assert row(engine, tip).status == "unconfirmed"


def test_blocked_by_the_resident_fails_at_once(make_app, engine, clock, telegram_fake):
    rt = make_app().extensions["cyber_sahayak"]
    [row_id] = enqueue(engine, clock, "hello", "b:1")
    telegram_fake.plan = [403]
    assert rt.drain().failed == 1
    assert row(engine, row_id).status == "failed" and "refused" in row(engine, row_id).error


def test_set_webhook_and_long_polling(make_app, engine, clock, telegram_fake):
    rt = make_app().extensions["cyber_sahayak"]
    url = telegram.set_webhook(rt)
    assert url == "https://helpline.example.org/webhooks/telegram"
    registered = telegram_fake.calls("setWebhook")[0].form
    assert registered["url"] == url and registered["secret_token"] == WEBHOOK_SECRET
    assert json.loads(registered["allowed_updates"]) == ["message", "callback_query"]
    updates = Updates(chat_id=111222333)
    telegram_fake.updates = [updates.text("mere account se abhi 15000 kat gaye"), updates.text("sbi")]
    handled = telegram.poll(rt, max_cycles=2, wait_seconds=0)
    assert handled == 2
    assert telegram_fake.calls("deleteWebhook")
    offsets = [c.form.get("offset") for c in telegram_fake.calls("getUpdates")]
    assert offsets[0] is None and offsets[1] == str(telegram_fake.updates[-1]["update_id"] + 1)
    sent = [c for c in telegram_fake.calls("sendMessage") if c.form["chat_id"] == "111222333"]
    assert "1930" in sent[0].form["text"]
    assert count(engine, Message, Message.direction == "in") == 2


def test_a_chats_messages_keep_their_order_through_retries(make_app, engine, clock, telegram_fake):
    rt = make_app().extensions["cyber_sahayak"]
    enqueue(engine, clock, "Call 1930 now.", "o:1")
    enqueue(engine, clock, "Which bank?", "o:2")
    enqueue(engine, clock, "Another chat.", "o:3", chat="555")
    telegram_fake.chat_plan = {"987654321": [500]}  # the first chat's first send fails; the chats go in parallel
    rt.drain()
    assert telegram_fake.sent_texts() == ["Another chat."]  # the question waits for the urgent message
    rt.drain()
    assert telegram_fake.sent_texts() == ["Another chat."]
    clock.advance(30)
    rt.drain()
    assert telegram_fake.sent_texts() == ["Another chat.", "Call 1930 now.", "Which bank?"]


def test_a_telegram_update_with_an_ill_typed_field_is_refused_and_never_stored(make_app, engine, clock, telegram_fake):
    client = make_app().test_client()
    updates = Updates()
    ill_typed = []
    chat = updates.text("mere account se 5000 kat gaye")
    chat["message"]["chat"] = dict(chat["message"]["chat"], id="abc")
    ill_typed.append(chat)
    digits = updates.text("hello")
    digits["message"]["chat"] = dict(digits["message"]["chat"], id="987654321")  # a number sent as a string
    ill_typed.append(digits)
    message_id = updates.text("hello")
    message_id["message"]["message_id"] = "7"
    ill_typed.append(message_id)
    sender = updates.text("hello")
    sender["message"]["from"] = dict(sender["message"]["from"], id=[1])
    ill_typed.append(sender)
    boolean = updates.text("hello")
    boolean["message"]["chat"] = dict(boolean["message"]["chat"], id=True)
    ill_typed.append(boolean)
    text = updates.text("hello")
    text["message"]["text"] = {"a": 1}
    ill_typed.append(text)
    callback = updates.callback("1")
    callback["callback_query"]["message"]["chat"] = dict(callback["callback_query"]["message"]["chat"], id="abc")
    ill_typed.append(callback)
    data = updates.callback("1")
    data["callback_query"]["data"] = 1
    ill_typed.append(data)
    for update in ill_typed:
        response = post(client, update)
        assert response.status_code == 400, update
    assert count(engine, Message) == 0 and count(engine, Contact) == 0
    assert telegram_fake.calls("sendMessage") == []
    assert post(client, updates.text("hello")).status_code == 200  # a well-typed one still is handled
    with engine.Session() as s:
        assert s.scalars(select(Contact.sender)).all() == [str(updates.chat_id)]


def test_a_telegram_id_beyond_the_bot_apis_52_bits_is_refused_and_never_stored(make_app, engine, telegram_fake):
    """The Bot API's ids fit in 52 bits: 2**70, -2**70 or 10**400 is no chat of Telegram's; two such chats used to
    merge into one contact (ids cut to 64 characters)."""
    client = make_app().test_client()
    huge = []
    for value in (2**70, -2**70, 10**400, 10**400 + 1, 2**53):
        for field in ("chat", "from"):
            update = Updates().text("hello")
            update["message"][field] = dict(update["message"][field], id=value)
            huge.append(update)
        update = Updates().text("hello")
        update["message"]["message_id"] = value
        huge.append(update)
        update = Updates().text("hello")
        update["update_id"] = value
        huge.append(update)
        update = Updates().callback("1")
        update["callback_query"]["from"] = dict(update["callback_query"]["from"], id=value)
        huge.append(update)
    for update in huge:
        assert post(client, update).status_code == 400, update
    assert count(engine, Message) == 0 and count(engine, Contact) == 0
    assert telegram_fake.calls("sendMessage") == []
    near = Updates(chat_id=2**53 - 1)  # the largest id the Bot API can send is still a resident's
    assert post(client, near.text("hello")).status_code == 200
    assert post(client, Updates(chat_id=-(2**52)).text("hello")).status_code == 200  # well typed, within 52 bits
    with engine.Session() as s:
        assert sorted(s.scalars(select(Contact.sender)).all()) == [str(-(2**52)), str(2**53 - 1)]


def test_an_ill_typed_file_is_refused_before_any_call_to_the_bot_api(make_app, engine, telegram_fake):
    client = make_app().test_client()
    telegram_fake.add_file("AgACAgUAAxkBAAIBphoto", b"\xff\xd8jpeg")
    updates = Updates()
    ill_typed = []
    photo = updates.photo()
    photo["message"]["photo"][1]["file_id"] = 12345
    ill_typed.append(photo)
    voice = updates._message(voice={"file_id": "AwACAgUAAxkBvoice", "file_unique_id": "AgADv", "duration": "long",
                                     "mime_type": "audio/ogg", "file_size": 10})
    ill_typed.append(voice)
    size = updates.document()
    size["message"]["document"]["file_size"] = "80"
    ill_typed.append(size)
    name = updates.document()
    name["message"]["document"]["file_name"] = ["statement.pdf"]
    ill_typed.append(name)
    both = updates.photo(caption="my screenshot")
    both["message"]["photo"][0]["width"] = "90"
    ill_typed.append(both)
    for update in ill_typed:
        assert post(client, update).status_code == 400, update
    assert telegram_fake.calls("getFile") == [] and telegram_fake.calls("sendMessage") == []
    assert count(engine, Message) == 0 and count(engine, Contact) == 0
    assert post(client, updates.photo()).status_code == 200  # the same photo, well typed, is fetched and kept
    assert [c.form["file_id"] for c in telegram_fake.calls("getFile")] == ["AgACAgUAAxkBAAIBphoto"]


def test_a_body_over_the_size_limit_is_413_with_a_warning_not_an_error(make_app, engine, clock, telegram_fake, caplog):
    app = make_app()
    client = app.test_client()
    update = Updates().text("PLACEHOLDER")
    padding = "a" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    raw = json.dumps(update).encode().replace(b"PLACEHOLDER", padding.encode())
    with caplog.at_level("WARNING"):
        response = post(client, None, raw=raw)
    assert response.status_code == 413
    assert not [r for r in caplog.records if r.levelname in ("ERROR", "CRITICAL")]
    assert any("413" in r.getMessage() for r in caplog.records if r.levelname == "WARNING")
    assert count(engine, Message) == 0 and telegram_fake.calls("sendMessage") == []


def test_an_update_from_a_bot_is_ignored(make_app, engine, clock, telegram_fake):
    client = make_app().test_client()
    updates = Updates()
    update = updates.text("hi")
    update["message"]["from"] = {**update["message"]["from"], "is_bot": True}
    assert post(client, update).status_code == 200
    assert count(engine, Message) == 0 and count(engine, Contact) == 0
    assert telegram_fake.calls("sendMessage") == []
    assert post(client, updates.text("hi")).status_code == 200  # the same chat's resident is answered
    assert count(engine, Message) >= 1 and telegram_fake.calls("sendMessage")


def test_a_mistyped_card_number_in_a_photo_caption_is_never_stored(make_app, engine, clock, telegram_fake):
    """Session 13, an attacker's trial: a caption "... card 4716 6421 9867 1431" (a card number that fails Luhn)
    was stored in full in the message and the incident. A number written like a card is a card, Luhn or not."""
    from bot.store.models.residents import Incident

    client = make_app().test_client()
    resident = TelegramResident(client, clock, telegram_fake)
    telegram_fake.add_file("AgACshot", PNG, "photos/file_9.jpg")
    assert resident.send(resident.updates.photo(
        "AgACshot", size=len(PNG), caption="they took 12000, I told them my card 5425 2334 3010 9904 on the call"))
    with engine.Session() as s:
        kept = " ".join(s.scalars(select(Message.text).where(Message.direction == "in")))
        kept += " ".join(str(i.fields) for i in s.scalars(select(Incident)))  # its initial_message too
    assert "[REDACTED-CARD]" in kept and "9904" not in kept and "3010" not in kept
