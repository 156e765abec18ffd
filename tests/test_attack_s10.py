"""What a stranger's attacker pass found in session 10 (s10-attack). Real SDKs at the edges: requests signed with
twilio's RequestValidator, Telegram updates in the Bot API's JSON parsed by python-telegram-bot, the web chat through
Flask's client; replies captured by the local fakes. Our engine is never mocked."""
from __future__ import annotations

import io

from sqlalchemy import select

from bot.cases import cases
from bot.store.models.cases import Case
from bot.messages import Inbound
from bot.store.models.residents import Contact, Evidence, Message
from fakes import ACCOUNT_SID, PUBLIC, clock, make_app, telegram_fake, twilio_fake, twilio_signature  # noqa: F401,F811
from test_console import app, login, report_with_screenshot, token  # noqa: F401
from test_telegram import TelegramResident
from test_web import Browser
from test_whatsapp import PNG, WhatsAppResident

LOSS = "mere account se abhi 50000 kat gaye"
NOTICE = "many messages very quickly"


def statuses(engine) -> list[str]:
    with engine.Session() as s:
        return list(s.scalars(select(Message.status).where(Message.direction == "in").order_by(Message.id)))


def urgent_cases(engine) -> list:
    with engine.Session() as s:
        return [case.priority for case in cases.queue(s) if case.priority == "urgent"]


def flood(say, count: int = 32) -> list[list[str]]:
    return [say(f"msg {i}") for i in range(count)]


# -- item 1: during a flood an urgent message is still handled at once ------------------------------------------
def test_an_urgent_whatsapp_message_in_a_flood_gets_1930_and_an_urgent_case(make_app, engine, clock):
    resident = WhatsAppResident(make_app().test_client(), clock, number="+919833333301")
    answered = flood(lambda text: resident.send(text, seconds=0.5))
    assert sum(any(NOTICE in r for r in replies) for replies in answered) == 1 and answered[-1] == []
    replies = resident.send(LOSS, seconds=0.5)  # the 33rd message of the minute
    assert replies and "1930" in replies[0]
    assert urgent_cases(engine) == ["urgent"]
    assert statuses(engine)[-1] == "processed"
    assert resident.send("msg again", seconds=0.5) == []  # the flood goes on: still throttled


def test_an_urgent_telegram_message_in_a_flood_gets_1930_and_an_urgent_case(make_app, engine, clock,
                                                                            telegram_fake):
    resident = TelegramResident(make_app().test_client(), clock, telegram_fake)
    flood(lambda text: resident.say(text, seconds=0.5))
    sent = resident.say(LOSS, seconds=0.5)
    assert sent and "1930" in sent[0]
    assert urgent_cases(engine) == ["urgent"]


def test_an_urgent_web_message_in_a_flood_gets_1930_and_an_urgent_case(make_app, engine, clock):
    browser = Browser(make_app().test_client())
    for i in range(32):
        clock.advance(0.5)
        browser.say(f"msg {i}")
    clock.advance(0.5)
    replies = browser.say(LOSS)
    assert replies and "1930" in replies[0]
    assert urgent_cases(engine) == ["urgent"]


# -- item 1: when the pace drops, what the flood held is dealt with -----------------------------------------------
def test_a_loss_held_in_a_flood_is_taken_up_by_the_next_message_after_the_pause(make_app, engine, clock):
    """The loss in the backlog (not urgent by its words: no time told, so it was held) opens the report and its
    case with the resident's next message, 1930 first, and the resident is told how many messages were kept."""
    resident = WhatsAppResident(make_app().test_client(), clock, number="+919833333302")
    flood(lambda text: resident.send(text, seconds=0.5))
    assert resident.send("kal 20000 ka fraud hua mere saath, paise gaye", seconds=0.5) == []  # held, not urgent
    flood(lambda text: resident.send(text, seconds=0.5), 3)
    assert statuses(engine).count("throttled") == 6  # the notice's, the one after it, the loss and three more
    replies = resident.send("hello, is anyone there?", seconds=90)
    text = "\n".join(replies)
    assert "1930" in replies[0]
    assert "6 of your messages were saved without an answer" in text
    assert "throttled" not in statuses(engine)  # read now, never again
    with engine.Session() as s:
        assert [case.status for case in cases.queue(s)]  # the report's case is in the officers' queue
    later = resident.send("hello", seconds=30)
    assert not any("saved without an answer" in r for r in later)  # told once


def test_a_held_backlog_with_nothing_urgent_is_only_told_and_the_message_answered(make_app, engine, clock,
                                                                                  telegram_fake):
    resident = TelegramResident(make_app().test_client(), clock, telegram_fake)
    resident.say("hi")
    resident.say("1")  # English
    flood(lambda text: resident.say(text, seconds=0.5), 33)
    held = statuses(engine).count("throttled")
    assert held >= 2
    sent = resident.say("what is a UPI scam?", seconds=120)
    assert any(f"{held} of your messages were saved without an answer" in t for t in sent)
    assert "1930" not in sent[0] and urgent_cases(engine) == []  # nothing urgent held: no urgent line, no case
    assert "throttled" not in statuses(engine)


# -- item 3: no climbing out of the media path, however it is percent-encoded -------------------------------------
def test_a_percent_encoded_dot_dot_in_a_media_url_is_never_fetched(make_app, engine, clock, twilio_fake):
    resident = WhatsAppResident(make_app().test_client(), clock, number="+919833333303")
    resident.send("hi")
    good = twilio_fake.add_media("ME1", "image/png", PNG)
    base = f"{twilio_fake.url}/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/MM1/Media"
    for climb in ("%2e%2e", "%2E%2e", "%2e.", "%252e%252e", "%25252E%25252e", "..%2f..", "%2e%2e%5c"):
        url = f"{base}/{climb}/x"
        assert resident.send("", NumMedia="1", MediaUrl0=url, MediaContentType0="image/png")  # answered kindly
    fetched = [r.path for r in twilio_fake.requests if r.method == "GET"]
    assert not any("2e" in p.lower() or ".." in p or "%2f" in p.lower() or "%5c" in p.lower() for p in fetched)
    resident.send("", NumMedia="1", MediaUrl0=good, MediaContentType0="image/png")  # a real one is still fetched
    assert [r.path for r in twilio_fake.requests if r.method == "GET"][-1].endswith("/Media/ME1")


# -- item 4: what a file is comes from its own bytes, not from its label -----------------------------------------
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.cookie)"><rect/></svg>'
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 48 + b"PE\x00\x00" + b"\x00" * 64
GIF_JS = b"GIF89a/*\x01\x00\x01\x00\x80\x00\x00*/=1;alert(document.cookie);//" + b"\x00" * 16
JPEG_HTML = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00<html><script>alert(document.cookie)</script></html>"
REFUSED = "I could not keep that file. Please send a photo or screenshot"


def kept_types(engine) -> list[str]:
    with engine.Session() as s:
        return list(s.scalars(select(Evidence.content_type).order_by(Evidence.id)))


def test_whatsapp_files_labelled_png_are_kept_only_as_what_their_bytes_are(make_app, engine, clock, twilio_fake):
    resident = WhatsAppResident(make_app().test_client(), clock, number="+919833333304")
    resident.send("hi")
    resident.send("1")  # English
    for name, data in (("SVG", SVG), ("EXE", EXE)):
        url = twilio_fake.add_media(name, "image/png", data)
        replies = resident.send("", NumMedia="1", MediaUrl0=url, MediaContentType0="image/png")
        assert any(REFUSED in r for r in replies), name
    assert kept_types(engine) == []
    for name, data in (("GIFJS", GIF_JS), ("JPEGHTML", JPEG_HTML)):  # real images by their bytes: their real type
        url = twilio_fake.add_media(name, "image/png", data)
        resident.send("", NumMedia="1", MediaUrl0=url, MediaContentType0="image/png")
    assert kept_types(engine) == ["image/gif", "image/jpeg"]  # never the "image/png" they were called


def test_a_telegram_program_named_exe_png_is_refused_kindly(make_app, engine, clock, telegram_fake):
    resident = TelegramResident(make_app().test_client(), clock, telegram_fake)
    resident.say("hi")
    resident.say("1")  # English
    telegram_fake.add_file("BQexe", EXE, "documents/exe.png")
    sent = resident.send(resident.updates.document("BQexe", mime="image/png", size=len(EXE), name="exe.png"))
    assert any(REFUSED in t for t in sent)
    assert kept_types(engine) == []


def test_web_uploads_whose_bytes_are_no_kept_type_get_415_and_kind_words(make_app, engine):
    browser = Browser(make_app().test_client())
    browser.say("hello")
    for name, data in (("photo.png", SVG), ("exe.png", EXE), ("a.pdf", b"<html>not a pdf</html>")):
        body = {"text": "", "id": f"up-{name}", "file": (io.BytesIO(data), name, "image/png")}
        response = browser.client.post("/chat/send", data=body, content_type="multipart/form-data",
                                       headers={"X-CSRF-Token": browser.csrf})
        assert response.status_code == 415, name
        assert REFUSED in response.json["replies"][0]["text"]
    body = {"text": "", "id": "up-real-png", "file": (io.BytesIO(PNG), "screenshot.jpg", "image/jpeg")}
    response = browser.client.post("/chat/send", data=body, content_type="multipart/form-data",
                                   headers={"X-CSRF-Token": browser.csrf})
    assert response.status_code == 200 and kept_types(engine) == ["image/png"]  # a PNG called .jpg: kept, as PNG


# -- item 5: a console POST from another site is refused, even with a valid CSRF token ---------------------------
def test_a_console_post_naming_another_site_is_refused_even_with_a_valid_token(app, engine):
    _, case_id = report_with_screenshot(engine)
    client = app.test_client()
    login(client)
    form = {"csrf_token": token(client, f"/console/cases/{case_id}")}
    for headers in ({"Origin": "https://evil.example"}, {"Origin": "null"},
                    {"Referer": "https://evil.example/page"}, {"Origin": "http://localhost.evil.example"}):
        assert client.post(f"/console/cases/{case_id}/claim", data=form, headers=headers).status_code == 403, headers
    with engine.Session() as s:
        assert s.get(Case, case_id).status != "claimed"  # nothing done
    same = client.post(f"/console/cases/{case_id}/claim", data=form, headers={"Origin": "http://localhost"})
    assert same.status_code == 302
    with engine.Session() as s:
        assert s.get(Case, case_id).status == "claimed"


def test_the_web_chat_refuses_a_foreign_referer_too(make_app, engine):
    browser = Browser(make_app().test_client())
    assert browser.send("hello", Referer="https://evil.example/x").status_code == 403
    assert browser.send("hello", Origin="https://evil.example").status_code == 403
    assert browser.send("hello", Referer="http://localhost/").status_code == 200


# -- item 2: a killed worker's stored message is answered before the same resident's newer one -------------------
def stored_then_killed(engine, channel: str, sender: str, text: str, provider_id: str, at) -> None:
    """What a worker SIGKILLed between storing and handling leaves: the message stored, ``received``, unanswered."""
    engine._store_inbound(Inbound(channel=channel, sender=sender, text=text, provider_id=provider_id,
                                  received_at=at))  # step 1 of Engine.handle; the worker dies before step 2


def test_whatsapp_a_killed_workers_message_is_answered_before_the_newer_one(make_app, engine, clock, twilio_fake):
    app = make_app()
    rt = app.extensions["cyber_sahayak"]
    resident = WhatsAppResident(app.test_client(), clock, number="+919833333305")
    resident.send("hi")
    resident.send("1")  # English
    form = resident.form(LOSS)
    stored_then_killed(engine, "whatsapp", resident.number, LOSS, resident.key(form), clock.now())
    clock.advance(8)  # the resident writes again before the sweep (ORPHAN_AFTER, 30 s) would run
    live = resident.send("hello?", seconds=0)
    assert live == []  # its answer queues behind the older message's
    rt.drain()
    sent = [m["Body"] for m in twilio_fake.created if m["To"] == f"whatsapp:{resident.number}" and "Body" in m]
    assert "1930" in sent[0]  # the loss's answer first
    with engine.Session() as s:
        assert s.scalar(select(Message.status).where(Message.provider_id == resident.key(form))) == "processed"
    assert rt.recover() == (0, 0)  # nothing left for the sweep: answered once


def test_telegram_a_killed_workers_message_is_answered_before_the_newer_one(make_app, engine, clock,
                                                                           telegram_fake):
    resident = TelegramResident(make_app().test_client(), clock, telegram_fake)
    resident.say("hi")
    resident.say("1")  # English
    stored_then_killed(engine, "telegram", str(resident.updates.chat_id), LOSS,
                       "telegram:killed-1", clock.now())
    sent = resident.say("hello?", seconds=8)
    assert sent and "1930" in sent[0]  # the older message's answer, then the newer one's
    assert len(sent) >= 2


def test_web_a_killed_workers_message_is_answered_before_the_newer_one(make_app, engine, clock):
    browser = Browser(make_app().test_client())
    browser.say("hello")
    with engine.Session() as s:
        sender = s.scalar(select(Contact.sender).where(Contact.channel == "web"))
    stored_then_killed(engine, "web", sender, LOSS, f"web:{sender}:killed-1", clock.now())
    clock.advance(8)
    replies = browser.say("is anyone there?")
    assert "1930" in replies[0]  # the stored loss's answer first, on the same page
    with engine.Session() as s:
        assert s.scalar(select(Message.status).where(Message.provider_id == f"web:{sender}:killed-1")) == "processed"
