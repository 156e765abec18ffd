"""Elderly residents (issue 7, README.md, "Elderly residents"): households registered on a visit, opt-in
reminders, campaigns, and cases offered to a senior's beat officer first."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow
from .residents import Contact
from .officers import Officer


# Elderly residents (issue 7, README.md, "Elderly residents"): households registered on a visit, opt-in reminders,
# campaigns, and cases offered to a senior's beat officer first.


class Household(Base):
    """A resident registered by a visiting officer: who, where, their beat officer, and the consents taken."""

    __tablename__ = "households"
    __table_args__ = (
        Index("ix_households_beat_officer", "beat_officer_id"),
        Index("ix_households_family", "family_channel", "family_sender"),
        Index("ix_households_registered_at", "registered_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id"), unique=True)
    resident_name: Mapped[str] = mapped_column(String(120))
    channel: Mapped[str] = mapped_column(String(16))
    sender: Mapped[str] = mapped_column(String(64))  # E.164 (WhatsApp) or chat id (Telegram)
    language: Mapped[str] = mapped_column(String(8))
    birth_year: Mapped[int | None] = mapped_column(Integer)
    senior: Mapped[bool] = mapped_column(Boolean, default=True)
    address: Mapped[str] = mapped_column(String(300))
    pin: Mapped[str | None] = mapped_column(String(6))
    district: Mapped[str | None] = mapped_column(String(64))
    station: Mapped[str] = mapped_column(String(80))
    beat_officer_id: Mapped[int] = mapped_column(ForeignKey("officers.id"))
    family_name: Mapped[str | None] = mapped_column(String(120))
    family_relation: Mapped[str | None] = mapped_column(String(40))
    family_channel: Mapped[str | None] = mapped_column(String(16))
    family_sender: Mapped[str | None] = mapped_column(String(64))
    family_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    reminders_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_by: Mapped[str] = mapped_column(String(64))  # officer:<id> who took the consents
    consent_at: Mapped[datetime] = mapped_column()
    registered_by: Mapped[str] = mapped_column(String(64))
    registered_at: Mapped[datetime] = mapped_column(default=utcnow)
    source: Mapped[str] = mapped_column(String(16), default="visit")  # visit, import
    import_key: Mapped[str | None] = mapped_column(String(160), unique=True)
    welcome_outbox_id: Mapped[int | None] = mapped_column(BigInteger().with_variant(Integer, "sqlite"))

    contact: Mapped[Contact] = relationship()
    beat_officer: Mapped[Officer] = relationship()


class ReminderSubscription(Base):
    """Opt-in safety tips for one contact. ``active`` is false after STOP; START sets it again."""

    __tablename__ = "reminder_subscriptions"
    __table_args__ = (Index("ix_reminder_subscriptions_due", "active", "next_due_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id"), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    frequency: Mapped[str] = mapped_column(String(8), default="weekly")  # weekly, monthly
    consent_by: Mapped[str] = mapped_column(String(64))
    consent_at: Mapped[datetime] = mapped_column()
    stopped_at: Mapped[datetime | None] = mapped_column()
    next_due_at: Mapped[datetime] = mapped_column()
    last_sent_at: Mapped[datetime | None] = mapped_column()
    sent_topics: Mapped[list[str]] = mapped_column(JSON, default=list)  # this round's topics; reset when all sent
    rounds: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class CaseOffer(Base):
    """A senior's case offered to their beat officer first, until ``expires_at`` (then the whole queue)."""

    __tablename__ = "case_offers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), unique=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("officers.id"))
    household_id: Mapped[int | None] = mapped_column(ForeignKey("households.id"))
    exclusive: Mapped[bool] = mapped_column(Boolean, default=True)  # false for urgent cases: anyone may claim
    status: Mapped[str] = mapped_column(String(12), default="offered")  # offered, lapsed
    offered_at: Mapped[datetime] = mapped_column()
    expires_at: Mapped[datetime] = mapped_column()
    lapsed_at: Mapped[datetime | None] = mapped_column()


class Campaign(Base):
    """A message a supervisor sends to a group of opted-in residents, paced through the outbox."""

    __tablename__ = "campaigns"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(120))
    text: Mapped[dict[str, Any]] = mapped_column(default=dict)  # {language: text}
    audience: Mapped[str] = mapped_column(String(16))  # seniors, district, all
    district: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(12), default="draft")  # draft, sending, done, cancelled
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_by: Mapped[str | None] = mapped_column(String(64))
    started_at: Mapped[datetime | None] = mapped_column()
    finished_at: Mapped[datetime | None] = mapped_column()
    total: Mapped[int] = mapped_column(Integer, default=0)


class CampaignRecipient(Base):
    """One resident of a campaign: queued to the outbox when its paced turn comes (``outbox_id``)."""

    __tablename__ = "campaign_recipients"
    __table_args__ = (
        UniqueConstraint("campaign_id", "contact_id", name="uq_campaign_recipient"),
        Index("ix_campaign_recipients_waiting", "campaign_id", "outbox_id"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"))
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id"))
    channel: Mapped[str] = mapped_column(String(16))
    recipient: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(8))
    outbox_id: Mapped[int | None] = mapped_column(BigInteger().with_variant(Integer, "sqlite"))
    skipped: Mapped[str | None] = mapped_column(String(32))  # why it was not sent (stopped since, ...)
