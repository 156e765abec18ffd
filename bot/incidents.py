"""Incidents: a report's fields, its reference number, and the status a resident may ask about."""
from __future__ import annotations

import re
import secrets
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import Case, Contact, Conversation, Evidence, Incident

# Crockford's base32 without I, L, O, U: nothing a resident can misread on a phone screen.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_reference(session: Session, prefix: str, now: datetime, tz) -> str:
    """A fresh reference like CS-261127-7KQ3 (date in the unit's time zone, then random)."""
    day = now.astimezone(tz).strftime("%y%m%d")
    for _ in range(20):
        reference = f"{prefix}-{day}-{''.join(secrets.choice(_ALPHABET) for _ in range(4))}"
        if session.scalar(select(Incident.id).where(Incident.reference == reference)) is None:
            return reference
    raise RuntimeError("could not find a free reference number")


def reference_pattern(prefix: str) -> re.Pattern:
    return re.compile(rf"\b{re.escape(prefix)}\s*-?\s*(\d{{6}})\s*-?\s*([0-9A-Za-z]{{4}})\b", re.I)


def find_reference(text: str, prefix: str) -> str | None:
    match = reference_pattern(prefix).search(text)
    if not match:
        return None
    return f"{prefix}-{match.group(1)}-{match.group(2).upper()}"


def public_fields(fields: dict) -> dict:
    """The fields of a report as officers and tools see them (no internal bookkeeping keys)."""
    return {key: value for key, value in fields.items() if not key.startswith("_") and key != "priority"}


def sync(session: Session, conv: Conversation, contact: Contact, category: str, flow_id: str, now: datetime,
         prefix: str, tz, create: bool) -> Incident | None:
    """Copy the conversation's answers into its incident, creating it (with a reference) when ``create``."""
    incident = session.get(Incident, conv.incident_id) if conv.incident_id else None
    if incident is None:
        if not create:
            return None
        incident = Incident(
            reference=new_reference(session, prefix, now, tz),
            contact_id=contact.id,
            category=category,
            flow_id=flow_id,
            language=contact.language,
            created_at=now,
        )
        session.add(incident)
        session.flush()
        conv.incident_id = incident.id
        started = conv.fields.get("_started_at")
        if started:
            for evidence in session.scalars(
                select(Evidence).where(Evidence.contact_id == contact.id, Evidence.incident_id.is_(None),
                                       Evidence.received_at >= datetime.fromisoformat(started))
            ):
                evidence.incident_id = incident.id
    fields = conv.fields
    incident.fields = public_fields(fields)
    incident.priority = fields.get("priority", incident.priority)
    amount = fields.get("amount")
    if "paid" in fields and fields["paid"] is not True:
        amount = None  # "have you paid them?" not answered yes: no money left, nothing is lost (a demand is not)
    incident.amount = Decimal(str(amount)) if isinstance(amount, (int, float)) else None
    left = fields.get("money_left_at")
    incident.money_left_at = datetime.fromisoformat(left) if left else None
    district = fields.get("district")
    incident.district = str(district)[:64] if district else None
    incident.updated_at = now
    return incident


def status_of(session: Session, contact: Contact, reference: str | None) -> tuple[Incident, Case | None] | None:
    """The contact's own incident with ``reference`` (or their latest), and its latest case; never another's."""
    query = select(Incident).where(Incident.contact_id == contact.id)
    if reference:
        query = query.where(Incident.reference == reference)
    incident = session.scalars(query.order_by(Incident.created_at.desc(), Incident.id.desc())).first()
    if incident is None:
        return None
    case = session.scalars(
        select(Case).where(Case.incident_id == incident.id).order_by(Case.created_at.desc())
    ).first()
    return incident, case
