"""Officers' console accounts: the account, its details, its police stations, and log-in throttling."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, ForeignKey, Integer, String, false
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


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
    key: Mapped[str] = mapped_column(String(200), unique=True)  # address:<ip> or account:<HMAC of the user name>@<ip> (logins.account_key)
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


class OfficerDetails(Base):
    """What a bank or a court needs to know of the officer who signs: rank and official contact."""

    __tablename__ = "officer_details"

    officer_id: Mapped[int] = mapped_column(ForeignKey("officers.id"), primary_key=True)
    rank: Mapped[str | None] = mapped_column(String(60))
    phone: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(120))
