"""The ``web`` channel: a resident chat page at ``/``, for trying the helpline without WhatsApp or Telegram.

The sender is the browser session: a signed Flask session cookie holding a random id. The JSON
endpoints require the session's CSRF token in the ``X-CSRF-Token`` header (a custom header a
cross-site form cannot send; no CORS is offered). On by default on the embedded default, off for a
public deployment unless ``web_chat: true`` (config.yaml) and SECRET_KEY are set.
"""
from __future__ import annotations

import hmac
import re
import secrets
from pathlib import Path
from urllib.parse import urlsplit

from flask import Blueprint, Response, abort, jsonify, render_template, request, session
from sqlalchemy import select

from .. import outbox
from ..evidence import content_type_for
from ..messages import Inbound, Media
from ..models import Contact, Message
from . import media as media_fetch
from ..tel_links import tel_links
from .runtime import Runtime, current

CHANNEL = "web"
_CLIENT_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")
MAX_TEXT = 10_000
HERE = Path(__file__).resolve().parent / "web"
blueprint = Blueprint("web", __name__, template_folder=str(HERE / "templates"), static_folder=str(HERE / "static"),
                      static_url_path="/chat/static")
blueprint.add_app_template_filter(tel_links, "tel_links")  # 1930, 112 as tel: links


def _on(rt: Runtime) -> None:
    if not rt.web_chat_on:
        abort(404)


def _ids() -> tuple[str, str]:
    """This browser's sender id and CSRF token, created on first visit."""
    if not _CLIENT_ID.match(str(session.get("sid", ""))) or not session.get("csrf"):
        session.clear()
        session["sid"] = secrets.token_hex(12)
        session["csrf"] = secrets.token_urlsafe(24)
        session.permanent = True
    return session["sid"], session["csrf"]


def _checked(rt: Runtime) -> str:
    """The sender id, after the CSRF check; 403 otherwise."""
    _on(rt)
    sid, csrf = session.get("sid"), session.get("csrf")
    given = request.headers.get("X-CSRF-Token", "")
    if not sid or not csrf or not hmac.compare_digest(given.encode("utf-8", "replace"), str(csrf).encode()):
        abort(403)
    origin = request.headers.get("Origin")
    if origin and _origin(origin) not in {_origin(request.host_url), _origin(rt.settings.public_base_url)}:
        abort(403)
    return sid


def _origin(url: str) -> str:
    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}".lower()


def _language(rt: Runtime, sid: str | None) -> str:
    languages = list(rt.config.languages)
    asked = request.args.get("lang")
    if asked in languages:
        return asked
    if sid:
        with rt.engine.Session() as s:
            chosen = s.scalar(select(Contact.language).where(Contact.channel == CHANNEL, Contact.sender == sid))
        if chosen in languages:
            return chosen
    return request.accept_languages.best_match(languages) or languages[0]


UI_KEYS = ("title", "intro", "banner", "placeholder", "send", "attach", "offline", "error", "choices", "you", "bot",
           "officer", "file_sent")


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
    ui_all = page_texts(rt.engine.res.texts, list(rt.config.languages))
    html = render_template("chat.html", csrf=csrf, lang=lang, ui=ui_all[lang], ui_all=ui_all,
                           max_mb=rt.config.max_evidence_mb)
    return _security_headers(Response(html, mimetype="text/html"))


def _replies_json(replies) -> list[dict]:
    return [{"text": reply.text, "choices": list(reply.choices)} for reply in replies]


@blueprint.post("/chat/send")
def send():
    rt = current()
    sid = _checked(rt)
    files: tuple[Media, ...] = ()
    if request.is_json:
        data = request.get_json(silent=True)
        if not isinstance(data, dict):
            return jsonify(error="send JSON like {\"text\": \"...\"}"), 400
        text, client_id = data.get("text", ""), data.get("id")
    else:
        text, client_id = request.form.get("text", ""), request.form.get("id")
        upload = request.files.get("file")
        if upload is not None and upload.filename:
            name = Path(upload.filename).name[:120]
            kind = (upload.mimetype or "").lower()
            if not kind or kind == "application/octet-stream":
                kind = content_type_for(name)
            data = upload.stream.read(rt.max_media_bytes + 1)
            files = (media_fetch.refused(kind, filename=name) if len(data) > rt.max_media_bytes
                     else Media(content_type=kind, data=data, filename=name),)
    if not isinstance(text, str):
        return jsonify(error="text must be a string"), 400
    provider_id = f"web:{sid}:{client_id}" if isinstance(client_id, str) and _CLIENT_ID.match(client_id) else None
    outcome = rt.engine.handle(Inbound(channel=CHANNEL, sender=sid, text=text[:MAX_TEXT], media=files,
                                       provider_id=provider_id, received_at=rt.now()))
    return jsonify(replies=_replies_json(outcome.replies), language=outcome.language, silent=outcome.silent,
                   duplicate=outcome.duplicate)


@blueprint.get("/chat/poll")
def poll():
    """Messages sent to this browser outside a reply (an officer writing, a reminder): each handed out once."""
    rt = current()
    sid = _checked(rt)
    rows = outbox.take_for(rt.engine.Session, CHANNEL, sid, rt.now())
    return jsonify(messages=[{"text": row.text, "choices": (row.choices or {}).get("items", []), "kind": row.kind}
                             for row in rows])


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
    for row in reversed(rows):
        who = "you" if row.direction == "in" else ("officer" if row.author.startswith("officer") else "bot")
        files = len((row.media or {}).get("items", []))
        items.append({"from": who, "text": row.text, "files": files})
    return jsonify(messages=items)
