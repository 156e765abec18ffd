"""The report's fields the bank freeze request uses, kept right after the bot's questions are over:

- ``told_in_chat``: what a resident writes while an officer holds the case ("UTR 334455667788", an account and
  its IFSC, a UPI id, an amount, a bank) is read with the understanding's own entity reader
  (bot/nlu/entities/reading.py) and added to the report, audited ``told_in_chat`` (the bot stays silent);
- ``correct``: an officer corrects the UTR, the beneficiary's accounts / IFSC / UPI ids, the victim's name, the
  last 4 digits of the victim's account / card, the amount or the victim's bank from the case page, one ``report_corrected`` audit row per field changed (before
  and after).

Both write the incident and the conversation that fills it (``write``), so the bot's next answer to the
resident does not copy the old value back over the officer's.
"""
from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import losses
from .cases import record
from ..nlu.entities.reading import extract
from ..store.models.cases import Case
from ..store.models.residents import Conversation, Incident

#: The fields an officer may correct, as the case page labels them (in the freeze request's order).
EDITABLE = {
    "name": "Victim's name",
    "bank": "Victim's bank / wallet",
    "account_last_digits": "Victim's account / card (last 4 digits)",
    "amount": "Amount debited (₹, the first debit)",
    "utr": "Transaction id / UTR",
    "target.accounts": "Beneficiary account number(s)",
    "target.ifsc": "Beneficiary IFSC",
    "target.upi_ids": "Beneficiary UPI id(s)",
}
#: The report's fields ``told_in_chat`` reads with the entity reader (the report's own questions read the rest)
ENTITIES = ("utr", "target", "amount", "bank")
_LAST4 = re.compile(r"^\d{4}$")
_UTR = re.compile(r"^[A-Za-z0-9]{6,35}$")
_ACCOUNT = re.compile(r"^\d{6,20}$")
_IFSC = re.compile(r"^[A-Z]{4}0[A-Z0-9]{6}$")
_UPI = re.compile(r"^[\w.\-]{2,64}@[A-Za-z][A-Za-z0-9.\-]{1,32}$")


class ReportFieldError(ValueError):
    """A correction that cannot be kept (the message says why)."""


def _target(fields: dict) -> dict:
    target = fields.get("target")
    if isinstance(target, dict):
        return {key: (list(value) if isinstance(value, list) else value) for key, value in target.items()}
    return {"description": str(target)} if target else {}


def current(incident: Incident) -> dict[str, str]:
    """The editable fields as the form shows them (lists joined with ", ")."""
    fields = incident.fields or {}
    target = _target(fields)
    shown = {}
    for key in EDITABLE:
        value = target.get(key.split(".", 1)[1]) if key.startswith("target.") else fields.get(key)
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        elif isinstance(value, float) and value == int(value):
            value = int(value)
        shown[key] = "" if value is None or value is False else str(value)
    return shown


def write(session: Session, incident: Incident, values: dict, now: datetime) -> None:
    """Set report fields (``None`` removes one) on the incident and on every conversation filling it."""
    def apply(fields: dict) -> dict:
        fields = dict(fields or {})
        for key, value in values.items():
            if value is None:
                fields.pop(key, None)
            else:
                fields[key] = value
        return fields
    incident.fields = apply(incident.fields)
    if "amount" in values:
        amount = values["amount"]
        incident.amount = Decimal(str(amount)) if isinstance(amount, (int, float)) else None
    incident.updated_at = now
    for conv in session.scalars(select(Conversation).where(Conversation.incident_id == incident.id)):
        conv.fields = apply(conv.fields)


# -- what the resident tells the officer ----------------------------------------------------------------------
def told_in_chat(session: Session, case: Case, text: str, now: datetime, tz: str, kept: dict | None = None) -> dict:
    """Add the facts of a resident's message on a claimed case to its report (new ones only); audited, with
    ``kept``: the report's answers the turn already read in it and wrote (``ReportAnswers.told_in_hold``: the 1930
    number, the account's last digits, the name)."""
    incident = session.get(Incident, case.incident_id) if case.incident_id else None
    if incident is None or not (text or "").strip():
        return {}
    found = extract(text, now, tz)
    fields = incident.fields or {}
    values: dict = {}
    added: dict = {}
    known_utr = losses.utrs_of(fields.get("utr"))  # no "utr" yet when the case was claimed before the bot asked it
    utrs = [u for u in found["utrs"] if u not in known_utr]
    if utrs:
        values["utr"] = ", ".join(known_utr + utrs)
        added["utr"] = utrs
    target = _target(fields)
    for key in ("accounts", "ifsc", "upi_ids"):
        new = [v for v in found[key] if v not in (target.get(key) or [])]
        if new:
            target[key] = [*(target.get(key) or []), *new]
            added[key] = new
    if any(key in added for key in ("accounts", "ifsc", "upi_ids")):
        values["target"] = target
    if found["amount"] is not None and fields.get("amount") in (None, False):
        amount = found["amount"]
        values["amount"] = int(amount) if amount == int(amount) else amount
        added["amount"] = values["amount"]
    if found["bank"] and not fields.get("bank"):
        values["bank"] = added["bank"] = found["bank"]
    if values:
        write(session, incident, values, now)
    added = {**{key: value for key, value in (kept or {}).items() if key not in added}, **added}
    if added:
        record(session, case, "resident", "told_in_chat", now, **added)
    return added


def further_debit(session: Session, case: Case, incident: Incident, amount: float, at: datetime, time_told: bool,
                  approx: bool, now: datetime, most: int) -> dict:
    """A further debit a resident tells after their money report was filed, its case still open ("aur 5000 kat gaye
    abhi"): kept beside the first loss as a debit told during the report is (``later_losses``, their total
    ``second_loss_amount``, the newest ``latest_loss_at``; bot/conversation/golden.py), the report's amount unchanged;
    audited. {} when the report already holds ``most`` later debits (an officer goes through the rest with the
    resident). A session-19 concept (a resident's trial, session 18: the case kept the old amount, the new debit lost)."""
    fields = incident.fields or {}
    later = list(fields.get("later_losses") or [])
    if len(later) >= most:
        return {}
    whole = int(amount) if amount == int(amount) else amount
    total = (fields.get("second_loss_amount") or 0) + whole
    latest = max([at.isoformat(), *([fields["latest_loss_at"]] if fields.get("latest_loss_at") else [])])
    values = {"second_loss": True, "second_loss_amount": int(total) if total == int(total) else total,
              "latest_loss_at": latest,
              "later_losses": [*later, {"amount": whole, "at": at.isoformat(), "time_told": time_told, "approx": approx}]}
    write(session, incident, values, now)
    record(session, case, "resident", "further_debit_told", now, reference=incident.reference, amount=whole,
           at=at.isoformat(), later_total=values["second_loss_amount"])
    return values


# -- an officer's corrections ---------------------------------------------------------------------------------
def _items(value: str) -> list[str]:
    return [item for item in re.split(r"[\s,;]+", value) if item]


def _clean(key: str, value: str):
    """The value an officer typed, checked, as the report keeps it (None: emptied)."""
    value = " ".join((value or "").split())
    if not value:
        return None
    if key == "name":
        if len(value) > 120:
            raise ReportFieldError("Victim's name: 120 characters at most")
        return value
    if key == "bank":
        if len(value) > 80:
            raise ReportFieldError("Victim's bank: 80 characters at most")
        return value
    if key == "account_last_digits":
        value = value.replace(" ", "").lstrip("xX*")  # "XXXX 5566", "**5566": the last four told
        if not _LAST4.match(value):
            raise ReportFieldError("Victim's account / card: its last 4 digits, like 5566")
        return value
    if key == "amount":
        try:
            amount = Decimal(value.replace(",", "").replace("₹", "").replace("Rs", "").strip())
        except InvalidOperation:
            raise ReportFieldError("Amount: a number of rupees, like 12000") from None
        if amount <= 0 or amount > Decimal("1e12"):
            raise ReportFieldError("Amount: a number of rupees, like 12000")
        return int(amount) if amount == int(amount) else float(amount)
    if key == "utr":
        items = _items(value)
        if not all(_UTR.match(item) for item in items):
            raise ReportFieldError("UTR: letters and digits only (6 to 35), several separated by commas")
        return ", ".join(items)
    items = _items(value)
    if key == "target.accounts" and not all(_ACCOUNT.match(item) for item in items):
        raise ReportFieldError("Beneficiary account: digits only (6 to 20), several separated by commas")
    if key == "target.ifsc":
        items = [item.upper() for item in items]
        if not all(_IFSC.match(item) for item in items):
            raise ReportFieldError("IFSC: 11 characters like HDFC0001234")
    if key == "target.upi_ids":
        items = [item.lower() for item in items]
        if not all(_UPI.match(item) for item in items):
            raise ReportFieldError("UPI id: like name@ybl")
    return items


def correct(session: Session, case: Case, actor: str, now: datetime, form: dict[str, str]) -> dict:
    """An officer's corrections of the fields the freeze request uses: one audit row per field changed."""
    incident = session.get(Incident, case.incident_id) if case.incident_id else None
    if incident is None:
        raise ReportFieldError("this case has no report to correct")
    before = current(incident)
    fields = incident.fields or {}
    target = _target(fields)
    values: dict = {}
    changed: dict = {}
    for key in EDITABLE:
        if key not in form:
            continue
        value = _clean(key, form[key])
        shown = ", ".join(value) if isinstance(value, list) else ("" if value is None else str(value))
        if shown == before[key]:
            continue
        if key.startswith("target."):
            target[key.split(".", 1)[1]] = value or []
            values["target"] = target
        else:
            values[key] = value
        changed[key] = (before[key], shown)
    if changed:
        write(session, incident, values, now)
        for key, (old, new) in changed.items():
            record(session, case, actor, "report_corrected", now, field=EDITABLE[key], before=old or None,
                   after=new or None)
    return changed
