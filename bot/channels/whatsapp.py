"""WhatsApp through Twilio: the inbound webhook (replies as TwiML), status callbacks, the REST sender.

Every request must carry a valid ``X-Twilio-Signature`` (twilio's RequestValidator, over
PUBLIC_BASE_URL + path, or the request URL as trusted proxies report it); anything else gets 403
and touches nothing.
"""
from __future__ import annotations

import json
import logging
import re
import threading
import time
import traceback
from datetime import timedelta
from urllib.parse import parse_qsl

import requests
import urllib3
from flask import Blueprint, Response, abort, request
from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.datastructures import MultiDict

from ..e164 import WHATSAPP, bare, e164, whatsapp_address
from ..privacy import mask
from .. import arrival, edge
from ..store import outbox
from ..store.db import BUSY_SECONDS, busy_until
from . import recovery
from ..cases import stations
from ..messages import Inbound, Media, Outcome, Reply
from ..store.spool import NOT_KEPT, UNAVAILABLE  # the bilingual 1930/112 answers (also read by tests)
from ..content.texts import render
from . import joining
from . import media as media_fetch
from .runtime import Runtime, after_response, current
from .settings import TWILIO_API, TWILIO_CONTENT_API

log = logging.getLogger("bot.channels.whatsapp")
CHANNEL = "whatsapp"
MAX_MEDIA = 10  # Twilio sends at most 10 files with one message
blueprint = Blueprint("whatsapp", __name__)


class BadForm(ValueError):
    pass


# -- signature ------------------------------------------------------------------------------
def signed_url(rt: Runtime) -> str:
    """The URL Twilio signed: PUBLIC_BASE_URL + path (+ query), else the request's own URL."""
    query = request.query_string.decode("latin-1")
    if rt.settings.public_base_url:
        return rt.settings.public_base_url + request.path + (f"?{query}" if query else "")
    return request.base_url + (f"?{query}" if query else "")


def read_form() -> MultiDict:
    """The posted form, keeping every field: bytes that are not UTF-8 become U+FFFD instead of the whole
    field being dropped (werkzeug's parser drops it), so no message text is lost."""
    if not request.mimetype == "application/x-www-form-urlencoded":
        return request.form
    raw = request.get_data(cache=True)
    ascii_only = re.sub(rb"[\x80-\xff]", lambda m: b"%%%02X" % m.group()[0], raw).decode("ascii")
    return MultiDict(parse_qsl(ascii_only, keep_blank_values=True, encoding="utf-8", errors="replace"))


def signature_ok(rt: Runtime, form: MultiDict) -> bool:
    signature = request.headers.get("X-Twilio-Signature", "")
    if not signature:
        return False
    validator = RequestValidator(rt.settings.twilio_auth_token)
    return validator.validate(signed_url(rt), form, signature)


# -- inbound --------------------------------------------------------------------------------
def sender_from(value: str) -> str:
    """Twilio's ``From`` (``whatsapp:+91...``) as the resident's E.164 number; BadForm when it is none. Twilio's
    WhatsApp webhook always writes ``whatsapp:`` in front: a bare number (an SMS, a voice call, a hand-made request
    pointed here) is no WhatsApp sender and is refused (400), never taken as a resident."""
    number = bare(value)
    if not number:
        raise BadForm("From is missing")
    if not value.strip().lower().startswith(WHATSAPP):
        raise BadForm("From is not a WhatsApp sender (no 'whatsapp:' in front)")
    normal = e164(number, None)
    if normal is None:
        raise BadForm("From is not a possible phone number")
    return normal


def message_key(sender: str, sid: str | None) -> str | None:
    """A WhatsApp message's dedupe key (``Inbound.provider_id``): the sender's number with Twilio's MessageSid, so a
    sid reused by another number is that number's own message, never a redelivery answered with the first sender's
    replies (session 6). Telegram's key names its chat and the web chat's its browser in the same way."""
    return f"{sender}:{sid}" if sid else None


def _key_of(form) -> str | None:
    try:
        return message_key(e164(form.get("From", "")), form.get("MessageSid") or form.get("SmsMessageSid") or None)
    except BadForm:
        return None  # parse_form says why


# Twilio's MessageSid: two letters and 32 hex digits. One that is empty or not of letters and digits, or longer than
# this, is refused (400): an empty one turned the duplicate check off and a 10,000-character one was cut in the
# stored key, so two different sids could collide (attacker trial, session 19, F4)
MAX_SID = 64
_SID = re.compile(r"[A-Za-z0-9]{2,%d}" % MAX_SID)


def _sid(form) -> str:
    sid = (form.get("MessageSid") or form.get("SmsMessageSid") or "").replace("\x00", "")
    if not _SID.fullmatch(sid):
        raise BadForm("MessageSid missing or not Twilio's (letters and digits, at most %d)" % MAX_SID)
    return sid


def parse_form(rt: Runtime, form, fetch_media: bool = True) -> Inbound:
    """Twilio's form as an Inbound. Unknown parameters are ignored."""
    sender = sender_from(form.get("From", ""))
    sid = _sid(form)
    text = form.get("ButtonPayload") or form.get("ListId") or form.get("Body") or ""  # a tap is its digit
    latitude, longitude = form.get("Latitude"), form.get("Longitude")
    if latitude and longitude:
        label = " ".join(part for part in (form.get("Label"), form.get("Address")) if part)
        location = f"location: {latitude[:20]},{longitude[:20]}" + (f" ({label[:200]})" if label else "")
        text = f"{text}\n{location}" if text else location
    try:
        count = max(0, min(int(form.get("NumMedia") or 0), MAX_MEDIA))
    except ValueError:
        count = 0
    deadline = time.monotonic() + rt.config.media_download_seconds
    files: list[Media] = []
    auth = (rt.settings.twilio_account_sid, rt.settings.twilio_auth_token)
    hosts = media_fetch.Hosts.twilio(rt.settings.twilio_media_base_url)  # the API, then only Twilio's media CDN
    for index in range(count):
        url = form.get(f"MediaUrl{index}")
        content_type = form.get(f"MediaContentType{index}") or "application/octet-stream"
        if not url:
            continue
        if fetch_media and url.startswith(("https://", "http://")):
            files.append(media_fetch.download(url, content_type, max_bytes=rt.max_media_bytes, deadline=deadline,
                                              auth=auth, hosts=hosts))
        else:
            files.append(Media(content_type=content_type.split(";")[0].strip().lower(), url=url))
    return Inbound(channel=CHANNEL, sender=sender, text=text, media=tuple(files),
                   provider_id=message_key(sender, sid),
                   received_at=rt.now(), display_name=(form.get("ProfileName") or None), phone=sender,
                   via=stations.of(rt.config).via_for_whatsapp(form.get("To")))  # a station's own number


def _has_media(form) -> bool:
    return (form.get("NumMedia") or "0").strip() not in ("", "0")


def twiml(outcome: Outcome) -> str:
    """The replies joined into as few <Message>s as 1,600 characters allow (bot/channels/joining.py)."""
    response = MessagingResponse()
    for reply in joining.join(outcome.replies, CHANNEL):
        response.message(reply.text)
    return str(response)


def respond(rt: Runtime, outcome: Outcome) -> Response:
    """The TwiML response carrying ``outcome``'s replies. They were stored IN_RESPONSE by the turn and count as given
    once the server starts writing the body (the body is one chunk the server asks for when it writes: that step
    marks them, recovery.mark_handed_over, then hands the body over). A worker killed before that leaves them for
    recovery.sweep_unsent_responses, which sends them through the outbox (attacker trial, session 19, F1)."""
    response = Response(twiml(outcome), mimetype="text/xml")
    if not outcome.replies or outcome.message_id is None:
        return response
    body, message_id = response.get_data(), outcome.message_id

    def handed_over():
        # marked as the server starts writing the body, just before the write: a worker killed any time before this
        # (the turn committed, the response being built) leaves the answer to the sweep, which sends it once; marked
        # after the write, a kill in the instant between sent it twice (tests/test_faults.py, under load, session 19)
        try:
            with rt.engine.Session.kw["bind"].begin() as connection:  # no ORM session: one UPDATE (issue 17)
                recovery.mark_handed_over(connection, message_id)
        except Exception:  # not marked: the sweep sends the answer again (twice rather than never)
            log.exception("whatsapp webhook: an answer sent in the response could not be marked as given")
        yield body

    response.response = handed_over()
    response.headers["Content-Length"] = str(len(body))
    return response


def verified_form():
    """The runtime and the posted form once Twilio's signature checks out: 404 while the channel is off,
    403 (nothing read further, nothing stored) when the signature is missing or wrong."""
    rt = current()
    if not rt.settings.whatsapp_on:
        abort(404)
    form = read_form()
    if not signature_ok(rt, form):
        abort(Response("forbidden\n", status=403, mimetype="text/plain"))
    return rt, form


# Twilio throws away a TwiML that comes more than 15 s after it posted: a reply ready later than this (counted from
# the request's arrival, bot/arrival.py) goes through the outbox instead, and the response is empty
TWIML_SECONDS = 13.0


@blueprint.post("/webhooks/whatsapp")
def inbound():
    rt, form = verified_form()
    arrived = arrival.arrived(request.environ)
    with busy_until(arrived + BUSY_SECONDS):  # a request that waited in gunicorn's queue waits less for the lock
        return _inbound(rt, form, arrived)


def _inbound(rt: Runtime, form, arrived: float):
    try:  # a redelivery skips slow work like downloads; with the database down nothing is fetched either
        fetch = _has_media(form) and not rt.already_stored(CHANNEL, _key_of(form))  # no files: nothing to skip
    except SQLAlchemyError:
        log.warning("whatsapp webhook: database unreachable; the message goes to the spool")
        fetch = False
    try:
        message = parse_form(rt, form, fetch_media=fetch)
    except BadForm as exc:
        log.warning("whatsapp webhook: bad form: %s", exc)
        return Response(f"bad request: {exc}\n", status=400, mimetype="text/plain")
    try:
        outcome = rt.handle(message, chat_state=rt.now)  # after what the spool still keeps from this number (older
        # ones first); the chat's outbox read in the turn, not after it
    except SQLAlchemyError:  # the database itself is down: Twilio does not retry, so keep it and answer now
        log.exception("whatsapp webhook: the message could not be stored; keeping it in the spool")
        # every message kept this way is answered with the notice in its TwiML (Twilio's reply to it): an empty one
        # left a message killed mid-turn under load with no answer at all (tests/test_faults.py, session 17)
        answer = UNAVAILABLE if rt.keep(message) else NOT_KEPT
        return Response(twiml(Outcome(replies=[Reply(answer)])), mimetype="text/xml")
    except Exception as exc:  # not an outage (a fault of ours): not kept, not called one; the resident writes again
        log.error("whatsapp webhook: a message from %s could not be handled (%s), not an outage: not kept\n%s",
                  mask(message.sender), type(exc).__name__, "".join(traceback.format_tb(exc.__traceback__)))
        return Response(twiml(Outcome(replies=[Reply(NOT_KEPT)])), mimetype="text/xml")
    if time.monotonic() - arrived > TWIML_SECONDS:
        with busy_until(None):  # stored now, whatever the wait: the TwiML would reach nobody
            return _too_late_for_twiml(rt, message, outcome, arrived)
    queued = False
    try:
        if outcome.duplicate and recovery.answered_later(rt.engine, CHANNEL, message.provider_id):
            return Response(twiml(Outcome()), mimetype="text/xml")  # answered through the outbox already
        # buttons cannot travel in TwiML: such an answer is queued, sent once this response has gone; and while an
        # earlier answer to this chat still waits in the outbox, this one queues behind it (never overtakes it)
        queued = held = False
        if not outcome.duplicate:
            if outcome.chat_state is not None:  # read at the end of the turn, in its transaction (issue 17)
                behind, held = outcome.chat_state
            else:  # the turn failed and apologised, or another worker's turn answered: one read-only look
                with rt.engine.Session() as session:
                    session.connection(execution_options={"read_only": True})
                    behind, held = outbox.chat_state(session, CHANNEL, message.sender, outcome.message_id,
                                                     rt.now())
            queued = recovery.answer_later(rt.engine, CHANNEL, message.sender, message.provider_id, outcome,
                                           rt.now()) > 0 if behind else recovery.answer_with_buttons(
                rt.engine, message.sender, message.provider_id, outcome, rt.now(), enabled=rt.config.whatsapp.interactive)
        response = respond(rt, Outcome() if queued else outcome)
        released = []
        if held:  # texts held by the 24-hour window: the resident wrote, so they can go now
            with rt.engine.Session.begin() as session:
                released = outbox.release_held(session, CHANNEL, message.sender, rt.now())
        if released or queued:  # the window is open again, or buttons wait: sent once the reply has gone
            after_response(response, lambda: rt.safe_drain(CHANNEL, message.sender))
    except Exception:  # handled: the answer goes in the TwiML; what was held waits for the next message. Any fault
        # here, the database's or ours, is logged, never a 500 (Twilio does not deliver again: the answer would be lost)
        log.exception("whatsapp webhook: a fault after the message was handled; answered in the response")
        response = respond(rt, Outcome() if queued else outcome)
        if queued:
            after_response(response, lambda: rt.safe_drain(CHANNEL, message.sender))
    return response


def _too_late_for_twiml(rt: Runtime, message: Inbound, outcome: Outcome, arrived: float) -> Response:
    """The reply is ready after Twilio stopped waiting for the response: queue it in the outbox (sent once, by this
    worker after the response or by the scheduler's drain) and answer an empty TwiML. A redelivery is answered
    already (in a response or through the outbox): nothing is queued again."""
    waited = time.monotonic() - arrived
    response = Response(twiml(Outcome()), mimetype="text/xml")
    if outcome.duplicate:
        return response
    try:
        queued = recovery.answer_later(rt.engine, CHANNEL, message.sender, message.provider_id, outcome, rt.now())
    except Exception:  # the reply rows are stored with the turn; the outbox could not be written: said loudly
        log.exception("whatsapp webhook: a reply ready %.1f s after the message came could not be queued", waited)
        return respond(rt, outcome)  # the one chance left, if Twilio still listens (else the sweep sends it)
    log.warning("whatsapp webhook: the reply was ready %.1f s after the message came (Twilio waits 15 s): "
                "sent through the outbox instead of the response", waited)
    return after_response(response, lambda: rt.safe_drain(CHANNEL, message.sender)) if queued else response


@blueprint.post("/webhooks/whatsapp/status")
def status():
    rt, form = verified_form()
    sid, state = edge.fit(form.get("MessageSid"), edge.PROVIDER_ID), edge.fit(form.get("MessageStatus"), 32)
    if not sid or not state:
        return Response("bad request\n", status=400, mimetype="text/plain")
    row_id = edge.db_int(request.args.get("outbox"))  # a number no row can have is simply no row
    try:
        with rt.engine.Session.begin() as session:
            row = outbox.status_update(session, CHANNEL, sid, state, rt.now(),
                                       error_code=edge.fit(form.get("ErrorCode"), 32), row_id=row_id,
                                       template_available=bool(rt.config.whatsapp.template_content_sid))
            retry = row is not None and row.status == "pending"
    except SQLAlchemyError:  # the database is down: the row is settled later by look-up (bot/store/outbox.py)
        log.exception("whatsapp status callback: the database is unreachable")
        return Response("unavailable\n", status=503, mimetype="text/plain")
    if retry:
        return after_response(Response("", status=204), lambda: rt.safe_drain(CHANNEL, row.recipient))
    return Response("", status=204)


def started(rt: Runtime) -> None:
    """Start-up checks (bot/channel_registry.py): button label lengths, and what PUBLIC_BASE_URL changes."""
    if not rt.settings.whatsapp_on:
        return
    from .interactive import current_plan

    current_plan(rt)  # button label lengths, checked at start-up (bot/channels/interactive.py)
    if not rt.settings.public_base_url:
        log.warning("channel whatsapp: PUBLIC_BASE_URL is not set: signatures are checked against the request "
                    "URL and no delivery status callbacks are requested")


# -- outbound through the REST API -------------------------------------------------------------
class RecordingHttpClient(TwilioHttpClient):
    """Twilio's HTTP client, keeping the last response's headers (per thread) to read Retry-After."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._local = threading.local()

    def request(self, method, url, *args, **kwargs):
        response = super().request(method, url, *args, **kwargs)
        self._local.headers = dict(response.headers or {})
        return response

    @property
    def last_headers(self) -> dict:
        return getattr(self._local, "headers", {})


class BaseUrlHttpClient(RecordingHttpClient):
    """Twilio's HTTP client sending https://api.twilio.com (and Content API, https://content.twilio.com)
    requests to another base URL (TWILIO_API_BASE_URL: a local fake in tests and in `doctor`'s fake mode)."""

    def __init__(self, base_url: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.base_url = base_url.rstrip("/")

    def request(self, method, url, *args, **kwargs):
        for api in (TWILIO_API, TWILIO_CONTENT_API):
            if url.startswith(api):
                url = self.base_url + url[len(api):]
        return super().request(method, url, *args, **kwargs)


def http_client(settings, timeout: float) -> RecordingHttpClient:
    """The HTTP client for twilio.rest.Client: Twilio itself, or TWILIO_API_BASE_URL when set."""
    if settings.twilio_api_base_url != TWILIO_API:
        return BaseUrlHttpClient(settings.twilio_api_base_url, timeout=timeout)
    return RecordingHttpClient(timeout=timeout)


def _retry_after(headers: dict) -> float | None:
    for name, value in headers.items():
        if name.lower() == "retry-after":
            try:
                return float(value)
            except (TypeError, ValueError):
                return None
    return None


def _connection_never_made(exc: requests.exceptions.ConnectionError) -> bool:
    reason = exc.args[0] if exc.args else None
    reason = getattr(reason, "reason", reason)  # urllib3's MaxRetryError wraps the cause
    return isinstance(reason, (urllib3.exceptions.NewConnectionError, urllib3.exceptions.ConnectTimeoutError))


class TwilioSender:
    """Sends outbox rows as WhatsApp messages with twilio.rest.Client; classifies every failure."""

    channel = CHANNEL
    pace = False

    def __init__(self, rt: Runtime):
        self.rt = rt
        self.client = rt.twilio_client()
        self.template_sid = rt.config.whatsapp.template_content_sid or None

    def _from(self, item: outbox.Item) -> str:
        """The station number the resident wrote to (bot/cases/stations.py), else the unit's common number."""
        if stations.of(self.rt.config).via_for_whatsapp(item.sender):
            return whatsapp_address(item.sender)
        return self.rt.settings.whatsapp_from

    def _params(self, item: outbox.Item) -> dict:
        params = {"from_": self._from(item), "to": whatsapp_address(item.recipient)}
        if self.rt.settings.public_base_url:
            params["status_callback"] = f"{self.rt.settings.public_base_url}/webhooks/whatsapp/status?outbox={item.id}"
        if item.use_template and item.template_sid:  # queued as a given template (bot/store/outbox.py enqueue)
            params["content_sid"] = item.template_sid
            if item.template_variables:
                params["content_variables"] = json.dumps(item.template_variables, ensure_ascii=False)
        elif item.use_template and self.template_sid:
            values = self.rt.config.placeholders(item.language)
            template_variables = self.rt.config.whatsapp.template_variables
            variables = {key: render(value, values) for key, value in template_variables.items()}
            params["content_sid"] = self.template_sid
            if variables:
                params["content_variables"] = json.dumps(variables, ensure_ascii=False)
        else:
            params["body"] = item.text
        return params

    def send(self, item: outbox.Item) -> outbox.Sent:
        params = self._params(item)
        try:
            message = self.client.messages.create(**params)
        except TwilioRestException as exc:
            code = exc.code
            if code == 63016:
                raise outbox.SendError(f"63016 {exc.msg}", retry=False, outside_window=True, code=code) from None
            if exc.status == 429:
                headers = getattr(self.client.http_client, "last_headers", {})
                raise outbox.SendError(f"429 {exc.msg}", retry_after=_retry_after(headers), code=code) from None
            if exc.status >= 500:
                raise outbox.SendError(f"{exc.status} {exc.msg}", code=code) from None
            raise outbox.SendError(f"{exc.status} {code} {exc.msg}", retry=False, code=code) from None
        except requests.exceptions.ConnectTimeout as exc:
            raise outbox.SendError(f"connect timeout: {exc}") from None
        except requests.exceptions.ConnectionError as exc:
            if _connection_never_made(exc):
                raise outbox.SendError(f"network error: {type(exc).__name__}") from None
            raise outbox.SendError(f"connection lost after sending: {type(exc).__name__}", ambiguous=True) from None
        except requests.exceptions.RequestException as exc:  # read timeout and the like: Twilio may have it
            raise outbox.SendError(f"no answer from Twilio: {type(exc).__name__}", ambiguous=True) from None
        return outbox.Sent(provider_id=message.sid,
                           template_sid=params.get("content_sid"))

    def lookup(self, item: outbox.Item) -> str | None:
        """After a timed-out send: the sid of a message Twilio accepted for this row, if any."""
        since = (item.claimed_at or self.rt.now()) - timedelta(minutes=2)
        try:  # the newest messages to this number, queued ones included (a DateSent filter would miss them)
            messages = self.client.messages.list(to=whatsapp_address(item.recipient), from_=self._from(item),
                                                 limit=50)
        except (TwilioRestException, requests.exceptions.RequestException) as exc:
            raise outbox.SendError(f"look-up failed: {type(exc).__name__}") from None
        for message in messages:
            if message.date_created is not None and message.date_created < since:
                continue
            if item.use_template or (message.body or "") == item.text:
                return message.sid
        return None
