"""What officers keep on a case besides the chat: private notes (never sent), labels, the national numbers (the 1930
acknowledgement and the cybercrime.gov.in complaint number), the resident's phone, the delivery of officers' replies,
and an NCRP-ready summary of a money-fraud case. Every change is an audit row (bot/cases/cases.py ``record``)."""
from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from .. import formats
from .cases import record
from ..config import Config
from . import losses, report_fields
from .incidents import resident_phone  # the one rule: the NCRP summary, the freeze request, the case card
from .freeze import NOT_STATED, beneficiaries, bank_named, debit_line, debit_time, method_label
from ..store.models.cases import BankAnswer, Case, CaseLabel, CaseNote
from ..store.models.residents import Contact, Incident
from ..store.models.operations import Outbox
from ..privacy import mask

# The two national numbers, as incident fields (the money-fraud report asks the resident for both).
NUMBERS = {"ack_1930": "1930 acknowledgement no.", "portal_complaint": "cybercrime.gov.in complaint no."}
_NUMBER_OK = re.compile(r"^[A-Za-z0-9][A-Za-z0-9/\-. ]{2,39}$")
_LABEL_OK = re.compile(r"^[\w][\w \-]{0,39}$")


class CasefileError(ValueError):
    """A bad value from the officer (the message says which)."""


# -- notes and labels ------------------------------------------------------------------------------
def add_note(session: Session, case: Case, actor: str, text: str, now: datetime) -> CaseNote:
    text = (text or "").strip()
    if not text:
        raise CasefileError("the note is empty")
    note = CaseNote(case_id=case.id, author=actor, text=text[:4000], at=now)
    session.add(note)
    session.flush()
    record(session, case, actor, "note_added", now, note=note.id)  # the note's text stays out of the audit detail
    return note


def erase(session: Session, case_id: int) -> int:
    """Retention (bot/cases/retention.py) erasing a closed case's details: its notes go, the banks' free-text replies are
    blanked; labels, amounts held and refunded stay (the unit's figures need them). Returns the notes deleted."""
    session.execute(update(BankAnswer).where(BankAnswer.case_id == case_id).values(reply=None))
    return session.execute(delete(CaseNote).where(CaseNote.case_id == case_id)).rowcount


def notes(session: Session, case_id: int) -> list[CaseNote]:
    return list(session.scalars(select(CaseNote).where(CaseNote.case_id == case_id).order_by(CaseNote.id)))


def normal_label(text: str) -> str:
    label = " ".join((text or "").lower().split())
    if not _LABEL_OK.match(label):
        raise CasefileError("a label is 1-40 letters, digits, spaces or dashes")
    return label


def add_label(session: Session, case: Case, actor: str, text: str, now: datetime) -> str:
    label = normal_label(text)
    if session.get(CaseLabel, (case.id, label)) is None:
        session.add(CaseLabel(case_id=case.id, label=label, added_by=actor, added_at=now))
        record(session, case, actor, "label_added", now, label=label)
    return label


def remove_label(session: Session, case: Case, actor: str, text: str, now: datetime) -> None:
    label = normal_label(text)
    if session.execute(delete(CaseLabel).where(CaseLabel.case_id == case.id, CaseLabel.label == label)).rowcount:
        record(session, case, actor, "label_removed", now, label=label)


def labels(session: Session, case_ids: list[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    if case_ids:
        for row in session.scalars(select(CaseLabel).where(CaseLabel.case_id.in_(case_ids)).order_by(CaseLabel.label)):
            found.setdefault(row.case_id, []).append(row.label)
    return found


# -- the national numbers ------------------------------------------------------------------------------
def set_numbers(session: Session, case: Case, actor: str, now: datetime, values: dict[str, str]) -> dict[str, str]:
    """An officer enters or corrects the 1930 acknowledgement / NCRP complaint number (kept on the report)."""
    incident = session.get(Incident, case.incident_id) if case.incident_id else None
    if incident is None:
        raise CasefileError("this case has no report to keep the numbers on")
    changed: dict[str, str] = {}
    fields = dict(incident.fields or {})
    for key in NUMBERS:
        if key not in values:
            continue
        value = " ".join((values[key] or "").split())
        if value and not _NUMBER_OK.match(value):
            raise CasefileError(f"{NUMBERS[key]}: letters, digits, '-' or '/' only")
        if value != (fields.get(key) or ""):
            fields[key] = value or None
            changed[key] = value
    if changed:  # on the conversation too: the bot's next turn copies its fields over the incident's
        report_fields.write(session, incident, {key: fields.get(key) for key in changed}, now)
        record(session, case, actor, "numbers_changed", now, **changed)
    return changed


def numbers_of(incident: Incident | None) -> dict[str, str | None]:
    fields = (incident.fields or {}) if incident is not None else {}
    return {key: (str(fields[key]) if fields.get(key) else None) for key in NUMBERS}


def numbers_line(incident: Incident | None) -> str:
    """The national numbers as the queue shows them: "1930 3112... / NCRP 2711..." (empty when none)."""
    return " / ".join(f"{'1930' if key == 'ack_1930' else 'NCRP'} {value}"
                      for key, value in numbers_of(incident).items() if value)


# -- the resident's phone ------------------------------------------------------------------------------
def masked_phone(contact: Contact, incident: Incident | None = None) -> str:
    return mask(resident_phone(contact, incident))


# -- delivery of what officers sent ----------------------------------------------------------------------
# unconfirmed: the provider never answered (Telegram, after one more try): it may or may not have reached the
# resident, so the officer sees it, with the error, rather than a "queued" that never moves
TICKS = {"pending": ("queued", "…"), "sending": ("queued", "…"), "unconfirmed": ("unconfirmed", "?"),
         "sent": ("sent", "✓"), "delivered": ("delivered", "✓✓"), "read": ("read", "✓✓"),
         "failed": ("failed", "✗"), "undelivered": ("failed", "✗")}


def delivery(session: Session, message_ids: list[int]) -> dict[int, dict]:
    """Per outbound message: queued / sent / delivered / read / failed / unconfirmed, from its outbox row (Twilio's status
    callbacks move it on; a template resend or a retry is a later row of the same message)."""
    found: dict[int, dict] = {}
    if not message_ids:
        return found
    rows = session.execute(select(Outbox.message_id, Outbox.status, Outbox.error).where(
        Outbox.message_id.in_(message_ids)).order_by(Outbox.id))
    for message_id, status, error in rows:
        state, tick = TICKS.get(status, ("queued", "…"))
        found[message_id] = {"state": state, "tick": tick, "error": error if state in ("failed", "unconfirmed") else None}
    return found


# -- the NCRP-ready summary -------------------------------------------------------------------------------
# The portal's sub-category for each way the money was taken (a suggestion: the officer checks it on the portal).
SUBCATEGORY = {"upi": "UPI Related Frauds", "card": "Debit/Credit Card Fraud/Sim Swap Fraud",
               "netbanking": "Internet Banking Related Fraud", "wallet": "E-Wallet Related Fraud",
               "otp": "Fraud Call/Vishing", "customer_care": "Fraud Call/Vishing",
               "loan_app": "Other (loan app)", "investment": "Other (investment / task scam)",
               "phishing": "Other (phishing link or fake form)"}


def ncrp_summary(incident: Incident, contact: Contact, config: Config, flow=None) -> list[tuple[str, str]]:
    """The fields of a money-fraud complaint in the order cybercrime.gov.in asks them, to copy field by field."""
    fields = incident.fields or {}
    tz = config.tz
    bank = bank_named(config, fields.get("bank"))
    suspects = beneficiaries(config, fields.get("target"))
    return [
        ("Category of complaint", "Online Financial Fraud"),
        ("Sub-category (check on the portal)", SUBCATEGORY.get(str(fields.get("method")), "Other")),
        ("1930 acknowledgement no.", str(fields.get("ack_1930") or NOT_STATED)),
        ("Approximate date and time of incident", debit_time(incident, tz, NOT_STATED)),
        ("Where did the incident occur (district)", str(incident.district or fields.get("district") or NOT_STATED)),
        ("How it happened", method_label(flow, fields.get("method"))),
        ("Incident details", str(fields.get("initial_message") or NOT_STATED)),
        ("Bank / wallet / merchant", bank.name if bank else str(fields.get("bank") or NOT_STATED)),
        ("Transaction id / UTR", str(fields.get("utr") or NOT_STATED)),
        ("Date of transaction", incident.money_left_at.astimezone(tz).strftime("%d-%m-%Y") if incident.money_left_at
         else NOT_STATED),
        ("Fraud amount", formats.amount(losses.total(incident) if losses.several(incident) else incident.amount,
                                        "en", missing=NOT_STATED)),
        *([("Each debit", "; ".join(debit_line(d, tz) for d in losses.debits(incident)))]
          if losses.several(incident) else []),
        ("Suspect details", "; ".join(s.line() for s in suspects) or NOT_STATED),
        ("Complainant name", str(fields.get("name") or NOT_STATED)),
        ("Complainant mobile", resident_phone(contact, incident) or NOT_STATED),
        ("Helpline reference", incident.reference),
    ]
