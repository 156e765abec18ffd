"""The officer queue: escalate a conversation into a case, list the queue, record every action.

Priority first (urgent, high, normal), oldest first within a priority, except that within urgent the cases whose
golden hour is still open come first (``in_queue_order``: a bank can hold the money only in that hour). Each action on
a case is an append-only AuditEvent row (who, what, when).
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ..store.db import add_later, insert_returning
from ..store.models.cases import OPEN, PRIORITY_RANK, QUEUE_ORDER, AuditEvent, Case
from ..store.models.residents import Contact, Incident
from . import losses
from .priority import higher

_INSERT_CASE = insert(Case).returning(Case)


_AUDIT = AuditEvent.__table__


def record(session: Session, case: Case | None, actor: str, action: str, now: datetime, **detail) -> None:
    """Append one row to the audit log; in a resident's turn it goes out with the turn's other rows at its end
    (``db.write_later``: one statement for all of them), elsewhere with the session's next flush."""
    row = dict(case_id=case.id if case else None, actor=actor, action=action, detail=detail, at=now)
    if not add_later(session, _AUDIT, row):
        session.add(AuditEvent(**row))


def open_case(session: Session, contact_id: int) -> Case | None:
    return session.scalars(
        select(Case).where(Case.contact_id == contact_id, Case.status.in_(OPEN)).order_by(Case.created_at.desc())
    ).first()


def held_by_officer(session: Session, contact_id: int) -> Case | None:
    """The case whose officer holds this chat now (the bot stays silent), if any."""
    return session.scalars(
        select(Case).where(Case.contact_id == contact_id, Case.status == "claimed")
    ).first()


_UNKNOWN = object()


def escalate(session: Session, contact: Contact, incident: Incident | None, priority: str, reason: str,
             now: datetime, sla_minutes: dict[str, int], known: Case | None = _UNKNOWN) -> tuple[Case, bool]:
    """Put the contact's conversation in the queue; an open case is reused (and never lowered). ``known``: the
    contact's open case (or None) when the caller read it already (a turn reads it with its first statement).

    Returns the case and whether it was created now (one INSERT, the session's other changes not flushed first).
    """
    case = open_case(session, contact.id) if known is _UNKNOWN else known
    if case is not None:
        if case.status == "returned":  # the resident needs an officer again: back in the queue
            case.status, case.claimed_by, case.episode = "waiting", None, (case.episode or 0) + 1  # alerted again
            case.sla_due_at = now + timedelta(minutes=sla_minutes[higher(case.priority, priority)])
            record(session, case, "bot", "reopened", now, reason=reason)
        raised = higher(case.priority, priority)
        if raised != case.priority:
            record(session, case, "bot", "priority_raised", now, before=case.priority, after=raised)
            case.priority, case.priority_rank = raised, PRIORITY_RANK[raised]
            case.sla_due_at = min(case.sla_due_at, now + timedelta(minutes=sla_minutes[raised]))
        if incident is not None and case.incident_id is None:
            case.incident_id = incident.id
            record(session, case, "bot", "incident_linked", now, reference=incident.reference)
        return case, False
    case = insert_returning(session, _INSERT_CASE, dict(
        contact_id=contact.id,
        incident_id=incident.id if incident else None,
        priority=priority,
        priority_rank=PRIORITY_RANK[priority],
        reason=reason,
        status="waiting",
        sla_due_at=now + timedelta(minutes=sla_minutes[priority]),
        created_at=now,
    ))
    record(session, case, "bot", "escalated", now, priority=priority, reason=reason,
           reference=incident.reference if incident else None)
    return case, True


def lower(session: Session, case: Case, priority: str, now: datetime, sla_minutes: dict[str, int], note: str) -> None:
    """Lower a case's priority (only ever for a stated reason): audited with the note officers see."""
    record(session, case, "bot", "priority_lowered", now, before=case.priority, after=priority, note=note)
    case.priority, case.priority_rank = priority, PRIORITY_RANK[priority]
    case.sla_due_at = case.created_at + timedelta(minutes=sla_minutes[priority])


GOING_ON = ("ongoing", "live_call", "remote_app")  # the loss is under way: a hold is possible for as long as it lasts
LIFE_AT_RISK = ("life_threat", "danger", "child_abuse")


def golden_until(incident: Incident | None, now: datetime, golden_hour_minutes: int) -> datetime | None | bool:
    """Is this report's golden hour still open now? True while the loss is going on or a life is at risk (no end),
    the hour's end when the freshest loss left under ``golden_hour_minutes`` ago, None when it has passed (or there
    was no loss with a time)."""
    fields = (incident.fields or {}) if incident is not None else {}
    if any(fields.get(key) is True for key in GOING_ON) or any(fields.get(key) for key in LIFE_AT_RISK):
        return True
    newest = losses.latest(incident)
    if newest is None or newest.at is None:
        return None
    until = newest.at + timedelta(minutes=golden_hour_minutes)
    return until if until > now else None


def golden_open_ids(session: Session, case_ids, now: datetime, golden_hour_minutes: int) -> dict[int, object]:
    """Of these (urgent) cases, those whose golden hour is open now, with ``golden_until``'s answer (one statement)."""
    if not case_ids:
        return {}
    found = session.execute(select(Case.id, Incident).join(Incident, Incident.id == Case.incident_id)
                            .where(Case.id.in_(list(case_ids)))).all()
    open_now = {case_id: golden_until(incident, now, golden_hour_minutes) for case_id, incident in found}
    return {case_id: until for case_id, until in open_now.items() if until is not None}


def in_queue_order(cases: list, golden: dict[int, object]) -> list:
    """``cases`` (rows or Cases with id and priority, already in QUEUE_ORDER) in the officers' queue order: within
    urgent, a case whose golden hour is open comes before the urgent cases whose hour has passed (each group keeps
    its oldest-first order); ``golden``: ``golden_open_ids``'s answer. This refines DESIGN's "oldest first within a priority": a bank can hold the money only
    within the hour, so a loss minutes old must not wait behind a backlog of cases whose hour has gone."""
    return sorted(cases, key=lambda c: (PRIORITY_RANK[c.priority], c.id not in golden))


def queue(session: Session, include_closed: bool = False, now: datetime | None = None,
          golden_hour_minutes: int = 60) -> list[Case]:
    """Open cases in queue order (``in_queue_order``): urgent first, golden hour open first within urgent."""
    query = select(Case)
    if not include_closed:
        query = query.where(Case.status.in_(OPEN))
    found = list(session.scalars(query.order_by(*QUEUE_ORDER)))
    golden = golden_open_ids(session, [c.id for c in found if c.priority == "urgent" and c.status in OPEN],
                             now or datetime.now(timezone.utc), golden_hour_minutes)
    return in_queue_order(found, golden)
