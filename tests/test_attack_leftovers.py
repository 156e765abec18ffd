"""What strangers trying the bot as attackers left behind (s9-edge): nothing answers 500, nothing is stored whole
that should not be. Real SDKs at the edges: requests signed with twilio's RequestValidator, Telegram updates in the
Bot API's JSON parsed by python-telegram-bot, replies captured by the local fakes."""
from __future__ import annotations

import io

from sqlalchemy import select

from bot.messages import MAX_TEXT
from bot.store.models.residents import Evidence, Message
from fakes import PUBLIC, clock, make_app, telegram_fake, twilio_fake, twilio_signature  # noqa: F401,F811
from test_telegram import TelegramResident, count
from test_web import Browser
from test_whatsapp import WhatsAppResident, bodies, signed_post

MEGABYTE = 1024 * 1024


def last_in(engine) -> Message:
    with engine.Session() as s:
        return s.scalars(select(Message).where(Message.direction == "in").order_by(Message.id.desc())).first()


# -- item 2: a 1 MB text is cut, marked and the resident told ----------------------------------------------
def test_a_megabyte_telegram_text_keeps_its_start_marked_cut_and_the_resident_is_told(make_app, engine, clock,
                                                                                     telegram_fake):
    resident = TelegramResident(make_app().test_client(), clock, telegram_fake)
    resident.say("hi")
    resident.say("1")  # English
    huge = "someone took 5000 from my account through UPI. " + "x" * MEGABYTE
    replies = resident.say(huge)
    assert any("only its first 1,00,000 characters were kept" in r for r in replies)
    stored = last_in(engine)
    assert stored.text == huge[:MAX_TEXT] and stored.media["cut_from"] == len(huge)
    assert not any("kept all of it" in r for r in replies)  # the old words would now be untrue
    assert any("1930" in r for r in replies)  # what the start says is still understood: a money loss


def test_a_megabyte_whatsapp_text_is_cut_and_told_in_the_residents_language(make_app, engine, clock):
    client = make_app().test_client()
    resident = WhatsAppResident(client, clock)
    resident.send("hi")
    resident.send("2")  # हिंदी
    replies = resident.send("नमस्ते " * (MEGABYTE // 7 + 1))
    assert any("पहले 1,00,000 अक्षर ही रखे गए" in r for r in replies)
    assert len(last_in(engine).text) == MAX_TEXT
    just = "a" * MAX_TEXT  # at the limit: kept whole, nothing said
    assert not any("अक्षर ही रखे गए" in r for r in resident.send(just))
    stored = last_in(engine)
    assert stored.text == just and "cut_from" not in stored.media


# -- item 3: a web file just over max_evidence_mb is refused at the edge ----------------------------------------
def test_a_web_file_just_over_the_limit_is_refused_at_the_edge_in_the_residents_language(make_app, engine):
    browser = Browser(make_app().test_client())
    browser.say("নমস্কার, আমার একটা প্রশ্ন আছে")  # written in Bengali: answered in Bengali
    before = count(engine, Message)
    over = b"\x89PNG\r\n\x1a\n" + b"\x00" * (engine.config.max_evidence_mb * MEGABYTE - 7)  # one byte over
    data = {"text": "screenshot", "id": "upload-bn-1", "file": (io.BytesIO(over), "pay.png", "image/png")}
    response = browser.client.post("/chat/send", data=data, content_type="multipart/form-data",
                                   headers={"X-CSRF-Token": browser.csrf})
    assert response.status_code == 413 and response.json["language"] == "bn"
    assert "ফাইলটি রাখা গেল না" in response.json["replies"][0]["text"]
    assert count(engine, Message) == before and count(engine, Evidence) == 0  # the engine never saw it


# -- item 4: a WhatsApp From without 'whatsapp:' is no WhatsApp sender ---------------------------------------
def test_a_from_without_the_whatsapp_prefix_is_refused(make_app, engine, clock):
    client = make_app().test_client()
    resident = WhatsAppResident(client, clock)
    for sender in ("+919812345678", "919812345678", "sms:+919812345678", "tel:+919812345678", " +919812345678"):
        response = signed_post(client, resident.form("paise kat gaye", From=sender))  # signed as Twilio would
        assert response.status_code == 400, sender
    assert count(engine, Message) == 0
    assert bodies(signed_post(client, resident.form("hi", From="whatsapp:+919812345678")))  # the real one works
