"""Console accounts: create, list, disable, reset passwords, and end an officer's sessions.

Passwords are hashed with werkzeug's scrypt. There is no default account and no default password:
the first supervisor is created with ``python -m bot officers add NAME --role supervisor``.
Logging in (with its throttling) is bot/cases/logins.py.
"""
from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from .cases import record
from ..store.models.officers import Officer

ROLES = ("officer", "station_supervisor", "supervisor")  # supervisor: the unit's; stations: bot/cases/stations.py
MIN_PASSWORD = 10
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")


class OfficerError(ValueError):
    """A request about an account that cannot be done (the message says why)."""


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise OfficerError(f"the password must be at least {MIN_PASSWORD} characters")
    if password.lower() == password or not any(ch.isdigit() for ch in password):
        raise OfficerError("the password needs an upper-case letter, a lower-case letter and a digit")


def count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Officer)) or 0


def get(session: Session, username: str) -> Officer | None:
    return session.scalar(select(Officer).where(Officer.username == username.strip().lower()))


def add(session: Session, username: str, display_name: str, password: str, role: str, now: datetime,
        actor: str = "cli") -> Officer:
    username = username.strip().lower()
    if not _USERNAME.match(username):
        raise OfficerError("a username is 2-64 lower-case letters, digits, dots, dashes or underscores")
    if role not in ROLES:
        raise OfficerError(f"role must be one of {', '.join(ROLES)}")
    if get(session, username) is not None:
        raise OfficerError(f"{username} already exists")
    check_password_strength(password)
    officer = Officer(username=username, display_name=display_name.strip()[:80] or username, role=role,
                      password_hash=generate_password_hash(password, method="scrypt"), active=True,
                      failed_logins=0, created_at=now, session_version=1)
    session.add(officer)
    session.flush()
    record(session, None, actor, "officer_added", now, officer=username, role=role)
    return officer


def disable(session: Session, username: str, now: datetime, actor: str = "cli", texts=None) -> Officer:
    """No more logins; the officer's open cases go back to the queue (bot/cases/assign.py), audited; with ``texts``
    their residents are told at once that another officer will take the case up."""
    from .assign import return_cases

    officer = _existing(session, username)
    officer.active = False
    end_sessions(officer)
    returned = return_cases(session, officer, now, actor, texts)
    record(session, None, actor, "officer_disabled", now, officer=officer.username, cases_returned=returned)
    return officer


def enable(session: Session, username: str, now: datetime, actor: str = "cli") -> Officer:
    """A disabled officer may log in again (with their password; a reset is a separate step)."""
    officer = _existing(session, username)
    if officer.active:
        raise OfficerError(f"{officer.username} is not disabled")
    officer.active = True
    end_sessions(officer)
    record(session, None, actor, "officer_enabled", now, officer=officer.username)
    return officer


def reset_password(session: Session, username: str, password: str, now: datetime, actor: str = "cli") -> Officer:
    officer = _existing(session, username)
    check_password_strength(password)
    officer.password_hash = generate_password_hash(password, method="scrypt")
    officer.failed_logins, officer.locked_until = 0, None
    end_sessions(officer)
    record(session, None, actor, "password_reset", now, officer=officer.username)
    return officer


def end_sessions(officer: Officer) -> None:
    """Every console session of this officer stops working at once (their ids carry the old version)."""
    officer.session_version = (officer.session_version or 1) + 1


def _existing(session: Session, username: str) -> Officer:
    officer = get(session, username)
    if officer is None:
        raise OfficerError(f"no officer named {username}")
    return officer
