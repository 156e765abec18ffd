"""When each background job last ran: one row per job name, read by /metrics and ``python -m bot doctor``."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from .models.operations import Heartbeat

SCHEDULER = "scheduler"  # written on every scheduler tick (the outbox drain runs every outbox.poll_seconds)


def beat(Session: sessionmaker[Session], name: str, now: datetime, **detail) -> None:
    """Record that job ``name`` ran at ``now`` (an upsert that works on SQLite and PostgreSQL)."""
    for attempt in range(2):
        try:
            with Session.begin() as session:
                row = session.get(Heartbeat, name, with_for_update=True)
                if row is None:
                    session.add(Heartbeat(name=name, at=now, detail=detail))
                else:
                    row.at, row.detail = now, detail
            return
        except IntegrityError:  # a second scheduler inserted the first row at the same moment
            if attempt:
                raise


def last(session: Session, name: str = SCHEDULER) -> datetime | None:
    return session.scalar(select(Heartbeat.at).where(Heartbeat.name == name))
