"""New web-chat residents per client address (attacker trial, session 19, F3): every new ``cs_chat`` cookie is a
new resident, so the per-resident flood rule never saw one client opening a hundred urgent cases in four seconds.
At most ``web_chat_new_per_address`` new browsers per address in ``WINDOW``; past it the page is told to wait (with
1930 and 112), nothing is stored and no case opened. The count is a ``login_counters`` row (shared by every worker)
keyed by an HMAC of the address (bot/cases/logins.py ``account_key``), never the address itself."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from ..cases.logins import _locked_row, account_key
from ..store.models.officers import LoginCounter

WINDOW = timedelta(minutes=10)


def new_chat_allowed(Session: sessionmaker[Session], address: str | None, secret, now: datetime, limit: int) -> bool:
    """Count one new web-chat resident from ``address``; False (not counted) once ``limit`` started in the window."""
    key = f"web-new:{account_key((address or 'unknown')[:64], secret)}"
    with Session.begin() as session:
        counter = _locked_row(session, select(LoginCounter).where(LoginCounter.key == key),
                              lambda: LoginCounter(key=key, failures=0, window_started_at=now))
        if counter.window_started_at <= now - WINDOW:
            counter.failures, counter.window_started_at, counter.blocked_until = 0, now, None
        if counter.failures >= limit:
            return False
        counter.failures += 1
        return True
