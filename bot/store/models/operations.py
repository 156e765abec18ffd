"""Running the helpline: the outbox, WhatsApp contents made for questions, background jobs' heartbeats, the
scheduler's lease and APScheduler's own job table (declared here so that Alembic owns the schema)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger, Boolean, Column, Float, ForeignKey, Index, Integer, LargeBinary, String, Table, Text, Unicode,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class Heartbeat(Base):
    """The last time a background job ran (``python -m bot scheduler``): read by /metrics and ``doctor``."""

    __tablename__ = "heartbeats"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    at: Mapped[datetime] = mapped_column()
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)


class Lease(Base):
    """Who runs the background jobs now (bot/store/lease.py): a holder renews ``expires_at`` every tick; another
    process may take the row only once it has expired. One row per lease name (``scheduler``)."""

    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str] = mapped_column(String(128))
    acquired_at: Mapped[datetime] = mapped_column()
    renewed_at: Mapped[datetime] = mapped_column()
    expires_at: Mapped[datetime] = mapped_column()


OUTBOX_STATUSES = ("pending", "sending", "unconfirmed", "sent", "delivered", "read", "failed", "undelivered")


class Outbox(Base):
    """A message sent outside a webhook's response: stored first, then sent, retried until accepted.

    status: pending (due at ``next_attempt_at``) -> sending (claimed by one worker) -> sent (the provider
    accepted it; ``provider_id`` holds its id) -> delivered / read (status callbacks); or failed after
    ``max_attempts``, or unconfirmed when a send timed out and may or may not have reached the provider.
    A row that has a ``provider_id`` is never sent again. An officers' chat alert starts ``held`` and leaves
    joined (the others ``merged``) or ``dropped`` when its case no longer needs it (bot/cases/alerts_batch.py).
    """

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_due", "status", "next_attempt_at"),
        Index("ix_outbox_recipient", "channel", "recipient", "status"),
        Index("ix_outbox_provider_id", "channel", "provider_id"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(160), unique=True)
    channel: Mapped[str] = mapped_column(String(16))
    recipient: Mapped[str] = mapped_column(String(64))  # E.164 (WhatsApp), chat id (Telegram), session id (web)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"), index=True)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
    kind: Mapped[str] = mapped_column(String(16), default="reply")  # reply, officer, alert, reminder
    language: Mapped[str] = mapped_column(String(8), default="en")
    text: Mapped[str] = mapped_column(Text)
    choices: Mapped[dict[str, Any]] = mapped_column(default=dict)  # {"items": [...]}: a menu, as a keyboard
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column()
    provider_id: Mapped[str | None] = mapped_column(String(128))
    use_template: Mapped[bool] = mapped_column(Boolean, default=False)  # WhatsApp: outside the 24-hour window
    template_sid: Mapped[str | None] = mapped_column(String(64))  # the template actually sent, if any
    held: Mapped[bool] = mapped_column(Boolean, default=False)  # sent as a template; the text waits for a reply
    # an unconfirmed WhatsApp row Twilio's early look-up did not find (migration 0020): the chat's later messages no
    # longer wait for it; it is looked up once more after confirm_minutes and sent again only if still not found
    not_found_at: Mapped[datetime | None] = mapped_column()
    sender: Mapped[str | None] = mapped_column(String(64))  # a station's number or bot id; None: the common one
    error: Mapped[str | None] = mapped_column(String(200))
    history: Mapped[dict[str, Any]] = mapped_column(default=dict)  # {"events": [{at, what, ...}]}
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


# APScheduler's job store (python -m bot scheduler) lives in the same database. Its table is declared
# here, exactly as apscheduler.jobstores.sqlalchemy creates it, so that Alembic owns the schema.
apscheduler_jobs = Table(
    "apscheduler_jobs",
    Base.metadata,
    Column("id", Unicode(191), primary_key=True),
    Column("next_run_time", Float(25), index=True),
    Column("job_state", LargeBinary, nullable=False),
)


class WhatsAppContent(Base):
    """A WhatsApp quick-reply or list-picker content made with Twilio's Content API for one question in one
    language (``python -m bot whatsapp sync-content``); ``text_hash`` tells when its texts changed."""

    __tablename__ = "whatsapp_content"
    __table_args__ = (UniqueConstraint("question", "language", name="uq_whatsapp_content_question"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    question: Mapped[str] = mapped_column(String(120))  # "menu", "yesno", "language", "<flow>.<node>"
    language: Mapped[str] = mapped_column(String(8))
    kind: Mapped[str] = mapped_column(String(24))  # twilio/quick-reply, twilio/list-picker
    text_hash: Mapped[str] = mapped_column(String(64))
    content_sid: Mapped[str] = mapped_column(String(34))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
