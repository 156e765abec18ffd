"""The outbox: every message sent outside a webhook's response is first a row, then sent.

Telegram replies, officers' replies, alerts and reminders are enqueued here (``enqueue``) in the same
transaction as whatever caused them, each under an idempotency key, so a crash, a redelivered update
or a second worker never makes a second row. ``drain`` sends the rows that are due:

- a row is **claimed** by one atomic ``UPDATE outbox SET status='sending' WHERE id=? AND status='pending'``;
  only the worker whose update changed the row sends it, so two schedulers never send one row twice;
- no database transaction is held while the provider is called;
- a chat's messages go out in order (by id): a row waits while an earlier row for the same recipient is
  being sent, waits for its retry, or is ``unconfirmed`` on a channel that can still send it again (WhatsApp),
  so "call 1930 now" is never overtaken by the question after it;
- alerts (``kind="alert"``: urgent cases to officers, "an officer is coming" to a resident) go first and are
  retried on their own short schedule (``alert_backoff_seconds`` up to ``alert_max_backoff_seconds``);
- what a send's outcome could not be written because the database was gone is kept in memory
  (``Unrecorded``) and written at the start of the next drain, so its row does not stay ``sending``;
- the provider's answer decides what happens next:

  ========================================  =====================================================
  accepted                                  ``sent``, with the provider's id (Twilio sid, Telegram
                                            message id); a row with a provider id is never re-sent
  network error before the request left,    ``pending`` again, after exponential backoff from a few
  5xx                                       seconds (``retry_delay``)
  429 with Retry-After / retry_after        ``pending`` again after exactly that wait (capped at
                                            ``max_backoff_seconds``), not the backoff's
  refused for good (bad number, blocked)    ``failed``
  ``max_attempts`` reached                  ``failed``
  timed out after the request left          ``unconfirmed``: the provider may have it. A WhatsApp row
                                            is settled by Twilio's status callback (it names the row)
                                            or by looking the message up at Twilio, ``lookup_seconds``
                                            after (found: sent; not found: the chat's next rows stop
                                            waiting for it) and ``confirm_minutes`` after its claim;
                                            only a message Twilio still does not have is sent again.
                                            Telegram has no look-up: a reply, alert or officer's message
                                            is sent once more (``resend_after_timeout``: at least once),
                                            a campaign or reminder is not; a row still unanswered stays
                                            ``unconfirmed``, listed by ``problems`` and on the case page.
  sender died (row ``sending`` past the     WhatsApp: ``unconfirmed`` and looked up as above. Telegram:
  ``sending_lease_seconds`` lease)          ``pending`` again (at least once) unless its kind is in
                                            ``at_most_once_kinds`` (campaign, reminder): ``unconfirmed``
  WhatsApp error 63016 (outside the         ``pending`` with ``use_template``: sent again as the
  24-hour window)                           approved template, recorded in ``template_sid``; the
                                            text itself is ``held`` and sent when the resident
                                            next writes (``release_held``)
  ========================================  =====================================================

Every function takes ``now`` (or a clock) so that backoff is tested without waiting.
"""
from __future__ import annotations

import logging
import math
import re
import threading
import time
from bisect import bisect_right, insort
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import datetime, timedelta
from typing import Any, Callable, Iterable, Protocol, runtime_checkable

from sqlalchemy import Boolean, and_, bindparam, case, func, or_, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, aliased, sessionmaker

from .. import channel_registry as channels
from ..config import OutboxSettings
from .db import dialect_insert, insert_returning
from ..privacy import mask_numbers
from .models.operations import Outbox
from .models.base import utcnow
from .. import metrics  # sends and provider errors counted for /metrics

log = logging.getLogger(__name__)

PROBLEM_STATUSES = ("failed", "undelivered", "unconfirmed")
ALERT = "alert"  # the kind of row that goes first and is retried on its own short schedule
_RANK = {"pending": 0, "sending": 0, "unconfirmed": 0, "sent": 1, "delivered": 2, "read": 3}
DELIVERED = ("delivered", "read")


def delivered(status: str, channel: str) -> bool:
    """Whether a row reached the resident, as the figures count it (the elderly figures, the stations'):
    delivered or read, or sent on a channel whose provider reports no delivery."""
    spec = channels.get(channel)  # a provider without delivery receipts (Telegram): "sent" is all we learn
    return status in DELIVERED or (spec is not None and not spec.receipts and status == "sent")


# -- splitting long texts --------------------------------------------------------------------
_SENTENCE_END = re.compile(r"(?<=[.!?।])\s+|\n+")


def split_text(text: str, limit: int, measure: Callable[[str], int] = len) -> list[str]:
    """``text`` in pieces of at most ``limit``, cut at sentence ends (else at spaces, else anywhere)."""
    if measure(text) <= limit:
        return [text]
    parts: list[str] = []
    rest = text
    while measure(rest) > limit:
        window = rest[:limit]
        while measure(window) > limit:  # characters outside the BMP count twice
            window = window[:-1]
        cut = 0
        for match in _SENTENCE_END.finditer(window):
            if match.start() > 0:
                cut = match.start()
        if cut < len(window) // 3:  # no sentence end in a useful place: a space, else a hard cut
            space = window.rfind(" ")
            cut = space if space >= len(window) // 3 else len(window)
        piece = rest[:cut].rstrip()
        if piece:
            parts.append(piece)
        rest = rest[cut:].lstrip()
    if rest.strip():
        parts.append(rest.rstrip())
    return parts


# -- senders ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Item:
    """One claimed row, as a sender sees it (plain data: no session is open while sending)."""

    id: int
    key: str
    channel: str
    recipient: str
    text: str
    choices: tuple[str, ...] = ()
    language: str = "en"
    use_template: bool = False
    attempts: int = 1
    claimed_at: datetime | None = None
    template_sid: str | None = None  # a row queued as a given template (the welcome after a visit)
    template_variables: dict[str, str] | None = None
    sender: str | None = None  # a station's number or bot (bot/cases/stations.py); None: the common one


@dataclass(frozen=True)
class Sent:
    provider_id: str | None
    template_sid: str | None = None


class SendError(Exception):
    """A send that did not go through; says whether and when to try again."""

    def __init__(self, message: str, *, retry: bool = True, retry_after: float | None = None,
                 ambiguous: bool = False, outside_window: bool = False, code: int | str | None = None):
        super().__init__(mask_numbers(message))  # providers' errors quote the number: logs and rows never do
        self.retry = retry
        self.retry_after = retry_after
        self.ambiguous = ambiguous
        self.outside_window = outside_window
        self.code = code


class Sender(Protocol):
    """A channel's sender, what the drain requires: its ``channel`` and ``send``. A sender may also have any of
    ``Paced``, ``Templated`` and ``LooksUp`` below; the drain reads them only through ``paces``, ``template_of``
    and ``looks_up``, which give each one's default when a sender lacks it (the SMS sender of
    tests/test_channel_plugin.py needs none)."""
    channel: str

    def send(self, item: Item) -> Sent: ...


@runtime_checkable
class Paced(Protocol):
    """Optional: ``pace`` True puts the channel's rows under the per-chat ``Pacer`` (Telegram). Default: False."""
    pace: bool


@runtime_checkable
class Templated(Protocol):
    """Optional: the template a failed row may be sent as outside the provider's window (WhatsApp's 24 hours).
    Default: None, no template (a row that fails outside the window is failed, not retried as a template)."""
    template_sid: str | None


@runtime_checkable
class LooksUp(Protocol):
    """Optional: a sender that can ask its provider whether a message went (WhatsApp): a row whose send timed out, or
    whose sender died, is ``unconfirmed`` and looked up after ``confirm_minutes`` (``settle_unconfirmed``), sent
    again only if the provider does not have it, and nothing later to that chat overtakes it. Default: no look-up
    (Telegram): such a row is sent once more or left ``unconfirmed`` by its kind (``resend_after_timeout``,
    ``recover_stale``)."""

    def lookup(self, item: Item) -> str | None:
        """The provider's id of a message it accepted for ``item`` (after an ambiguous timeout), if any."""


def paces(sender: Sender) -> bool:
    return isinstance(sender, Paced) and bool(sender.pace)


def template_of(sender: Sender) -> str | None:
    return sender.template_sid if isinstance(sender, Templated) else None


def looks_up(sender: Sender) -> bool:
    return isinstance(sender, LooksUp)


class Pacer:
    """Telegram's limits: one message a second in a chat, thirty a second overall (per process).

    In a private chat a short burst of ``burst`` messages goes at once and the rate holds over time (Telegram's
    Bot FAQ asks for about one message a second in a chat and allows short bursts above it), so a
    resident who writes again as soon as an answer arrives is not kept a second; a group chat (a negative id,
    the officers' group) gets one a second with no burst. Thread-safe: a sender reserves its slot under a lock
    and sleeps outside it, so drains for different chats in one process do not wait for each other."""

    def __init__(self, per_chat: float = 1.0, per_second: int = 30,
                 monotonic: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep,
                 burst: int = 3):
        self.per_chat = per_chat
        self.per_second = per_second
        self.burst = burst
        self.monotonic = monotonic
        self.sleep = sleep
        self._lock = threading.Lock()
        self._last: dict[str, float] = {}  # per chat: when its next message is due at the steady rate
        self._slots: list[float] = []  # reserved send times, sorted

    def _ahead(self, chat: str) -> float:
        """How far a burst may run ahead of the steady rate in ``chat``."""
        return 0 if chat.rpartition(":")[2].startswith("-") else (self.burst - 1) * self.per_chat

    def due_in(self, chat: str) -> float:
        """Seconds until ``chat`` may have its next message (nothing reserved): a sender thread with nothing to send
        before then can come back later instead of sleeping (bot/channels/sending.py)."""
        with self._lock:
            now = self.monotonic()
            return max(0.0, self._last.get(chat, now) - self._ahead(chat) - now)

    def _reserve(self, chat: str) -> float:
        with self._lock:
            now = self.monotonic()
            due = self._last.get(chat, now)
            ready = max(now, due - self._ahead(chat))
            del self._slots[:bisect_right(self._slots, now - 1.0)]  # older than the one-second window
            while True:
                low, high = bisect_right(self._slots, ready - 1.0), bisect_right(self._slots, ready)
                if high - low < self.per_second:
                    break
                ready = self._slots[high - self.per_second] + 1.0
            insort(self._slots, ready)
            self._last[chat] = max(due, ready) + self.per_chat
            if len(self._last) > 10000:  # forget chats idle for a minute
                self._last = {k: v for k, v in self._last.items() if v > now - 60}
            return ready - now

    def wait(self, chat: str) -> float:
        """Sleep until a message may go to ``chat``; returns the seconds waited."""
        waited = self._reserve(chat)
        if waited > 0:
            self.sleep(waited)
        return max(waited, 0.0)


# -- enqueue ----------------------------------------------------------------------------------
def enqueue(session: Session, *, channel: str, recipient: str, text: str, key: str, now: datetime,
            kind: str = "reply", choices: Iterable[str] = (), contact_id: int | None = None,
            message_id: int | None = None, language: str = "en", due: datetime | None = None,
            template_sid: str | None = None, template_variables: dict[str, str] | None = None,
            sender: str | None = None, status: str = "pending") -> list[Outbox]:
    """Store a message to send (split to the channel's limit); the same ``key`` again is a no-op.

    ``due`` delays the first attempt (paced proactive messages). ``template_sid`` (WhatsApp) sends the row
    as that approved template from the start, with ``template_variables`` (kept in ``choices``); ``text``
    is then what officers see, and nothing is held for the 24-hour window: the template says it all.
    ``sender`` is the station number or bot it leaves from (bot/cases/stations.py; None: the common number or bot).
    ``status="held"``: an officers' chat alert, released (joined, or dropped) by bot/cases/alerts_batch.py.
    Runs inside the caller's transaction. Returns the rows (existing ones when the key was seen)."""
    limit, measure = channels.limit_of(channel)  # each channel's own limit (bot/channel_registry.py)
    parts = split_text(text, limit, measure) if limit else [text]
    keys = [key] if len(parts) == 1 else [f"{key}#{i}" for i in range(1, len(parts) + 1)]
    rows: list[Outbox] = []
    statement = _INSERT_NEW[session.get_bind().dialect.name]
    for index, (part_key, part) in enumerate(zip(keys, parts)):
        last = index == len(parts) - 1
        values = dict(idempotency_key=part_key[:160], channel=channel, recipient=str(recipient)[:64],
                      contact_id=contact_id, message_id=message_id, kind=kind, language=language, text=part,
                      choices={"items": list(choices)} if last and choices else {}, status=status,
                      attempts=0, next_attempt_at=due or now, created_at=now, updated_at=now,
                      history={"events": [{"at": now.isoformat(), "what": "queued"}]}, sender=sender,
                      use_template=bool(template_sid), template_sid=template_sid or None)
        if template_sid:
            values["choices"] = {**values["choices"], "template_variables": dict(template_variables or {})}
        # one statement (issue 17): the key seen before (by anyone, even a moment ago) inserts nothing
        row = insert_returning(session, statement, values)
        if row is None:
            row = session.scalar(select(Outbox).where(Outbox.idempotency_key == part_key[:160]))
        rows.append(row)
    return rows


def queued_under(session: Session, key: str) -> Outbox | None:
    """The row ``enqueue`` stored under ``key`` (a long text's first part), if any: whether that message was queued."""
    return session.scalar(select(Outbox).where(Outbox.idempotency_key.in_((key[:160], f"{key}#1"[:160])))
                          .order_by(Outbox.id).limit(1))


_INSERT_NEW = {name: dialect_insert(name, Outbox).on_conflict_do_nothing(index_elements=["idempotency_key"])
               .returning(Outbox) for name in ("sqlite", "postgresql")}


def _event(row: Outbox, now: datetime, what: str, **detail: Any) -> None:
    events = list((row.history or {}).get("events", []))
    events.append({"at": now.isoformat(), "what": what, **detail})
    row.history = {"events": events[-30:]}
    row.updated_at = now


# -- claim and send ---------------------------------------------------------------------------
_CLAIMED = aliased(Outbox)  # made once: an alias built per call costs more than the claim itself


def claim(Session: sessionmaker[Session], row_id: int, now: datetime) -> Item | None:
    """Claim one due row for this worker: an atomic UPDATE ... WHERE status='pending'. On PostgreSQL the row is
    picked with ``FOR UPDATE SKIP LOCKED``: a row another drainer (a web worker, a second scheduler) is claiming
    right now is skipped at once instead of waited for (SQLite's write lock serialises claims anyway)."""
    with Session.begin() as session:
        due = and_(Outbox.id == row_id, Outbox.status == "pending", Outbox.provider_id.is_(None))
        if session.get_bind().dialect.name == "postgresql":
            due = and_(due, Outbox.id.in_(
                select(_CLAIMED.id).where(_CLAIMED.id == row_id, _CLAIMED.status == "pending")
                .with_for_update(skip_locked=True).scalar_subquery()))
        result = session.execute(
            update(Outbox)
            .where(due)
            .values(status="sending", claimed_at=now, attempts=Outbox.attempts + 1, updated_at=now)
            .execution_options(synchronize_session=False))
        if result.rowcount != 1:
            return None
        row = session.get(Outbox, row_id)
        variables = (row.choices or {}).get("template_variables")
        return Item(id=row.id, key=row.idempotency_key, channel=row.channel, recipient=row.recipient,
                    text=row.text, choices=tuple((row.choices or {}).get("items", [])), language=row.language,
                    use_template=row.use_template, attempts=row.attempts, claimed_at=row.claimed_at,
                    template_sid=row.template_sid if variables is not None else None,
                    template_variables=variables, sender=row.sender)


def record_sent(Session: sessionmaker[Session], item: Item, sent: Sent, now: datetime) -> None:
    with Session.begin() as session:
        row = session.get(Outbox, item.id, with_for_update=True)
        if sent.provider_id and row.provider_id == sent.provider_id:
            return  # written already (a replay after a database outage whose commit did go through)
        if row.provider_id and row.provider_id != sent.provider_id:
            log.warning("outbox row %s already had provider id; keeping both in history", row.id)
        row.provider_id = sent.provider_id or row.provider_id or f"sent:{row.id}"
        if row.status in ("pending", "sending", "unconfirmed"):  # a status callback may have come first
            row.status = "sent"
        row.sent_at = now
        row.error = None
        if sent.template_sid:
            queued_as_template = "template_variables" in (row.choices or {})
            row.template_sid = sent.template_sid
            row.held = not queued_as_template  # a fallback template holds the text for the next reply
        _event(row, now, "sent", provider_id=sent.provider_id, template=bool(sent.template_sid))


def retry_delay(attempts: int, alert: bool, retry_after: float | None, settings: OutboxSettings) -> float:
    """Seconds until a failed send is tried again. A provider that says how long to wait (Telegram's 429
    ``retry_after``, Twilio's Retry-After) is taken at its word: that long, no more (an urgent "call 1930" is not
    held minutes for a 3-second wait), capped at ``max_backoff_seconds``. Otherwise exponential backoff from
    ``backoff_seconds`` (seconds, so a passing 5xx costs seconds) up to ``max_backoff_seconds``; alerts on their
    own shorter schedule."""
    most = settings.max_backoff_seconds
    if retry_after is not None and math.isfinite(retry_after):
        return min(max(float(retry_after), 0.0), most)
    first, most = ((settings.alert_backoff_seconds, settings.alert_max_backoff_seconds) if alert
                   else (settings.backoff_seconds, most))
    return min(first * 2 ** min(max(attempts - 1, 0), 30), most)


def resend_after_timeout(row: Outbox, settings: OutboxSettings) -> bool:
    """A send that timed out after the request left, on a channel with no look-up (Telegram: no message id until
    it answers, no idempotency key): whether to send it once more rather than leave it ``unconfirmed``. Yes for a
    reply, an alert or an officer's message, once (at least once: a "call 1930 now" never received is a lost
    message, a second copy is not), as after a dead sender (``recover_stale``); never for ``at_most_once_kinds``
    (a campaign or tip sent twice to thousands is spam); a second timeout leaves the row ``unconfirmed``, listed
    for officers and shown on the case page. WhatsApp's rows are looked up at Twilio instead (``settle_unconfirmed``)."""
    spec = channels.get(row.channel)
    if spec is None or spec.resends_unconfirmed or row.provider_id or row.kind in settings.at_most_once_kinds:
        return False
    return not any(event.get("what") == "resend_after_timeout" for event in (row.history or {}).get("events", []))


def record_failure(Session: sessionmaker[Session], item: Item, error: SendError, now: datetime,
                   settings: OutboxSettings, template_available: bool = False) -> str:
    """Decide what a failed send means for its row; returns the row's new status."""
    with Session.begin() as session:
        row = session.get(Outbox, item.id, with_for_update=True)
        message = str(error)[:200]
        row.error = message
        if error.outside_window and template_available and not row.use_template:
            row.use_template = True
            row.status = "pending"
            row.next_attempt_at = now
            _event(row, now, "outside_window", code=error.code)
        elif error.outside_window:
            row.status = "failed"
            _event(row, now, "failed", error=message, code=error.code, reason="outside 24-hour window, no template")
        elif error.ambiguous and resend_after_timeout(row, settings):
            delay = retry_delay(row.attempts, row.kind == ALERT, None, settings)
            row.status = "pending"
            row.next_attempt_at = now + timedelta(seconds=delay)
            row.error = f"{message}; sending once more (at least once)"[:200]
            _event(row, now, "resend_after_timeout", error=message, delay=delay)
        elif error.ambiguous:
            unconfirmed(row, now, now + timedelta(seconds=settings.lookup_seconds), message)
        elif not error.retry or row.attempts >= (settings.alert_max_attempts if row.kind == ALERT
                                                   else settings.max_attempts):
            row.status = "failed"
            _event(row, now, "failed", error=message, code=error.code, attempts=row.attempts)
        else:
            delay = retry_delay(row.attempts, row.kind == ALERT, error.retry_after, settings)
            row.status = "pending"
            row.next_attempt_at = now + timedelta(seconds=delay)
            _event(row, now, "retry", error=message, code=error.code, delay=delay)
        return row.status


@dataclass
class DrainReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    unconfirmed: int = 0
    confirmed: int = 0
    resent: int = 0
    settled: int = 0  # outcomes written late, after a database outage (Unrecorded)
    ids: list[int] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.sent or self.retried or self.failed or self.unconfirmed or self.confirmed or self.resent
                    or self.settled)


class Unrecorded:
    """Outcomes of sends this process could not write because the database was gone (thread-safe).

    The provider answered, but the row stayed ``sending``; the next drain (or ``Runtime``'s settler) writes them
    first, so the chat is not held for the sending lease and nothing is sent twice."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: list[tuple] = []

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def add(self, *entry: Any) -> None:
        with self._lock:
            self._entries.append(entry)

    def replay(self, Session: sessionmaker[Session], settings: OutboxSettings) -> int:
        """Write what was kept, oldest first; stops (raising) at the first database error, keeping the rest."""
        with self._lock:
            pending = list(self._entries)
        for entry in pending:
            what, item, outcome, at, template_available = entry
            if what == "sent":
                record_sent(Session, item, outcome, at)
            else:
                with Session() as session:
                    row = session.get(Outbox, item.id)
                    current = row is not None and row.status == "sending" and row.attempts == item.attempts
                if current:  # nobody has settled it since (a stale-row recovery, another drain)
                    record_failure(Session, item, outcome, at, settings, template_available=template_available)
            with self._lock:
                self._entries.remove(entry)
            log.warning("outbox row %s: outcome written after a database outage (%s)", item.id, what)
        return len(pending)


def _recorded(unrecorded: Unrecorded | None, what: str, item: Item, outcome: Any, at: datetime,
              write: Callable[[], Any], template_available: bool = False) -> Any:
    """Write a send's outcome; if the database is gone, keep it for the next drain and stop this one."""
    try:
        return write()
    except SQLAlchemyError:
        if unrecorded is not None:
            unrecorded.add(what, item, outcome, at, template_available)
        raise


def drain(Session: sessionmaker[Session], senders: dict[str, Sender], settings: OutboxSettings, *,
          clock: Callable[[], datetime] = utcnow, pacer: Pacer | None = None,
          channel: str | None = None, recipient: str | None = None, limit: int | None = None,
          unrecorded: Unrecorded | None = None, housekeeping: bool = True) -> DrainReport:
    """Send what is due (optionally only one chat's rows); safe to run in several processes at once.

    Alerts first. A pass that sent something is followed by another, so a row that waited for an earlier
    one in its chat (an alert behind a reply) goes in the same drain; ``limit`` bounds the rows tried.
    ``housekeeping`` (rows left ``sending`` by a dead process, unconfirmed sends to settle) is the scheduler's
    every tick; a web worker sending one chat's answer right after its response skips it (issue 17)."""
    report = DrainReport()
    if unrecorded is not None and len(unrecorded):
        report.settled = unrecorded.replay(Session, settings)
    now = clock()
    if housekeeping:
        recover_stale(Session, now, settings, [name for name, sender in senders.items() if looks_up(sender)])
        settle_unconfirmed(Session, senders, settings, now, report)
    budget = limit or settings.batch_size
    while budget > 0:
        due = _due(Session, senders, clock(), budget, channel, recipient)
        sent_before = report.sent
        budget -= _send_due(Session, senders, settings, due, clock, pacer, report, unrecorded)
        if report.sent == sent_before or not due:
            break
    return report


_EARLIER = aliased(Outbox)  # made once, like _CLAIMED


@lru_cache(maxsize=64)
def _due_query(channels: tuple[str, ...], resendable: tuple[str, ...], by_channel: bool, by_recipient: bool,
               limit: int):
    """The due-rows statement, built once per shape (building it cost more than running it: issue 17);
    ``now``, ``channel`` and ``recipient`` are bound when it runs."""
    earlier, now = _EARLIER, bindparam("now")
    waiting_before = (select(earlier.id)
                      .where(earlier.channel == Outbox.channel, earlier.recipient == Outbox.recipient,
                             earlier.id < Outbox.id,
                             or_(earlier.status == "sending",
                                 # an alert overtakes nothing in its own chat: it waits for the rows before it
                                 and_(earlier.status == "pending",
                                      or_(earlier.next_attempt_at > now,
                                          and_(Outbox.kind == ALERT, earlier.kind != ALERT))),
                                 # a send the provider may not have: it may be sent again, so nothing overtakes it
                                 # until the provider's first look-up (settle_unconfirmed) has not found it
                                 and_(earlier.status == "unconfirmed", earlier.provider_id.is_(None),
                                      earlier.not_found_at.is_(None), earlier.channel.in_(list(resendable)))))
                      .exists())
    query = (select(Outbox.id, Outbox.channel, Outbox.recipient, Outbox.kind)
             .where(Outbox.status == "pending", Outbox.next_attempt_at <= now,
                    Outbox.channel.in_(list(channels)), ~waiting_before)  # a chat's messages go in order
             .order_by(case((Outbox.kind == ALERT, 0), else_=1), Outbox.id)
             .limit(limit))
    if by_channel:
        query = query.where(Outbox.channel == bindparam("channel"))
    if by_recipient:
        query = query.where(Outbox.recipient == bindparam("recipient"))
    return query


def _due(Session: sessionmaker[Session], senders: dict[str, Sender], now: datetime, limit: int,
         channel: str | None, recipient: str | None) -> list[tuple[int, str, str, str]]:
    """Rows that may go now: due, and not waiting for an earlier row of their chat. Alerts first."""
    resendable = tuple(name for name, sender in senders.items() if looks_up(sender))
    query = _due_query(tuple(senders), resendable, bool(channel), bool(recipient), limit)
    values = {"now": now, **({"channel": channel} if channel else {}), **({"recipient": recipient} if recipient else {})}
    with Session() as session:  # a read: on SQLite it takes no write lock (bot/store/db.py), the claims do
        session.connection(execution_options={"read_only": True})
        return [tuple(row) for row in session.execute(query, values)]


def _send_due(Session: sessionmaker[Session], senders: dict[str, Sender], settings: OutboxSettings,
              due: list[tuple[int, str, str, str]], clock: Callable[[], datetime], pacer: Pacer | None,
              report: DrainReport, unrecorded: Unrecorded | None) -> int:
    """Claim and send ``due``; returns how many rows were tried. Each chat's rows go in order, one at a time; up to
    ``parallel_chats`` chats are sent to at once, so a send that hangs (bounded by ``send_timeout_seconds``) holds
    only its own chat, not every resident's answer behind it (an attacker's trial, session 13: one hung Twilio
    send stalled the whole drain)."""
    chats: dict[tuple[str, str], list[tuple[int, str, str, str]]] = {}
    for row in due:
        chats.setdefault((row[1], row[2]), []).append(row)
    workers = min(settings.parallel_chats, len(chats))
    if workers <= 1:
        return _send_rows(Session, senders, settings, due, clock, pacer, report, unrecorded)
    parts = {chat: DrainReport() for chat in chats}
    alerts = {chat for chat, rows in chats.items() if rows[0][3:] == (ALERT,)}  # sent first: alerts first
    tried = 0
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="outbox-chat") as pool:
        for phase in ([c for c in chats if c in alerts], [c for c in chats if c not in alerts]):
            tried += sum(pool.map(lambda chat: _send_rows(Session, senders, settings, chats[chat], clock, pacer,
                                                          parts[chat], unrecorded), phase))
    order = {row[0]: index for index, row in enumerate(due)}
    for part in parts.values():
        report.sent, report.retried = report.sent + part.sent, report.retried + part.retried
        report.failed, report.unconfirmed = report.failed + part.failed, report.unconfirmed + part.unconfirmed
        report.ids.extend(part.ids)
    report.ids.sort(key=lambda row_id: order.get(row_id, len(order)))  # in the order they were due, as one by one
    return tried


def _send_rows(Session: sessionmaker[Session], senders: dict[str, Sender], settings: OutboxSettings,
               due: list[tuple[int, str, str, str]], clock: Callable[[], datetime], pacer: Pacer | None,
               report: DrainReport, unrecorded: Unrecorded | None) -> int:
    """Claim and send ``due`` in order, one by one; returns how many rows were tried."""
    tried = 0
    held_back: set[tuple[str, str]] = set()  # chats whose earlier message must be retried first
    for row_id, row_channel, row_recipient, *_kind in due:
        if (row_channel, row_recipient) in held_back:
            continue
        item = claim(Session, row_id, clock())
        if item is None:  # another worker has it, and so this chat's next messages too
            held_back.add((row_channel, row_recipient))
            continue
        tried += 1
        sender = senders[item.channel]
        if pacer is not None and paces(sender):
            pacer.wait(f"{item.channel}:{item.recipient}")
        try:
            sent = sender.send(item)
        except SendError as exc:
            metrics.count_provider_error(item.channel, exc)
            at, template = clock(), bool(template_of(sender))
            status = _recorded(unrecorded, "failed", item, exc, at, template_available=template, write=lambda: (
                record_failure(Session, item, exc, at, settings, template_available=template)))
            log.warning("outbox row %s (%s) not sent: %s -> %s", item.id, item.channel, exc, status)
            if status == "failed":
                report.failed += 1
            elif status == "unconfirmed":
                report.unconfirmed += 1
                if looks_up(sender):  # it may be sent again: nothing after it overtakes it
                    held_back.add((item.channel, item.recipient))
            else:
                report.retried += 1
                held_back.add((item.channel, item.recipient))
            continue
        except Exception as exc:  # a bug or an unexpected library error: retry later, never lose the row
            log.exception("outbox row %s (%s): unexpected error", item.id, item.channel)
            error, at = SendError(f"{type(exc).__name__}: {exc}"), clock()
            _recorded(unrecorded, "failed", item, error, at,
                      write=lambda: record_failure(Session, item, error, at, settings))
            report.retried += 1
            held_back.add((item.channel, item.recipient))
            continue
        at = clock()
        _recorded(unrecorded, "sent", item, sent, at, write=lambda: record_sent(Session, item, sent, at))
        metrics.count_outbox_sent(item.channel)
        report.sent += 1
        report.ids.append(item.id)
    return tried


def recover_stale(Session: sessionmaker[Session], now: datetime, settings: OutboxSettings,
                  lookups: Iterable[str] = ()) -> int:
    """Rows left 'sending' by a process that died (killed before, during or after the provider call): once their
    claim is ``sending_lease_seconds`` old (the lease: 45 s), nobody is sending them.

    - a channel whose provider can be asked (``lookups``: WhatsApp): ``unconfirmed``, then looked up after
      ``confirm_minutes`` (``settle_unconfirmed``) and sent again only if the provider does not have it;
    - otherwise (Telegram: no id, no idempotency key, no look-up) the row's kind decides: ``at_most_once_kinds``
      (campaigns, reminders) stay ``unconfirmed`` for an officer to check; every other kind (a reply, an alert,
      an officer's message) is ``pending`` again and sent once more (at least once: a rare duplicate is better
      than an answer the resident never gets). The claim is atomic, so it is sent once, by one drain."""
    cutoff = now - timedelta(seconds=settings.sending_lease_seconds)
    lookups, at_most_once = set(lookups), set(settings.at_most_once_kinds)
    with Session.begin() as session:
        rows = session.scalars(select(Outbox).where(Outbox.status == "sending", Outbox.claimed_at < cutoff)
                               .with_for_update(skip_locked=True)).all()
        for row in rows:
            if row.channel not in lookups and row.kind not in at_most_once and row.provider_id is None:
                row.status, row.next_attempt_at = "pending", now
                row.error = "the sending process stopped; sending again (at least once)"
                _event(row, now, "resend_after_dead_sender")
                continue
            unconfirmed(row, now, now, "the sending process stopped; delivery unknown")  # its lease gave it time
        return len(rows)


def unconfirmed(row: Outbox, now: datetime, look_up_at: datetime, error: str) -> None:
    """``row``'s send may or may not have reached the provider: ``unconfirmed``, first looked up at ``look_up_at``
    (where the provider can tell: ``settle_unconfirmed``); until then the chat's later messages wait for it."""
    row.status, row.error, row.next_attempt_at, row.not_found_at = "unconfirmed", error[:200], look_up_at, None
    _event(row, now, "unconfirmed", error=row.error)


def settle_unconfirmed(Session: sessionmaker[Session], senders: dict[str, Sender], settings: OutboxSettings,
                       now: datetime, report: DrainReport | None = None) -> None:
    """Ask the provider (where it can tell: Twilio) whether it has an unconfirmed message, twice at most (F6, session
    20: one timed-out send held the chat's next replies for ``confirm_minutes``):

    - ``lookup_seconds`` after the timeout: found, the row is ``sent`` and the chat goes on. Not found, the row keeps
      ``not_found_at`` and the chat's later messages stop waiting for it (a resident is not kept minutes from an
      officer's next reply), but it is not sent again yet: a request Twilio is still working on could yet appear;
    - ``confirm_minutes`` after its claim: found, ``sent``; still not found, Twilio never took it: sent again, once.

    Nothing is ever sent twice; the price is that a message Twilio never took reaches the resident after the ones
    that followed it (README.md, "The outbox")."""
    cutoff = now - timedelta(minutes=settings.confirm_minutes)
    lookups = [name for name, sender in senders.items() if looks_up(sender)]
    if not lookups:
        return
    with Session() as session:
        rows = list(session.scalars(select(Outbox).where(
            Outbox.status == "unconfirmed", Outbox.channel.in_(lookups), Outbox.provider_id.is_(None),
            Outbox.next_attempt_at <= now).order_by(Outbox.id).limit(settings.batch_size)))
    for row in rows:
        item = Item(id=row.id, key=row.idempotency_key, channel=row.channel, recipient=row.recipient, text=row.text,
                    language=row.language, use_template=row.use_template, attempts=row.attempts,
                    claimed_at=row.claimed_at, sender=row.sender)
        try:
            found = senders[row.channel].lookup(item)
        except SendError as exc:
            log.warning("outbox row %s: look-up failed: %s", row.id, exc)
            continue
        with Session.begin() as session:
            current = session.get(Outbox, row.id, with_for_update=True)
            if current.status != "unconfirmed" or current.provider_id:
                continue
            if found:
                current.provider_id, current.status, current.error = found, "sent", None
                current.sent_at = current.sent_at or now
                _event(current, now, "confirmed", provider_id=found)
                if report is not None:
                    report.confirmed += 1
            elif current.claimed_at is not None and current.claimed_at >= cutoff:  # too soon to call it lost
                current.not_found_at = current.not_found_at or now
                current.next_attempt_at = current.claimed_at + timedelta(minutes=settings.confirm_minutes, seconds=1)
                _event(current, now, "not_found_yet", look_again=current.next_attempt_at.isoformat())
            else:
                current.status, current.next_attempt_at, current.not_found_at = "pending", now, None
                _event(current, now, "not_found_resend")
                if report is not None:
                    report.resent += 1


# -- provider status callbacks ----------------------------------------------------------------
def status_update(session: Session, channel: str, provider_id: str, status: str, now: datetime, *,
                  error_code: str | None = None, row_id: int | None = None,
                  template_available: bool = False) -> Outbox | None:
    """A provider's delivery report (Twilio's status callback). Statuses never go backwards."""
    row = session.scalar(select(Outbox).where(Outbox.channel == channel, Outbox.provider_id == provider_id)
                         .with_for_update())
    if row is None and row_id is not None:
        candidate = session.get(Outbox, row_id, with_for_update=True)
        if candidate is not None and candidate.channel == channel and candidate.provider_id is None:
            row = candidate  # a send that timed out: Twilio had it after all
            row.provider_id = provider_id
            row.sent_at = row.sent_at or now
            _event(row, now, "confirmed", provider_id=provider_id)
    if row is None:
        return None
    status = (status or "").lower()
    if status in ("failed", "undelivered"):
        if str(error_code) == "63016" and template_available and not row.use_template:
            _event(row, now, "outside_window", code=63016, refused_id=row.provider_id)
            row.provider_id = None
            row.use_template = True
            row.status = "pending"
            row.next_attempt_at = now
            row.error = "63016: outside the 24-hour window; sending the template"
            return row
        row.status = status
        row.error = f"{error_code or ''} {status}".strip()[:200]
        _event(row, now, status, code=error_code)
        return row
    mapped = {"queued": "sent", "accepted": "sent", "sending": "sent", "scheduled": "sent"}.get(status, status)
    if mapped in _RANK and row.status not in ("failed", "undelivered") and _RANK[mapped] > _RANK.get(row.status, 0):
        row.status = mapped
        row.error = None
        _event(row, now, mapped)
    return row


def release_held(session: Session, channel: str, recipient: str, now: datetime) -> list[Outbox]:
    """The resident wrote again: texts held back by the 24-hour window can now be sent as they are."""
    held = session.scalars(select(Outbox).where(Outbox.channel == channel, Outbox.recipient == recipient,
                                                Outbox.held.is_(True)).order_by(Outbox.id).with_for_update()).all()
    released: list[Outbox] = []
    for row in held:
        row.held = False
        _event(row, now, "released")
        released += enqueue(session, channel=channel, recipient=recipient, text=row.text,
                            key=f"{row.idempotency_key}:after-window", now=now, kind=row.kind,
                            choices=(row.choices or {}).get("items", []), contact_id=row.contact_id,
                            message_id=row.message_id, language=row.language, sender=row.sender)
    return released


def _chat_state():
    """Whether an earlier message to this chat must go before an answer given in the webhook's own response:

    - an earlier *answer* (to another of the chat's messages) waiting to go about now;
    - any earlier message already tried: in flight (``sending``: a provider that hangs holds it until its timeout),
      waiting for its retry however far off (``pending`` after an attempt), or ``unconfirmed`` where the channel may
      still send it again (WhatsApp: Twilio's look-up after ``confirm_minutes``). Session 7: a hanging send ended
      ``unconfirmed`` and the next answer, given at once in the TwiML, overtook it; a message resent later then
      arrived after the answers that followed it.

    Messages sent unasked and not yet tried (a welcome, a tip, a campaign) never hold an answer back."""
    channel, recipient = bindparam("channel"), bindparam("recipient")
    mine = and_(Outbox.channel == channel, Outbox.recipient == recipient, Outbox.held.is_(False))
    answer_due = and_(Outbox.status.in_(("pending", "sending")), Outbox.next_attempt_at <= bindparam("due_by"),
                      Outbox.message_id.is_not(None),
                      Outbox.message_id != func.coalesce(bindparam("message_id"), -1))
    tried = or_(Outbox.status == "sending", and_(Outbox.status == "pending", Outbox.attempts > 0),
                and_(Outbox.status == "unconfirmed", Outbox.provider_id.is_(None), Outbox.not_found_at.is_(None),
                     bindparam("resendable", type_=Boolean)))
    waiting = select(Outbox.id).where(mine, or_(answer_due, tried))
    held = select(Outbox.id).where(Outbox.channel == channel, Outbox.recipient == recipient, Outbox.held.is_(True))
    return waiting.exists(), held.exists()


# the two columns (behind, held), built once: they run for every WhatsApp message, in ``chat_state`` or as two more
# columns of the turn's load (bot/conversation/engine.py, on SQLite: issue 17), with ``chat_state_params``
CHAT_STATE_COLUMNS = _chat_state()
_CHAT_STATE = select(*CHAT_STATE_COLUMNS)


def chat_state_params(channel: str, recipient: str, message_id: int | None, now: datetime,
                      within: timedelta = timedelta(minutes=1)) -> dict[str, Any]:
    """The bound parameters of ``CHAT_STATE_COLUMNS`` (``message_id``: the message being answered, never counted)."""
    spec = channels.get(channel)
    return {"channel": channel, "recipient": recipient, "due_by": now + within, "message_id": message_id,
            "resendable": bool(spec is not None and spec.resends_unconfirmed)}


def chat_state(session: Session, channel: str, recipient: str, message_id: int | None, now: datetime,
               within: timedelta = timedelta(minutes=1)) -> tuple[bool, bool]:
    """(an earlier message must go first (``_chat_state``), whether texts are ``held`` for the 24-hour window) in one read-only statement: the
    webhook opens a write transaction for ``release_held`` only when there is something to release (issue 17)."""
    row = session.execute(_CHAT_STATE, chat_state_params(channel, recipient, message_id, now, within)).one()
    return bool(row[0]), bool(row[1])


# -- channels that fetch their own messages (the web chat) ------------------------------------
def take_for(Session: sessionmaker[Session], channel: str, recipient: str, now: datetime) -> list[Outbox]:
    """Pending rows of a channel that collects them itself (the web page polls); each handed out once."""
    with Session() as session:
        ids = list(session.scalars(select(Outbox.id).where(
            Outbox.channel == channel, Outbox.recipient == recipient, Outbox.status == "pending",
            Outbox.next_attempt_at <= now).order_by(Outbox.id).limit(50)))
    taken: list[Outbox] = []
    for row_id in ids:
        with Session.begin() as session:
            result = session.execute(update(Outbox).where(Outbox.id == row_id, Outbox.status == "pending")
                                     .values(status="delivered", attempts=Outbox.attempts + 1, sent_at=now,
                                             updated_at=now, provider_id=f"{channel}:{row_id}")
                                     .execution_options(synchronize_session=False))
            if result.rowcount == 1:
                taken.append(session.get(Outbox, row_id))
    return taken


# -- what officers see ------------------------------------------------------------------------
def problems(session: Session, limit: int = 100) -> list[Outbox]:
    """Messages that did not get through (failed, undelivered, delivery unknown), newest first."""
    return list(session.scalars(
        select(Outbox).where(Outbox.status.in_(PROBLEM_STATUSES))
        .order_by(Outbox.updated_at.desc(), Outbox.id.desc()).limit(limit)))


def retry_failed(session: Session, ids: Iterable[int], now: datetime) -> list[int]:
    """Send failed rows again once their cause is fixed (``bot outbox --retry ID``): only rows ``failed`` with no
    provider id (the provider never took them, so nothing was delivered and nothing is sent twice); each is
    ``pending`` again now, its tries from zero, the retry in its history. Returns the ids made pending."""
    rows = list(session.scalars(select(Outbox).where(Outbox.id.in_(list(ids)), Outbox.status == "failed",
                                                     Outbox.provider_id.is_(None)).with_for_update()))
    for row in rows:
        row.status, row.attempts, row.updated_at = "pending", 0, now  # due at once: its last try is past
        row.next_attempt_at = row.next_attempt_at or now
        _event(row, now, "retried_by_operator", error=row.error)
    return [row.id for row in rows]


def recent_failures(session: Session, now: datetime, minutes: int = 15) -> int:
    """Sends refused or not delivered in the last ``minutes`` (/healthz's ``failed_sends``: a wrong account, a revoked
    token or a blocked number shows here before an officer wonders why the resident is silent)."""
    return session.scalar(select(func.count()).select_from(Outbox).where(
        Outbox.status.in_(("failed", "undelivered")), Outbox.updated_at >= now - timedelta(minutes=minutes)))


WAITING_STATUSES = ("pending", "sending")  # still to be sent (a web chat's rows: until its page fetches them)


def pending_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Outbox).where(Outbox.status.in_(WAITING_STATUSES)))


def problem_count(session: Session) -> int:
    """How many rows ``problems`` would list with no limit."""
    return session.scalar(select(func.count()).select_from(Outbox).where(Outbox.status.in_(PROBLEM_STATUSES)))


def waiting(session: Session, limit: int = 100) -> list[Outbox]:
    """Messages still to be sent (what ``pending_count`` counts), oldest first."""
    return list(session.scalars(select(Outbox).where(Outbox.status.in_(WAITING_STATUSES))
                                .order_by(Outbox.created_at, Outbox.id).limit(limit)))
