"""Stand-ins for the providers: local HTTP servers that the real twilio.rest.Client and telegram.Bot talk to.

Each server runs in a thread on 127.0.0.1 (a random port), records every request as the provider
would see it, and can be told to fail the next calls: an HTTP status, a 429 with Retry-After, a
timeout (the answer comes only after the client has given up), or Twilio's error 63016.
"""
from __future__ import annotations

import base64
import itertools
import json
import re
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from twilio.request_validator import RequestValidator

from bot.channels.whatsapp import BaseUrlHttpClient
from conftest import NOW

ACCOUNT_SID = "AC" + "0" * 31 + "1"
AUTH_TOKEN = "test-auth-token-0123456789abcdef"
WHATSAPP_FROM = "whatsapp:+14155238886"
BOT_TOKEN = "123456:TEST-token_abcdefghijklmnopqrstuvw"
WEBHOOK_SECRET = "tg-secret_0123456789"
PUBLIC = "https://helpline.example.org"


# -- a clock the tests control -------------------------------------------------------------
class FakeClock:
    def __init__(self, start: datetime):
        self._now = start.astimezone(timezone.utc)
        self._mono = 1000.0
        self.slept: list[float] = []

    def now(self) -> datetime:
        return self._now

    def monotonic(self) -> float:
        return self._mono

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.advance(seconds)

    def advance(self, seconds: float) -> None:
        self._now += timedelta(seconds=seconds)
        self._mono += seconds


# Secrets strong enough to be accepted (bot/secret_strength.py refuses short values and placeholders).
STRONG_KEY = "t7Qm2vR9xKp4LwZ8nB3cYd6FhJ1sGa5E-kW"
STRONG_TOKEN = "m3Tr1cS-k9Qz4Xw7Lp2Vb8Nd5Hf6Jg0Ra"


def env(**extra: str) -> dict[str, str]:
    """The environment of a deployment with both providers configured."""
    base = {"TWILIO_ACCOUNT_SID": ACCOUNT_SID, "TWILIO_AUTH_TOKEN": AUTH_TOKEN, "TWILIO_WHATSAPP_FROM": WHATSAPP_FROM,
            "TELEGRAM_BOT_TOKEN": BOT_TOKEN, "TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET, "PUBLIC_BASE_URL": PUBLIC,
            "SECRET_KEY": STRONG_KEY}
    base.update(extra)
    return {k: v for k, v in base.items() if v is not None}


def twilio_signature(url: str, params: dict, token: str = AUTH_TOKEN) -> str:
    return RequestValidator(token).compute_signature(url, params)


# -- a small HTTP server ----------------------------------------------------------------------
@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    form: dict[str, str] = field(default_factory=dict)
    accepted: bool = False  # the provider took the message (even if its answer came too late)

    def json(self) -> Any:
        return json.loads(self.body)


class _Listening(ThreadingHTTPServer):
    """A local fake's listening socket with room for a burst of connections: the standard backlog of 5 can be full
    while a loaded CI machine's accept thread waits for the CPU, and the real client then fails to connect (a Telegram
    send in a flood test went "ConnectError: All connection attempts failed" once in CI, session 10)."""

    request_queue_size = 128
    daemon_threads = True


class FakeServer:
    """ThreadingHTTPServer on 127.0.0.1:<random>; subclasses answer in ``respond``."""

    def __init__(self):
        self.requests: list[Recorded] = []
        self.release = threading.Event()  # set at stop: lets 'timeout' answers finish
        self.lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                parts = urlsplit(self.path)
                record = Recorded(self.command, unquote(parts.path), parse_qs(parts.query), dict(self.headers.items()),
                                  body)
                record.form = _form(self.headers.get("Content-Type", ""), body)
                with outer.lock:
                    outer.requests.append(record)
                status, headers, payload = outer.respond(record)
                if status is None:  # drop the connection without an answer
                    self.close_connection = True
                    return
                try:
                    self.send_response(status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout, a size limit)
                    self.close_connection = True

            do_GET = do_POST = do_DELETE = _handle

        self.server = _Listening(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def respond(self, record: Recorded) -> tuple[int | None, dict[str, str], bytes]:
        raise NotImplementedError

    def stop(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()

    def hold(self, seconds: float = 5.0) -> None:
        """Answer only after the client's timeout (or when the test ends)."""
        self.release.wait(seconds)


def _form(content_type: str, body: bytes) -> dict[str, str]:
    if content_type.startswith("application/x-www-form-urlencoded"):
        return {k: v[-1] for k, v in parse_qs(body.decode("utf-8"), keep_blank_values=True).items()}
    if content_type.startswith("multipart/form-data"):
        import email.parser
        import email.policy

        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body)
        result = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            if name:
                result[name] = part.get_content() if part.get_content_maintype() == "text" else part.get_payload(
                    decode=True)
        return result
    return {}


def _json(status: int, data: Any, headers: dict[str, str] | None = None):
    return status, {"Content-Type": "application/json", **(headers or {})}, json.dumps(data).encode()


# -- Twilio -----------------------------------------------------------------------------------
class FakeTwilio(FakeServer):
    """Twilio's Messages API (create, list), media URLs and the Content API (create, fetch, delete), with
    planned failures."""

    def __init__(self):
        # next answers to message creation: "ok", "timeout", "drop", (status, code, headers), or ("gate", arrived,
        # release): take the message, say it arrived, answer only once the test releases it
        self.plan: list[Any] = []
        self.messages: list[dict[str, Any]] = []
        self.contents: dict[str, dict[str, Any]] = {}  # content sid -> the create request's JSON
        self.deleted_contents: list[str] = []
        self._content_ids = itertools.count(1)
        self.media: dict[str, tuple[str, bytes]] = {}
        self.account_status = "active"
        self.numbers: list[str] = []  # the account's incoming phone numbers (E.164), for doctor's sender check
        self._ids = itertools.count(1)
        super().__init__()

    def add_media(self, name: str, content_type: str, data: bytes) -> str:
        self.media[name] = (content_type, data)
        return f"{self.url}/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/MM1/Media/{name}"

    @property
    def created(self) -> list[dict[str, str]]:
        """Forms of message creations Twilio accepted (answered 201, or took and then timed out)."""
        return [m["form"] for m in self.messages]

    def content_of(self, sid: str) -> tuple[str, dict[str, Any]]:
        """(content type, its definition) of a created content: ('twilio/quick-reply', {body, actions})."""
        (kind, definition), = self.contents[sid]["types"].items()
        return kind, definition

    def _content(self, record: Recorded):
        """The Content API (content.twilio.com/v1/Content): JSON in, JSON out, as Twilio answers."""
        expected = "Basic " + base64.b64encode(f"{ACCOUNT_SID}:{AUTH_TOKEN}".encode()).decode()
        if record.headers.get("Authorization") != expected:
            return _json(401, {"code": 20003, "message": "Authenticate", "status": 401})
        one = re.match(r"^/v1/Content/(HX\w{32})$", record.path)
        if record.method == "POST" and record.path == "/v1/Content":
            data = record.json()
            if not data.get("friendly_name") or not isinstance(data.get("types"), dict) or len(data["types"]) != 1:
                return _json(400, {"code": 20001, "message": "Invalid content", "status": 400})
            sid = f"HX{next(self._content_ids):032x}"
            self.contents[sid] = data
            return _json(201, {"sid": sid, "account_sid": ACCOUNT_SID, "friendly_name": data["friendly_name"],
                               "language": data.get("language"), "variables": data.get("variables") or {},
                               "types": data["types"], "url": f"https://content.twilio.com/v1/Content/{sid}",
                               "date_created": "2026-11-27T04:30:00Z", "date_updated": "2026-11-27T04:30:00Z",
                               "links": {}})
        if one and one.group(1) in self.contents and record.method == "DELETE":
            self.deleted_contents.append(one.group(1))
            del self.contents[one.group(1)]
            return 204, {}, b""
        return _json(404, {"code": 20404, "message": "not found", "status": 404})

    def respond(self, record: Recorded):
        if record.path.startswith("/v1/Content"):
            return self._content(record)
        media = re.match(r"^/2010-04-01/Accounts/\w+/Messages/\w+/Media/(.+)$", record.path)
        if media and record.method == "GET":
            expected = "Basic " + base64.b64encode(f"{ACCOUNT_SID}:{AUTH_TOKEN}".encode()).decode()
            if record.headers.get("Authorization") != expected:
                return _json(401, {"message": "Authenticate"})
            if media.group(1) not in self.media:
                return _json(404, {"message": "not found"})
            content_type, data = self.media[media.group(1)]
            return 200, {"Content-Type": content_type}, data
        account = re.match(r"^/2010-04-01/Accounts/(\w+)\.json$", record.path)
        if account and record.method == "GET":  # the account fetch `doctor` makes
            expected = "Basic " + base64.b64encode(f"{ACCOUNT_SID}:{AUTH_TOKEN}".encode()).decode()
            if record.headers.get("Authorization") != expected or account.group(1) != ACCOUNT_SID:
                return _json(401, {"code": 20003, "message": "Authenticate", "more_info": "", "status": 401})
            return _json(200, {"sid": ACCOUNT_SID, "status": self.account_status, "friendly_name": "Cyber Cell",
                               "type": "Full", "date_created": "Fri, 27 Nov 2026 04:30:00 +0000"})
        if re.match(rf"^/2010-04-01/Accounts/{ACCOUNT_SID}/IncomingPhoneNumbers\.json$", record.path):
            wanted = record.query.get("PhoneNumber", [None])[0]
            found = [{"sid": f"PN{i:032x}", "phone_number": n, "account_sid": ACCOUNT_SID}
                     for i, n in enumerate(self.numbers) if wanted is None or n == wanted]
            return _json(200, {"incoming_phone_numbers": found, "next_page_uri": None, "page": 0, "page_size": 50,
                               "start": 0, "end": len(found), "uri": record.path, "first_page_uri": record.path,
                               "previous_page_uri": None})
        if not re.match(rf"^/2010-04-01/Accounts/{ACCOUNT_SID}/Messages\.json$", record.path):
            return _json(404, {"code": 20404, "message": "not found", "status": 404})
        if record.method == "GET":
            to = record.query.get("To", [None])[0]
            found = [m["json"] for m in self.messages if to is None or m["form"].get("To") == to]
            return _json(200, {"messages": found, "next_page_uri": None, "page": 0, "page_size": 50, "start": 0,
                               "end": len(found), "uri": record.path, "first_page_uri": record.path,
                               "previous_page_uri": None})
        step = self.plan.pop(0) if self.plan else "ok"
        if isinstance(step, tuple) and step[0] != "gate":
            status, code, headers = (*step, {})[:3]
            return _json(status, {"code": code, "message": f"fake error {code}", "more_info": "", "status": status},
                         headers)
        sid = f"SM{next(self._ids):032x}"
        data = {"sid": sid, "status": "queued", "body": record.form.get("Body"), "to": record.form.get("To"),
                "from": record.form.get("From"), "account_sid": ACCOUNT_SID, "num_segments": "1",
                "date_created": "Fri, 27 Nov 2026 04:30:00 +0000", "date_sent": None, "direction": "outbound-api"}
        self.messages.append({"form": record.form, "json": data})
        if step == "timeout":
            self.hold()
            return _json(201, data)
        if isinstance(step, tuple) and step[0] == "gate":  # taken: say so, answer only once the test releases it
            step[1].set()
            step[2].wait(10)
            return _json(201, data)
        if step == "drop":
            return None, {}, b""
        return _json(201, data)


class FakeTwilioHttpClient(BaseUrlHttpClient):
    """The real Twilio HTTP client, sending api.twilio.com requests to the fake server instead."""

    def __init__(self, fake: FakeTwilio, timeout: float = 2.0):
        super().__init__(fake.url, timeout=timeout)
        self.fake = fake


# -- Telegram ---------------------------------------------------------------------------------
class FakeTelegram(FakeServer):
    """The Bot API: sendMessage, getFile + file download, answerCallbackQuery, setWebhook, getUpdates."""

    def __init__(self, token: str = BOT_TOKEN):
        self.token = token
        # next answers to sendMessage: "ok", "timeout", 500, (429, retry_after), or ("gate", arrived, release):
        # say the request arrived, then answer only once the test releases it (a send still in progress)
        self.plan: list[Any] = []
        # the same, for one chat only (its id as a string): chats are sent to in parallel, so which chat's send meets
        # a shared ``plan`` first is a race
        self.chat_plan: dict[str, list[Any]] = {}
        self.callback_plan: list[Any] = []  # next answers to answerCallbackQuery: "ok" or ("gate", arrived, release)
        self.files: dict[str, tuple[str, bytes]] = {}
        self.updates: list[dict] = []
        self.webhook_url = ""
        self.webhook_error = ""
        self._ids = itertools.count(100)
        super().__init__()

    @property
    def base_url(self) -> str:
        return f"{self.url}/bot"

    @property
    def file_url(self) -> str:
        return f"{self.url}/file/bot"

    def add_file(self, file_id: str, data: bytes, path: str = "photos/file_1.jpg") -> None:
        self.files[file_id] = (path, data)

    def calls(self, method: str) -> list[Recorded]:
        return [r for r in self.requests if r.path.endswith("/" + method)]

    def sent_texts(self) -> list[str]:
        return [r.form["text"] for r in self.calls("sendMessage") if r.accepted]

    def respond(self, record: Recorded):
        prefix = f"/bot{self.token}/"
        file_prefix = f"/file/bot{self.token}/"
        if record.path.startswith(file_prefix):
            wanted = record.path[len(file_prefix):]
            for path, data in self.files.values():
                if path == wanted:
                    return 200, {"Content-Type": "application/octet-stream"}, data
            return 404, {}, b"not found"
        if not record.path.startswith(prefix):
            return _json(404, {"ok": False, "error_code": 404, "description": "Not Found"})
        method = record.path[len(prefix):]
        form = record.form
        if method == "sendMessage":
            own = self.chat_plan.get(str(form.get("chat_id")))
            step = own.pop(0) if own else self.plan.pop(0) if self.plan else "ok"
            if step == "timeout":
                record.accepted = True  # Telegram got it; the answer comes too late
                self.hold()
            elif isinstance(step, tuple) and step[0] == "gate":
                step[1].set()
                step[2].wait(10)
            elif isinstance(step, tuple) and step[0] == 429:
                return _json(429, {"ok": False, "error_code": 429, "description": "Too Many Requests: retry after "
                                   f"{step[1]}", "parameters": {"retry_after": step[1]}})
            elif isinstance(step, int):
                return _json(step, {"ok": False, "error_code": step, "description": f"fake error {step}"})
            record.accepted = True
            chat = {"id": int(form["chat_id"]), "type": "private", "first_name": "R"}
            return _json(200, {"ok": True, "result": {"message_id": next(self._ids), "date": 1790000000,
                                                      "chat": chat, "text": form.get("text", "")}})
        if method == "getFile":
            file_id = form.get("file_id")
            if file_id not in self.files:
                return _json(400, {"ok": False, "error_code": 400, "description": "Bad Request: invalid file_id"})
            path, data = self.files[file_id]
            return _json(200, {"ok": True, "result": {"file_id": file_id, "file_unique_id": "u" + file_id,
                                                      "file_size": len(data), "file_path": path}})
        if method == "setWebhook":
            self.webhook_url = form.get("url", "")
            return _json(200, {"ok": True, "result": True})
        if method == "deleteWebhook":
            self.webhook_url = ""
            return _json(200, {"ok": True, "result": True})
        if method == "getWebhookInfo":
            info = {"url": self.webhook_url, "has_custom_certificate": False, "pending_update_count": 0}
            if self.webhook_error:
                info.update(last_error_date=1795680000, last_error_message=self.webhook_error)
            return _json(200, {"ok": True, "result": info})
        if method == "answerCallbackQuery":
            step = self.callback_plan.pop(0) if self.callback_plan else "ok"
            if isinstance(step, tuple) and step[0] == "gate":  # as for sendMessage: answered once released
                step[1].set()
                step[2].wait(10)
            return _json(200, {"ok": True, "result": True})
        if method == "getUpdates":
            offset = int(form.get("offset") or 0)
            pending = [u for u in self.updates if u["update_id"] >= offset]
            return _json(200, {"ok": True, "result": pending})
        if method == "getMe":
            return _json(200, {"ok": True, "result": {"id": 123456, "is_bot": True, "first_name": "Sahayak",
                                                      "username": "sahayak_bot"}})
        return _json(404, {"ok": False, "error_code": 404, "description": "Not Found: method not found"})


# -- Telegram updates, in the Bot API's documented JSON shapes ---------------------------------
class Updates:
    """Builds Update JSON for one resident in a private chat."""

    _update_ids = itertools.count(500000000)

    def __init__(self, chat_id: int = 987654321, first_name: str = "Sunita", date: int = 1795680000):
        self.chat_id = chat_id
        self.user = {"id": chat_id, "is_bot": False, "first_name": first_name, "language_code": "en"}
        self.chat = {"id": chat_id, "first_name": first_name, "type": "private"}
        self.date = date
        self._message_ids = itertools.count(1)

    def _message(self, **content) -> dict:
        return {"update_id": next(self._update_ids),
                "message": {"message_id": next(self._message_ids), "from": self.user, "chat": self.chat,
                            "date": self.date, **content}}

    def text(self, text: str) -> dict:
        command = text.startswith("/")
        entities = [{"offset": 0, "length": len(text.split()[0]), "type": "bot_command"}] if command else []
        return self._message(text=text, **({"entities": entities} if entities else {}))

    def photo(self, file_id: str = "AgACAgUAAxkBAAIBphoto", size: int = 72, caption: str | None = None) -> dict:
        sizes = [{"file_id": file_id + "_s", "file_unique_id": "AQADs", "file_size": 1200, "width": 90, "height": 67},
                 {"file_id": file_id, "file_unique_id": "AQADm", "file_size": size, "width": 1280, "height": 960}]
        return self._message(photo=sizes, **({"caption": caption} if caption else {}))

    def document(self, file_id: str = "BQACAgUAAxkBAAIBdoc", mime: str = "application/pdf", size: int = 80,
                 name: str = "statement.pdf") -> dict:
        return self._message(document={"file_id": file_id, "file_unique_id": "AgADdoc", "file_name": name,
                                       "mime_type": mime, "file_size": size})

    def contact(self, phone: str = "919812345678", own: bool = True) -> dict:
        contact = {"phone_number": phone, "first_name": "Sunita"}
        if own:
            contact["user_id"] = self.chat_id
        return self._message(contact=contact)

    def callback(self, data: str) -> dict:
        return {"update_id": next(self._update_ids),
                "callback_query": {"id": f"cbq{next(self._message_ids)}", "from": self.user, "chat_instance": "-42",
                                   "data": data,
                                   "message": {"message_id": 1, "date": self.date, "chat": self.chat,
                                               "from": {"id": 123456, "is_bot": True, "first_name": "Sahayak"},
                                               "text": "menu"}}}

    def group_text(self, text: str, group_id: int = -100123) -> dict:
        return {"update_id": next(self._update_ids),
                "message": {"message_id": next(self._message_ids), "from": self.user, "date": self.date,
                            "chat": {"id": group_id, "title": "Officers", "type": "supergroup"}, "text": text}}


# -- fixtures (imported by the channel test modules) -------------------------------------------
@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


@pytest.fixture
def twilio_fake():
    fake = FakeTwilio()
    yield fake
    fake.stop()


@pytest.fixture
def telegram_fake():
    fake = FakeTelegram()
    yield fake
    fake.stop()


@pytest.fixture
def make_app(engine, clock, twilio_fake, telegram_fake):
    """make_app(config=None, twilio_timeout=2.0, **environment overrides) -> a Flask app on the test engine."""
    from webhook import create_app

    apps = []

    def make(config=None, twilio_timeout: float = 2.0, **overrides):
        environ = env(TELEGRAM_API_BASE_URL=telegram_fake.base_url, TELEGRAM_FILE_BASE_URL=telegram_fake.file_url,
                      TWILIO_MEDIA_BASE_URL=twilio_fake.url, **overrides)
        app = create_app(engine, config=config, environ=environ, clock=clock,
                         twilio_http_client=FakeTwilioHttpClient(twilio_fake, timeout=twilio_timeout))
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.extensions["cyber_sahayak"].close()
