"""The registered channels: each way residents reach the helpline, declared once as a typed ``Channel``.

A channel declares its name, its blueprint (the webhook or page), whether the environment turns it on (the
variables it needs), its sender (how the outbox reaches a resident), its message-length limit and how it
identifies residents (what an officer types for one: a phone number, a chat id). The runtime, config,
households, campaigns, alerts and the console iterate over ``channels()`` instead of naming channels in code.

It lives below the packages, beside config.py, not in bot/channels/: config (the alerts' channel), the outbox
(senders, limits), cases (alerts, case files) and outreach read it, and none of them may import the web layer
(contracts `cases-no-channels`, `store-no-channels` and `config-below` in .importlinter). No Flask here: the blueprint and
the sender are named as ``"module:attribute"`` and imported only by the web app and the outbox drain, or
given as objects (a test registers a throwaway channel that way). A new channel is one module with its
blueprint and sender plus one ``register(Channel(...))`` (docs/architecture.md, "Adding a channel").
"""
from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from .e164 import e164



def utf16_len(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def phone_number(value: str) -> str:
    """A resident's phone number as E.164 (10-digit Indian numbers accepted); ValueError if it is not one."""
    normal = e164(value, "IN", valid=True)
    if normal is None:
        raise ValueError("not a valid mobile number" if e164(value, "IN") else "not a phone number")
    return normal


def telegram_chat(value: str) -> str:
    if not re.fullmatch(r"\d{4,15}", (value or "").strip()):
        raise ValueError("a Telegram chat id is digits only (the resident's chat with the bot)")
    return value.strip()


def as_given(value: str) -> str:
    return (value or "").strip()


@dataclass(frozen=True)
class Channel:
    name: str
    blueprint: str | Any  # "module:attribute" of its Flask blueprint, or the blueprint itself
    sender: str | Callable[[Any], Any] | None = None  # "module:Class" or a callable(runtime) -> outbox.Sender
    env: tuple[str, ...] = ()  # the environment variables that must be set for it to be on
    # its own settings read from the environment (its API's base URL, credentials): environ -> any object,
    # given to its blueprint and sender as ``runtime.settings_of(name)``; WhatsApp's and Telegram's live in
    # ChannelSettings (bot/channels/settings.py), read once for both
    settings: Callable[[Mapping[str, str]], Any] | None = None
    limit: int | None = None  # characters of one message (None: no limit, nothing is split)
    measure: Callable[[str], int] = len  # how the provider counts those characters
    identify: Callable[[str], str] = as_given  # a resident's id from what an officer types; ValueError if not one
    phone_ids: bool = False  # its resident ids are phone numbers (a callback number, a tel: link)
    outreach: bool = False  # residents can be written to first: households, campaigns, reminders
    per_minute: int | None = None  # the default rate of campaigns and reminders (config: reminders.per_minute)
    on: Callable[[Any], bool] | None = None  # runtime -> on; default: every variable of ``env`` is set
    sending: Callable[[Any], bool] | None = None  # runtime -> its sender can send; default: ``on``
    started: str | Callable[[Any], None] | None = None  # runtime -> None: its own start-up checks and log lines
    receipts: bool = True  # its provider reports delivery; without, "sent" counts as delivered (figures)
    # a send that timed out may be sent again once the provider says it never took it (WhatsApp: Twilio's look-up),
    # so nothing to the same chat may overtake it meanwhile (bot/store/outbox.py); without, it is never resent
    resends_unconfirmed: bool = False
    # a police station's own ways in on this channel (bot/cases/stations.py): config Station -> the ``via`` values a
    # resident's message carries when written to it (WhatsApp: its numbers; Telegram: its id, with its own bot),
    # the first being how the station writes first; None: the channel has no station entry points
    station_vias: Callable[[Any], tuple[str, ...]] | None = None
    templates: bool = False  # writing first needs the provider's approved template (WhatsApp's 24-hour window)
    paths: tuple[tuple[str, str], ...] = ()  # (webhook path, metrics label): answer times timed in /metrics
    label: str = ""  # its name for people (the console, logs); default the name
    id_hint: str = "the resident's id"  # what the console asks an officer for (``identify`` reads it)

    @property
    def title(self) -> str:
        return self.label or self.name

    def missing(self, environ: Mapping[str, str]) -> list[str]:
        return [name for name in self.env if not (environ.get(name) or "").strip()]

    def is_on(self, runtime: Any) -> bool:
        if self.on is not None:
            return bool(self.on(runtime))
        return not self.missing(runtime.settings.environ)

    def can_send(self, runtime: Any) -> bool:
        if self.sender is None:
            return False
        return bool(self.sending(runtime)) if self.sending is not None else self.is_on(runtime)

    def start(self, runtime: Any) -> None:
        if self.started is not None:
            _resolve(self.started)(runtime)

    def load_blueprint(self):
        return _resolve(self.blueprint)

    def make_sender(self, runtime: Any):
        """Its outbox sender for ``runtime``; None when it sends nothing itself (the web page polls)."""
        if self.sender is None:
            return None
        return _resolve(self.sender)(runtime)


def _resolve(target: str | Any) -> Any:
    if not isinstance(target, str):
        return target
    module, _, attribute = target.partition(":")
    return getattr(importlib.import_module(module), attribute)


_CHANNELS: dict[str, Channel] = {}


def register(channel: Channel) -> Channel:
    """Add (or replace, by name) a channel; returns it."""
    _CHANNELS[channel.name] = channel
    return channel


def unregister(name: str) -> None:
    _CHANNELS.pop(name, None)


def get(name: str) -> Channel | None:
    return _CHANNELS.get(name)


def channels(**wanted: bool) -> list[Channel]:
    """The registered channels in registration order; those with each given flag: ``channels(outreach=True)``."""
    return [c for c in _CHANNELS.values() if all(getattr(c, flag) == value for flag, value in wanted.items())]


def names(**wanted: bool) -> tuple[str, ...]:
    return tuple(c.name for c in channels(**wanted))


def default_outreach() -> str:
    """The channel a visiting officer's form starts on: the first registered one residents can be written to."""
    found = names(outreach=True)
    return found[0] if found else ""


def station_vias(name: str, station: Any) -> tuple[str, ...]:
    """A station's own ways in on channel ``name`` (``Channel.station_vias``); () when it has none there."""
    channel = _CHANNELS.get(name)
    return tuple(channel.station_vias(station)) if channel is not None and channel.station_vias else ()


def has_station_vias(name: str) -> bool:
    channel = _CHANNELS.get(name)
    return channel is not None and channel.station_vias is not None


def templates(name: str) -> bool:
    channel = _CHANNELS.get(name)
    return channel is not None and channel.templates


def limit_of(name: str) -> tuple[int | None, Callable[[str], int]]:
    """A channel's message-length limit and how it is measured ((None, len) for an unknown channel)."""
    channel = _CHANNELS.get(name)
    return (channel.limit, channel.measure) if channel else (None, len)


def phone_ids(name: str) -> bool:
    """Whether channel ``name`` names its residents by their phone number (a number an officer can call)."""
    channel = _CHANNELS.get(name)
    return channel is not None and channel.phone_ids


def webhook_label(path: str) -> str | None:
    """The metrics label of a registered channel's webhook path (None: not one)."""
    for channel in _CHANNELS.values():
        for known, label in channel.paths:
            if known == path:
                return label
    return None


def identify(name: str, value: str) -> str:
    """A resident's id on channel ``name`` from what an officer typed; ValueError when it is not one."""
    if not (value or "").strip():
        raise ValueError("the number is needed")
    channel = _CHANNELS.get(name)
    if channel is None:
        raise ValueError(f"not a channel of this helpline ({', '.join(names())})")
    return channel.identify(value)


# -- the shipped channels -------------------------------------------------------------------------
WHATSAPP = register(Channel(
    "whatsapp", "bot.channels.whatsapp:blueprint", sender="bot.channels.whatsapp:TwilioSender",
    env=("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_WHATSAPP_FROM"), limit=1600, identify=phone_number,
    phone_ids=True, outreach=True, per_minute=60, started="bot.channels.whatsapp:started", label="WhatsApp",
    resends_unconfirmed=True, templates=True, station_vias=lambda station: tuple(station.whatsapp_numbers),
    id_hint="WhatsApp number",
    paths=(("/webhooks/whatsapp", "whatsapp"), ("/webhooks/whatsapp/status", "whatsapp_status"))))
TELEGRAM = register(Channel(
    "telegram", "bot.channels.telegram:blueprint", sender="bot.channels.telegram:TelegramSender",
    env=("TELEGRAM_BOT_TOKEN", "TELEGRAM_WEBHOOK_SECRET"), limit=4096, measure=utf16_len, identify=telegram_chat,
    outreach=True, per_minute=600, started="bot.channels.telegram:started", label="Telegram",
    id_hint="Telegram chat id", receipts=False, paths=(("/webhooks/telegram", "telegram"),),
    station_vias=lambda station: (station.id,) if station.telegram_bot else (),  # its own bot, named by its id
    # long polling needs only the token; police stations' own bots send with their own tokens
    sending=lambda runtime: bool(runtime.settings.telegram_bot_token or runtime.settings.station_bots)))
WEB = register(Channel(
    "web", "bot.channels.webchat:blueprint", on=lambda runtime: runtime.web_chat_on,
    started="bot.channels.webchat:started", label="web chat", paths=(("/chat/send", "web"),)))
