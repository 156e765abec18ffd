"""A lease row elects the one active scheduler (issue 17): ``python -m bot scheduler`` may run on two hosts.

The holder renews the row every tick; another process takes it only once it has expired. Unlike a PostgreSQL
session advisory lock it survives a dropped connection and a transaction-mode connection pooler (it is an
ordinary row, written in short transactions), and it works the same on SQLite.

Taking or renewing is one conditional ``UPDATE leases SET holder=me, expires_at=now+ttl WHERE name=? AND
(holder=me OR expires_at < now)``: of two processes exactly one changes the row (PostgreSQL's row lock,
SQLite's write lock). The first process ever inserts the row; the loser of that insert simply is not the holder.

A holder trusts its lease only until ``renewed + ttl - margin`` by its own clock (``held``): a holder cut off from
the database stops its jobs before anyone else may take over, as long as the hosts' clocks agree to within the
margin (NTP). Times are the callers' (``now``), so tests need no waiting.
"""
from __future__ import annotations

import os
import socket
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from .models.operations import Lease as LeaseRow

SCHEDULER = "scheduler"


def holder_name() -> str:
    """This process: host, pid and a random part (a restarted process with a recycled pid is someone new)."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass
class Lease:
    Session: sessionmaker[Session]
    name: str
    holder: str
    ttl: timedelta
    margin: timedelta
    renewed: datetime | None = None  # when this process last took or renewed it (its own clock)

    def acquire(self, now: datetime) -> bool:
        """Take the lease, or renew it if it is ours; False when another live holder has it."""
        try:
            with self.Session.begin() as session:
                changed = session.execute(
                    update(LeaseRow)
                    .where(LeaseRow.name == self.name,
                           or_(LeaseRow.holder == self.holder, LeaseRow.expires_at < now))
                    .values(holder=self.holder, renewed_at=now, expires_at=now + self.ttl)
                    .execution_options(synchronize_session=False)).rowcount == 1
                if not changed:
                    if session.scalar(select(LeaseRow.name).where(LeaseRow.name == self.name)) is not None:
                        self.renewed = None
                        return False
                    session.add(LeaseRow(name=self.name, holder=self.holder, acquired_at=now, renewed_at=now,
                                         expires_at=now + self.ttl))
        except IntegrityError:  # another process inserted the first row at the same moment: it holds it
            self.renewed = None
            return False
        if self.renewed is None:
            with self.Session.begin() as session:  # a new holding starts now (shown by `doctor` and tests)
                session.execute(update(LeaseRow).where(LeaseRow.name == self.name, LeaseRow.holder == self.holder)
                                .values(acquired_at=now).execution_options(synchronize_session=False))
        self.renewed = now
        return True

    def held(self, now: datetime) -> bool:
        """Whether this process may act as the holder now: renewed recently enough by its own clock."""
        return self.renewed is not None and now < self.renewed + self.ttl - self.margin

    def release(self, now: datetime) -> None:
        """Give the lease up at once (a clean stop): a standby takes over at its next tick."""
        self.renewed = None
        with self.Session.begin() as session:
            session.execute(update(LeaseRow).where(LeaseRow.name == self.name, LeaseRow.holder == self.holder)
                            .values(expires_at=now).execution_options(synchronize_session=False))


def current(session: Session, name: str = SCHEDULER) -> LeaseRow | None:
    """The lease row (who holds it, until when), for `doctor` and tests."""
    return session.get(LeaseRow, name)
