"""Cases and their events: the officers' queue, the audit log, views, SLA alerts, notes, labels and the banks'
answers."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow
from .residents import Contact, Incident


PRIORITIES = ("urgent", "high", "normal")
PRIORITY_RANK = {name: rank for rank, name in enumerate(PRIORITIES)}
# A case no officer holds: waiting for its first, or handed back to the bot ("returned"); open: these or one held.
UNCLAIMED = ("waiting", "returned")
OPEN = ("waiting", "claimed", "returned")


class Case(Base):
    """One escalated conversation in the officer queue."""

    __tablename__ = "cases"
    __table_args__ = (Index("ix_cases_queue", "status", "priority_rank", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id"), index=True)
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id"))
    priority: Mapped[str] = mapped_column(String(8))
    priority_rank: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(32))  # golden_hour, report, talk_to_officer, not_understood
    status: Mapped[str] = mapped_column(String(16), default="waiting")  # waiting, claimed, closed
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_at: Mapped[datetime | None] = mapped_column()
    closed_at: Mapped[datetime | None] = mapped_column()
    outcome: Mapped[str | None] = mapped_column(String(32))
    outcome_detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
    officer_replied_at: Mapped[datetime | None] = mapped_column()
    sla_due_at: Mapped[datetime] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    station: Mapped[str | None] = mapped_column(String(32), index=True)  # None: the unit's (cyber cell's)
    station_source: Mapped[str | None] = mapped_column(String(16))  # number, jurisdiction, officer
    # Legal hold (bot/cases/retention.py): while true, retention touches nothing of this case or its resident.
    legal_hold: Mapped[bool] = mapped_column(Boolean, default=False)
    legal_hold_by: Mapped[str | None] = mapped_column(String(64))
    legal_hold_at: Mapped[datetime | None] = mapped_column()
    # When retention erased the resident's messages and report details (the case row itself is kept).
    erased_at: Mapped[datetime | None] = mapped_column()
    # Raised each time the case waits again (reopened, returned by a disabled officer): alerts are per episode.
    episode: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    contact: Mapped[Contact] = relationship()
    incident: Mapped[Incident | None] = relationship()


# The officers' queue, the one order everywhere (bot/cases/cases.py ``queue``, the console's live queue): priority
# first (PRIORITIES), oldest first within a priority, then by id so that two cases of one second keep their places.
QUEUE_ORDER = (Case.priority_rank, Case.created_at, Case.id)


class AuditEvent(Base):
    """The append-only audit log: every bot and officer action, and every view of a case (who, what, when).

    Database triggers refuse UPDATE and DELETE on this table (migration 0004), so nobody can edit it.
    """

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_at", "at"), Index("ix_audit_events_actor_id", "actor", "id"))

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    actor: Mapped[str] = mapped_column(String(64))  # bot, scheduler, officer:<id>
    action: Mapped[str] = mapped_column(String(32))
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
    at: Mapped[datetime] = mapped_column(default=utcnow)


class CaseView(Base):
    """When an officer last opened a case (the queue's unread dot compares the resident's last message with it).
    One row per case and officer, overwritten at every opening; the audit log keeps one "viewed" row a visit."""

    __tablename__ = "case_views"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    actor: Mapped[str] = mapped_column(String(64), primary_key=True)
    at: Mapped[datetime] = mapped_column()


class SlaAlert(Base):
    """One alert about one case (new urgent case, SLA breach, resident told, reply overdue).

    The unique (case_id, kind) row is how a scheduler claims the alert: a second scheduler started
    by mistake fails to insert it and sends nothing.
    """

    __tablename__ = "sla_alerts"
    __table_args__ = (UniqueConstraint("case_id", "kind", name="uq_sla_alert_case_kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class CaseNote(Base):
    """An officer's private note on a case: never sent to the resident (README.md, "Finding and working a case")."""

    __tablename__ = "case_notes"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    author: Mapped[str] = mapped_column(String(64))  # officer:<id>
    text: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(default=utcnow)


class CaseLabel(Base):
    """A label officers put on a case ("mule account", "repeat caller"); searchable and a queue filter."""

    __tablename__ = "case_labels"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    label: Mapped[str] = mapped_column(String(40), primary_key=True, index=True)
    added_by: Mapped[str] = mapped_column(String(64))
    added_at: Mapped[datetime] = mapped_column(default=utcnow)


class BankAnswer(Base):
    """One bank's side of a freeze request on a case: whom it went to and when, the bank's reply and reference,
    the amount held and later refunds (they feed "money lost vs held")."""

    __tablename__ = "bank_answers"
    __table_args__ = (UniqueConstraint("case_id", "bank", name="uq_bank_answers_case_bank"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    bank: Mapped[str] = mapped_column(String(120))
    sent_to: Mapped[str | None] = mapped_column(String(200))
    sent_at: Mapped[datetime | None] = mapped_column()
    sent_how: Mapped[str | None] = mapped_column(String(16))  # text, pdf, email
    replied_at: Mapped[datetime | None] = mapped_column()
    reply: Mapped[str | None] = mapped_column(Text)
    bank_reference: Mapped[str | None] = mapped_column(String(80))
    amount_held: Mapped[Decimal | None] = mapped_column()
    amount_refunded: Mapped[Decimal | None] = mapped_column()
    refunded_at: Mapped[datetime | None] = mapped_column()
    updated_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
