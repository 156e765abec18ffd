"""What one running process shares: the engine, channel settings, provider clients, the outbox drain."""
from __future__ import annotations

import logging
import threading
import time
from datetime import datetime, timezone
from typing import Any, Callable

from sqlalchemy import select

from .. import outbox
from ..config import Config
from ..engine import Engine
from ..models import Message
from .aio import LoopThread
from .settings import ChannelSettings

log = logging.getLogger("bot.channels")
DRAIN_ROUNDS = 10  # one chat's rounds in one drain: replies to messages sent while it was sending


class SystemClock:
    """Wall time for rows, a monotonic clock and sleep for pacing. Tests pass a clock they control."""

    @staticmethod
    def now() -> datetime:
        return datetime.now(timezone.utc)

    monotonic = staticmethod(time.monotonic)
    sleep = staticmethod(time.sleep)


class Runtime:
    def __init__(self, engine: Engine, settings: ChannelSettings, *, config: Config | None = None,
                 clock: Any = None, twilio_http_client: Any = None, web_chat: bool | None = None):
        self.engine = engine
        self.config = config or engine.config
        self.settings = settings
        self.clock = clock or SystemClock()
        self.pacer = outbox.Pacer(monotonic=self.clock.monotonic, sleep=self.clock.sleep)
        self.runner = LoopThread()
        self._twilio_http_client = twilio_http_client
        self._twilio = None
        self._bot = None
        self._lock = threading.Lock()
        wanted = self.config.web_chat if web_chat is None else web_chat
        self.web_chat_on = settings.embedded if wanted is None else bool(wanted)

    # -- status -----------------------------------------------------------------------------
    def channels(self) -> dict[str, bool]:
        return {"whatsapp": self.settings.whatsapp_on, "telegram": self.settings.telegram_on, "web": self.web_chat_on}

    def log_channels(self) -> None:
        s = self.settings
        for name, on, missing in (("whatsapp", s.whatsapp_on, s.whatsapp_missing),
                                  ("telegram", s.telegram_on, s.telegram_missing)):
            if on:
                log.warning("channel %s: on", name)
            else:
                log.warning("channel %s: off (missing %s); its webhook answers 404", name, ", ".join(missing))
        if s.whatsapp_on:
            from .interactive import current_plan

            current_plan(self)  # button label lengths, checked at start-up (bot/channels/interactive.py)
        if s.whatsapp_on and not s.public_base_url:
            log.warning("channel whatsapp: PUBLIC_BASE_URL is not set: signatures are checked against the request "
                        "URL and no delivery status callbacks are requested")
        log.warning("channel web: %s", "on (resident chat page at /)" if self.web_chat_on else "off")

    @property
    def max_media_bytes(self) -> int:
        return self.config.max_evidence_mb * 1024 * 1024

    def now(self) -> datetime:
        return self.clock.now()

    # -- provider clients (created on first use, after any fork) -----------------------------
    def twilio_client(self):
        with self._lock:
            if self._twilio is None:
                from twilio.rest import Client

                from .whatsapp import RecordingHttpClient

                http = self._twilio_http_client or RecordingHttpClient(
                    timeout=self.config.outbox.send_timeout_seconds)
                self._twilio = Client(self.settings.twilio_account_sid, self.settings.twilio_auth_token,
                                      http_client=http)
            return self._twilio

    def telegram_bot(self):
        with self._lock:
            if self._bot is None:
                from .telegram import make_bot

                self._bot = make_bot(self.settings, self.config.outbox.send_timeout_seconds)
            return self._bot

    def senders(self) -> dict[str, outbox.Sender]:
        found: dict[str, outbox.Sender] = {}
        if self.settings.whatsapp_on:
            from .whatsapp import TwilioSender

            found["whatsapp"] = TwilioSender(self)
        if self.settings.telegram_bot_token:
            from .telegram import TelegramSender

            found["telegram"] = TelegramSender(self)
        return found

    # -- the outbox ---------------------------------------------------------------------------
    def drain(self, channel: str | None = None, recipient: str | None = None) -> outbox.DrainReport:
        """Send what is due now (several drains may run at once: rows are claimed atomically).

        For one chat, it looks again after each round that sent something: replies queued meanwhile by
        the chat's next message (whose own drain found this one's rows still sending and stood back) go
        out now, from the web worker, never waiting for the scheduler (which only retries)."""
        senders = self.senders()
        total = outbox.DrainReport()
        if channel and channel not in senders:
            return total
        for _round in range(DRAIN_ROUNDS):
            report = outbox.drain(self.engine.Session, senders, self.config.outbox, clock=self.clock.now,
                                  pacer=self.pacer, channel=channel, recipient=recipient)
            for name in ("sent", "retried", "failed", "unconfirmed", "confirmed", "resent"):
                setattr(total, name, getattr(total, name) + getattr(report, name))
            total.ids += report.ids
            if recipient is None or not report.sent:
                break
        return total

    def safe_drain(self, channel: str | None = None, recipient: str | None = None) -> None:
        """Drain after a response has gone: never raise (the rows stay for the scheduler)."""
        try:
            self.drain(channel, recipient)
        except Exception:
            log.exception("draining the outbox after a webhook failed; the scheduler will retry")

    def already_stored(self, channel: str, provider_id: str | None) -> bool:
        """Whether this provider message was stored before (a redelivery: skip slow work like downloads)."""
        if not provider_id:
            return False
        with self.engine.Session() as session:
            return session.scalar(select(Message.id).where(
                Message.channel == channel, Message.provider_id == provider_id).limit(1)) is not None

    def contact_id_of(self, message_id: int | None) -> int | None:
        if message_id is None:
            return None
        with self.engine.Session() as session:
            return session.scalar(select(Message.contact_id).where(Message.id == message_id))

    def close(self) -> None:
        self.runner.close()


def after_response(response, callback: Callable[[], None]):
    """Run ``callback`` once the response has been sent (WSGI close), so the provider is not kept waiting."""
    response.call_on_close(callback)
    return response


def current() -> Runtime:
    """The Runtime of the Flask app handling this request."""
    from flask import current_app

    return current_app.extensions["cyber_sahayak"]
