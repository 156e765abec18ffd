"""The scam-identifier registry (bot/registry/records.py): what residents reported, and what other units
shared."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from sqlalchemy import CheckConstraint

from .base import Base, utcnow


# The scam-identifier registry (bot/registry/records.py): what residents reported, and what other units shared.

IDENTIFIER_KINDS = ("phone", "upi", "account", "url", "domain", "email", "handle", "app", "imei")
IDENTIFIER_STATUSES = ("reported", "verified_scam", "sent_for_blocking", "blocked", "cleared")


class Identifier(Base):
    """One phone number, UPI id, account, URL, domain, e-mail, handle, app or IMEI, stored once in its
    canonical form (bot/registry/normalising.py normalises). ``report_count`` counts this unit's incidents that
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
