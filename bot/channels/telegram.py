"""Telegram through python-telegram-bot: the webhook, long polling, set-webhook and the outbox sender.

Updates are parsed with ``telegram.Update.de_json``; replies never go back in the webhook's response:
they are outbox rows, committed, then sent with the process's one ``telegram.Bot`` by a sender thread
(bot/channels/sending.py) while the webhook's thread answers (and retried by the scheduler). Only private chats are residents: the officers' group and any other chat are ignored.
"""
from __future__ import annotations

import hmac
import json
import logging
import re
import traceback
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask import Blueprint, Response, abort, jsonify, request

from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import RequestEntityTooLarge

from ..e164 import e164
from ..channel_registry import limit_of
from ..privacy import mask
from ..store import outbox
from . import recovery
from ..cases import stations
from ..store.evidence import acceptable, content_type_for
from ..messages import Inbound, Media, Outcome, Reply
from ..store.spool import NOT_KEPT, UNAVAILABLE
from . import media as media_fetch
from .runtime import Runtime, current
from .settings import ChannelSettings

if TYPE_CHECKING:
    from telegram import Bot, Update

# python-telegram-bot and httpx (~11 MB) are imported where they are used, not here: a web worker whose Telegram
# channel is off never loads them (issue 17: a worker's memory); its webhook answers 404 before any of them
log = logging.getLogger("bot.channels.telegram")
CHANNEL = "telegram"
ALLOWED_UPDATES = ["message", "callback_query"]
COMMANDS = {"/start": "hi", "/menu": "menu", "/help": "help", "/language": "language", "/officer": "officer"}
_KEYBOARD_BUTTON = re.compile(r"^(\d{1,2})\.\s+\S[^\n]{0,120}$")
_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
blueprint = Blueprint("telegram", __name__)


class BadUpdate(ValueError):
    pass


def make_bot(settings: ChannelSettings, timeout: float, token: str | None = None) -> Bot:
    """A Bot on the configured Bot API (TELEGRAM_API_BASE_URL: a local Bot API server, or a fake in tests);
    ``token``: a police station's own bot instead of the unit's."""
    from telegram import Bot
    from telegram.request import HTTPXRequest

    return Bot(token or settings.telegram_bot_token, base_url=settings.telegram_api_base_url,
               base_file_url=settings.telegram_file_base_url,
               request=HTTPXRequest(connect_timeout=min(5.0, timeout), read_timeout=timeout, write_timeout=timeout,
                                    pool_timeout=timeout),
               get_updates_request=HTTPXRequest(connect_timeout=min(5.0, timeout), read_timeout=timeout))


# -- parsing ----------------------------------------------------------------------------------
def parse_update(rt: Runtime, data, station: str | None = None) -> Update:
    if not isinstance(data, dict) or not isinstance(data.get("update_id"), int) or isinstance(
            data.get("update_id"), bool):
        raise BadUpdate("not a Telegram update")
    from telegram import Update

    wrong = _ill_typed_files(data)
    if wrong:  # before any getFile call
        raise BadUpdate(f"not a Telegram update: {wrong} is not of the Bot API's type")
    try:
        return Update.de_json(data, rt.telegram_bot(station))
    except (TypeError, KeyError, ValueError, AttributeError, OverflowError, OSError) as exc:
        # OverflowError/OSError: a `date` beyond the platform's time_t ({"date": 2**70}) is not an update either
        raise BadUpdate(f"not a Telegram update: {type(exc).__name__}") from None


BOT_API_ID_LIMIT = 2 ** 53  # the Bot API's ids have at most 52 significant bits: any beyond this is not Telegram's


def _id(value) -> bool:
    """An integer id as the Bot API sends it: not a bool, within +-2**53 (never stored as a resident's id)."""
    return isinstance(value, int) and not isinstance(value, bool) and -BOT_API_ID_LIMIT < value < BOT_API_ID_LIMIT


_FILES = ("document", "voice", "audio", "video", "video_note", "animation", "sticker")


def _ill_typed_files(data: dict) -> str | None:
    """The first field of a message's files that is not of the Bot API's type, read from the update's JSON (not the
    parsed Update: PTB turns a file_id 12345 into "12345"), so an ill-typed file is refused before any getFile."""
    def count(value) -> bool:  # a size, a width, a duration: an integer, or absent
        return value is None or (isinstance(value, int) and not isinstance(value, bool))

    message = data.get("message")
    if not isinstance(message, dict):
        return None  # _ill_typed and Update.de_json judge the rest
    photo = message.get("photo")
    if photo is not None and not isinstance(photo, list):
        return "message.photo"
    files = [("photo", size) for size in photo or ()] + [(name, message[name]) for name in _FILES if name in message]
    for name, file in files:
        if not isinstance(file, dict):
            return f"message.{name}"
        for field in ("file_id", "file_unique_id"):
            if not (isinstance(file.get(field), str) and file[field]):
                return f"message.{name}.{field}"
        for field in ("file_size", "width", "height", "duration"):
            if not count(file.get(field)):
                return f"message.{name}.{field}"
        for field in ("mime_type", "file_name", "emoji"):
            if file.get(field) is not None and not isinstance(file[field], str):
                return f"message.{name}.{field}"
    return None


def _ill_typed(update: Update) -> str | None:
    """The first field we read whose type is not the Bot API's, or None. ``Update.de_json`` checks no types: a chat
    id "abc" (or "123", or true, or 2**70) would become a resident's id, a text that is a dict a message, and a
    file_id that is a number a getFile call. Checked before anything is fetched from or sent to the Bot API."""
    def text(value) -> bool:
        return value is None or isinstance(value, str)

    def number(value, limit: float) -> bool:  # a coordinate: a finite number within +-limit degrees ({"latitude":
        # 10**400} was an OverflowError, a 500, where the text is made: an attacker's trial)
        return isinstance(value, (int, float)) and not isinstance(value, bool) and -limit <= value <= limit

    checks: list[tuple[str, bool]] = [("update_id", _id(update.update_id))]
    message, callback = update.message, update.callback_query
    if message is not None:
        checks += [("message.message_id", _id(message.message_id)), ("message.chat.id", _id(message.chat.id)),
                   ("message.chat.type", isinstance(message.chat.type, str)), ("message.text", text(message.text)),
                   ("message.caption", text(message.caption))]
        if message.from_user is not None:
            checks += [("message.from.id", _id(message.from_user.id)),
                       ("message.from.first_name", isinstance(message.from_user.first_name, str)),
                       ("message.from.last_name", text(message.from_user.last_name))]
        if message.contact is not None:
            checks += [("message.contact.phone_number", isinstance(message.contact.phone_number, str)),
                       ("message.contact.user_id", message.contact.user_id is None or _id(message.contact.user_id))]
        if message.location is not None:
            checks += [("message.location.latitude", number(message.location.latitude, 90)),
                       ("message.location.longitude", number(message.location.longitude, 180))]
        if message.venue is not None:
            checks += [("message.venue.title", text(message.venue.title)),
                       ("message.venue.address", text(message.venue.address))]
        if message.sticker is not None:
            checks.append(("message.sticker.emoji", text(message.sticker.emoji)))
    if callback is not None:
        checks += [("callback_query.id", isinstance(callback.id, str)), ("callback_query.data", text(callback.data))]
        if callback.from_user is not None:
            checks += [("callback_query.from.id", _id(callback.from_user.id)),
                       ("callback_query.from.first_name", isinstance(callback.from_user.first_name, str)),
                       ("callback_query.from.last_name", text(callback.from_user.last_name))]
        if callback.message is not None:
            checks += [("callback_query.message.chat.id", _id(callback.message.chat.id)),
                       ("callback_query.message.chat.type", isinstance(callback.message.chat.type, str))]
    return next((name for name, ok in checks if not ok), None)


def _text_of(text: str) -> str:
    """Commands become the engine's whole-message words; a keyboard button 'N. label' becomes 'N'."""
    stripped = text.strip()
    if stripped.startswith("/"):
        word = stripped.split()[0].split("@")[0].lower()
        if word in COMMANDS:
            return COMMANDS[word]
        return stripped
    button = _KEYBOARD_BUTTON.match(stripped)
    return button.group(1) if button else text


async def _download(bot: Bot, file_id: str) -> bytes:
    from telegram.error import TelegramError

    file = await bot.get_file(file_id)
    if not (file.file_path or "").startswith(bot.base_file_url + "/"):  # only the configured Bot API's file URLs
        raise TelegramError("a file path outside the Bot API's file URL")
    return bytes(await file.download_as_bytearray())


def _fetch(rt: Runtime, file_id: str, content_type: str, size: int | None, filename: str | None,
           deadline: float, fetch: bool, station: str | None = None) -> Media:
    content_type = (content_type or "application/octet-stream").lower()
    reference = Media(content_type=content_type, provider_ref=file_id, filename=filename)
    if not acceptable(content_type) or not fetch:
        return reference
    if size and size > rt.max_media_bytes:
        return media_fetch.refused(content_type, provider_ref=file_id, filename=filename)
    remaining = deadline - rt.clock.monotonic()
    if remaining < 0.2:
        return reference
    from telegram.error import TelegramError

    try:
        data = rt.runner.run(_download(rt.telegram_bot(station), file_id), timeout=remaining)
    except (TelegramError, TimeoutError, OSError) as exc:
        log.warning("could not fetch a Telegram file (%s); keeping its file_id", type(exc).__name__)
        return reference
    if len(data) > rt.max_media_bytes:
        return media_fetch.refused(content_type, provider_ref=file_id, filename=filename)
    return Media(content_type=content_type, data=data, provider_ref=file_id, filename=filename)


def provider_key(update: Update) -> str:
    """The dedupe key: update_id, with the chat and message (or callback) id.

    update_id alone is not enough over months: after a week without updates Telegram picks the next
    one at random, so an old id can come back; a redelivery repeats all three parts."""
    if update.callback_query is not None:
        return f"{update.update_id}:cb:{update.callback_query.id}"[:128]
    message = update.message
    return f"{update.update_id}:{message.chat.id}:{message.message_id}"[:128]


@dataclass
class Handled:
    chat_id: str
    outcome: Outcome
    callback_query_id: str | None = None
    spooled: bool = False  # the database was down: the update waits in the spool; the reply goes directly
    station: str | None = None  # the police station whose bot it came to (bot/cases/stations.py)


def to_inbound(rt: Runtime, update: Update, fetch_media: bool = True,
               station: str | None = None) -> tuple[Inbound, str, str | None] | None:
    """The update as an Inbound, with its chat id and callback id; None for updates that are not a resident's.
    ``station``: the police station whose own bot received it (its files are fetched with that bot)."""
    callback = update.callback_query
    message = update.message
    if callback is not None:
        user = callback.from_user
        if user is not None and user.is_bot:
            return None  # a bot pressing a button: never a resident
        chat = callback.message.chat if callback.message is not None else None
        if chat is not None and chat.type != "private":
            return None
        chat_id = str(chat.id if chat is not None else user.id)
        inbound = Inbound(channel=CHANNEL, sender=chat_id, text=_text_of(callback.data or ""),
                          provider_id=provider_key(update), received_at=rt.now(),
                          display_name=(user.full_name or None) if user else None, via=station)
        return inbound, chat_id, callback.id
    if message is None or message.chat.type != "private":
        return None  # edited messages, channel posts, groups (the officers' group), member updates
    user = message.from_user
    if user is not None and user.is_bot:
        return None  # another bot writing (an attacker's trial): never a resident, nothing stored or sent
    chat_id = str(message.chat.id)
    text = _text_of(message.text) if message.text else (message.caption or "")
    phone = None
    deadline = rt.clock.monotonic() + rt.config.media_download_seconds
    files: list[Media] = []
    if message.contact is not None:
        shared = e164(message.contact.phone_number, None)  # Telegram's digits: country code first
        text = shared or message.contact.phone_number or ""
        if shared and user is not None and message.contact.user_id == user.id:
            phone = shared  # their own number; a shared card of someone else (a scammer) is only text
    if message.location is not None:
        location = f"location: {message.location.latitude:.6f},{message.location.longitude:.6f}"
        if message.venue is not None:
            location += f" ({message.venue.title}, {message.venue.address})"
        text = f"{text}\n{location}" if text else location
    if message.sticker is not None:
        text = text or (message.sticker.emoji or "")
    if message.photo:
        largest = max(message.photo, key=lambda p: (p.width * p.height, p.file_size or 0))
        files.append(_fetch(rt, largest.file_id, "image/jpeg", largest.file_size, None, deadline, fetch_media, station))
    if message.document is not None:
        doc = message.document
        kind = doc.mime_type or content_type_for(doc.file_name or "")
        files.append(_fetch(rt, doc.file_id, kind, doc.file_size, doc.file_name, deadline, fetch_media, station))
    for audio in (message.voice, message.audio):
        if audio is not None:
            files.append(_fetch(rt, audio.file_id, audio.mime_type or "audio/ogg", audio.file_size, None, deadline,
                                fetch_media, station))
    for video in (message.video, message.video_note, message.animation):
        if video is not None:  # not kept as evidence: the engine says which files it can keep
            files.append(Media(content_type=getattr(video, "mime_type", None) or "video/mp4",
                               provider_ref=video.file_id))
    inbound = Inbound(channel=CHANNEL, sender=chat_id, text=text, media=tuple(files), provider_id=provider_key(update),
                      received_at=rt.now(), display_name=(user.full_name or None) if user else None, phone=phone,
                      via=station)
    return inbound, chat_id, None


def _has_files(update: Update) -> bool:
    message = update.message
    return bool(message and (message.photo or message.document or message.voice or message.audio))  # fetched


def handle_update(rt: Runtime, update: Update, station: str | None = None) -> Handled | None:
    """Hand one update to the engine and queue its replies in the outbox (the same keys on a redelivery).

    With the database down the update is kept in the spool (bot/store/spool.py) and the resident is told at once,
    directly, to call 1930/112 if it is urgent (``Handled.spooled``); if even the spool fails this raises,
    so the webhook answers 503 and Telegram delivers the update again."""
    if update.callback_query is None and update.message is None:
        return None  # edited messages, channel posts, member updates: not a resident writing
    try:
        wrong = _ill_typed(update)
        if wrong:  # never stored nor answered: the webhook says 400, long polling skips it
            raise BadUpdate(f"not a Telegram update: {wrong} is not of the Bot API's type")
        key = provider_key(update)
        try:  # a redelivery skips the downloads; an update without files has nothing to skip
            fetch = _has_files(update) and not rt.already_stored(CHANNEL, key)
        except SQLAlchemyError:
            fetch = False  # the database is down: nothing is fetched that could not be recorded
        parsed = to_inbound(rt, update, fetch_media=fetch, station=station)
    except BadUpdate:
        raise
    except (AttributeError, TypeError, ValueError, KeyError, OverflowError) as exc:  # a field of the wrong shape
        raise BadUpdate(f"not a resident's update: {type(exc).__name__}") from None
    if parsed is None:
        return None
    inbound, chat_id, callback_id = parsed
    outcome = None
    try:
        outcome = rt.handle(inbound)  # after what the spool still keeps from this chat: older ones first
        recovery.answer_later(rt.engine, CHANNEL, chat_id, key, outcome, rt.now())  # one answer, one message
    except SQLAlchemyError:
        log.exception("telegram: the update could not be stored; keeping it in the spool")
        kept = rt.keep(inbound)
        if not kept:
            raise
        # an update Telegram delivers again while the database is still down was told once already: not again;
        # nor a chat that wrote earlier in this outage (its message still in the spool): once per chat per outage
        return Handled(chat_id=chat_id, outcome=Outcome(replies=[] if kept.again or kept.told else [Reply(UNAVAILABLE)]),
                       callback_query_id=callback_id, spooled=True, station=station)
    except Exception as exc:  # a fault of ours, not the database: never a 500 (Telegram would deliver it again and
        return _kept_after_fault(rt, inbound, chat_id, callback_id, station, exc, outcome)  # again); kept, told
    return Handled(chat_id=chat_id, outcome=outcome, callback_query_id=callback_id, station=station)


def _kept_after_fault(rt: Runtime, inbound: Inbound, chat_id: str, callback_id: str | None, station: str | None,
                      exc: Exception, outcome: Outcome | None = None) -> Handled:
    """An update whose handling failed with an error that is not the database's (a strangers' trial: it was a 500).
    Handled, its answer not queued: the answer goes directly. Else it is kept: stored already (the engine stores
    first; one stored and never handled is answered by the orphan sweep, bot/channels/recovery.py), or in the spool,
    replayed like an outage's messages; the resident is told at once, directly, that it is kept and to call 1930/112
    if it is urgent. Only when it cannot be kept either are they asked to write again. The webhook answers 200: the
    update is ours now, not Telegram's to deliver again."""
    log.error("telegram: an update from %s could not be handled (%s), not an outage\n%s", mask(chat_id),
              type(exc).__name__, "".join(traceback.format_tb(exc.__traceback__)))
    if outcome is not None and outcome.replies:
        answer = outbox.split_text("\n\n".join(reply.text for reply in outcome.replies), *limit_of(CHANNEL))[0]
        return Handled(chat_id=chat_id, outcome=Outcome(replies=[Reply(answer)]), callback_query_id=callback_id,
                       spooled=True, station=station)
    try:
        stored = rt.already_stored(CHANNEL, inbound.provider_id)
    except SQLAlchemyError:
        stored = False
    try:
        kept = stored or rt.keep(inbound)
    except Exception:  # the spool failed in a way that is not an OSError: not kept, the resident writes again
        log.exception("telegram: the update could not be kept in the spool either")
        kept = None
    again = not stored and bool(kept) and kept.again  # a redelivery of an update kept already: told the first time
    text = UNAVAILABLE if kept else NOT_KEPT
    return Handled(chat_id=chat_id, outcome=Outcome(replies=[] if again else [Reply(text)]),
                   callback_query_id=callback_id, spooled=True, station=station)


def after(rt: Runtime, handled: Handled, defer: bool = False):
    """Answer the button press, then send this chat's replies. ``defer`` (a sender thread): when the chat's next
    message may not go yet (pacing), return ``(seconds, send)`` instead of sleeping, so the thread serves other
    chats meanwhile (bot/channels/sending.py)."""
    from telegram.error import TelegramError

    if handled.callback_query_id:
        try:
            rt.runner.run(rt.telegram_bot(handled.station).answer_callback_query(handled.callback_query_id),
                          timeout=rt.config.outbox.send_timeout_seconds)
        except (TelegramError, TimeoutError) as exc:
            log.warning("could not answer a callback query: %s", type(exc).__name__)
    if handled.spooled:  # no outbox without a database: said once, directly; the real answer follows later
        if not handled.outcome.replies:
            return None  # a redelivery of an update kept already: its notice went the first time
        try:
            rt.runner.run(rt.telegram_bot().send_message(chat_id=int(handled.chat_id),
                                                         text=handled.outcome.replies[0].text),
                          timeout=rt.config.outbox.send_timeout_seconds * 2 + 5)
        except (TelegramError, TimeoutError, ValueError) as exc:
            log.warning("could not tell a resident the helpline's database is down: %s", type(exc).__name__)
        return None
    wait = rt.pacer.due_in(f"{CHANNEL}:{handled.chat_id}") if defer else 0.0
    if wait > 0.05:
        return wait, lambda: rt.safe_drain(CHANNEL, handled.chat_id)
    rt.safe_drain(CHANNEL, handled.chat_id)
    return None


@blueprint.post("/webhooks/telegram")
@blueprint.post("/webhooks/telegram/<station>")
def webhook(station: str | None = None):
    """The unit's bot posts to /webhooks/telegram; a police station's own bot to /webhooks/telegram/<station id>,
    each with its own secret (README.md, "Several police stations")."""
    rt = current()
    if station is None:
        if not rt.settings.telegram_on:
            abort(404)
        secret = rt.settings.telegram_webhook_secret
    else:
        own = rt.settings.station_bot(station) if station in stations.of(rt.config).by_id else None
        if own is None or not own[1]:
            abort(404)
        secret = own[1]
    given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
    if not hmac.compare_digest(given.encode("utf-8", "replace"), secret.encode()):
        return Response("forbidden\n", status=403, mimetype="text/plain")
    try:
        data = json.loads(request.get_data().decode("utf-8", "replace"))
        update = parse_update(rt, data, station)
        handled = handle_update(rt, update, station)
    except (ValueError, RecursionError, BadUpdate) as exc:  # RecursionError: JSON nested too deep
        log.warning("telegram webhook: %s", type(exc).__name__ if isinstance(exc, RecursionError) else exc)
        return jsonify(ok=False, error="not a Telegram update"), 400
    except SQLAlchemyError:  # neither the database nor the spool took it: Telegram delivers it again
        return jsonify(ok=False, error="unavailable, try again"), 503
    except RequestEntityTooLarge:  # a body over MAX_CONTENT_LENGTH: the app's 413 (webhook.py), never an ERROR
        raise
    except Exception:  # reading an update failed in a way no check above foresaw: no resident's message could be
        # made of it, so nothing is kept; 400, never a 500 that Telegram would deliver again and again
        log.exception("telegram webhook: an update could not be read")
        return jsonify(ok=False, error="not a Telegram update"), 400
    response = jsonify(ok=True)
    if handled is not None:  # its replies are committed: a sender thread sends them while this one answers
        rt.send_soon(CHANNEL, handled.chat_id, lambda: after(rt, handled, defer=True), response)
    return response


# -- outbound ---------------------------------------------------------------------------------
class TelegramSender:
    channel = CHANNEL
    pace = True  # one message a second in a chat, thirty a second overall (outbox.Pacer)
    template_sid = None

    def __init__(self, rt: Runtime):
        self.rt = rt

    def send(self, item: outbox.Item) -> outbox.Sent:
        import httpx
        from telegram import KeyboardButton, ReplyKeyboardMarkup
        from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut
        from telegram.warnings import PTBDeprecationWarning

        markup = None
        if item.choices:
            markup = ReplyKeyboardMarkup([[KeyboardButton(choice[:120])] for choice in item.choices],
                                         resize_keyboard=True, one_time_keyboard=True)
        chat_id = int(item.recipient) if item.recipient.lstrip("-").isdigit() else item.recipient
        timeout = self.rt.config.outbox.send_timeout_seconds
        try:
            bot = self.rt.telegram_bot(item.sender)  # a station's own bot, else the unit's
            message = self.rt.runner.run(bot.send_message(chat_id=chat_id, text=item.text, reply_markup=markup),
                                         timeout=timeout * 2 + 5)
        except RetryAfter as exc:
            with warnings.catch_warnings():  # int today, timedelta in PTB 23: both are read below
                warnings.simplefilter("ignore", PTBDeprecationWarning)
                wait = exc.retry_after
            seconds = wait.total_seconds() if hasattr(wait, "total_seconds") else float(wait)
            raise outbox.SendError(f"429 retry after {seconds:g} s", retry_after=seconds, code=429) from None
        except TimedOut as exc:
            if isinstance(exc.__cause__, (httpx.ConnectTimeout, httpx.PoolTimeout)):
                raise outbox.SendError("connect timeout") from None
            raise outbox.SendError("no answer from Telegram", ambiguous=True) from None
        except (Forbidden, BadRequest) as exc:  # blocked by the resident, chat not found: retrying cannot help
            raise outbox.SendError(f"refused: {exc.message}", retry=False) from None
        except NetworkError as exc:
            cause = exc.__cause__
            if isinstance(cause, httpx.HTTPError) and not isinstance(cause, (httpx.ConnectError, httpx.ConnectTimeout)):
                raise outbox.SendError(f"connection lost after sending: {type(cause).__name__}", ambiguous=True) \
                    from None
            raise outbox.SendError(f"network error: {exc.message}") from None
        except TelegramError as exc:
            raise outbox.SendError(f"telegram error: {exc.message}") from None
        except TimeoutError:
            raise outbox.SendError("no answer from Telegram", ambiguous=True) from None
        return outbox.Sent(provider_id=str(message.message_id))


def started(rt: Runtime) -> None:
    """Start-up log lines (bot/channel_registry.py): police stations' own bots that are not configured."""
    for station in rt.config.stations:  # police stations' own bots (README.md, "Several police stations")
        if station.telegram_bot and rt.settings.station_bot(station.id) is None:
            suffix = station.id.upper()
            log.warning("station %s: no bot (missing TELEGRAM_BOT_TOKEN__%s, TELEGRAM_WEBHOOK_SECRET__%s); its "
                        "messages go through the unit's bot", station.id, suffix, suffix)


# -- set-webhook and long polling ---------------------------------------------------------------
def set_webhook(rt: Runtime) -> str:
    s = rt.settings
    missing = [name for name, value in (("TELEGRAM_BOT_TOKEN", s.telegram_bot_token),
                                        ("TELEGRAM_WEBHOOK_SECRET", s.telegram_webhook_secret),
                                        ("PUBLIC_BASE_URL", s.public_base_url)) if not value]
    if missing:
        raise ValueError(f"set {', '.join(missing)} first")
    if not _SECRET.match(s.telegram_webhook_secret):
        raise ValueError("TELEGRAM_WEBHOOK_SECRET may use only A-Z, a-z, 0-9, _ and -, 1 to 256 characters")
    if not s.public_base_url.startswith("https://"):
        raise ValueError("PUBLIC_BASE_URL must be an https:// address for Telegram webhooks")
    url = f"{s.public_base_url}/webhooks/telegram"
    rt.runner.run(rt.telegram_bot().set_webhook(url=url, secret_token=s.telegram_webhook_secret,
                                                allowed_updates=ALLOWED_UPDATES), timeout=30)
    return url


def set_station_webhooks(rt: Runtime) -> list[str]:
    """Register each police station's own bot at PUBLIC_BASE_URL/webhooks/telegram/<station> with its own secret."""
    urls = []
    for station in stations.of(rt.config).by_id:
        own = rt.settings.station_bot(station)
        if own is None:
            continue
        if not _SECRET.match(own[1] or ""):
            raise ValueError(f"set TELEGRAM_WEBHOOK_SECRET__{station.upper()} (A-Z, a-z, 0-9, _ and -)")
        url = f"{rt.settings.public_base_url}/webhooks/telegram/{station}"
        rt.runner.run(rt.telegram_bot(station).set_webhook(url=url, secret_token=own[1],
                                                           allowed_updates=ALLOWED_UPDATES), timeout=30)
        urls.append(url)
    return urls


def poll(rt: Runtime, *, max_cycles: int | None = None, wait_seconds: int = 30) -> int:
    """Long polling (getUpdates) into the same engine and outbox; returns the number of updates handled.

    Removes any webhook first (Telegram allows one or the other). Each cycle also drains the outbox,
    so replies and retries go out without a separate scheduler."""
    from telegram.error import TelegramError

    bot = rt.telegram_bot()
    rt.runner.run(bot.delete_webhook(drop_pending_updates=False), timeout=30)
    offset: int | None = None
    handled_count = cycles = failures = 0
    while max_cycles is None or cycles < max_cycles:
        cycles += 1
        try:
            updates = rt.runner.run(bot.get_updates(offset=offset, timeout=wait_seconds,
                                                    allowed_updates=ALLOWED_UPDATES), timeout=wait_seconds + 60)
        except (TelegramError, TimeoutError) as exc:
            failures += 1
            log.warning("getUpdates failed (%s); trying again", exc)
            rt.clock.sleep(min(60, 2 ** failures))
            continue
        failures = 0
        for update in updates:
            try:
                handled = handle_update(rt, update)
            except BadUpdate as exc:
                log.warning("skipping update %s: %s", update.update_id, exc)
                offset = update.update_id + 1
                continue
            except Exception:  # the database is down: keep the offset, so Telegram gives it again
                log.exception("could not handle update %s; will fetch it again", update.update_id)
                rt.clock.sleep(5)
                break
            offset = update.update_id + 1
            handled_count += 1
            if handled is not None:
                after(rt, handled)
        rt.safe_drain()
    return handled_count
