"""Pacing of proactive messages (safety tips, campaigns, welcomes of imported visits).

Two rules, both computed from a ``now`` the caller passes (tests use a controllable clock):

- **quiet hours** (``reminders.quiet_hours``, in the unit's time zone): nothing proactive is due between
  ``start`` and ``end``; a period that crosses midnight (21:00-08:00) is read as such;
- **rate**: consecutive proactive outbox rows of one channel are spaced ``60 / reminders.per_minute``
  seconds apart through their ``next_attempt_at``, after the last one already queued, so tips and a
  campaign running together still stay under the provider's limit.

Rows are queued only a short horizon ahead (``Slots``): a row waiting for a far-away slot would hold
back that resident's other messages (the outbox keeps a chat's messages in order).
"""
from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import and_, func, not_, select
from sqlalchemy.orm import Session

from ..config import Config
from ..store.models.operations import Outbox

PROACTIVE_KINDS = ("reminder", "campaign", "welcome")


def _clock(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def quiet_period(at: datetime, config: Config) -> tuple[datetime, datetime] | None:
    """The quiet period containing ``at`` (start, end as aware datetimes), or None in the day."""
    tz = config.tz
    local = at.astimezone(tz)
    start, end = _clock(config.reminders.quiet_hours.start), _clock(config.reminders.quiet_hours.end)
    if start == end:
        return None
    day = local.date()
    candidates = []
    for offset in (-1, 0):  # a period may have started the day before
        begin = datetime.combine(day + timedelta(days=offset), start, tz)
        finish = datetime.combine(begin.date() + timedelta(days=1 if end <= start else 0), end, tz)
        candidates.append((begin, finish))
    for begin, finish in candidates:
        if begin <= local < finish:
            return begin, finish
    return None


def is_quiet(at: datetime, config: Config) -> bool:
    return quiet_period(at, config) is not None


def next_allowed(at: datetime, config: Config) -> datetime:
    """``at``, or the end of the quiet period it falls in."""
    period = quiet_period(at, config)
    return at if period is None else period[1]


def interval(config: Config, channel: str) -> timedelta:
    rate = config.reminders.per_minute.get(channel, 60)
    return timedelta(seconds=60.0 / rate)


def spread(start: datetime, channels: list[str], config: Config) -> list[datetime]:
    """Send times for a batch known in advance (imported visits): per channel, spaced and out of quiet hours."""
    cursor: dict[str, datetime] = {}
    margin = timedelta(seconds=config.outbox.poll_seconds)
    times = []
    for channel in channels:
        at = next_allowed(cursor.get(channel, start), config)
        while is_quiet(at + margin, config):
            at = next_allowed(at + margin, config)
        times.append(at)
        cursor[channel] = at + interval(config, channel)
    return times


class Slots:
    """Next send times, per channel, for rows queued now; None once the horizon or quiet hours are reached."""

    def __init__(self, session: Session, config: Config, now: datetime, horizon: timedelta):
        self.session, self.config, self.now, self.horizon = session, config, now, horizon
        self._cursor: dict[str, datetime] = {}

    def _start(self, channel: str) -> datetime:
        gap = interval(self.config, channel)
        retried = and_(Outbox.status == "pending", Outbox.attempts > 0)  # backoff times are not our slots
        last = self.session.scalar(select(func.max(Outbox.next_attempt_at)).where(
            Outbox.channel == channel, Outbox.kind.in_(PROACTIVE_KINDS), Outbox.next_attempt_at > self.now - gap,
            not_(retried)))
        return self.now if last is None else max(self.now, last + gap)

    def take(self, channel: str) -> datetime | None:
        if channel not in self._cursor:
            self._cursor[channel] = self._start(channel)
        at = self._cursor[channel]
        margin = timedelta(seconds=self.config.outbox.poll_seconds)  # the drain may send it this much later
        if at > self.now + self.horizon or is_quiet(at, self.config) or is_quiet(at + margin, self.config):
            return None
        self._cursor[channel] = at + interval(self.config, channel)
        return at


def defer_quiet(session: Session, config: Config, now: datetime) -> int:
    """During quiet hours, proactive rows that became due (retries) wait for the end of the period."""
    period = quiet_period(now, config)
    if period is None:
        return 0
    rows = session.scalars(select(Outbox).where(
        Outbox.status == "pending", Outbox.kind.in_(PROACTIVE_KINDS), Outbox.next_attempt_at < period[1])
        .order_by(Outbox.next_attempt_at, Outbox.id).with_for_update()).all()
    for index, row in enumerate(rows):
        row.next_attempt_at = period[1] + index * interval(config, row.channel)
        row.updated_at = now
    return len(rows)
