"""Console log-in: the password check, throttled by client address and by account, and failed-login bursts.

- No account is ever locked for everyone. Wrong passwords are counted per address and per (account, address)
  in ``login_window_minutes``; past ``login_tries_per_account`` for one account from one address, or
  ``login_tries_per_address`` from one address for any accounts, THAT ADDRESS waits until the window is over.
  A stranger guessing an officer's password blocks only himself; the officer logs in from her own desk.
- Behind one shared address (a police station's NAT, a proxy) a stranger's 20 wrong names would lock every officer
  there out for the window (an attacker's trial, session 13). A browser an officer has logged in from before
  carries a signed device cookie naming her account (bot/console/__init__.py ``_device``): her try is counted
  per (account, device) only, not against the address, so the address-wide lock does not reach her; the device's
  own counter still stops guessing from it after ``login_tries_per_account``. A right password alone never passes a
  lock: without the cookie, a sprayer's right guess would pass the address lock it exists for.
- A refused try is answered before any hashing (scrypt is slow on purpose) and no transaction is held while a
  password is hashed, so a flood of log-ins does not slow the webhooks that share the database.
- The counters are database rows, shared by every web worker.
- The audit log stays bounded without losing the record: failed tries against one account (or against names
  that do not exist) gather in a ``login_bursts`` row, closed into ONE ``login_failed`` audit row with the
  count, the reasons and the addresses when the burst ends (quiet for a window, an hour long at most, or the
  officer logging in).
"""
from __future__ import annotations

import hashlib
import hmac
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Callable

from sqlalchemy import delete, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from werkzeug.security import check_password_hash, generate_password_hash

from .cases import record
from ..config import ConsoleSettings
from ..store.models.officers import LoginBurst, LoginCounter, Officer
from .officers import get as get_officer

MAX_BURST = timedelta(hours=1)  # a burst longer than this is closed into the audit log and a new one starts
MAX_ADDRESSES = 20  # addresses listed in one burst's audit row (the rest are counted)
# Spent on a username that does not exist (or a disabled one), so a try takes as long either way.
_DUMMY_HASH = generate_password_hash("not-a-real-password", method="scrypt")


@dataclass(frozen=True)
class LoginResult:
    officer: Officer | None = None  # detached: the session that loaded it is closed
    retry_after: int | None = None  # seconds this address must wait (the try was refused unhashed)


def account_key(username: str, secret: str | bytes | None) -> str:
    """What a counter row keeps of the typed user name: a keyed hash (HMAC-SHA256 with the app's SECRET_KEY), never
    the text. An officer who types her password into the name field (the commonest slip) left it in clear in
    ``login_counters`` and so in every backup (attacker trial, session 19, F13)."""
    key = secret.encode() if isinstance(secret, str) else (secret or b"cyber-sahayak-login-counters")
    return hmac.new(key, username.encode("utf-8", "replace"), hashlib.sha256).hexdigest()[:32]


def log_in(Session: sessionmaker[Session], username: str, password: str, address: str | None, now: datetime,
           settings: ConsoleSettings, device: str | None = None, secret: str | bytes | None = None) -> LoginResult:
    """One log-in try from ``address``: the officer when the password is right and the account active.
    ``device``: the id of a device cookie the console verified for THIS account (a browser she logged in from):
    counted per (account, device), not against the address. ``secret``: the app's SECRET_KEY, for ``account_key``."""
    username = (username or "").strip().lower()[:64]
    address = (address or "unknown")[:64]
    window = timedelta(minutes=settings.login_window_minutes)
    name = account_key(username, secret)
    if device:
        keys = {f"account:{name}@device:{device[:32]}": settings.login_tries_per_account}
    else:
        keys = {f"address:{address}": settings.login_tries_per_address,
                f"account:{name}@{address}": settings.login_tries_per_account}
    with Session.begin() as session:
        close_bursts(session, now, window)
        session.execute(delete(LoginCounter).where(
            LoginCounter.window_started_at <= now - window,
            or_(LoginCounter.blocked_until.is_(None), LoginCounter.blocked_until <= now)))
        officer = get_officer(session, username) if username else None
        actor = f"officer:{officer.id}" if officer is not None else "anonymous"
        blocked = session.scalar(select(LoginCounter.blocked_until).where(
            LoginCounter.key.in_(list(keys)), LoginCounter.blocked_until > now)
            .order_by(LoginCounter.blocked_until.desc()).limit(1))
        if blocked is not None:
            _burst(session, actor, address, "refused, waiting", now)
            return LoginResult(retry_after=max(math.ceil((blocked - now).total_seconds()), 1))
        stored = (officer.id, officer.password_hash) if officer is not None and officer.active else None
        reason = "wrong password" if stored else ("disabled" if officer is not None else "unknown user")
    right = check_password_hash(stored[1] if stored else _DUMMY_HASH, password or "") and stored is not None
    with Session.begin() as session:
        officer = session.get(Officer, stored[0]) if right else None
        if officer is not None and officer.active and officer.password_hash == stored[1]:
            session.execute(delete(LoginCounter).where(LoginCounter.key.in_(
                [key for key in keys if key.startswith("account:")])))
            _close(session, session.scalar(select(LoginBurst).where(LoginBurst.actor == actor)))
            officer.last_login_at = now
            record(session, None, actor, "login", now, address=address)
            session.flush()
            session.expunge(officer)
            return LoginResult(officer=officer)
        for key, limit in keys.items():
            _count(session, key, limit, now, window)
        _burst(session, actor, address, reason, now)
    return LoginResult()


def _locked_row(session: Session, query, make: Callable[[], Any]):
    """The row ``query`` selects, locked; created by ``make`` when missing (another worker may create it first)."""
    row = session.scalar(query.with_for_update())
    if row is None:
        try:
            with session.begin_nested():
                row = make()
                session.add(row)
        except IntegrityError:  # another worker made it a moment ago
            row = session.scalar(query.with_for_update())
    return row


def _count(session: Session, key: str, limit: int, now: datetime, window: timedelta) -> None:
    counter = _locked_row(session, select(LoginCounter).where(LoginCounter.key == key),
                          lambda: LoginCounter(key=key, failures=0, window_started_at=now))
    if counter.window_started_at <= now - window:
        counter.failures, counter.window_started_at, counter.blocked_until = 0, now, None
    counter.failures += 1
    if counter.failures >= limit:
        counter.blocked_until = now + window


def _burst(session: Session, actor: str, address: str, reason: str, now: datetime) -> None:
    burst = _locked_row(session, select(LoginBurst).where(LoginBurst.actor == actor), lambda: LoginBurst(
        actor=actor, tries=0, first_at=now, last_at=now, detail={"addresses": [], "more_addresses": 0, "reasons": {}}))
    detail = dict(burst.detail or {})
    addresses = list(detail.get("addresses", []))
    more = int(detail.get("more_addresses", 0))
    if address not in addresses:
        if len(addresses) < MAX_ADDRESSES:
            addresses.append(address)
        else:
            more += 1  # counted once per try from an address beyond the list: an upper bound
    reasons = dict(detail.get("reasons", {}))
    reasons[reason] = reasons.get(reason, 0) + 1
    burst.detail = {"addresses": addresses, "more_addresses": more, "reasons": reasons}
    burst.tries += 1
    burst.last_at = now


def close_bursts(session: Session, now: datetime, quiet: timedelta) -> int:
    """Bursts that are over (quiet for ``quiet``, or an hour long) become one audit row each."""
    bursts = session.scalars(select(LoginBurst).where(
        or_(LoginBurst.last_at <= now - quiet, LoginBurst.first_at <= now - MAX_BURST))
        .with_for_update(skip_locked=True)).all()
    for burst in bursts:
        _close(session, burst)
    return len(bursts)


def _close(session: Session, burst: LoginBurst | None) -> None:
    if burst is None:
        return
    detail = burst.detail or {}
    record(session, None, burst.actor, "login_failed", burst.last_at, tries=burst.tries,
           first_at=burst.first_at.isoformat(), last_at=burst.last_at.isoformat(),
           addresses=detail.get("addresses", []), more_addresses=detail.get("more_addresses", 0),
           reasons=detail.get("reasons", {}))
    session.delete(burst)
    session.flush()
