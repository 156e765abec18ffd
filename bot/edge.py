"""What comes in from outside, made storable: no NUL or lone surrogates, no field longer than its column.

PostgreSQL refuses a NUL character in text, and UTF-8 cannot encode a lone surrogate (a JSON
``"\\ud800"`` decodes to one); either made a message fail to store. Every text that reaches the
database from a provider, a browser or an officer's form passes ``clean``; every field of an
``Inbound`` is cut to the column that keeps it (``clean_inbound``), and an over-long provider id
becomes a shorter one that stays unique (``fit_id``). The web side (every query and form parameter cleaned,
``<int:...>`` only numbers the database holds) is wired by the app factory, webhook.py.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import replace
from urllib.parse import urlsplit

from .messages import MAX_TEXT, Inbound, Media

# Column sizes of the fields an Inbound fills (bot/store/models/): Contact.sender, display_name, phone,
# Message.provider_id, Evidence.content_type and provider_ref.
SENDER, DISPLAY_NAME, PHONE, PROVIDER_ID, CONTENT_TYPE, REFERENCE, FILENAME = 64, 120, 20, 128, 80, 255, 255
MAX_DB_INT = 2**31 - 1  # an INTEGER primary key: a larger number in a URL is simply not found
_REFUSED = re.compile("\x00|[\ud800-\udfff]")


def clean(text: str | None) -> str | None:
    """``text`` without NUL (dropped) and with lone surrogates as U+FFFD; None and '' unchanged. Anything that
    is not text (a JSON object where a provider promised a string) is no text at all: None."""
    if not text:
        return text if isinstance(text, str) or text is None else None
    if not isinstance(text, str):
        return None
    return _REFUSED.sub(lambda m: "" if m.group() == "\x00" else "\ufffd", text)


def fit(text: str | None, limit: int) -> str | None:
    """``clean(text)`` cut to ``limit`` characters."""
    text = clean(text)
    return text[:limit] if text else text


def fit_id(value: str | None, limit: int = PROVIDER_ID) -> str | None:
    """A provider id that fits its column: a longer one keeps its start and a hash of the whole,
    so two long ids that share a start stay two ids (the dedupe key must not merge messages)."""
    value = clean(value)
    if not value or len(value) <= limit:
        return value or None
    digest = hashlib.sha256(value.encode("utf-8")).hexdigest()[:40]
    return f"{value[:limit - 41]}#{digest}"


def db_int(value) -> int | None:
    """An id from a URL or form as an int the database can hold, else None."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 <= number <= MAX_DB_INT else None


def clean_media(media: Media) -> Media:
    """A file's fields within their columns; its name redacted as a message's text is (an attacker's trial, session
    13: an upload named "otp 390182.jpg" was stored as typed): a name is something the resident typed."""
    from .nlu.redact import redact  # here, not at import: the language packs load with it

    name = fit(redact(media.filename).text, FILENAME) if media.filename else media.filename
    return replace(media, content_type=fit(media.content_type, CONTENT_TYPE) or "application/octet-stream",
                   url=fit(media.url, REFERENCE), provider_ref=fit(media.provider_ref, REFERENCE),
                   filename=name)


def clean_inbound(inbound: Inbound) -> Inbound:
    """Every field of ``inbound`` clean and within its column; a text longer than ``MAX_TEXT`` keeps its first
    ``MAX_TEXT`` characters and says how long it was (``cut_from``: stored with the message, told to the resident)."""
    text = clean(inbound.text) if isinstance(inbound.text, str) else None
    cut_from = inbound.cut_from
    if text and len(text) > MAX_TEXT:
        cut_from, text = len(text), text[:MAX_TEXT]
    return replace(inbound, sender=fit(inbound.sender, SENDER) or "", text=text or "", cut_from=cut_from,
                   provider_id=fit_id(inbound.provider_id), display_name=fit(inbound.display_name, DISPLAY_NAME),
                   phone=fit(inbound.phone, PHONE), media=tuple(clean_media(m) for m in inbound.media))


def origin_of(url: str | None) -> str:
    """``scheme://host[:port]`` of ``url``, lower-cased ("" for none)."""
    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}".lower() if parts.scheme and parts.netloc else ""


def foreign_origin(origin: str | None, referer: str | None, own: Iterable[str | None]) -> bool:
    """Whether a browser's POST names another site: its ``Origin`` (or, without one, its ``Referer``) is not one
    of ``own`` (the address it was asked at, PUBLIC_BASE_URL). Neither sent (a script, an old browser): not
    foreign; the CSRF token still decides. ``Origin: null`` (a sandboxed frame, a file://) is foreign."""
    told = origin if origin else referer
    if not told:
        return False
    return origin_of(told) not in {origin_of(url) for url in own if url}
