"""Residents, cases and evidence for the operations tests (retention, backup), made through the real engine."""
from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone

from bot.cases import officers
from bot.store import evidence
from bot.cases.casework import Casework
from bot.messages import Media
from bot.store.models.cases import Case
from bot.store.models.officers import Officer
from conftest import Resident

PASSWORD = "Correct-Horse-9"


def png(seed: str) -> bytes:
    """A distinct small PNG: its signature is a PNG's (the store keeps a file by what its first bytes are)."""
    return b"\x89PNG\r\n\x1a\n" + hashlib.sha256(seed.encode()).digest() * 4


def officer(engine, username: str = "meena", now: datetime | None = None) -> int:
    with engine.Session.begin() as s:
        return officers.add(s, username, username.title(), PASSWORD, "supervisor",
                            now or datetime(2020, 1, 1, tzinfo=timezone.utc)).id


def chat(engine, sender: str, start: datetime, case: bool = False) -> Resident:
    """A resident's short chat at ``start``; with ``case``, a golden-hour money-fraud report (a case)."""
    resident = Resident(engine, sender=sender, phone=sender, start=start)
    if case:
        resident.send("mere account se abhi 15000 kat gaye")
        for answer in ("sbi", "4471", "412345678901", "fraud@ybl"):
            resident.send(answer)
        assert resident.last.case, "the report should have become a case"
    else:
        resident.send("hi")
        resident.send("1")
        resident.send("how do I keep my UPI PIN safe?")
    return resident


def case_of(engine, resident: Resident) -> int:
    with engine.Session() as s:
        from sqlalchemy import select

        from bot.store.models.residents import Contact
        contact_id = s.scalar(select(Contact.id).where(Contact.sender == resident.sender))
        return s.scalar(select(Case.id).where(Case.contact_id == contact_id))


def attach(engine, resident: Resident, seed: str) -> str:
    """Keep a file as evidence on the resident's report (the engine's own store); returns its SHA-256."""
    from sqlalchemy import select

    from bot.store.models.residents import Contact
    with engine.Session.begin() as s:
        contact_id = s.scalar(select(Contact.id).where(Contact.sender == resident.sender))
        case = s.scalar(select(Case).where(Case.contact_id == contact_id))
        row = evidence.store(s, engine.config.evidence_path, 10 ** 6, contact_id, case.incident_id if case else None,
                             None, Media(content_type="image/png", data=png(seed)), resident.clock)
        return row.sha256


def close(engine, case_id: int, officer_id: int, at: datetime) -> None:
    with engine.Session.begin() as s:
        Casework(engine.res.texts).close(s, case_id, s.get(Officer, officer_id), "advice_given", at)


def days_ago(now: datetime, days: float) -> datetime:
    return now - timedelta(days=days)
