"""Retention: personal data kept only as long as config.yaml's ``retention`` says, legal holds respected.

Three kinds of data, each with its own period (README.md, "Retention"):

- **Unreported conversations** (``unreported_conversations_days``): a resident who never had a case and never
  submitted a report. Their messages, outbox rows, draft reports' details and files older than the period are
  deleted; once they have been silent that long, the contact is anonymised (``erased:<id>``).
- **Closed cases** (``closed_cases_days``), each measured on its own: a case from its closing (or its report's
  last change, if later), a report that never needed an officer from its last change. Past that, the report's
  details (``fields``) are erased and the case marked erased; the case and incident rows stay for police figures
  (reference, category, priority, amount, district, dates, outcome with NCRP/FIR numbers). The resident's
  messages and outbox rows older than both the period and the start of any case or report still within its time
  go; once all of theirs are past and they have been silent that long, the contact is anonymised.
- **Evidence** (``evidence_days``): a file older than the period whose own case or report is past it (a file on
  no report: older than the period and than the start of the resident's cases still within their time); files
  deleted from the store, rows removed, the SHA-256 of every deleted file written to the audit log, which the
  application never deletes. A resident coming back years later keeps today's report, files and messages.

A case on legal hold keeps everything of its resident. Every run that erased anything appends one
``retention`` audit row with the counts, one ``retention_erased`` row per case or report it erased (naming the
case and the report's reference) and ``retention_evidence_deleted`` rows (hashes and report references).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from . import casefile  # a closed case's notes and banks' replies go with its details
from .cases import OPEN, record
from ..config import Config
from ..store.models.cases import Case
from ..store.models.residents import Contact, Conversation, Evidence, Incident, Message
from ..store.models.outreach import Household, ReminderSubscription
from ..store.models.operations import Outbox

log = logging.getLogger(__name__)
ACTOR = "retention"
ERASED = {"erased": True}
_SETTLED = ("sent", "delivered", "read", "failed", "undelivered")  # outbox rows no longer in flight


@dataclass
class Report:
    messages: int = 0
    outbox: int = 0
    incidents: int = 0
    evidence: int = 0
    files: int = 0
    contacts: int = 0
    cases: list[int] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.messages or self.outbox or self.incidents or self.evidence or self.contacts or self.cases)

    def as_dict(self) -> dict:
        return {"messages": self.messages, "outbox": self.outbox, "incidents": self.incidents,
                "evidence": self.evidence, "files": self.files, "contacts": self.contacts, "cases": self.cases}


def set_hold(session: Session, case: Case, on: bool, actor: str, now: datetime, reason: str = "") -> bool:
    """Put a case on legal hold (or lift it); audited. Returns whether anything changed."""
    if case.legal_hold == on:
        return False
    case.legal_hold = on
    case.legal_hold_by, case.legal_hold_at = (actor, now) if on else (None, None)
    record(session, case, actor, "legal_hold_on" if on else "legal_hold_off", now, reason=reason[:500])
    return True


@dataclass
class _Item:
    """One case or report of a resident, with the moment it stopped being worked on (None: never, while open)."""
    case: Case | None
    incident: Incident | None
    started: datetime
    ended: datetime | None
    held: bool = False

    def past(self, cutoff: datetime) -> bool:
        return not self.held and self.ended is not None and self.ended < cutoff

    def names(self) -> dict:
        return {"case_id": self.case.id if self.case else None,
                "incident": self.incident.reference if self.incident else None}


def _latest(*moments: datetime | None) -> datetime | None:
    present = [m for m in moments if m is not None]
    return max(present) if present else None


def _items(session: Session) -> dict[int, list[_Item]]:
    """Every case and report of the residents who had a case or submitted a report, each measured on its own:
    a case from its closing (or its report's last change, if later); a report without a case from its last change.
    An open case never ends; a case on legal hold keeps everything of its resident."""
    items: dict[int, list[_Item]] = {}
    in_cases: set[int] = set()
    for case in session.scalars(select(Case)):
        incident = case.incident
        if incident is not None:
            in_cases.add(incident.id)
        ended = None if case.status in OPEN or case.closed_at is None else _latest(
            case.closed_at, incident.updated_at if incident else None)
        started = min(m for m in (case.created_at, incident.created_at if incident else None) if m is not None)
        items.setdefault(case.contact_id, []).append(_Item(case, incident, started, ended, bool(case.legal_hold)))
    reported = set(items) | set(session.scalars(select(Incident.contact_id).where(Incident.status == "submitted")))
    for incident in session.scalars(select(Incident).where(Incident.contact_id.in_(reported))
                                    if reported else select(Incident).where(Incident.id.is_(None))):
        if incident.id not in in_cases:
            items.setdefault(incident.contact_id, []).append(_Item(
                None, incident, incident.created_at, _latest(incident.updated_at, incident.submitted_at)))
    return items


def _residents_past(items: dict, cutoff: datetime):
    """(contact id, their cases and reports, keep-from time) of each resident with something past ``cutoff``."""
    for contact_id, theirs in items.items():
        keep_from = _keep_from(theirs, cutoff)
        if keep_from is not None:
            yield contact_id, theirs, keep_from


def _keep_from(items: list[_Item], cutoff: datetime) -> datetime | None:
    """Before when a resident's loose data (messages, unattached files) may go: None while a hold keeps it all;
    otherwise the cutoff, or the start of their earliest case or report still within its time, if earlier."""
    if any(item.held for item in items):
        return None
    live = [item.started for item in items if not item.past(cutoff)]
    return min([cutoff, *live])


def _erase_reports(session: Session, contact_ids: list[int], report: Report, cutoff: datetime | None = None) -> None:
    """Erase the details of the contacts' reports (drafts only, last touched before ``cutoff``, when given)."""
    query = select(Incident).where(Incident.contact_id.in_(contact_ids))
    if cutoff is not None:
        query = query.where(Incident.status != "submitted", Incident.updated_at < cutoff)
    for incident in session.scalars(query):
        if incident.fields != ERASED:
            incident.fields = dict(ERASED)
            report.incidents += 1


def _delete_messages(session: Session, contact_ids: list[int], cutoff: datetime, report: Report) -> None:
    """Delete the contacts' messages (and settled outbox rows) created before ``cutoff``."""
    if not contact_ids:
        return
    old = select(Message.id).where(Message.contact_id.in_(contact_ids), Message.created_at < cutoff)
    session.execute(update(Message).where(Message.reply_to_id.in_(old)).values(reply_to_id=None)
                    .execution_options(synchronize_session=False))
    session.execute(update(Evidence).where(Evidence.message_id.in_(old)).values(message_id=None)
                    .execution_options(synchronize_session=False))
    session.execute(update(Outbox).where(Outbox.message_id.in_(old)).values(message_id=None)
                    .execution_options(synchronize_session=False))
    report.outbox += session.execute(delete(Outbox).where(
        Outbox.contact_id.in_(contact_ids), Outbox.created_at < cutoff, Outbox.status.in_(_SETTLED))
        .execution_options(synchronize_session=False)).rowcount or 0
    report.messages += session.execute(delete(Message).where(
        Message.contact_id.in_(contact_ids), Message.created_at < cutoff)
        .execution_options(synchronize_session=False)).rowcount or 0


def _delete_evidence(session: Session, rows: list[Evidence], root: Path, now: datetime, report: Report) -> None:
    """Delete evidence rows; a file goes once no remaining row names its hash. Hashes go to the audit log."""
    if not rows:
        return
    by_case: dict[int | None, list[str]] = {}
    references: dict[int | None, set[str]] = {}
    incident_case = dict(session.execute(select(Case.incident_id, Case.id).where(Case.incident_id.is_not(None))).all())
    for row in rows:
        case_id = incident_case.get(row.incident_id)
        by_case.setdefault(case_id, []).append(row.sha256 or row.provider_ref or "")
        if row.incident_id is not None:
            reference = session.scalar(select(Incident.reference).where(Incident.id == row.incident_id))
            references.setdefault(case_id, set()).add(reference)
        session.delete(row)
    session.flush()
    report.evidence += len(rows)
    for sha in {row.sha256 for row in rows if row.sha256 and row.stored_path}:
        still = session.scalar(select(func.count(Evidence.id)).where(Evidence.sha256 == sha))
        path = root / sha[:2] / sha
        if not still and path.exists():
            path.unlink()
            report.files += 1
    for case_id, hashes in by_case.items():
        case = session.get(Case, case_id) if case_id else None
        record(session, case, ACTOR, "retention_evidence_deleted", now, sha256=sorted(hashes),
               incidents=sorted(references.get(case_id, ())))


def _anonymise_contacts(session: Session, contact_ids: list[int], cutoff: datetime, report: Report) -> None:
    """Contacts silent since before ``cutoff`` lose their number and name (a registered household keeps its own)."""
    if not contact_ids:
        return
    kept = set(session.scalars(select(Household.contact_id))) | set(
        session.scalars(select(ReminderSubscription.contact_id).where(ReminderSubscription.active.is_(True))))
    for contact in session.scalars(select(Contact).where(
            Contact.id.in_(contact_ids), Contact.last_seen_at < cutoff, ~Contact.sender.startswith("erased:"))):
        if contact.id in kept:
            continue
        contact.sender, contact.phone, contact.display_name = f"erased:{contact.id}", None, None
        report.contacts += 1
    session.execute(update(Conversation).where(Conversation.contact_id.in_(contact_ids), Conversation.updated_at < cutoff)
                    .values(fields={}, pending={}, flow_id=None, node_id=None, incident_id=None)
                    .execution_options(synchronize_session=False))


def run(session: Session, config: Config, now: datetime) -> Report:
    """One pass of every retention rule, inside the caller's transaction. Audits what it did."""
    rules = config.retention
    report = Report()
    root = config.evidence_path
    items = _items(session)

    if rules.unreported_conversations_days is not None:
        cutoff = now - timedelta(days=rules.unreported_conversations_days)
        unreported = list(session.scalars(select(Contact.id).where(
            Contact.id.not_in(list(items)) if items else Contact.id.is_not(None))))
        for chunk in _chunks(unreported):
            in_progress = select(Incident.id).where(Incident.contact_id.in_(chunk), Incident.updated_at >= cutoff)
            evidence = list(session.scalars(select(Evidence).where(
                Evidence.contact_id.in_(chunk), Evidence.received_at < cutoff,
                (Evidence.incident_id.is_(None)) | Evidence.incident_id.not_in(in_progress))))
            _delete_evidence(session, evidence, root, now, report)
            _erase_reports(session, chunk, report, cutoff)
            _delete_messages(session, chunk, cutoff, report)
            _anonymise_contacts(session, chunk, cutoff, report)

    if rules.closed_cases_days is not None:
        cutoff = now - timedelta(days=rules.closed_cases_days)
        for contact_id, theirs, keep_from in _residents_past(items, cutoff):
            _delete_messages(session, [contact_id], keep_from, report)
            for item in theirs:
                if not item.past(cutoff):
                    continue
                incident = item.incident
                erased_now = False
                if incident is not None and incident.fields != ERASED:
                    incident.fields = dict(ERASED)
                    report.incidents += 1
                    erased_now = True
                if item.case is not None and item.case.erased_at is None:
                    item.case.erased_at = now
                    casefile.erase(session, item.case.id)  # officers' notes, banks' replies (issue 15)
                    report.cases.append(item.case.id)
                    erased_now = True
                if erased_now:
                    record(session, item.case, ACTOR, "retention_erased", now, rule="closed_cases_days",
                           days=rules.closed_cases_days, **item.names())
            if all(item.past(cutoff) for item in theirs):
                _anonymise_contacts(session, [contact_id], cutoff, report)

    if rules.evidence_days is not None:
        cutoff = now - timedelta(days=rules.evidence_days)
        for contact_id, theirs, keep_from in _residents_past(items, cutoff):
            past = {item.incident.id for item in theirs if item.incident is not None and item.past(cutoff)}
            doomed = [row for row in session.scalars(select(Evidence).where(
                Evidence.contact_id == contact_id, Evidence.received_at < cutoff))
                if (row.incident_id in past if row.incident_id is not None else row.received_at < keep_from)]
            _delete_evidence(session, doomed, root, now, report)

    if report:
        record(session, None, ACTOR, "retention", now, **report.as_dict(),
               rules=rules.model_dump(exclude={"check_hours"}))
        log.warning("retention: %s", report.as_dict())
    return report


def _chunks(ids: list[int], size: int = 500):
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


__all__ = ["Report", "run", "set_hold"]
