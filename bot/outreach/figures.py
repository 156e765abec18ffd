"""Figures for the elderly programme: households per officer and station, and four weekly series.

- households registered (by week of registration);
- seniors reached: registered seniors who, that week, had a message from us delivered (welcome, tip or
  campaign; for Telegram, which reports no delivery, accepted) or wrote to the helpline;
- tips delivered (outbox rows of kind ``reminder``, same rule);
- reports from seniors: incidents filed by a senior, or by a relative for one.

Weeks start on Monday in the unit's time zone. Counted in Python over the period's rows, the same on
SQLite and PostgreSQL. ``bar_chart`` draws grouped bars as an inline SVG (no script, no library).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from html import escape
from typing import Any

from markupsafe import Markup
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..store.models.residents import Contact, Incident, Message
from ..store.models.outreach import Household
from ..store.models.officers import Officer
from ..store import outbox
from ..store.models.operations import Outbox

SERIES = (("households", "Households registered", "#12355b"), ("reached", "Seniors reached", "#2e7d32"),
          ("tips", "Tips delivered", "#ef6c00"), ("reports", "Reports from seniors", "#c62828"))


def week_of(at: datetime, tz) -> date:
    local = at.astimezone(tz).date()
    return local - timedelta(days=local.weekday())


def weekly(session: Session, tz, now: datetime, weeks: int = 12) -> dict[str, Any]:
    last = week_of(now, tz)
    starts = [last - timedelta(weeks=i) for i in range(weeks - 1, -1, -1)]
    since = datetime.combine(starts[0], datetime.min.time(), tz)
    counts: dict[str, Counter] = {key: Counter() for key, _label, _colour in SERIES}
    for (at,) in session.execute(select(Household.registered_at).where(Household.registered_at >= since)):
        counts["households"][week_of(at, tz)] += 1
    seniors = set(session.scalars(select(Household.contact_id).where(Household.senior.is_(True))))
    reached: dict[date, set[int]] = defaultdict(set)
    rows = session.execute(select(Outbox.contact_id, Outbox.kind, Outbox.status, Outbox.channel, Outbox.sent_at)
                           .where(Outbox.kind.in_(("welcome", "reminder", "campaign")), Outbox.sent_at >= since))
    for contact_id, kind, status, channel, sent_at in rows:
        if not outbox.delivered(status, channel):
            continue
        week = week_of(sent_at, tz)
        if kind == "reminder":
            counts["tips"][week] += 1
        if contact_id in seniors:
            reached[week].add(contact_id)
    for contact_id, at in session.execute(select(Message.contact_id, Message.created_at).where(
            Message.direction == "in", Message.created_at >= since)):
        if contact_id in seniors:
            reached[week_of(at, tz)].add(contact_id)
    for week, people in reached.items():
        counts["reached"][week] = len(people)
    for contact_id, fields, at in session.execute(select(Incident.contact_id, Incident.fields, Incident.created_at)
                                                  .where(Incident.created_at >= since)):
        if contact_id in seniors or (fields or {}).get("for_household"):  # a senior's, or a relative's for one
            counts["reports"][week_of(at, tz)] += 1
    return {"weeks": starts, "series": {key: [counts[key][w] for w in starts] for key, _l, _c in SERIES}}


def per_officer(session: Session) -> list[dict[str, Any]]:
    rows = session.execute(select(Officer.display_name, Officer.username, Household.station, func.count(Household.id))
                           .join(Household, Household.beat_officer_id == Officer.id)
                           .group_by(Officer.display_name, Officer.username, Household.station)
                           .order_by(Household.station, Officer.display_name))
    return [{"officer": name, "username": username, "station": station, "households": count}
            for name, username, station, count in rows]


def per_station(session: Session) -> list[dict[str, Any]]:
    rows = session.execute(select(Household.station, func.count(Household.id)).group_by(Household.station)
                           .order_by(func.count(Household.id).desc(), Household.station))
    return [{"station": station, "households": count} for station, count in rows]


def totals(session: Session) -> dict[str, int]:
    seniors = select(Household.contact_id).where(Household.senior.is_(True))
    return {
        "households": session.scalar(select(func.count()).select_from(Household)) or 0,
        "seniors": session.scalar(select(func.count()).select_from(Household).where(Household.senior.is_(True))) or 0,
        "simple_mode": session.scalar(select(func.count()).select_from(Contact).where(Contact.simple_mode.is_(True)))
        or 0,
        "replied": session.scalar(select(func.count(func.distinct(Message.contact_id))).where(
            Message.direction == "in", Message.contact_id.in_(seniors))) or 0,
    }


def bar_chart(data: dict[str, Any], width: int = 760, height: int = 260) -> Markup:
    """Grouped bars, one group a week, one colour a series; every bar has a <title> with its number."""
    weeks, series = data["weeks"], data["series"]
    left, bottom, top = 36, 40, 24
    plot_w, plot_h = width - left - 8, height - bottom - top
    highest = max([0, *[v for values in series.values() for v in values]])
    peak = max(4, -(-highest // 4) * 4)  # whole numbers on the four grid lines
    group = plot_w / max(len(weeks), 1)
    bar = max(group / (len(SERIES) + 1), 2)
    parts = [f'<svg class="elderly-chart" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="Weekly figures: {", ".join(label for _k, label, _c in SERIES)}">']
    for tick in range(0, 5):
        value = peak * tick / 4
        y = top + plot_h - plot_h * tick / 4
        parts.append(f'<line x1="{left}" x2="{width - 8}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
                     f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end">{value:.0f}</text>')
    for i, week in enumerate(weeks):
        x0 = left + i * group + bar / 2
        for j, (key, label, colour) in enumerate(SERIES):
            value = series[key][i]
            h = plot_h * value / peak
            parts.append(f'<rect x="{x0 + j * bar:.1f}" y="{top + plot_h - h:.1f}" width="{bar - 1:.1f}" '
                         f'height="{h:.1f}" fill="{colour}" data-series="{key}" data-value="{value}">'
                         f'<title>{escape(label)}, week of {week:%d %b}: {value}</title></rect>')
        parts.append(f'<text x="{left + i * group + group / 2:.1f}" y="{height - bottom + 14}" '
                     f'text-anchor="middle">{week:%d %b}</text>')
    for j, (_key, label, colour) in enumerate(SERIES):
        x = left + j * 180
        parts.append(f'<rect x="{x}" y="{height - 16}" width="10" height="10" fill="{colour}"/>'
                     f'<text x="{x + 14}" y="{height - 7}">{escape(label)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
