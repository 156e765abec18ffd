"""Retention: personal data kept only as long as config.yaml's ``retention`` says, legal holds respected.

Three kinds of data, each with its own period (README.md, "Retention"):

- **Unreported conversations** (``unreported_conversations_days``): a resident who never had a case and never
  submitted a report. Their messages, outbox rows, draft reports' details and files older than the period are
  deleted; once they have been silent that long, the contact is anonymised (``erased:<id>``).
- **Closed cases** (``closed_cases_days``), counted from the resident's last case closed (or report submitted,
  for a report that never needed an officer), when none of their cases is open or on legal hold: their messages
  and outbox rows are deleted, the reports' details (``fields``) erased, the contact anonymised. What police
  figures need stays: the case and incident rows (reference, category, priority, amount, district, dates,
  outcome with NCRP/FIR numbers).
- **Evidence** (``evidence_days``), counted the same way: files deleted from the store, their rows removed;
  the SHA-256 of every deleted file is written to the audit log, which the application never deletes.

A case on legal hold keeps everything of its resident. Every run that erased anything appends one
``retention`` audit row with the counts and one ``retention_erased`` row per case it touched.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from .cases import OPEN, record
from .config import Config
from .models import (Case, Contact, Conversation, Evidence, Household, Incident, Message, Outbox,
                     ReminderSubscription)

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


def _reported_contacts(session: Session) -> dict[int, datetime | None]:
    """Contacts that had a case or submitted a report -> when their last one ended; None while any case of
    theirs is open or on legal hold (then nothing of theirs is touched)."""
    ended: dict[int, datetime] = {}
    untouchable: set[int] = set()
    for contact_id, status, closed_at, hold in session.execute(
            select(Case.contact_id, Case.status, Case.closed_at, Case.legal_hold)):
        if status in OPEN or hold or closed_at is None:
            untouchable.add(contact_id)
        else:
            ended[contact_id] = max(ended.get(contact_id, closed_at), closed_at)
    in_cases = select(Case.incident_id).where(Case.incident_id.is_not(None))
    for contact_id, submitted_at in session.execute(select(Incident.contact_id, Incident.submitted_at).where(
            Incident.status == "submitted", Incident.id.not_in(in_cases))):
        if submitted_at is None:
            untouchable.add(contact_id)
        else:
            ended[contact_id] = max(ended.get(contact_id, submitted_at), submitted_at)
    return {**ended, **{contact_id: None for contact_id in untouchable}}


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
    incident_case = dict(session.execute(select(Case.incident_id, Case.id).where(Case.incident_id.is_not(None))).all())
    for row in rows:
        by_case.setdefault(incident_case.get(row.incident_id), []).append(row.sha256 or row.provider_ref or "")
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
        record(session, case, ACTOR, "retention_evidence_deleted", now, sha256=sorted(hashes))


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
                    .values(fields={}, pending={}, flow_id=None, node_id=None, awaiting=None, incident_id=None)
                    .execution_options(synchronize_session=False))


def run(session: Session, config: Config, now: datetime) -> Report:
    """One pass of every retention rule, inside the caller's transaction. Audits what it did."""
    rules = config.retention
    report = Report()
    root = config.evidence_path
    ended = _reported_contacts(session)

    if rules.unreported_conversations_days is not None:
        cutoff = now - timedelta(days=rules.unreported_conversations_days)
        unreported = list(session.scalars(select(Contact.id).where(
            Contact.id.not_in(list(ended)) if ended else Contact.id.is_not(None))))
        for chunk in _chunks(unreported):
            evidence = list(session.scalars(select(Evidence).where(
                Evidence.contact_id.in_(chunk), Evidence.received_at < cutoff)))
            _delete_evidence(session, evidence, root, now, report)
            _erase_reports(session, chunk, report, cutoff)
            _delete_messages(session, chunk, cutoff, report)
            _anonymise_contacts(session, chunk, cutoff, report)

    if rules.closed_cases_days is not None:
        cutoff = now - timedelta(days=rules.closed_cases_days)
        done = [cid for cid, at in ended.items() if at is not None and at < cutoff]
        for chunk in _chunks(done):
            _delete_messages(session, chunk, cutoff, report)
            _erase_reports(session, chunk, report)
            _anonymise_contacts(session, chunk, cutoff, report)
            for case in session.scalars(select(Case).where(Case.contact_id.in_(chunk), Case.erased_at.is_(None))):
                case.erased_at = now
                report.cases.append(case.id)
                record(session, case, ACTOR, "retention_erased", now, rule="closed_cases_days",
                       days=rules.closed_cases_days)

    if rules.evidence_days is not None:
        cutoff = now - timedelta(days=rules.evidence_days)
        done = [cid for cid, at in ended.items() if at is not None and at < cutoff]
        for chunk in _chunks(done):
            _delete_evidence(session, list(session.scalars(select(Evidence).where(Evidence.contact_id.in_(chunk)))),
                             root, now, report)

    if report:
        record(session, None, ACTOR, "retention", now, **report.as_dict(),
               rules=rules.model_dump(exclude={"check_hours"}))
        log.warning("retention: %s", report.as_dict())
    return report


def _chunks(ids: list[int], size: int = 500):
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


__all__ = ["Report", "run", "set_hold"]
