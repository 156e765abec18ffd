"""Officers' group alerts under a burst: the first goes at once, later ones are joined into one message per
``console.group_alert_seconds`` (Telegram takes about 20 messages a minute in a group), and an alert about a
case an officer has claimed meanwhile is dropped (nobody is re-alerted about a case someone holds).

It works on the outbox rows bot/sla.py queues (``kind="alert"``, key ``alert:<case>:<kind>``) before each drain:
in one transaction per chat, either the chat may have a message now (its last alert left at least the interval
ago) and every due alert row is joined into the oldest one, the others marked ``merged``; or the rows wait until
the interval has passed (``next_attempt_at``), so the normal drain (bot/outbox.py) sends them, with its retries.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from . import outbox
from .config import Config
from .models import Case, Outbox

SEPARATOR = "\n\n"
KEEP_WHEN_CLAIMED = ("reply_overdue",)  # about a claimed case by nature


def officer_chats(config: Config) -> set[str]:
    chats = {config.console.officers_telegram_chat_id, config.console.supervisors_telegram_chat_id}
    chats |= {station.officers_telegram_chat_id for station in config.stations}
    return {chat for chat in chats if chat}


def _case_of(row: Outbox) -> tuple[int | None, str]:
    """(case id, alert kind) from the row's key ``alert:<case>:<kind>[:station][#part]``."""
    parts = row.idempotency_key.split(":")
    if len(parts) < 3 or parts[0] != "alert" or not parts[1].isdigit():
        return None, ""
    return int(parts[1]), parts[2]


def flush(Session: sessionmaker[Session], config: Config, now: datetime) -> int:
    """Join, hold back or drop the officers' chats' pending alerts; returns how many rows were joined or dropped."""
    chats = officer_chats(config)
    if not chats:
        return 0
    interval = timedelta(seconds=config.console.group_alert_seconds)
    changed = 0
    with Session.begin() as session:
        pending = list(session.scalars(
            select(Outbox).where(Outbox.status == "pending", Outbox.kind == outbox.ALERT, Outbox.channel == "telegram",
                                 Outbox.recipient.in_(chats)).order_by(Outbox.id).with_for_update(skip_locked=True)))
        if not pending:
            return 0
        claimed = set(session.scalars(select(Case.id).where(
            Case.id.in_({c for c, _ in map(_case_of, pending) if c is not None}), Case.status != "waiting")))
        last_sent = dict(session.execute(
            select(Outbox.recipient, func.max(Outbox.updated_at)).where(
                Outbox.kind == outbox.ALERT, Outbox.channel == "telegram", Outbox.recipient.in_(chats),
                Outbox.status.in_(("sending", "sent", "delivered", "read", "unconfirmed")))
            .group_by(Outbox.recipient)).all())
        by_chat: dict[tuple[str, str | None], list[Outbox]] = {}
        for row in pending:
            case_id, kind = _case_of(row)
            if case_id in claimed and not kind.startswith(KEEP_WHEN_CLAIMED):
                row.status = "dropped"
                outbox._event(row, now, "dropped", why="the case was claimed before the alert left")
                changed += 1
                continue
            by_chat.setdefault((row.recipient, row.sender), []).append(row)
        for (chat, _sender), rows in by_chat.items():
            ready = (last_sent.get(chat) or now - interval) + interval
            if ready > now:
                for row in rows:  # wait for the chat's next slot (a retry's later time stands)
                    row.next_attempt_at = max(row.next_attempt_at, ready)
                continue
            due = [row for row in rows if row.next_attempt_at <= now]
            if len(due) < 2:
                continue
            first, limit = due[0], outbox.LIMITS["telegram"]
            text = first.text
            for row in due[1:]:
                if outbox.utf16_len(text + SEPARATOR + row.text) > limit:
                    break  # the rest go in the next message
                text += SEPARATOR + row.text
                row.status = "merged"
                outbox._event(row, now, "merged", into=first.id)
                changed += 1
            first.text = text
            outbox._event(first, now, "joined", alerts=text.count(SEPARATOR) + 1)
    return changed
