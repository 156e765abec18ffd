"""On call: the duty roster (config.yaml ``console.on_call``) and straight-to-on-call escalation.

An urgent case still waiting past its SLA while no officer has used the console for ``watching_minutes``
(``officers.last_seen_at``, written by the console at most once a minute) goes to the officers on call now, on
Telegram and/or WhatsApp as their roster line says, once per waiting episode, audited.
"""
from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from . import alerts_batch
from .. import channel_registry as channels
from ..store import outbox
from .cases import record
from ..config import Config, OnCallShift
from ..store.models.cases import Case
from ..store.models.officers import Officer
from .sla import _claim, episode_kind, summary

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _hhmm(text: str) -> time | None:
    return None if text == "24:00" else time.fromisoformat(text)


def _covers(shift: OnCallShift, local: datetime) -> bool:
    start, end, day, now = _hhmm(shift.start), _hhmm(shift.end), DAYS[local.weekday()], local.time()
    if end is None or end > start:  # within one day
        return day in shift.days and start <= now and (end is None or now < end)
    yesterday = DAYS[(local.weekday() - 1) % 7]  # past midnight: the shift began the day before
    return (day in shift.days and now >= start) or (yesterday in shift.days and now < end)


def on_call(config: Config, now: datetime) -> list[OnCallShift]:
    """The roster lines covering ``now`` (in the unit's time zone)."""
    local = now.astimezone(config.tz)
    return [shift for shift in config.console.on_call if _covers(shift, local)]


def someone_watching(session: Session, config: Config, now: datetime) -> bool:
    since = now - timedelta(minutes=config.console.watching_minutes)
    return bool(session.scalar(select(func.count()).select_from(Officer).where(
        Officer.active.is_(True), Officer.last_seen_at >= since)))


def escalate(session: Session, config: Config, now: datetime) -> list[int]:
    """Send each overdue urgent case to the officers on call, when nobody is watching the console."""
    if not config.console.on_call:
        return []
    due = list(session.scalars(select(Case).where(Case.status == "waiting", Case.priority == "urgent",
                                                  Case.sla_due_at <= now).order_by(Case.id)))
    if not due or someone_watching(session, config, now):
        return []
    shifts = on_call(config, now)
    sent = []
    for case in due:
        kind = episode_kind(case, "on_call")
        if not shifts or not _claim(session, case, kind, now):
            continue
        text = "ON CALL - nobody is on the console: " + summary(session, case, config, now)
        for shift in shifts:
            for channel in channels.names():  # each registered channel the shift names (config ``reach``)
                recipient = shift.reach.get(channel)
                if not recipient:
                    continue
                if channel == config.console.alerts_channel:  # held and joined like the officers' group alerts
                    # (bot/cases/alerts_batch.py): in a burst one message per interval, nothing ahead of replies
                    outbox.enqueue(session, channel=channel, recipient=recipient, text=text,
                                   key=f"alert:{case.id}:{kind}:oncall-{shift.officer}:{channel}", now=now,
                                   kind="alert", status=alerts_batch.HELD)
                else:
                    outbox.enqueue(session, channel=channel, recipient=recipient, text=text,
                                   key=f"oncall:{case.id}:{kind}:{shift.officer}:{channel}", now=now, kind="alert")
        record(session, case, "scheduler", "escalated_on_call", now, officers=[s.officer for s in shifts],
               channels=sorted({channel for s in shifts for channel in s.reach}))
        sent.append(case.id)
    return sent
