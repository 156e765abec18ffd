"""Officers' group alerts under a burst: the first goes at once, later ones are joined into one message per
``console.group_alert_seconds`` (Telegram takes about 20 messages a minute in a group), and an alert that no
longer holds when its message is made is dropped.

bot/cases/sla.py queues these rows ``held`` (``kind="alert"``, key ``alert:<case>:<kind>``): the outbox's drain never
sends a held row. ``flush``, run before each drain of an officers' chat, releases them: in one transaction,

- every held alert whose case no longer needs it is dropped: a closed case (any alert); a case someone now
  holds (new urgent, SLA breach; a case handed back to the bot is held by nobody, its alerts go); a case replied
  to, handed back or closed (``No reply yet``);
- a chat whose last alert message left at least the interval ago, and has none still waiting to leave (a retry,
  a Telegram 429 with its retry_after), gets ALL its held alerts joined into one row, made ``pending`` now; the
  others are marked ``merged``. Otherwise they stay held, so a slow run or a provider's back-off only makes the
  next message longer, never several short ones. The joined alerts are in the officers' queue order (most urgent,
  golden hour open, oldest first: ``cases.in_queue_order``); when they do not fit one message (a re-alert round
  with about 100 urgent cases waiting), the message is a short summary instead: how many cases, the first
  ``SUMMARY_TOP`` in queue order, and the console's link (not six messages of 4,000 characters).
"""
from __future__ import annotations

import os
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from ..store import outbox
from .. import channel_registry as channels
from ..config import Config
from ..store.models.cases import QUEUE_ORDER, UNCLAIMED, Case
from .cases import golden_open_ids, in_queue_order
from ..store.models.operations import Outbox

SEPARATOR = "\n\n"
HELD = "held"
SUMMARY_TOP = 10  # the cases a summary lists (the rest: the console's link)
#: nobody holds the case: waiting, or handed back to the bot (``returned``: still under the SLA clock and in the
#: urgent queue, so its hand-back and SLA breach alerts go out)
LEFT = ("sending", "sent", "delivered", "read", "unconfirmed", "failed", "undelivered")


def officer_chats(config: Config) -> set[str]:
    chats = {config.console.officers_chat_id, config.console.supervisors_chat_id}
    chats |= {station.officers_chat_id for station in config.stations}
    chats |= {shift.reach.get(config.console.alerts_channel, "") for shift in config.console.on_call}  # on call
    return {chat for chat in chats if chat}


NOT_SENT = "no alerts channel configured"  # an alert's audit row when no officers' chat was there to queue it for


def unreachable(config: Config, can_send: bool) -> str | None:
    """Why officers' alerts (a new urgent case, an SLA breach) reach no one but the console, or None when they have
    somewhere to go: no officers' chat configured, or ``can_send`` false (the alerts channel's sender is off, as
    the process running the channels sees it). Start-up logs it and ``doctor`` warns with it."""
    channel = config.console.alerts_channel
    why = []
    if not officer_chats(config):
        why.append(f"no officers' chat is configured for {channel} (config.yaml, console section, or a station's)")
    if not can_send:
        why.append(f"the alerts channel {channel} cannot send (its credentials are not set)")
    return "; ".join(why) or None


def _case_of(row: Outbox) -> tuple[int | None, str]:
    """(case id, alert kind) from the row's key ``alert:<case>:<kind>[:station][#part]``."""
    parts = row.idempotency_key.split(":")
    if len(parts) < 3 or parts[0] != "alert" or not parts[1].isdigit():
        return None, ""
    return int(parts[1]), parts[2]


def stale(kind: str, case: Case | None) -> str | None:
    """Why an alert of ``kind`` about ``case`` should no longer be sent, or None while it holds."""
    if kind.startswith("after_close"):  # about a closed case: holds while it stays closed
        return None if case is not None and case.status == "closed" else "the case was reopened before the alert left"
    if case is None or case.status == "closed":
        return "the case was closed before the alert left"
    if kind.startswith("reply_failed"):  # the resident was not reached: holds while the case is open, whoever holds it
        return None
    if kind.startswith("reply_overdue"):
        if case.status != "claimed" or case.officer_replied_at is not None:
            return "the officer replied (or the case changed hands) before the alert left"
        return None
    if case.status not in UNCLAIMED:
        return "the case was claimed before the alert left"
    return None


def flush(Session: sessionmaker[Session], config: Config, now: datetime) -> int:
    """Drop, join and release the officers' chats' held alerts; returns how many rows were joined or dropped."""
    chats = officer_chats(config)
    if not chats:
        return 0
    interval = timedelta(seconds=config.console.group_alert_seconds)
    changed = 0
    channel = config.console.alerts_channel
    with Session.begin() as session:
        held = list(session.scalars(
            select(Outbox).where(Outbox.status == HELD, Outbox.kind == outbox.ALERT, Outbox.channel == channel,
                                 Outbox.recipient.in_(chats)).order_by(Outbox.id).with_for_update(skip_locked=True)))
        if not held:
            return 0
        ids = {c for c, _ in map(_case_of, held) if c is not None}
        ordered = list(session.scalars(select(Case).where(Case.id.in_(ids)).order_by(*QUEUE_ORDER))) if ids else []
        cases = {c.id: c for c in ordered}
        by_chat: dict[tuple[str, str | None], list[Outbox]] = {}
        for row in held:
            case_id, kind = _case_of(row)
            why = stale(kind, cases.get(case_id)) if case_id is not None else None
            if why:
                row.status, row.updated_at = "dropped", now
                outbox._event(row, now, "dropped", why=why)
                changed += 1
                continue
            by_chat.setdefault((row.recipient, row.sender), []).append(row)
        if not by_chat:
            return changed
        targets = [chat for chat, _sender in by_chat]
        waiting = set(session.scalars(select(Outbox.recipient).where(  # a message still to leave: wait for it
            Outbox.status == "pending", Outbox.kind == outbox.ALERT, Outbox.channel == channel,
            Outbox.recipient.in_(targets))))
        last_left = dict(session.execute(
            select(Outbox.recipient, func.max(Outbox.claimed_at)).where(
                Outbox.kind == outbox.ALERT, Outbox.channel == channel, Outbox.recipient.in_(targets),
                Outbox.status.in_(LEFT)).group_by(Outbox.recipient)).all())
        golden = golden_open_ids(session, [c.id for c in ordered if c.priority == "urgent"], now,
                                 config.golden_hour_minutes)
        place = {case.id: n for n, case in enumerate(in_queue_order(ordered, golden))}
        for (chat, _sender), rows in by_chat.items():
            left = last_left.get(chat)
            if chat in waiting or (left is not None and _aware(left, now) + interval > now):
                continue  # stays held; joined into the chat's next message
            rows.sort(key=lambda row: (place.get(_case_of(row)[0], len(place)), row.id))  # queue order
            changed += _release(rows, now, channel)
    return changed


def console_url(path: str = "/console/") -> str:
    """A console page's address as officers open it from their chat (PUBLIC_BASE_URL, else the path)."""
    base = os.environ.get("PUBLIC_BASE_URL", "").rstrip("/")
    return f"{base}{path}"


def _aware(at: datetime, like: datetime) -> datetime:
    """SQLite gives naive datetimes back: read them in ``like``'s zone (UTC)."""
    return at.replace(tzinfo=like.tzinfo) if at.tzinfo is None and like.tzinfo is not None else at


def _release(rows: list[Outbox], now: datetime, channel: str) -> int:
    """Join ``rows`` (in queue order) into the first and make it due now; when they do not fit one message of
    ``channel``, the first becomes their summary (``summary``)."""
    (limit, measure), first = channels.limit_of(channel), rows[0]
    text = SEPARATOR.join(row.text for row in rows)
    if limit is not None and measure(text) > limit:
        text = summary(rows)
    joined = 0
    for row in rows[1:]:
        row.status, row.updated_at = "merged", now
        outbox._event(row, now, "merged", into=first.id)
        joined += 1
    first.text, first.status, first.next_attempt_at, first.updated_at = text, "pending", now, now
    outbox._event(first, now, "released", alerts=joined + 1)
    return joined


def summary(rows: list[Outbox]) -> str:
    """Many alerts as one short message: how many cases, the first ``SUMMARY_TOP`` (each alert's first line, in
    queue order) and the console's queue."""
    cases: dict[int | None, str] = {}
    for row in rows:
        case_id, _ = _case_of(row)
        cases.setdefault(case_id if case_id is not None else -row.id, row.text.split("\n", 1)[0][:200])
    lines = [f"{len(cases)} cases need an officer ({len(rows)} alerts). The first {min(SUMMARY_TOP, len(cases))} "
             "in queue order:"]
    lines += [f"{n}. {line}" for n, line in enumerate(list(cases.values())[:SUMMARY_TOP], 1)]
    lines.append(f"All of them, most urgent first: {console_url()}")
    return "\n".join(lines)
