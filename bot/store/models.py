"""SQLAlchemy models: contacts, conversations, messages, incidents, evidence, cases and their events.

Times are stored in UTC and always come back timezone-aware, on SQLite as on PostgreSQL.
"""
from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Table,
    Text,
    TypeDecorator,
    Unicode,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class UTCDateTime(TypeDecorator):
    """A DateTime that is written as UTC and read back as an aware UTC datetime."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON(), Decimal: Numeric(14, 2)}


PRIORITIES = ("urgent", "high", "normal")
PRIORITY_RANK = {name: rank for rank, name in enumerate(PRIORITIES)}


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
    # Legal hold (bot/store/retention.py): while true, retention touches nothing of this case or its resident.
    legal_hold: Mapped[bool] = mapped_column(Boolean, default=False)
    legal_hold_by: Mapped[str | None] = mapped_column(String(64))
    legal_hold_at: Mapped[datetime | None] = mapped_column()
    # When retention erased the resident's messages and report details (the case row itself is kept).
    erased_at: Mapped[datetime | None] = mapped_column()
    # Raised each time the case waits again (reopened, returned by a disabled officer): alerts are per episode.
    episode: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    contact: Mapped[Contact] = relationship()
    incident: Mapped[Incident | None] = relationship()


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


class Heartbeat(Base):
    """The last time a background job ran (``python -m bot scheduler``): read by /metrics and ``doctor``."""

    __tablename__ = "heartbeats"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    at: Mapped[datetime] = mapped_column()
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)


class CaseView(Base):
    """When an officer last opened a case (the queue's unread dot compares the resident's last message with it).
    One row per case and officer, overwritten at every opening; the audit log keeps one "viewed" row a visit."""

    __tablename__ = "case_views"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    actor: Mapped[str] = mapped_column(String(64), primary_key=True)
    at: Mapped[datetime] = mapped_column()


class Lease(Base):
    """Who runs the background jobs now (bot/store/lease.py): a holder renews ``expires_at`` every tick; another
    process may take the row only once it has expired. One row per lease name (``scheduler``)."""

    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str] = mapped_column(String(128))
    acquired_at: Mapped[datetime] = mapped_column()
    renewed_at: Mapped[datetime] = mapped_column()
    expires_at: Mapped[datetime] = mapped_column()


class Officer(Base):
    """A console account. Passwords are stored as scrypt hashes; there is no default account."""

    __tablename__ = "officers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))  # what residents see: "Officer Meena"
    role: Mapped[str] = mapped_column(String(20), default="officer")  # officer, station_supervisor, supervisor
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)  # unused since login throttling (LoginCounter)
    locked_until: Mapped[datetime | None] = mapped_column()  # unused: an account is never locked for everyone
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column()
    # Part of every console session's id: raising it (logout, disable, password reset) ends all of them at once.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    # Two-factor login (bot/console/totp.py): the TOTP secret once enrolled, the last time-step accepted (a code
    # is good once), and the recovery codes' SHA-256 hashes ({"hashes": [...]}, a used one removed).
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)
    totp_recovery: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    woman: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())  # need-to-know cases
    # The last console request (written at most once a minute): is anyone watching the queue? (bot/cases/oncall.py)
    last_seen_at: Mapped[datetime | None] = mapped_column()


class LoginCounter(Base):
    """Failed console logins from one address, or for one account from one address, in the current window.

    Shared by every web worker (a row, not memory); ``blocked_until`` refuses that key's next tries unhashed."""

    __tablename__ = "login_counters"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)  # address:<ip> or account:<username>@<ip>
    failures: Mapped[int] = mapped_column(Integer, default=0)
    window_started_at: Mapped[datetime] = mapped_column()
    blocked_until: Mapped[datetime | None] = mapped_column()


class LoginBurst(Base):
    """Failed logins against one account (or unknown names) still going on; closed into ONE audit row."""

    __tablename__ = "login_bursts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    actor: Mapped[str] = mapped_column(String(64), unique=True)  # officer:<id>, or anonymous for unknown names
    tries: Mapped[int] = mapped_column(Integer, default=0)
    first_at: Mapped[datetime] = mapped_column()
    last_at: Mapped[datetime] = mapped_column()
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)  # {"addresses": [...], "reasons": {...}}


class OfficerStation(Base):
    """An officer belongs to one or several police stations (bot/cases/stations.py); none: the unit's cyber cell."""

    __tablename__ = "officer_stations"

    officer_id: Mapped[int] = mapped_column(ForeignKey("officers.id"), primary_key=True)
    station: Mapped[str] = mapped_column(String(32), primary_key=True)


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


# The scam-identifier registry (bot/registry/registry.py): what residents reported, and what other units shared.

from sqlalchemy import CheckConstraint  # noqa: E402  (kept with the registry's models)

IDENTIFIER_KINDS = ("phone", "upi", "account", "url", "domain", "email", "handle", "app", "imei")
IDENTIFIER_STATUSES = ("reported", "verified_scam", "sent_for_blocking", "blocked", "cleared")


class Identifier(Base):
    """One phone number, UPI id, account, URL, domain, e-mail, handle, app or IMEI, stored once in its
    canonical form (bot/registry/registry.py normalises). ``report_count`` counts this unit's incidents that
    named it; what other units shared is in ``identifier_sources``."""

    __tablename__ = "identifiers"
    __table_args__ = (
        UniqueConstraint("kind", "value", name="uq_identifier_kind_value"),
        Index("ix_identifiers_report_count", "report_count", "last_seen_at"),
        Index("ix_identifiers_last_seen", "last_seen_at"),
        Index("ix_identifiers_status", "status", "report_count"),
        # PostgreSQL: a pg_trgm GIN index for "contains" search (migration 0003); SQLite: a plain index
        # here, and the FTS5 trigram table identifiers_fts beside it.
        Index("ix_identifiers_value_trgm", "value", postgresql_using="gin",
              postgresql_ops={"value": "gin_trgm_ops"}),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    value: Mapped[str] = mapped_column(String(512))
    first_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    report_count: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(20), default="reported")
    status_detail: Mapped[dict[str, Any]] = mapped_column(default=dict)  # {status: {where, date, reason, ...}}
    status_at: Mapped[datetime | None] = mapped_column()
    districts: Mapped[list[str]] = mapped_column(JSON, default=list)
    source: Mapped[str] = mapped_column(String(140), default="local")  # local, or "imported:<unit>"


class IdentifierReport(Base):
    """An incident naming an identifier (once per pair): when, in which district, and whether it is a
    ``report`` (counted: a victim's report, a resident who says the number or link targeted them) or a
    ``check`` (a resident only asked about it: kept for officers, never counted or told to residents)."""

    __tablename__ = "identifier_reports"
    __table_args__ = (
        UniqueConstraint("identifier_id", "incident_id", name="uq_identifier_report"),
        Index("ix_identifier_reports_incident", "incident_id"),
        Index("ix_identifier_reports_seen_at", "seen_at"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    identifier_id: Mapped[int] = mapped_column(ForeignKey("identifiers.id"))
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"))
    seen_at: Mapped[datetime] = mapped_column()
    district: Mapped[str | None] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(8), default="report", server_default="report")  # report, check


class IdentifierLink(Base):
    """Two identifiers linked: named in the same incident, or declared by an officer. Stored once per
    pair with ``a_id < b_id``."""

    __tablename__ = "identifier_links"
    __table_args__ = (
        UniqueConstraint("a_id", "b_id", name="uq_identifier_link"),
        CheckConstraint("a_id < b_id", name="ck_identifier_link_order"),
        Index("ix_identifier_links_b", "b_id"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    a_id: Mapped[int] = mapped_column(ForeignKey("identifiers.id"))
    b_id: Mapped[int] = mapped_column(ForeignKey("identifiers.id"))
    reason: Mapped[str] = mapped_column(String(16))  # same_incident, officer
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id"))  # for same_incident
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class IdentifierStatusEvent(Base):
    """Append-only audit row for every status change of an identifier (who, from, to, details, when)."""

    __tablename__ = "identifier_status_events"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    identifier_id: Mapped[int] = mapped_column(ForeignKey("identifiers.id"), index=True)
    actor: Mapped[str] = mapped_column(String(64))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
    at: Mapped[datetime] = mapped_column(default=utcnow)


class IdentifierImport(Base):
    """A CSV file imported from another unit, by its SHA-256: the same file is never applied twice."""

    __tablename__ = "identifier_imports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    filename: Mapped[str] = mapped_column(String(255))
    source: Mapped[str | None] = mapped_column(String(120))
    rows: Mapped[int] = mapped_column(Integer)
    new: Mapped[int] = mapped_column(Integer)
    matched: Mapped[int] = mapped_column(Integer)
    actor: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)


class IdentifierSource(Base):
    """What one other unit says about an identifier, as of its latest file: set, never added up, so a
    newer file from the same unit replaces the older figures instead of counting them twice."""

    __tablename__ = "identifier_sources"
    __table_args__ = (UniqueConstraint("identifier_id", "source", name="uq_identifier_source"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    identifier_id: Mapped[int] = mapped_column(ForeignKey("identifiers.id"))
    source: Mapped[str] = mapped_column(String(120))
    report_count: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(20), default="reported")
    status_detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
    first_seen_at: Mapped[datetime | None] = mapped_column()
    last_seen_at: Mapped[datetime | None] = mapped_column()
    districts: Mapped[list[str]] = mapped_column(JSON, default=list)
    import_id: Mapped[int | None] = mapped_column(ForeignKey("identifier_imports.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


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


class OfficerDetails(Base):
    """What a bank or a court needs to know of the officer who signs: rank and official contact."""

    __tablename__ = "officer_details"

    officer_id: Mapped[int] = mapped_column(ForeignKey("officers.id"), primary_key=True)
    rank: Mapped[str | None] = mapped_column(String(60))
    phone: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(120))
