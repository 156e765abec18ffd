"""The ``web`` channel: a resident chat page at ``/``, for trying the helpline without WhatsApp or Telegram.

The sender is the browser: a signed cookie of its own (``cs_chat``, not the console's session cookie, so
opening the chat never logs an officer out of the console in the same browser) holding a random id. The JSON
endpoints require the session's CSRF token in the ``X-CSRF-Token`` header (a custom header a
cross-site form cannot send; no CORS is offered). On by default on the embedded default, off for a
public deployment unless ``web_chat: true`` (config.yaml) and SECRET_KEY are set.
"""
from __future__ import annotations

import hmac
import logging
import re
import secrets
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, g, jsonify, redirect, render_template, request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from .. import edge, formats
from ..store import outbox
from ..store.evidence import acceptable, content_type_for, sniffed
from ..messages import MAX_TEXT, Inbound, Media, Reply
from ..nlu import redact
from ..store.spool import NOT_KEPT, UNAVAILABLE
from ..store.models.residents import Contact, Message
from . import web_limits
from .runtime import Runtime, current

CHANNEL = "web"
log = logging.getLogger("bot.channels")
_CLIENT_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")
# MAX_TEXT (bot/messages.py): characters of one message; a longer one is refused (413) with a kind reply, never cut
HERE = Path(__file__).resolve().parent / "web"
blueprint = Blueprint("web", __name__, template_folder=str(HERE / "templates"), static_folder=str(HERE / "static"),
                      static_url_path="/chat/static")


def started(rt: Runtime) -> None:
    if rt.web_chat_on:
        log.warning("channel web: the resident chat page is at /")


def _on(rt: Runtime) -> None:
    if not rt.web_chat_on:
        abort(404)


COOKIE = "cs_chat"
COOKIE_SECONDS = 7 * 24 * 3600


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="cyber-sahayak web chat")


def chat_ids() -> tuple[str | None, str | None]:
    """This browser's sender id and CSRF token from its chat cookie (None, None without a valid one)."""
    raw = request.cookies.get(COOKIE)
    if not raw or not current_app.secret_key:
        return None, None
    try:
        data = _serializer().loads(raw, max_age=COOKIE_SECONDS)
    except BadSignature:
        return None, None
    if not isinstance(data, dict) or not _CLIENT_ID.match(str(data.get("sid", ""))) or not data.get("csrf"):
        return None, None
    return data["sid"], str(data["csrf"])


def _ids() -> tuple[str, str]:
    """This browser's sender id and CSRF token, created on first visit; the cookie is (re)set on the page."""
    sid, csrf = chat_ids()
    if sid is None:
        sid, csrf = secrets.token_hex(12), secrets.token_urlsafe(24)
    g.web_chat_cookie = _serializer().dumps({"sid": sid, "csrf": csrf})
    return sid, csrf


@blueprint.after_request
def _set_cookie(response: Response) -> Response:
    value = g.pop("web_chat_cookie", None)
    if value is not None:
        response.set_cookie(COOKIE, value, max_age=COOKIE_SECONDS, path="/", httponly=True, samesite="Lax",
                            secure=current_app.config.get("SESSION_COOKIE_SECURE", False))
    return response


def _checked(rt: Runtime) -> str:
    """The sender id, after the CSRF check; 403 otherwise."""
    _on(rt)
    sid, csrf = chat_ids()
    given = request.headers.get("X-CSRF-Token", "")
    if not sid or not csrf or not hmac.compare_digest(given.encode("utf-8", "replace"), str(csrf).encode()):
        abort(403)
    if edge.foreign_origin(request.headers.get("Origin"), request.headers.get("Referer"),
                           (request.host_url, rt.settings.public_base_url)):
        abort(403)
    return sid


def _language(rt: Runtime, sid: str | None) -> str:
    languages = list(rt.config.languages)
    asked = request.args.get("lang")
    if asked in languages:
        return asked
    if sid:
        try:  # a look-up without the write lock; the page needs no database, so an outage only loses the choice
            with rt.engine.Session() as s:
                s.connection(execution_options={"read_only": True})
                chosen = s.scalar(select(Contact.language).where(Contact.channel == CHANNEL, Contact.sender == sid))
        except SQLAlchemyError:
            log.warning("web chat: the database is unreachable; the page uses the browser's language")
            chosen = None
        if chosen in rt.engine.res.texts.packs.codes:  # a returning Bengali or Urdu resident: their page
            return chosen
    return request.accept_languages.best_match(languages) or languages[0]


UI_KEYS = ("title", "intro", "banner", "placeholder", "send", "attach", "offline", "error", "choices", "you", "bot",
           "officer", "file_sent", "end")


def page_texts(texts, languages: list[str]) -> dict[str, dict[str, str]]:
    """Every fixed text of the page in every language: the page switches when the conversation does."""
    return {lang: {key: texts.get(f"web_{key}", lang) for key in UI_KEYS} for lang in languages}


def _security_headers(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = ("default-src 'self'; img-src 'self' data:; style-src 'self'; "
                                                   "script-src 'self'; frame-ancestors 'none'; base-uri 'none'")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.get("/")
def page():
    rt = current()
    _on(rt)
    sid, csrf = _ids()
    lang = _language(rt, sid)
    # every shipped pack: a resident who writes in Bengali or Urdu is answered in it (not offered in the menu), and
    # the page's own texts (title, banner, input) follow the conversation there too
    ui_all = page_texts(rt.engine.res.texts, rt.engine.res.texts.packs.codes)
    html = render_template("chat.html", csrf=csrf, lang=lang, ui=ui_all[lang], ui_all=ui_all,
                           max_mb=rt.config.max_evidence_mb)
    return _security_headers(Response(html, mimetype="text/html"))


def refused_file(rt: Runtime, status: int):
    """A file the page cannot keep (too large: 413; of a type never kept: 415), refused whole at the edge with the
    kind words of an oversized file in the resident's own language; nothing of the message is stored."""
    language = _language(rt, chat_ids()[0])
    said = rt.engine.res.texts.get("media_refused", language, limit=rt.config.max_evidence_mb)
    return jsonify(error="too large" if status == 413 else "file type not kept",
                   replies=[{"text": said, "choices": []}], language=language), status


def refused_form(rt: Runtime):
    """A message within the size limit but in more form parts than the page ever sends (werkzeug's max_form_parts):
    400, with words for that cause (not "the file is too large") in the resident's language; nothing is stored."""
    language = _language(rt, chat_ids()[0])
    said = rt.engine.res.texts.get("form_too_many_parts", language)
    return jsonify(error="too many form parts", replies=[{"text": said, "choices": []}], language=language), 400


def _replies_json(replies) -> list[dict]:
    # "urgent": the action line ("Act now ... 1930"), where the page's view starts after the batch (chat.js)
    return [{"text": reply.text, "choices": list(reply.choices), "urgent": reply.kind == "urgent"} for reply in replies]


@blueprint.post("/chat/send")
def send():
    rt = current()
    sid = _checked(rt)
    files: tuple[Media, ...] = ()
    if request.is_json:
        try:
            data = request.get_json(silent=True)
        except RecursionError:  # JSON nested too deep
            data = None
        if not isinstance(data, dict):
            return jsonify(error="send JSON like {\"text\": \"...\"}"), 400
        text, client_id = data.get("text", ""), data.get("id")
    elif request.mimetype != "multipart/form-data":  # the page sends JSON, or a file in multipart: a form or any
        # other body was read as an empty message and answered "I received an empty message" (attacker trial, s19, F5)
        return jsonify(error="send JSON like {\"text\": \"...\"}, or a file as multipart/form-data"), 415
    else:
        text, client_id = request.form.get("text", ""), request.form.get("id")
        upload = request.files.get("file")
        if upload is not None and upload.filename:
            name = Path(upload.filename).name[:120]
            kind = (upload.mimetype or "").lower()
            if not kind or kind == "application/octet-stream":
                kind = content_type_for(name)
            if not acceptable(kind):  # a page, a script, an SVG: never kept; told as an oversized file is, and
                return refused_file(rt, 415)  # the words beside it are not taken as the pending question's answer
            data = upload.stream.read(rt.max_media_bytes + 1)
            if len(data) > rt.max_media_bytes:  # just over max_evidence_mb (the app's own limit is 1 MB above it):
                return refused_file(rt, 413)  # refused here like every larger file; the engine never sees it
            kind = sniffed(data)  # its own first bytes say what it is, never its name or the browser's label
            if kind is None:
                return refused_file(rt, 415)
            files = (Media(content_type=kind, data=data, filename=name),)
    if not isinstance(text, str):
        return jsonify(error="text must be a string"), 400
    if len(text) > MAX_TEXT:  # refused at the edge, the database up or down: never cut silently, never spooled
        language = _language(rt, sid)
        said = rt.engine.res.texts.get("web_text_too_long", language, limit=formats.number(MAX_TEXT, language))
        return jsonify(error="too long", replies=[{"text": said, "choices": []}], language=language), 413
    if client_id is not None and not (isinstance(client_id, str) and _CLIENT_ID.match(client_id)):
        # the page always sends a valid id (chat.js newId): one that fails is refused, never taken as "no id",
        # which would handle a resend twice (attacker trial, session 16); a message with no id at all is taken
        language = _language(rt, sid)
        said = rt.engine.res.texts.get("web_bad_message_id", language)
        return jsonify(error="bad id", replies=[{"text": said, "choices": []}], language=language), 400
    try:
        if _new_resident_refused(rt, sid):
            language = _language(rt, sid)
            said = rt.engine.res.texts.get("web_busy_address", language)
            return jsonify(error="too many new chats from this address", replies=[{"text": said, "choices": []}],
                           language=language), 429
    except SQLAlchemyError:  # the database is down: the spool's web share bounds what is kept (bot/store/spool.py)
        pass
    provider_id = f"web:{sid}:{client_id}" if client_id is not None else None
    inbound = Inbound(channel=CHANNEL, sender=sid, text=text, media=files, provider_id=provider_id,
                      received_at=rt.now())
    try:
        earlier = rt.replay_earlier(inbound)  # what the spool still keeps from this browser is handled first,
        stalled: list[int] = []  # and what a killed worker stored and never handled
        outcome = rt.engine.handle(inbound, stalled=lambda: stalled.append(rt.handle_stalled(inbound)))
        earlier += sum(stalled)
    except SQLAlchemyError:  # the database is down: kept in the spool; the answer comes to this page later
        if not rt.keep(inbound):
            return jsonify(error="unavailable", replies=_replies_json([Reply(NOT_KEPT)])), 503
        return jsonify(replies=_replies_json([Reply(UNAVAILABLE)]), language=_language(rt, None), silent=False,
                       duplicate=False, kept=True)
    replies = _replies_json(outcome.replies)
    if earlier:  # their answers (queued for the page) are shown first, in the order the messages were written
        taken = _outbox_json(outbox.take_for(rt.engine.Session, CHANNEL, sid, rt.now()))
        replies = [dict(m, **{"from": "officer" if m["kind"] == "officer" else "bot"}) for m in taken] + replies
    return jsonify(replies=replies, language=outcome.language, silent=outcome.silent, duplicate=outcome.duplicate)


def _new_resident_refused(rt: Runtime, sid: str) -> bool:
    """A browser's first message counts against its address (bot/channels/web_limits.py); later ones never do."""
    with rt.engine.Session() as session:
        session.connection(execution_options={"read_only": True})
        known = session.scalar(select(Contact.id).where(Contact.channel == CHANNEL, Contact.sender == sid).limit(1))
    if known is not None:
        return False
    return not web_limits.new_chat_allowed(rt.engine.Session, request.remote_addr, current_app.secret_key, rt.now(),
                                           rt.config.web_chat_new_per_address)


@blueprint.post("/chat/end")
def end():
    """"End this chat on this device": the browser forgets its chat cookie, so the next person at a shared phone or a
    cyber cafe's computer does not see the story (``/chat/history``); the conversation stays with the helpline and
    its officers. A plain form (no script needed), its token checked as the JSON endpoints' header is (attacker
    trial, session 19, F14)."""
    rt = current()
    _on(rt)
    _sid, csrf = chat_ids()
    given = request.form.get("csrf_token", "")
    if not csrf or not hmac.compare_digest(given.encode("utf-8", "replace"), str(csrf).encode()) or (
            edge.foreign_origin(request.headers.get("Origin"), request.headers.get("Referer"),
                                (request.host_url, rt.settings.public_base_url))):
        abort(403)
    response = redirect("/", code=303)
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="Lax",
                           secure=current_app.config.get("SESSION_COOKIE_SECURE", False))
    return response


@blueprint.get("/chat/poll")
def poll():
    """Messages sent to this browser outside a reply (an officer writing, a reminder): each handed out once."""
    rt = current()
    sid = _checked(rt)
    return jsonify(messages=_outbox_json(outbox.take_for(rt.engine.Session, CHANNEL, sid, rt.now())))


def _outbox_json(rows) -> list[dict]:
    """Messages for this browser taken from the outbox, as the page shows them (an officer's marked as such)."""
    return [{"text": row.text, "choices": (row.choices or {}).get("items", []), "kind": row.kind} for row in rows]


@blueprint.get("/chat/history")
def history():
    """This browser's conversation so far (texts as stored: secrets already redacted)."""
    rt = current()
    sid = _checked(rt)
    with rt.engine.Session() as s:
        contact_id = s.scalar(select(Contact.id).where(Contact.channel == CHANNEL, Contact.sender == sid))
        if contact_id is None:
            return jsonify(messages=[])
        rows = list(s.scalars(select(Message).where(Message.contact_id == contact_id)
                              .order_by(Message.id.desc()).limit(60)))
    items = []
    language = _language(rt, sid)
    for row in reversed(rows):
        who = "you" if row.direction == "in" else ("officer" if row.author.startswith("officer") else "bot")
        files = len((row.media or {}).get("items", []))
        # a secret the resident typed is shown as removed in their own words ("[OTP ہٹا دیا گیا]"), not the marker
        text = redact.shown(row.text, rt.engine.res.texts, language) if who == "you" else row.text
        items.append({"from": who, "text": text, "files": files})
    return jsonify(messages=items)
