"""Residents and what they say: contacts, conversations, messages, incidents (reports) and evidence."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, ClassVar

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow


class Contact(Base):
    """A resident on one channel: who they are to us, their language and preferences."""

    __tablename__ = "contacts"
    __table_args__ = (UniqueConstraint("channel", "sender", name="uq_contact_channel_sender"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    sender: Mapped[str] = mapped_column(String(64))
    display_name: Mapped[str | None] = mapped_column(String(120))
    language: Mapped[str] = mapped_column(String(8), default="en")
    language_chosen: Mapped[bool] = mapped_column(Boolean, default=False)
    phone: Mapped[str | None] = mapped_column(String(20))
    senior: Mapped[bool] = mapped_column(Boolean, default=False)
    simple_mode: Mapped[bool] = mapped_column(Boolean, default=False)  # short menus of <= 4 choices (bot/outreach/simple.py)
    station: Mapped[str | None] = mapped_column(String(32))  # the resident's police station (bot/cases/stations.py)
    via: Mapped[str | None] = mapped_column(String(64))  # the station number or bot last written to; None: common
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)


class Conversation(Base):
    """Where a contact is in the conversation: the flow and node, answers so far, and what we wait for."""

    __tablename__ = "conversations"

    #: ``pending`` key an officer's close of the case leaves (bot/cases/casework.py, the case's reference): the
    #: conversation core ends the report's questions on the conversation's next turn (``states.migrate``), so cases
    #: need not import the conversation core (import contract: the packages are layers)
    CLOSED_MARK: ClassVar[str] = "case_closed_by_officer"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id"), unique=True)
    flow_id: Mapped[str | None] = mapped_column(String(64))
    node_id: Mapped[str | None] = mapped_column(String(64))
    fields: Mapped[dict[str, Any]] = mapped_column(default=dict)
    pending: Mapped[dict[str, Any]] = mapped_column(default=dict)  # the wait and each module's typed data (states.py)
    misunderstood: Mapped[int] = mapped_column(Integer, default=0)
    bad_answers: Mapped[int] = mapped_column(Integer, default=0)
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    contact: Mapped[Contact] = relationship()


class Message(Base):
    """Every message in and out, stored before processing; the provider's id makes a redelivery a no-op."""

    __tablename__ = "messages"
    __table_args__ = (
        UniqueConstraint("channel", "provider_id", name="uq_message_provider_id"),
        Index("ix_messages_contact_created", "contact_id", "created_at"),
        Index("ix_messages_status_created", "status", "created_at"),  # the sweeps and the TwiML mark (0019)
        Index("ix_messages_reply_to", "reply_to_id"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id"))
    channel: Mapped[str] = mapped_column(String(16))
    direction: Mapped[str] = mapped_column(String(3))  # in, out
    provider_id: Mapped[str | None] = mapped_column(String(128))
    reply_to_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    author: Mapped[str] = mapped_column(String(32), default="resident")  # resident, bot, officer:<id>
    text: Mapped[str] = mapped_column(Text, default="")  # redacted: never an OTP, PIN, CVV or password
    redacted: Mapped[str | None] = mapped_column(String(80))
    media: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(String(16), default="received")  # received, processed, failed, sent
    error: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Incident(Base):
    """A report: its category, priority, the fields collected (normalised) and a reference number."""

    __tablename__ = "incidents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(24), unique=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id"), index=True)
    category: Mapped[str] = mapped_column(String(32))
    flow_id: Mapped[str] = mapped_column(String(64))
    priority: Mapped[str] = mapped_column(String(8), default="normal")
    status: Mapped[str] = mapped_column(String(16), default="draft")  # draft, submitted
    fields: Mapped[dict[str, Any]] = mapped_column(default=dict)
    amount: Mapped[Decimal | None] = mapped_column()
    money_left_at: Mapped[datetime | None] = mapped_column()
    district: Mapped[str | None] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(8), default="en")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column()

    contact: Mapped[Contact] = relationship()


class Evidence(Base):
    """A file a resident sent: kept privately, named by content, with its SHA-256."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id"), index=True)
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id"), index=True)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
    sha256: Mapped[str | None] = mapped_column(String(64))
    size: Mapped[int | None] = mapped_column(Integer)
    content_type: Mapped[str] = mapped_column(String(80))
    stored_path: Mapped[str | None] = mapped_column(String(255))
    provider_ref: Mapped[str | None] = mapped_column(String(255))
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
