"""What one running process shares: the engine, channel settings, provider clients, the outbox drain."""
from __future__ import annotations

import logging
import threading
import time
from datetime import datetime, timedelta, timezone
from typing import Any, Callable

from sqlalchemy import select

from ..cases import alerts_batch
from ..store import outbox
from ..store.db import busy_until
from . import recovery
from ..config import Config
from ..conversation.engine import Engine
from .. import edge
from ..messages import Inbound, Outcome
from ..store.models.residents import Message
from ..store.spool import Kept, Spool, SpoolFull
from .. import channel_registry as registry
from .aio import LoopThread
from .sending import SendPool
from .settings import ChannelSettings

log = logging.getLogger("bot.channels")
DRAIN_ROUNDS = 10  # one chat's full batches in one drain


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
        self.sends = SendPool()  # a chat's sending, handed over by the webhook's thread (bot/channels/sending.py)
        self._twilio_http_client = twilio_http_client
        self._twilio = None
        self._bot = None
        self._station_bots: dict[str, Any] = {}
        self._channel_settings: dict[str, Any] = {}
        self._lock = threading.Lock()
        self.unrecorded = outbox.Unrecorded()  # send outcomes a database outage kept us from writing
        self._settler: threading.Thread | None = None
        self._closing = threading.Event()
        bind = engine.Session.kw.get("bind")
        self.spool = Spool.for_config(self.config, bind.url if bind is not None else None)  # this database's own
        self.untagged_spool = Spool.untagged(self.config)  # what a version before session 13 kept, if anything
        self._recovering = threading.Lock()
        self._recovered_at = float("-inf")
        wanted = self.config.web_chat if web_chat is None else web_chat
        self.web_chat_on = settings.embedded if wanted is None else bool(wanted)

    # -- status -----------------------------------------------------------------------------
    def channels(self) -> dict[str, bool]:
        """Each registered channel (bot/channel_registry.py): on or off."""
        return {channel.name: channel.is_on(self) for channel in registry.channels()}

    def log_channels(self) -> None:
        for channel in registry.channels():
            missing = channel.missing(self.settings.environ)
            if channel.is_on(self) or not channel.env:
                log.warning("channel %s: %s", channel.name, "on" if channel.is_on(self) else "off")
            else:
                log.warning("channel %s: off (missing %s); its webhook answers 404", channel.name, ", ".join(missing))
            channel.start(self)  # its own start-up checks (WhatsApp's button labels, Telegram's station bots)
        why = self.alerts_unreachable()
        if why:
            log.warning("officers' alerts: urgent cases reach no one but the console's queue (%s)", why)

    def alerts_unreachable(self) -> str | None:
        """Why officers' alerts reach no one but the console (bot/cases/alerts_batch.py ``unreachable``), or None."""
        channel = registry.get(self.config.console.alerts_channel)
        return alerts_batch.unreachable(self.config, channel is not None and channel.can_send(self))

    def settings_of(self, name: str) -> Any:
        """A registered channel's own settings, read from the environment once (None if it declares none)."""
        with self._lock:
            if name not in self._channel_settings:
                channel = registry.get(name)
                read = channel.settings if channel is not None else None
                self._channel_settings[name] = read(self.settings.environ) if read is not None else None
            return self._channel_settings[name]

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

                from .whatsapp import http_client

                http = self._twilio_http_client or http_client(self.settings, self.config.outbox.send_timeout_seconds)
                self._twilio = Client(self.settings.twilio_account_sid, self.settings.twilio_auth_token,
                                      http_client=http)
            return self._twilio

    def telegram_bot(self, station: str | None = None):
        """The unit's bot, or a police station's own bot (bot/cases/stations.py) when its token is in the environment."""
        own = self.settings.station_bot(station) if station else None
        with self._lock:
            from .telegram import make_bot

            if own is not None:
                if station not in self._station_bots:
                    self._station_bots[station] = make_bot(self.settings, self.config.outbox.send_timeout_seconds,
                                                           token=own[0])
                return self._station_bots[station]
            if self._bot is None:
                self._bot = make_bot(self.settings, self.config.outbox.send_timeout_seconds)
            return self._bot

    def senders(self) -> dict[str, outbox.Sender]:
        """The outbox's senders: each registered channel whose sender can send now."""
        return {channel.name: channel.make_sender(self) for channel in registry.channels() if channel.can_send(self)}

    # -- the outbox ---------------------------------------------------------------------------
    def drain(self, channel: str | None = None, recipient: str | None = None) -> outbox.DrainReport:
        """Send what is due now (several drains may run at once: rows are claimed atomically).

        For one chat, it looks again after each pass that sent something (``outbox.drain``; another round here
        only after a full batch): replies queued meanwhile by the chat's next message (in this worker handed to
        the same sender thread; in another worker its drain found these rows still sending and stood back) go
        out now, from the web worker, never waiting for the scheduler (which only retries)."""
        senders = self.senders()
        total = outbox.DrainReport()
        if channel and channel not in senders:
            return total
        alerts = self.config.console.alerts_channel
        if alerts in senders and channel in (None, alerts) and (
                recipient is None or recipient in alerts_batch.officer_chats(self.config)):
            alerts_batch.flush(self.engine.Session, self.config, self.clock.now())  # a burst: one message per slot
        for _round in range(DRAIN_ROUNDS):
            report = outbox.drain(self.engine.Session, senders, self.config.outbox, clock=self.clock.now,
                                  pacer=self.pacer, channel=channel, recipient=recipient, unrecorded=self.unrecorded,
                                  housekeeping=recipient is None)  # one chat's answer: just send it
            for name in ("sent", "retried", "failed", "unconfirmed", "confirmed", "resent", "settled"):
                setattr(total, name, getattr(total, name) + getattr(report, name))
            total.ids += report.ids
            if recipient is None or report.sent < self.config.outbox.batch_size:
                break  # outbox.drain already looked again after each pass that sent; only a full batch goes on
        return total

    def send_soon(self, channel: str, recipient: str, job: Callable[[], Any], response=None) -> None:
        """Hand a chat's sending (its rows are committed) to a sender thread, so the webhook's thread returns at
        once; if the pool is closed (the worker is stopping), run it here once ``response`` has gone."""
        if not self.sends.submit((channel, recipient), job):
            run = lambda: _run_all(job)  # noqa: E731
            if response is not None:
                after_response(response, run)
            else:
                run()

    def drain_group_alerts(self) -> None:
        """The officers' chats only (the scheduler's one-second job): a new urgent case reaches them in seconds."""
        for chat in sorted(alerts_batch.officer_chats(self.config)):
            self.safe_drain(self.config.console.alerts_channel, chat)

    def safe_drain(self, channel: str | None = None, recipient: str | None = None) -> None:
        """Drain after a response has gone: never raise (the rows stay for the scheduler)."""
        try:
            self.drain(channel, recipient)
        except Exception:
            log.exception("draining the outbox after a webhook failed; the scheduler will retry")
            if len(self.unrecorded):
                self._settle_soon()

    def _settle_soon(self) -> None:
        """A web worker may not drain again for a while: write the kept outcomes as soon as the database is back."""
        with self._lock:
            if self._settler is not None and self._settler.is_alive():
                return
            self._settler = threading.Thread(target=self._settle, name="outbox-settle", daemon=True)
            self._settler.start()

    def _settle(self) -> None:
        deadline = time.monotonic() + self.config.outbox.sending_lease_seconds  # then recover_stale does it
        while len(self.unrecorded) and time.monotonic() < deadline and not self._closing.wait(1.0):
            try:
                self.unrecorded.replay(self.engine.Session, self.config.outbox)
            except Exception:  # still down: try again in a second
                continue

    # -- database outages and dead workers (bot/store/spool.py, bot/channels/recovery.py) ---------------------
    def keep(self, inbound: Inbound) -> Kept | None:
        """Keep a message the database could not take in the local spool (``Kept.again``: it was kept already, a
        redelivery); None if even that failed or the spool is full (config ``spool.*``)."""
        try:
            return self.spool.write(inbound)
        except SpoolFull as exc:
            log.critical("a %s message could not be stored nor kept: %s", inbound.channel, exc)
            return None
        except OSError:
            log.critical("a %s message could not be stored nor kept in the spool %s", inbound.channel,
                         self.spool.path, exc_info=True)
            return None

    def handle(self, inbound: Inbound, **options) -> Outcome:
        """``Engine.handle`` for a channel's live message, after what the spool still keeps from the same resident
        (``replay_earlier``): a resident's messages are handled in the order received. Raises while the database is
        down (the channel keeps the message in the spool). ``options`` go to ``Engine.handle`` (``chat_state``)."""
        self.replay_earlier(inbound)
        return self.engine.handle(inbound, stalled=lambda: self.handle_stalled(inbound), **options)

    def handle_stalled(self, inbound: Inbound) -> int:
        """This sender's messages stored and never handled (a killed worker's), answered before ``inbound``."""
        return recovery.handle_stalled(self.engine, edge.clean_inbound(inbound), self.now())

    def replay_earlier(self, inbound: Inbound) -> int:
        """Handle what the spool keeps from this message's sender, older than it; returns how many."""
        return recovery.replay_earlier(self.engine, self.spool, edge.clean_inbound(inbound), self.now())

    def recover(self, sweep: bool = True) -> tuple[int, int]:
        """Replay the spool, sweep orphaned messages, send what that queued. Never raises; one at a time
        in this process. Returns (replayed, swept)."""
        if not self._recovering.acquire(blocking=False):
            return 0, 0
        try:
            self._recovered_at = self.clock.monotonic()
            replayed = recovery.replay_spool(self.engine, self.spool, self.now())
            if self.untagged_spool.pending():  # kept by a version that did not tag its lines: replayed as then
                replayed += recovery.replay_spool(self.engine, self.untagged_spool, self.now())
            older_than = timedelta(seconds=self.config.orphan_after_seconds)
            swept = recovery.sweep_orphans(self.engine, self.now(), older_than) if sweep else 0
            if sweep:  # answers whose response (TwiML) never left a killed worker
                swept += recovery.sweep_unsent_responses(self.engine, self.now(), older_than)
            if replayed or swept:
                self.safe_drain()
            return replayed, swept
        except Exception:
            log.exception("recovering spooled or orphaned messages failed; the next try repeats it")
            return 0, 0
        finally:
            self._recovering.release()

    def recover_if_spooled(self, every_seconds: float = 5.0) -> bool:
        """After a web request: replay the spool if it holds anything (a stat; at most every few seconds). It runs
        in the request's thread, so a SQLite still locked is waited for ``AFTER_REQUEST_BUSY_SECONDS`` only, not a
        whole busy timeout: queued webhooks wait for that thread (attacker trial, session 16); the spool stays for
        the next try or the scheduler."""
        if self.clock.monotonic() - self._recovered_at < every_seconds or not (
                self.spool.pending() or self.untagged_spool.pending()):
            return False
        with busy_until(time.monotonic() + AFTER_REQUEST_BUSY_SECONDS):
            self.recover(sweep=False)
        return True

    def already_stored(self, channel: str, provider_id: str | None) -> bool:
        """Whether this provider message was stored before (a redelivery: skip slow work like downloads)."""
        if not provider_id:
            return False
        with self.engine.Session() as session:
            session.connection(execution_options={"read_only": True})  # no write lock for a look-up (bot/store/db.py)
            return session.scalar(select(Message.id).where(
                Message.channel == channel, Message.provider_id == provider_id).limit(1)) is not None

    def close(self) -> None:
        self._closing.set()
        self.sends.close()
        self.runner.close()


AFTER_REQUEST_BUSY_SECONDS = 0.5


def _run_all(job: Callable[[], Any]) -> None:
    """Run a sender job here, with what it would have left for later (bot/channels/sending.py) at once."""
    later = job()
    if later is not None:
        later[1]()


def after_response(response, callback: Callable[[], None]):
    """Run ``callback`` once the response has been sent (WSGI close), so the provider is not kept waiting."""
    response.call_on_close(callback)
    return response


def current() -> Runtime:
    """The Runtime of the Flask app handling this request."""
    from flask import current_app

    return current_app.extensions["cyber_sahayak"]
