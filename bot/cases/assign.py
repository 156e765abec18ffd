"""Supervisors take cases back: take over or reassign a case another officer holds, assign a waiting case from
the queue, and a disabled officer's open cases go back to the queue.

Each is one function over a session, audited; the resident is told only what they need ("Officer X is helping
you now"), never that an account was disabled. Rules of who may override: ``casework.may_override``.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from .cases import record
from .casework import Casework, CaseworkError, may_override, named, officer_of, override_refused, still_held, with_role
from .. import formats
from ..store.models.cases import UNCLAIMED, AuditEvent, Case
from ..store.models.officers import Officer


def _actor(officer: Officer) -> str:
    return f"officer:{officer.id}"


CHANGED_HANDS = ("taken_over", "reassigned", "transferred", "assigned", "claimed")


def holder_notice(session: Session, case: Case, tz) -> str | None:
    """How the case came to its holder, for an officer whose open page still shows it as theirs: "Insp Kavita
    (supervisor) took over this case at 20:55 IST". None when nobody holds it."""
    holder = officer_of(session, case.claimed_by) if case.status == "claimed" else None
    if holder is None:
        return None
    event = session.scalars(select(AuditEvent).where(AuditEvent.case_id == case.id,
                                                     AuditEvent.action.in_(CHANGED_HANDS))
                            .order_by(AuditEvent.id.desc()).limit(1)).first()
    at = formats.local_time(event.at, tz, fmt="%H:%M") if event is not None else ""
    by = officer_of(session, event.actor) if event is not None else None
    if event is not None and event.action == "taken_over":
        return f"{with_role(holder)} took over this case at {at}."
    if event is not None and event.action in ("reassigned", "transferred", "assigned") and by is not None:
        return f"{with_role(by)} gave this case to {with_role(holder)} at {at}."
    return f"{with_role(holder)} holds this case now" + (f" (since {at})." if at else ".")


def take_over(work: Casework, session: Session, case_id: int, officer: Officer, now: datetime) -> Case:
    """A supervisor takes a case another officer holds (the resident is told who helps now)."""
    case = session.get(Case, case_id)
    if case is None or case.status != "claimed":
        raise CaseworkError("nobody holds this case: claim it instead")
    if case.claimed_by == _actor(officer):
        raise CaseworkError("you hold this case already")
    if not may_override(session, officer, case):
        raise CaseworkError(override_refused(session, officer, case, "take over"))
    before = case.claimed_by
    if not still_held(session, case, before, to=_actor(officer)):  # another took or closed it this moment
        session.refresh(case)
        raise CaseworkError("the case changed hands just now: open it again")
    session.refresh(case)
    case.claimed_at, case.officer_replied_at = now, None
    record(session, case, _actor(officer), "taken_over", now, **{"from": named(officer_of(session, before), before)})
    work._tell(session, case, "officer_transferred", now, "bot", officer=officer.display_name)
    return case


def assign(work: Casework, session: Session, case_id: int, officer: Officer, to: Officer, now: datetime) -> Case:
    """A supervisor gives a case to an officer: a waiting one from the queue, or a claimed one (reassigning)."""
    case = session.get(Case, case_id)
    if case is None or case.status == "closed":
        raise CaseworkError("no open case with that number")
    if not may_override(session, officer, case):
        raise CaseworkError("only a supervisor may assign cases")
    if not to.active:
        raise CaseworkError(f"{to.username} is disabled")
    if case.status == "claimed":
        if case.claimed_by == _actor(to):
            raise CaseworkError(f"{to.display_name} holds this case already")
        return work.transfer(session, case_id, officer, to, now)  # audited "reassigned"
    won = session.execute(
        update(Case).where(Case.id == case_id, Case.status.in_(UNCLAIMED))
        .values(status="claimed", claimed_by=_actor(to), claimed_at=now, officer_replied_at=None)
        .execution_options(synchronize_session=False)).rowcount == 1
    if not won:
        raise CaseworkError("the case was claimed a moment ago: look again")
    session.refresh(case)
    record(session, case, _actor(officer), "assigned", now, to=named(to))
    work._tell(session, case, "officer_joined", now, "bot", officer=to.display_name)
    return case


def return_cases(session: Session, officer: Officer, now: datetime, actor: str, texts=None) -> list[int]:
    """A disabled officer's claimed cases go back to the queue, due at once (supervisors are alerted to assign
    them); the resident is told at once (``texts``) that another officer will take it up, and 1930 for money
    (once: the scheduler's "an officer has been alerted" is not sent again); the bot answers them meanwhile."""
    from .sla import mark_resident_told

    returned = []
    for case in session.scalars(select(Case).where(Case.status == "claimed", Case.claimed_by == _actor(officer))
                                .order_by(Case.id)):
        case.status, case.claimed_by, case.sla_due_at = "waiting", None, now
        case.episode = (case.episode or 0) + 1
        record(session, case, actor, "returned_to_queue", now, reason="officer_disabled", officer=officer.username)
        if texts is not None:
            Casework(texts)._tell(session, case, "officer_unavailable", now, "bot")
            mark_resident_told(session, case, now)
        returned.append(case.id)
    return returned
