"""The standing hostile-input suite: well over 200 requests across every route, on SQLite and PostgreSQL.

Each request has its expected status; none may answer 500, and every message a provider (or the web page)
got a 2xx for is stored: nothing acknowledged is lost. The longest values each provider allows, and more,
go into every field filled from outside; NUL and lone surrogates into every text field.

Provider limits used: Telegram first_name/last_name 1-64, username 5-32, text 4096, caption 1024 characters
(Bot API); WhatsApp message bodies up to 4096 characters, profile names as WhatsApp allows (we send far
more); Twilio MessageSid 34 characters. "More" is 10 to 100 times that.
"""
from __future__ import annotations

import io
import itertools
import json
from dataclasses import dataclass, field
from datetime import timezone
from typing import Any, Callable

import pytest
from sqlalchemy import func, select

from bot.channels.whatsapp import message_key
from bot import edge
from bot.cases import officers
from bot.channels.media import Hosts
from bot.store.models.residents import Contact, Evidence, Message
from conftest import NOW
from fakes import ACCOUNT_SID, PUBLIC, WEBHOOK_SECRET, WHATSAPP_FROM, FakeServer, Updates, twilio_signature
from fakes import clock, make_app, telegram_fake, twilio_fake  # noqa: F401,F811 (fixtures)
from test_console import PASSWORD, token

PNG = b"\x89PNG\r\n\x1a\n" + b"\x03" * 64
HUGE = str(10**30)
_sids = itertools.count(1)


@dataclass
class Sent:
    label: str
    status: int
    provider_id: str | None = None  # a message the answer acknowledged: must be stored


@dataclass
class Suite:
    app: Any
    engine: Any
    sent: list[Sent] = field(default_factory=list)

    def check(self, label: str, response, expected: int | set[int], provider_id: str | None = None) -> None:
        allowed = {expected} if isinstance(expected, int) else expected
        status = response.status_code
        response.close()
        assert status != 500 and status in allowed, f"{label}: HTTP {status}, expected {sorted(allowed)}"
        self.sent.append(Sent(label, status, provider_id if 200 <= status < 300 else None))

    def nothing_acknowledged_is_lost(self) -> None:
        wanted = {edge.fit_id(s.provider_id) for s in self.sent if s.provider_id}
        with self.engine.Session() as session:
            stored = set(session.scalars(select(Message.provider_id).where(Message.provider_id.in_(wanted))))
        assert wanted - stored == set(), f"acknowledged but not stored: {sorted(wanted - stored)[:5]}"


@pytest.fixture
def suite(make_app, engine):
    return Suite(make_app(), engine)


# -- WhatsApp ---------------------------------------------------------------------------------
def wa_form(body: str = "hello", number: str = "+919812345678", **extra) -> dict:
    sid = f"SM{next(_sids):032x}"
    form = {"MessageSid": sid, "SmsMessageSid": sid, "AccountSid": ACCOUNT_SID, "From": f"whatsapp:{number}",
            "To": WHATSAPP_FROM, "Body": body, "NumMedia": "0", "ProfileName": "Sunita", "WaId": number[1:]}
    form.update(extra)
    return form


def wa_post(client, form: dict, path: str = "/webhooks/whatsapp", signed: bool = True):
    headers = {"X-Twilio-Signature": twilio_signature(PUBLIC + path, form)} if signed else {}
    return client.post(path, data=form, headers=headers)


def _whatsapp_cases() -> list[tuple[str, dict, int]]:
    n = itertools.count(100)

    def number() -> str:
        return f"+9198{next(n):08d}"

    cases: list[tuple[str, dict, int]] = []
    for length in (1600, 4096, 40_000):
        cases.append((f"Body of {length} characters", wa_form("paisa " * (length // 6), number()), 200))
    for length in (25, 120, 121, 1000, 10_000):
        cases.append((f"ProfileName of {length}", wa_form("hi", number(), ProfileName="S" * length), 200))
    # session 19 (attacker trial, F4): a sid over 64 characters is refused (400), no longer kept with its key cut
    for length in (34, 64, 65, 128, 129, 1000, 5000):
        sid = "SM" + "a" * (length - 2)
        cases.append((f"MessageSid of {length}", wa_form("hi", number(), MessageSid=sid, SmsMessageSid=sid),
                      200 if length <= 64 else 400))
    for text in ("\x00", "a\x00b", "\x00" * 100, "otp\x00 482913", "\ufffd", "x\uffffy", "\x1b[2J", "\u202etxt",
                 "<script>alert(1)</script>", "'; DROP TABLE messages; --", "%00", "\\x00", "💥" * 500):
        cases.append((f"Body {text[:12]!r}", wa_form(text, number()), 200))
    cases.append(("NUL in ProfileName", wa_form("hi", number(), ProfileName="A\x00B"), 200))
    cases.append(("NUL in MessageSid", wa_form("hi", number(), MessageSid="SM\x00nul"), 200))
    cases.append(("NUL in ButtonPayload", wa_form("", number(), ButtonPayload="1\x00"), 200))
    cases.append(("NUL in Label", wa_form("", number(), Latitude="28.6", Longitude="77.2", Label="\x00" * 300), 200))
    for lat, lon in (("abc", "def"), ("1e308", "-1e308"), ("9" * 500, "9" * 500), ("\x00", "\x00")):
        cases.append((f"coordinates {lat[:6]!r}", wa_form("", number(), Latitude=lat, Longitude=lon), 200))
    for count in ("abc", "-5", HUGE, "1", "11", "\x00"):
        cases.append((f"NumMedia {count[:8]!r} without files", wa_form("hi", number(), NumMedia=count), 200))
    for url in ("file:///etc/passwd", "ftp://example.org/x.png", "javascript:alert(1)", "http://169.254.169.254/",
                "https://evil.example.org/x.png", "https://api.twilio.com.evil.example.org/x.png", "", "x" * 5000):
        cases.append((f"MediaUrl0 {url[:20]!r}", wa_form("", number(), NumMedia="1", MediaUrl0=url,
                                                        MediaContentType0="image/png"), 200))
    for kind in ("i" * 500, "image/png\x00", "", "image/svg+xml", "text/html"):
        cases.append((f"MediaContentType0 {kind[:10]!r}", wa_form("", number(), NumMedia="1",
                                                                 MediaUrl0="https://evil.example.org/a",
                                                                 MediaContentType0=kind), 200))
    for sender in ("", "whatsapp:", "whatsapp:+1", "whatsapp:" + "9" * 400, "whatsapp:abc", "whatsapp:\x00",
                   "whatsapp:+00000", "sms:+919812345678x"):
        form = wa_form("hi")
        form["From"] = sender
        cases.append((f"From {sender[:14]!r}", form, 400))
    return cases


WHATSAPP_CASES = _whatsapp_cases()


def test_whatsapp_webhook(suite):
    client = suite.app.test_client()
    for label, form, expected in WHATSAPP_CASES:
        key = message_key(form["From"].removeprefix("whatsapp:"), form.get("MessageSid")) if expected == 200 else None
        suite.check(f"whatsapp: {label}", wa_post(client, form), expected, key)  # stored under number and sid
    for label, form in (("unsigned", wa_form()), ("empty", {})):
        suite.check(f"whatsapp: {label}", wa_post(client, form, signed=False), 403)
    suite.check("whatsapp: JSON body", client.post("/webhooks/whatsapp", json={"Body": "x"},
                                                   headers={"X-Twilio-Signature": "x"}), 403)
    raw = "Body=caf%E9%00&From=whatsapp%3A%2B919812345600&MessageSid=SMrawbytes"  # Latin-1 byte and NUL
    suite.check("whatsapp: invalid UTF-8", client.post(
        "/webhooks/whatsapp", data=raw, content_type="application/x-www-form-urlencoded",
        headers={"X-Twilio-Signature": twilio_signature(PUBLIC + "/webhooks/whatsapp", {
            "Body": "caf\ufffd\x00", "From": "whatsapp:+919812345600", "MessageSid": "SMrawbytes"})}), 200,
        message_key("+919812345600", "SMrawbytes"))
    suite.nothing_acknowledged_is_lost()
    with suite.engine.Session() as s:  # the long name is kept, cut to its column
        names = set(s.scalars(select(Contact.display_name)))
        assert "S" * 120 in names and all(len(name or "") <= 120 for name in names)
        assert all("\x00" not in text for text in s.scalars(select(Message.text)))


def test_whatsapp_status_callback(suite):
    client = suite.app.test_client()
    path = "/webhooks/whatsapp/status"
    cases = [(f"?outbox={value[:12]}", {"outbox": value}, {"MessageSid": "SM" + "1" * 32, "MessageStatus": "sent"}, 204)
             for value in (HUGE, "-1", "abc", "0", "2147483648", "\x00", "1" * 500)]
    cases += [("no MessageSid", {}, {"MessageStatus": "sent"}, 400), ("no state", {}, {"MessageSid": "SMx"}, 400),
              ("NUL sid", {}, {"MessageSid": "SM\x00", "MessageStatus": "delivered"}, 204),
              ("long sid", {}, {"MessageSid": "SM" + "z" * 5000, "MessageStatus": "delivered"}, 204),
              ("junk state", {}, {"MessageSid": "SMy", "MessageStatus": "x" * 5000}, 204),
              ("long ErrorCode", {}, {"MessageSid": "SMy", "MessageStatus": "failed", "ErrorCode": "9" * 5000}, 204),
              ("NUL ErrorCode", {}, {"MessageSid": "SMy", "MessageStatus": "undelivered", "ErrorCode": "\x00"}, 204)]
    from urllib.parse import urlencode

    for label, query, form, expected in cases:
        url = path + (f"?{urlencode(query)}" if query else "")
        signature = twilio_signature(PUBLIC + url, form)
        suite.check(f"status: {label}", client.post(url, data=form, headers={"X-Twilio-Signature": signature}),
                    expected)
    suite.check("status: unsigned", client.post(path, data={"MessageSid": "SMx", "MessageStatus": "sent"}), 403)


# -- Telegram ---------------------------------------------------------------------------------
def tg_post(client, body, secret: str | None = WEBHOOK_SECRET):
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    return client.post("/webhooks/telegram", data=data, content_type="application/json", headers=headers)


def _telegram_cases() -> list[tuple[str, Any, int]]:
    chats = itertools.count(700000001)

    def resident(first: str = "Sunita", **user) -> Updates:
        u = Updates(chat_id=next(chats), first_name=first)
        u.user.update(user)
        u.chat.update({k: v for k, v in user.items() if k in ("last_name", "username")})
        return u

    cases: list[tuple[str, Any, int]] = []
    for length in (64, 65, 200, 10_000):
        cases.append((f"first_name of {length}", resident("F" * length).text("hi"), 200))
        cases.append((f"last_name of {length}", resident("F" * 64, last_name="L" * length).text("hi"), 200))
    for length in (32, 33, 1000):
        cases.append((f"username of {length}", resident(username="u" * length).text("hi"), 200))
    for length in (4096, 4097, 100_000):
        cases.append((f"text of {length}", resident().text("t" * length), 200))
    for length in (1024, 5000):
        cases.append((f"caption of {length}", resident().photo(caption="c" * length), 200))
    for text in ("\x00", "a\x00b", "\ud800", "otp 482913\x00", "/start\x00", "1.\x00 menu", "\x00" * 1000):
        cases.append((f"text {text[:10]!r}", resident().text(text), 200))
    cases.append(("NUL first_name", resident("\x00").text("hi"), 200))
    cases.append(("NUL caption", resident().photo(caption="\x00x"), 200))
    doc = resident()
    cases.append(("document name of 10,000", doc.document(name="d" * 10_000 + ".pdf"), 200))
    cases.append(("document mime of 500", doc.document(mime="application/" + "p" * 500), 200))
    cases.append(("document name with NUL", doc.document(name="a\x00.pdf"), 200))
    cases.append(("file_id of 5,000", doc.document(file_id="B" * 5000), 200))
    cases.append(("contact with junk phone", doc.contact(phone="\x00" * 50), 200))
    cases.append(("contact with long phone", doc.contact(phone="9" * 500), 200))
    cases.append(("edited message (ignored)", {"update_id": 42, "edited_message": resident().text("x")["message"]},
                  200))
    cases.append(("group message (ignored)", resident().group_text("hi"), 200))
    cases.append(("no message at all (ignored)", {"update_id": 43}, 200))
    # Shapes the Bot API never sends: refused with 400, never a 500.
    bad: list[tuple[str, Any]] = []
    bad.append(("JSON nested 100,000 deep",
                b'{"update_id": 1, "message": ' + b'{"a": ' * 100_000 + b"1" + b"}" * 100_001))
    bad.append(("array", [1, 2, 3]))
    bad.append(("update_id a string", {"update_id": "1", "message": {}}))
    bad.append(("update_id true", {"update_id": True}))
    for label, value in (("2**70", 2**70), ("-2**70", -2**70), ("10**400", 10**400)):  # the Bot API's are 52 bits
        for field in ("update_id", "message_id", "chat id"):
            update = resident().text("hi")
            if field == "update_id":
                update["update_id"] = value
            elif field == "message_id":
                update["message"]["message_id"] = value
            else:
                update["message"]["chat"] = dict(update["message"]["chat"], id=value)
            bad.append((f"{field} {label}", update))
    for label, value in (("int", 5), ("object", {"a": 1}), ("list", ["x"]), ("float", 1.5)):
        update = resident().text("hi")
        update["message"]["text"] = value
        bad.append((f"text an {label}", update))
    update = resident().text("hi")
    del update["message"]["chat"]
    bad.append(("no chat", update))
    update = resident().text("hi")
    update["message"]["chat"] = {"type": "private"}
    bad.append(("chat without id", update))
    update = resident().text("")
    update["message"]["location"] = {"latitude": "north", "longitude": "east"}
    bad.append(("string coordinates", update))
    for label, latitude, longitude in (("latitude 10**400", 10**400, 77), ("longitude -10**400", 28, -10**400),
                                       ("latitude 91", 91, 77), ("longitude 180.5", 28, 180.5)):
        update = resident().text("")  # a strangers' trial: 10**400 was an OverflowError where the text is made, a 500
        update["message"]["location"] = {"latitude": latitude, "longitude": longitude}
        bad.append((f"coordinates: {label}", update))
    for label, sizes in (("no width", [{"file_id": "p", "file_unique_id": "u", "height": 1}]),
                         ("string sizes", [{"file_id": "p", "file_unique_id": "u", "width": "w", "height": "h"}]),
                         ("a string", "photo"), ("numbers", [1, 2])):
        update = resident().text("")
        del update["message"]["text"]
        update["message"]["photo"] = sizes
        bad.append((f"junk photo sizes: {label}", update))
    callback = resident().callback("1")
    del callback["callback_query"]["from"]
    cases.append(("callback without from (its chat is known)", callback, 200))
    callback = resident().callback("1")
    del callback["callback_query"]["from"]
    del callback["callback_query"]["message"]
    bad.append(("callback without from or message", callback))
    callback = resident().callback("1")
    callback["callback_query"]["data"] = {"evil": True}
    bad.append(("callback with object data", callback))
    callback = resident().callback("1")
    callback["callback_query"]["data"] = ["x"]
    bad.append(("callback with list data", callback))
    for label, date in (("a date past time_t", 2 ** 70), ("a negative date past time_t", -(2 ** 70))):
        update = resident().text("hi")  # a stranger's attack pass: OverflowError in the SDK was a 500
        update["message"]["date"] = date
        bad.append((label, update))
    bad.append(("not JSON", b"{not json"))
    bad.append(("invalid UTF-8", b'{"update_id": 1, "message": "\xff\xfe"}'))
    bad.append(("empty body", b""))
    cases += [(label, body, 400) for label, body in bad]
    # Wrongly typed optional fields (a stranger's attack pass): the field is not text, so it is no text; never a 500.
    for label, value in (("object", {"x": 1}), ("int", 5), ("list", ["a"])):
        update = resident().text("")
        del update["message"]["text"]
        update["message"]["caption"] = value
        cases.append((f"caption an {label}", update, {200, 400}))
    update = resident(5).text("hi")
    cases.append(("first_name an int", update, {200, 400}))
    update = resident().document(name="x.pdf")
    update["message"]["document"]["file_name"] = 5
    cases.append(("document file_name an int", update, {200, 400}))
    # Long callback data and a valid callback from a long-named user are a resident's: 200.
    cases.append(("callback data of 5,000", resident("C" * 300).callback("9" * 5000), 200))
    return cases


TELEGRAM_CASES = _telegram_cases()


def _telegram_key(body) -> str | None:
    if not isinstance(body, dict) or "message" not in body and "callback_query" not in body:
        return None
    if "callback_query" in body:
        return f"{body['update_id']}:cb:{body['callback_query']['id']}"[:128]
    message = body["message"]
    if message.get("chat", {}).get("type") != "private":
        return None
    return f"{body['update_id']}:{message['chat']['id']}:{message['message_id']}"[:128]


def test_telegram_webhook(suite):
    client = suite.app.test_client()
    for label, body, expected in TELEGRAM_CASES:
        suite.check(f"telegram: {label}", tg_post(client, body), expected,
                    _telegram_key(body) if expected == 200 or 200 in (expected if isinstance(expected, set) else ())
                    else None)
    suite.check("telegram: no secret", tg_post(client, {"update_id": 1}, secret=None), 403)
    suite.check("telegram: wrong secret", tg_post(client, {"update_id": 1}, secret="nope"), 403)
    suite.check("telegram: NUL secret", tg_post(client, {"update_id": 1}, secret="x\x00"), 403)
    suite.nothing_acknowledged_is_lost()
    with suite.engine.Session() as s:
        assert all(len(name or "") <= 120 for name in s.scalars(select(Contact.display_name)))
        assert s.scalar(select(func.max(func.length(Evidence.content_type)))) <= 80


# -- the web chat -----------------------------------------------------------------------------
class Page:
    def __init__(self, client):
        import re

        self.client = client
        html = client.get("/").get_data(as_text=True)
        self.csrf = re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)


def test_web_chat(suite):
    page = Page(suite.app.test_client())
    client, csrf = page.client, {"X-CSRF-Token": page.csrf}
    ids = itertools.count(1)

    def sid() -> str:
        return f"hostile-{next(ids):06d}"

    cases: list[tuple[str, Callable[[], Any], int, str | None]] = []
    for text in ("\x00", "a\x00b", "\ud800x", "\x00" * 5000, "x" * 10_000, "y" * 60_000, "<img src=x onerror=1>",
                 "otp 482913\x00", "💥" * 3000):
        client_id = sid()
        cases.append((f"text {text[:8]!r}", lambda t=text, i=client_id: client.post(
            "/chat/send", data=json.dumps({"text": t, "id": i}), content_type="application/json", headers=csrf),
            200, client_id))  # json.dumps escapes a lone surrogate as a browser would: "\\ud800"
    # an id the page would never send (chat.js newId: 8-64 letters, digits, dashes) is refused with a kind reply, never
    # taken as "no id" (a resend would be handled twice: attacker trial, session 16); no id at all is taken
    for client_id, status in (("x" * 64, 200), (None, 200), ("x" * 65, 400), ("a\x00b", 400), ("../../etc", 400),
                              ("", 400), (5, 400), (["x"], 400)):
        cases.append((f"id {str(client_id)[:8]!r}", lambda i=client_id: client.post(
            "/chat/send", json={"text": "hi", "id": i}, headers=csrf), status, None))
    for label, body in (("a list", [1]), ("a string", "hi"), ("text an int", {"text": 5}),
                        ("text an object", {"text": {"a": 1}}), ("text null", {"text": None})):
        cases.append((f"JSON {label}", lambda b=body: client.post("/chat/send", json=b, headers=csrf), 400, None))
    cases.append(("not JSON", lambda: client.post("/chat/send", data="{x", content_type="application/json",
                                                  headers=csrf), 400, None))
    cases.append(("nested JSON", lambda: client.post("/chat/send", data="[" * 100_000 + "]" * 100_000,
                                                     content_type="application/json", headers=csrf), 400, None))
    for label, name, kind, status in (("filename of 10,000", "f" * 10_000 + ".png", "image/png", 200),
                                      ("filename with NUL", "a\x00.png", "image/png", 200),
                                      ("content type of 500", "a.png", "image/" + "p" * 500, 415),
                                      ("SVG", "a.svg", "image/svg+xml", 415)):  # 415: a type never kept, refused
        client_id = sid()  # whole with a kind reply, nothing stored
        cases.append((f"upload {label}", lambda n=name, k=kind, i=client_id: client.post(
            "/chat/send", data={"text": "", "id": i, "file": (io.BytesIO(PNG), n, k)},
            content_type="multipart/form-data", headers=csrf), status, client_id if status == 200 else None))
    cases.append(("no CSRF token", lambda: client.post("/chat/send", json={"text": "hi"}), 403, None))
    cases.append(("forged CSRF token", lambda: client.post("/chat/send", json={"text": "hi"},
                                                           headers={"X-CSRF-Token": "x\x00"}), 403, None))
    cases.append(("foreign Origin", lambda: client.post("/chat/send", json={"text": "hi"},
                                                        headers={**csrf, "Origin": "https://evil.example"}), 403, None))
    cases.append(("poll", lambda: client.get("/chat/poll", headers=csrf), 200, None))
    cases.append(("poll without token", lambda: client.get("/chat/poll"), 403, None))
    cases.append(("history", lambda: client.get("/chat/history", headers=csrf), 200, None))
    for lang in ("\x00", "x" * 5000, "hi", "../en"):
        cases.append((f"page ?lang={lang[:6]!r}", lambda v=lang: client.get("/", query_string={"lang": v}), 200, None))
    cases.append(("static path traversal", lambda: client.get("/chat/static/../../../etc/passwd"), 404, None))
    acknowledged = []
    for label, call, expected, client_id in cases:
        suite.check(f"web: {label}", call(), expected)
        if client_id and 200 <= suite.sent[-1].status < 300:
            acknowledged.append(client_id)
    with suite.engine.Session() as s:
        browser = s.scalar(select(Contact.sender).where(Contact.channel == "web"))
    for client_id in acknowledged:  # the page's message ids: each acknowledged one is stored
        suite.sent.append(Sent("web", 200, f"web:{browser}:{client_id}"))
    suite.nothing_acknowledged_is_lost()
    assert len(suite.sent) >= 45


# -- the console and the rest -----------------------------------------------------------------
# A NUL is stripped at the edge (bot/edge.py): "?kind=%00" is no filter at all, so 200.
CONSOLE_GETS: list[tuple[str, int | set[int]]] = [
    ("/console/registry?q=%00", 200), ("/console/registry?q=" + "%00" * 50, 200),
    ("/console/registry?q=" + "x" * 10_000, 200), ("/console/registry?q=%ED%A0%80", 200),
    ("/console/registry?kind=zzz", 400), ("/console/registry?kind=%00", 200), ("/console/registry?kind=upi", 200),
    ("/console/registry?kind=upi_id", 200), ("/console/registry?status=zzz", 400),
    ("/console/registry?status=%00", 200), ("/console/registry?status=reported", 200),
    ("/console/registry?district=%00", 200), ("/console/registry?district=" + "d" * 5000, 200),
    ("/console/registry?since=not-a-date", 200), ("/console/registry?since=%00&until=" + HUGE, 200),
    ("/console/registry?%00=%00", 200),
    ("/console/registry/export.csv?status=zzz", 400), ("/console/registry/export.csv?status=%00", 200),
    ("/console/registry/export.csv?since=%00", 200), ("/console/registry/export.csv?blocking=1&status=zzz", 400),
    ("/console/registry/export.csv", 200), ("/console/registry/export.csv?blocking=1", 200),
    (f"/console/registry/{HUGE}", 404), ("/console/registry/2147483648", 404), ("/console/registry/0", 404),
    (f"/console/cases/{HUGE}", 404), ("/console/cases/2147483648", 404), ("/console/cases/2147483647", 404),
    ("/console/cases/0", 404), ("/console/cases/-1", 404), ("/console/cases/%00", 404),
    (f"/console/cases/{HUGE}/messages.json", 404), ("/console/cases/1/messages.json?after=" + HUGE, 404),
    (f"/console/cases/{HUGE}/freeze", 404), (f"/console/evidence/{HUGE}", 404), ("/console/evidence/0", 404),
    (f"/console/households/{HUGE}", 404), (f"/console/households/{HUGE}/status.json", 404),
    ("/console/households?all=%00", 200), (f"/console/campaigns/{HUGE}", 404),
    (f"/console/campaigns/{HUGE}/progress.json", 404), ("/console/campaigns", 200),
    ("/console/queue.json", 200), ("/console/queue.json?x=%00", 200), ("/console/audit", 200),
    ("/console/audit?page=%00", 200), ("/console/audit?page=" + HUGE, 200), ("/console/", 200),
    ("/console/registry/figures?since=%00", 200), ("/console/figures/elderly?x=%00", 200),
    ("/console/households/new", 200), ("/console/campaigns/new", 200), ("/console/registry/import", 200),
    ("/console/static/../../webhook.py", 404), ("/console/nowhere", 404),
]
CONSOLE_POSTS = [f"/console/{path}" for n in (HUGE, "999999") for path in (
    f"cases/{n}/claim", f"cases/{n}/reply", f"cases/{n}/canned", f"cases/{n}/transfer", f"cases/{n}/handback",
    f"cases/{n}/close", f"cases/{n}/freeze/sent", f"registry/{n}/status", f"registry/{n}/link",
    f"campaigns/{n}/send")]


def test_console_and_other_routes(suite):
    with suite.engine.Session.begin() as s:
        officers.add(s, "meena", "SI Meena", PASSWORD, "supervisor", NOW.astimezone(timezone.utc))
    stranger = suite.app.test_client()
    for path, _expected in CONSOLE_GETS[::6]:
        suite.check(f"console (logged out): {path[:40]}", stranger.get(path), {302, 401, 404})
    client = suite.app.test_client()
    login = client.post("/console/login", data={"username": "meena", "password": PASSWORD,
                                                "csrf_token": token(client)})
    assert login.status_code == 302
    for path, expected in CONSOLE_GETS:
        suite.check(f"console: GET {path[:50]}", client.get(path), expected)
    csrf = token(client, "/console/")
    for path in CONSOLE_POSTS:  # a number no row can have matches no route (404) before the CSRF check (400)
        suite.check(f"console: POST {path[:50]} without CSRF", client.post(path, data={"text": "x"}),
                    404 if HUGE in path else 400)
        suite.check(f"console: POST {path[:50]}", client.post(path, data={"text": "x\x00", "csrf_token": csrf,
                                                                          "to": "\x00", "status": "\x00"}),
                    404 if HUGE in path else {302, 404})  # no such row: 404, or back with a message
    header = b"kind,value,status,source\n"
    for label, filename, body, source in (
            ("NUL in the CSV", "nul.csv", header + b"upi,fraud\x00ster@ybl,reported,\x00\n", ""),
            ("a file name of 5,000", "f" * 5000 + ".csv", header + b"upi,other@ybl,reported,\n", ""),
            ("a source of 5,000", "s.csv", header + b"upi,third@ybl,reported,\n", "s" * 5000),
            ("not UTF-8", "bad.csv", b"\xff\xfe\x00", ""),
            ("a file name with NUL", "a\x00.csv", header + b"upi,fourth@ybl,reported,\n", "")):
        for apply in ("", "1"):
            suite.check(f"console: registry import, {label}{' (applied)' if apply else ''}", client.post(
                "/console/registry/import", content_type="multipart/form-data",
                data={"file": (io.BytesIO(body), filename), "source": source, "apply": apply, "csrf_token": csrf}),
                200)
    suite.check("console: login with NUL", suite.app.test_client().post(
        "/console/login", data={"username": "\x00", "password": "\x00"}), {200, 400})
    suite.check("healthz", suite.app.test_client().get("/healthz"), 200)
    suite.check("unknown path", suite.app.test_client().get("/%00"), 404)
    suite.check("wrong method", suite.app.test_client().get("/webhooks/whatsapp"), 405)


def test_the_suite_sends_at_least_200_hostile_requests():
    listed = len(WHATSAPP_CASES) + len(TELEGRAM_CASES) + len(CONSOLE_GETS) + 2 * len(CONSOLE_POSTS)
    assert listed >= 200, listed  # and more in the tests themselves (status callbacks, the web chat, secrets)


# -- media hosts (item 6) -----------------------------------------------------------------------
class Elsewhere(FakeServer):
    """A host that is not Twilio's: records what reaches it; with ``redirect_to`` it redirects there."""

    def __init__(self, redirect_to: str | None = None):
        self.redirect_to = redirect_to
        super().__init__()

    def respond(self, record):
        if self.redirect_to:
            return 302, {"Location": self.redirect_to}, b""
        return 200, {"Content-Type": "image/png"}, PNG


def test_media_only_from_the_providers_hosts_and_credentials_only_to_the_api(make_app, engine, twilio_fake):
    client = make_app().test_client()
    elsewhere = Elsewhere()
    bouncer = Elsewhere(redirect_to=f"{elsewhere.url}/stolen.png")
    try:
        for url in (f"{elsewhere.url}/healthz", f"{bouncer.url}/x.png"):
            form = wa_form("", NumMedia="1", MediaUrl0=url, MediaContentType0="image/png")
            assert wa_post(client, form).status_code == 200
        assert elsewhere.requests == [] and bouncer.requests == []  # not fetched at all: not a media host
        # Twilio's own media URL redirecting to a host that is not Twilio's CDN: not followed.
        twilio_fake.media["BOUNCE"] = ("image/png", PNG)
        original = twilio_fake.respond

        def redirecting(record):
            if record.path.endswith("/Media/BOUNCE"):
                return 307, {"Location": f"{elsewhere.url}/cdn.png"}, b""
            return original(record)

        twilio_fake.respond = redirecting
        url = f"{twilio_fake.url}/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/MM1/Media/BOUNCE"
        form = wa_form("", NumMedia="1", MediaUrl0=url, MediaContentType0="image/png")
        assert wa_post(client, form).status_code == 200
        assert elsewhere.requests == []
        with engine.Session() as s:
            kept = s.scalar(select(Evidence).where(Evidence.provider_ref == url))
            assert kept is not None and kept.sha256 is None  # the reference only
    finally:
        elsewhere.stop()
        bouncer.stop()


def test_the_media_allow_list_names_twilio_and_its_cdn_only():
    hosts = Hosts.twilio("https://api.twilio.com")
    api = f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/MM1/Media/ME1"
    assert hosts.credentials_for(api) and hosts.allows(api)
    assert hosts.allows("https://mms.twiliocdn.com/AC1/abc") and not hosts.credentials_for(
        "https://mms.twiliocdn.com/AC1/abc")
    assert hosts.allows("https://s3-external-1.amazonaws.com/media.twiliocdn.com/AC1/abc")
    for refused in ("http://api.twilio.com/2010-04-01/x", "https://api.twilio.com.evil.org/x",
                    "https://evil.org/https://api.twilio.com/", "https://user:pw@api.twilio.com/x",
                    "https://s3-external-1.amazonaws.com/attacker-bucket/x",
                    "https://s3-external-1.amazonaws.com/media.twiliocdn.com/../attacker/x",
                    "https://127.0.0.1/x", "http://127.0.0.1:8000/healthz", "file:///etc/passwd", "javascript:x"):
        assert not hosts.allows(refused), refused
