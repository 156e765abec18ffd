"""The supervisors' figures of the unit (README.md, "Supervisors' figures"): the cases opened in a period of days
in the unit's time zone.

- cases per day (every day of the period, zero included), per category, per priority, per district and per police
  station (the station table is bot/cases/station_figures.py's, for the same period);
- time to claim (case opened → first claim) and time to first reply (case opened → first officer reply), median
  and 90th percentile per priority, against the SLA: a claim is in time when it came within the priority's SLA
  (the station's, where it has its own), a first reply when it came within ``console.reply_sla_minutes`` of the
  claim; a case not yet claimed (or answered) counts as late once its time has passed and is left out until then;
- outcomes of the closed cases (and how many are still open);
- money reported lost, and held by banks: from the banks' answers (bot/cases/bank_answers.py) when that module is
  present; otherwise the amount in cases closed as "bank asked to hold", marked as such (``money.held_source``).

Every breakdown of cases adds up to ``totals.cases``. Counted in Python over a few queries, the same on SQLite and
PostgreSQL.
"""
from __future__ import annotations

import importlib
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from statistics import median, quantiles
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from . import losses, station_figures, stations
from .casework import OUTCOMES
from ..config import Config
from ..store.models.cases import PRIORITIES, AuditEvent, Case
from ..store.models.residents import Incident

MAX_DAYS = 366


@dataclass(frozen=True)
class Period:
    start: date  # first day, the unit's time zone
    end: date  # last day, included

    def bounds(self, tz) -> tuple[datetime, datetime]:
        return datetime.combine(self.start, time.min, tz), datetime.combine(self.end + timedelta(days=1), time.min, tz)

    def days(self) -> list[date]:
        return [self.start + timedelta(days=n) for n in range((self.end - self.start).days + 1)]


def period(start: str | None, end: str | None, today: date, default_days: int = 30) -> Period:
    """The period asked for (ISO dates), else the last ``default_days`` days; at most a year, never reversed."""
    def day(text):
        try:
            return date.fromisoformat((text or "").strip())
        except ValueError:
            return None
    last = day(end) or today
    first = day(start) or last - timedelta(days=default_days - 1)
    if first > last:
        first, last = last, first
    if (last - first).days >= MAX_DAYS:
        first = last - timedelta(days=MAX_DAYS - 1)
    return Period(first, last)


def _spread(minutes: list[float]) -> dict[str, Any]:
    if not minutes:
        return {"count": 0, "median": None, "p90": None}
    p90 = minutes[0] if len(minutes) == 1 else quantiles(minutes, n=10, method="inclusive")[8]
    return {"count": len(minutes), "median": round(median(minutes), 1), "p90": round(p90, 1)}


def _first(session: Session, action: str, since: datetime, until: datetime) -> dict[int, datetime]:
    """The first ``action`` audit row of each case opened in [since, until): one query however many cases."""
    rows = session.execute(
        select(AuditEvent.case_id, func.min(AuditEvent.at)).join(Case, Case.id == AuditEvent.case_id)
        .where(AuditEvent.action == action, Case.created_at >= since, Case.created_at < until)
        .group_by(AuditEvent.case_id))
    return dict(rows.all())


def _category(category: str | None, reason: str) -> str:
    return (category or reason or "other").replace("_", " ")


def compute(session: Session, config: Config, when: Period, now: datetime) -> dict[str, Any]:
    tz = config.tz
    since, until = when.bounds(tz)
    directory = stations.of(config)
    rows = session.execute(
        select(Case.id, Case.created_at, Case.priority, Case.status, Case.station, Case.reason, Case.outcome,
               Incident.category, Incident.district, Incident.amount, Incident.money_left_at, Incident.fields)
        .outerjoin(Incident, Incident.id == Case.incident_id)
        .where(Case.created_at >= since, Case.created_at < until).order_by(Case.id)).all()
    claimed, replied = _first(session, "claimed", since, until), _first(session, "replied", since, until)

    per_day = Counter({d: 0 for d in when.days()})
    per_day_urgent = Counter({d: 0 for d in when.days()})
    per_category: Counter = Counter()
    per_priority = Counter({p: 0 for p in PRIORITIES})
    outcomes = Counter({key: 0 for key in OUTCOMES})
    still_open = 0
    claim_minutes: dict[str, list[float]] = defaultdict(list)
    reply_minutes: dict[str, list[float]] = defaultdict(list)
    claim_sla = {p: Counter(met=0, missed=0, pending=0) for p in PRIORITIES}
    reply_sla = {p: Counter(met=0, missed=0, pending=0) for p in PRIORITIES}
    reply_limit = timedelta(minutes=config.console.reply_sla_minutes)
    lost, lost_cases, hold_requested = Decimal(0), 0, Decimal(0)

    for r in rows:
        per_day[r.created_at.astimezone(tz).date()] += 1
        per_day_urgent[r.created_at.astimezone(tz).date()] += r.priority == "urgent"
        per_category[_category(r.category, r.reason)] += 1
        per_priority[r.priority] += 1
        if r.status == "closed":
            outcomes[r.outcome or "none"] += 1
        else:
            still_open += 1
        told = losses.added_up(losses.debits_of(r.amount, r.money_left_at, r.fields))  # every debit, as the queue's
        if told is not None:  # "in all" (officers' trial, session 16: only the first debits were added up)
            lost += told
            lost_cases += 1
            if r.outcome == "bank_hold_requested":
                hold_requested += told
        due = r.created_at + timedelta(minutes=directory.sla_minutes(r.station)[r.priority])
        first_claim = claimed.get(r.id)
        if first_claim is not None:
            claim_minutes[r.priority].append(max((first_claim - r.created_at).total_seconds() / 60, 0.0))
            claim_sla[r.priority]["met" if first_claim <= due else "missed"] += 1
        else:
            claim_sla[r.priority]["missed" if now > due else "pending"] += 1
        first_reply = replied.get(r.id)
        if first_reply is not None:
            reply_minutes[r.priority].append(max((first_reply - r.created_at).total_seconds() / 60, 0.0))
        if first_claim is not None:
            if first_reply is not None:
                reply_sla[r.priority]["met" if first_reply <= first_claim + reply_limit else "missed"] += 1
            else:
                reply_sla[r.priority]["missed" if now > first_claim + reply_limit else "pending"] += 1

    sla_minutes = config.sla_minutes.model_dump()
    response = []
    for p in PRIORITIES + ("all",):
        pick = PRIORITIES if p == "all" else (p,)
        claims = [m for q in pick for m in claim_minutes[q]]
        replies = [m for q in pick for m in reply_minutes[q]]
        c_sla = sum((claim_sla[q] for q in pick), Counter())
        r_sla = sum((reply_sla[q] for q in pick), Counter())
        response.append({
            "priority": p, "cases": sum(per_priority[q] for q in pick),
            "sla_minutes": sla_minutes.get(p), "reply_sla_minutes": config.console.reply_sla_minutes,
            "claim": _spread(claims), "first_reply": _spread(replies),
            "claim_met": c_sla["met"], "claim_missed": c_sla["missed"], "claim_pending": c_sla["pending"],
            "claim_compliance": _share(c_sla["met"], c_sla["met"] + c_sla["missed"]),
            "reply_met": r_sla["met"], "reply_missed": r_sla["missed"], "reply_pending": r_sla["pending"],
            "reply_compliance": _share(r_sla["met"], r_sla["met"] + r_sla["missed"]),
        })

    held, refunded, held_source = _held(session, since, until, hold_requested)
    by_station = station_figures.compute(session, config, since, until)
    return {
        "period": {"start": when.start.isoformat(), "end": when.end.isoformat(), "time_zone": config.timezone,
                   "zone": now.astimezone(tz).tzname()},
        "totals": {"cases": len(rows), "urgent": per_priority["urgent"], "open": still_open,
                   "closed": len(rows) - still_open},
        "per_day": [{"day": d.isoformat(), "cases": per_day[d], "urgent": per_day_urgent[d]} for d in when.days()],
        "per_category": [{"category": c, "cases": n} for c, n in sorted(per_category.items(), key=lambda kv: (-kv[1], kv[0]))],
        "per_priority": [{"priority": p, "cases": per_priority[p]} for p in PRIORITIES],
        "per_district": by_station["by_district"],
        "per_station": by_station["stations"] if directory.on else [],
        "station_totals": by_station["totals"],
        "response": response,
        "outcomes": [{"outcome": key, "label": OUTCOMES.get(key, "closed without an outcome"), "cases": n}
                     for key, n in outcomes.items()] + [{"outcome": "open", "label": "Still open", "cases": still_open}],
        "money": {"lost": lost, "lost_cases": lost_cases, "held": held, "refunded": refunded,
                  "held_source": held_source},
    }


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _held(session: Session, since: datetime, until: datetime, hold_requested: Decimal):
    """(held, refunded, source): the banks' answers when they are recorded (bot/cases/bank_answers.py), else the money in
    cases closed as "bank asked to hold" (what a hold was asked for, not what was held)."""
    try:
        answers = importlib.import_module(f"{__package__}.bank_answers")
    except ModuleNotFoundError as exc:
        if exc.name != f"{__package__}.bank_answers":
            raise  # the module is there and broken: say so, do not hide it
        answers = None
    if answers is not None and hasattr(answers, "money_lost_vs_held"):
        money = answers.money_lost_vs_held(session, since, until)
        return Decimal(money.held), Decimal(money.refunded), "bank_answers"
    return hold_requested, None, "hold_requested"
