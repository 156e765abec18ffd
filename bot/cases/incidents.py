"""Incidents: a report's fields, its reference number, and the status a resident may ask about."""
from __future__ import annotations

import re
import secrets
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import channel_registry as channels
from ..e164 import e164
from ..nlu.normalize import to_ascii_digits
from ..nlu.entities.references import quoted_reference
from ..store.db import dialect_insert, insert_returning
from ..store.models.cases import Case
from ..store.models.residents import Contact, Conversation, Evidence, Incident

# Crockford's base32 without I, L, O, U: nothing a resident can misread on a phone screen.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def _random_reference(prefix: str, now: datetime, tz) -> str:
    return f"{prefix}-{now.astimezone(tz).strftime('%y%m%d')}-{''.join(secrets.choice(_ALPHABET) for _ in range(4))}"


_INSERT_FRESH = {name: dialect_insert(name, Incident).on_conflict_do_nothing(index_elements=["reference"])
                 .returning(Incident) for name in ("sqlite", "postgresql")}


def _insert(session: Session, row: dict, prefix: str, now: datetime, tz) -> Incident:
    """The new incident with a free reference, in one statement (issue 17): ``INSERT … ON CONFLICT (reference)
    DO NOTHING RETURNING``, tried again with another reference when that one is taken (no look-up first)."""
    statement = _INSERT_FRESH[session.get_bind().dialect.name]
    for _ in range(20):
        incident = insert_returning(session, statement, {**row, "reference": _random_reference(prefix, now, tz)})
        if incident is not None:
            return incident
    raise RuntimeError("could not find a free reference number")


def reference_pattern(prefix: str) -> re.Pattern:
    return re.compile(rf"\b{re.escape(prefix)}\s*-?\s*(\d{{6}})\s*-?\s*([0-9A-Za-z]{{4}})\b", re.I)


def find_reference(text: str, prefix: str) -> str | None:
    """Our reference in ``text``, in ASCII form: digits in the resident's script ("CS-२६१२०१-QV7K", "CS-٢٦١٢٠١-…")
    read as 0-9."""
    match = reference_pattern(prefix).search(to_ascii_digits(text))
    if not match:
        return None
    return f"{prefix}-{match.group(1)}-{match.group(2).upper()}"


def asked_reference(text: str, prefix: str, quoted: bool = True) -> str | None:
    """The case reference ``text`` asks about: ours read exactly ("cs 261127 7kq3": ``CS-261127-7KQ3``), else (with
    ``quoted``) any case reference as quoted ("DCC-2026-000123", bot/nlu/entities/references.py), which is looked up
    and, not found, named back; never read as a phone number."""
    return find_reference(text, prefix) or (quoted_reference(text) if quoted else None)


def public_fields(fields: dict) -> dict:
    """The fields of a report as officers and tools see them (no internal bookkeeping keys)."""
    return {key: value for key, value in fields.items() if not key.startswith("_") and key != "priority"}


def sync(session: Session, conv: Conversation, contact: Contact, category: str, flow_id: str, now: datetime,
         prefix: str, tz, create: bool, started: str | None, stored_files: bool = True,
         submitted: bool = False) -> Incident | None:
    """Copy the conversation's answers into its incident, creating it (with a reference) when ``create``: one
    INSERT with the answers in it, and the conversation's new ``incident_id`` written with the turn's other changes.
    ``started``: when the report began (ISO time): files the resident sent since then belong to a new incident.
    ``stored_files``: False when the caller knows that no file of the contact's waited for a report before this
    transaction (files kept in it are found in the session). ``submitted``: a report submitted in the same turn
    that makes it is inserted already submitted (one statement, not an INSERT and an UPDATE: issue 17); an
    existing incident's status is the caller's to set."""
    incident = session.get(Incident, conv.incident_id) if conv.incident_id else None
    if incident is None and not create:
        return None
    values = _values(conv.fields, incident.priority if incident is not None else "normal")
    values["updated_at"] = now
    if incident is not None:
        for name, value in values.items():
            setattr(incident, name, value)
        return incident
    incident = _insert(session, dict(contact_id=contact.id, category=category, flow_id=flow_id,
                                     language=contact.language, created_at=now,
                                     status="submitted" if submitted else "draft",
                                     submitted_at=now if submitted else None,
                                     **values), prefix, now, tz)
    conv.incident_id = incident.id
    _attach_evidence(session, contact, incident, started, stored_files)
    return incident


def _values(fields: dict, priority: str) -> dict:
    """The incident's columns that follow the report's answers."""
    amount = fields.get("amount")
    if "paid" in fields and fields["paid"] is not True:
        amount = None  # "have you paid them?" not answered yes: no money left, nothing is lost (a demand is not)
    left, district = fields.get("money_left_at"), fields.get("district")
    return dict(fields=public_fields(fields), priority=fields.get("priority", priority),
                amount=Decimal(str(amount)) if isinstance(amount, (int, float)) else None,
                money_left_at=datetime.fromisoformat(left) if left else None,
                district=str(district)[:64] if district else None)


def _attach_evidence(session: Session, contact: Contact, incident: Incident, started: str | None,
                     stored_files: bool) -> None:
    """Files the resident sent since the report began, kept before it had an incident, now belong to it: those of
    this transaction are in the session (pending or flushed), earlier ones are looked up when there may be some."""
    if not started:
        return
    since = datetime.fromisoformat(started)
    with session.no_autoflush:
        here = [item for item in [*session.new, *session.identity_map.values()] if isinstance(item, Evidence)]
        for item in here:
            if item.contact_id == contact.id and item.incident_id is None and item.received_at >= since:
                item.incident_id = incident.id
        if not stored_files:
            return
        for evidence in session.scalars(
            select(Evidence).where(Evidence.contact_id == contact.id, Evidence.incident_id.is_(None),
                                   Evidence.received_at >= since)
        ):
            evidence.incident_id = incident.id


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


# -- the resident's phone ------------------------------------------------------------------------------
def resident_phone(contact: Contact, incident: Incident | None = None) -> str | None:
    """The number an officer can call, E.164: the callback the resident gave, else the number they write from (a
    channel whose ids are numbers). The one rule for every place that shows it: the case card, the NCRP summary,
    the bank's freeze request, the court export."""
    fields = (incident.fields or {}) if incident is not None else {}
    for candidate in (fields.get("callback"), contact.phone,
                      contact.sender if channels.phone_ids(contact.channel) else None):
        normal = e164(str(candidate or ""), "IN")
        if normal:
            return normal
    return None
