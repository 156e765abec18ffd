"""The figures /metrics reads from the database at each scrape (bot/metrics.py has the processes' counters):
queue depth per priority, the oldest unclaimed urgent case's age, cases past their SLA and SLA breach alerts so
far, outbox rows per state, and the scheduler's last tick. They are true for the whole deployment whichever worker
answers. Here, beside the tables, so that bot/metrics.py (which the outbox counts sends through) reads no store.
"""
from __future__ import annotations

import logging
from datetime import datetime, timezone

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from sqlalchemy import func, select

from ..metrics import PREFIX

log = logging.getLogger(__name__)


class DatabaseCollector:
    """Queue, SLA, outbox and scheduler figures, from the helpline's own tables."""

    def __init__(self, Session, clock=lambda: datetime.now(timezone.utc)):
        self.Session = Session
        self.clock = clock

    def collect(self):
        from . import heartbeats
        from .models.cases import PRIORITIES, UNCLAIMED, Case, SlaAlert
        from .models.operations import Outbox

        up = GaugeMetricFamily(f"{PREFIX}_database_up", "1 when the database answered this scrape")
        try:
            now = self.clock()
            with self.Session() as session:
                waiting = Case.status.in_(UNCLAIMED)
                depth = dict(session.execute(select(Case.priority, func.count()).where(waiting)
                                             .group_by(Case.priority)).all())
                breached = dict(session.execute(select(Case.priority, func.count()).where(
                    waiting, Case.sla_due_at < now).group_by(Case.priority)).all())
                oldest = session.scalar(select(func.min(Case.created_at)).where(waiting, Case.priority == "urgent"))
                alerts = session.scalar(select(func.count()).select_from(SlaAlert).where(
                    SlaAlert.kind.like("breach:%")))
                outbox = dict(session.execute(select(Outbox.status, func.count()).where(Outbox.status.in_(
                    ("held", "pending", "sending", "unconfirmed", "failed", "undelivered"))).group_by(Outbox.status)).all())
                tick = heartbeats.last(session)
        except Exception:
            log.exception("metrics: the database did not answer")
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        queue = GaugeMetricFamily(f"{PREFIX}_queue_depth", "Cases waiting for an officer", labels=["priority"])
        late = GaugeMetricFamily(f"{PREFIX}_cases_past_sla", "Waiting cases past their SLA", labels=["priority"])
        for priority in PRIORITIES:
            queue.add_metric([priority], depth.get(priority, 0))
            late.add_metric([priority], breached.get(priority, 0))
        yield queue
        yield late
        if oldest is not None and oldest.tzinfo is None:
            oldest = oldest.replace(tzinfo=timezone.utc)
        yield GaugeMetricFamily(f"{PREFIX}_oldest_unclaimed_urgent_seconds",
                                "Age of the oldest urgent case no officer has claimed (0: none)",
                                value=max(0.0, (now - oldest).total_seconds()) if oldest else 0.0)
        yield CounterMetricFamily(f"{PREFIX}_sla_breaches", "SLA breach alerts raised (each re-alert counts)",
                                  value=alerts or 0)
        rows = GaugeMetricFamily(f"{PREFIX}_outbox_messages", "Outbox rows not settled, by state", labels=["state"])
        for state in ("held", "pending", "sending", "unconfirmed", "failed", "undelivered"):  # held: group alerts
            rows.add_metric([state], outbox.get(state, 0))
        yield rows
        yield GaugeMetricFamily(f"{PREFIX}_scheduler_last_tick_timestamp_seconds",
                                "When `python -m bot scheduler` last ran (Unix time; 0: never)",
                                value=tick.timestamp() if tick else 0.0)
