"""The officer queue: escalate a conversation into a case, list the queue, record every action.

Priority first (urgent, high, normal), oldest first within a priority. Each action on a case is
an append-only AuditEvent row (who, what, when).
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ..store.db import insert_returning
from ..store.models.cases import PRIORITY_RANK, QUEUE_ORDER, AuditEvent, Case
from ..store.models.residents import Contact, Incident
from .priority import higher

OPEN = ("waiting", "claimed", "returned")  # returned: an officer handed the chat back to the bot
_INSERT_CASE = insert(Case).returning(Case)


def record(session: Session, case: Case | None, actor: str, action: str, now: datetime, **detail) -> AuditEvent:
    """Append one row to the audit log."""
    event = AuditEvent(case_id=case.id if case else None, actor=actor, action=action, detail=detail, at=now)
    session.add(event)
    return event


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


def queue(session: Session, include_closed: bool = False) -> list[Case]:
    """Open cases, urgent first, oldest first within a priority."""
    query = select(Case)
    if not include_closed:
        query = query.where(Case.status.in_(OPEN))
    return list(session.scalars(query.order_by(*QUEUE_ORDER)))
