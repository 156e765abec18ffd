"""The bank freeze request: what a bank's nodal officer needs to hold defrauded money."""
from __future__ import annotations

from . import formats
from .models import Contact, Incident


def _ids(value) -> list[str]:
    if isinstance(value, dict):
        return [item for key in ("upi_ids", "accounts", "ifsc", "phones", "urls") for item in value.get(key, [])] + (
            [value["description"]] if value.get("description") else [])
    return [str(value)] if value else []


def freeze_request(incident: Incident, contact: Contact, tz) -> str:
    """Plain text ready to copy, download or send to the victim bank's / beneficiary bank's nodal officer."""
    fields = incident.fields
    when = formats.local_time(incident.money_left_at, tz) if incident.money_left_at else \
        "not known (reported " + formats.local_time(incident.created_at, tz) + ")"
    amount = formats.amount(incident.amount, "en", missing="not stated")
    account = fields.get("account_last_digits") or fields.get("card_last_digits") or "not stated"
    lines = [
        "Subject: Request to hold / freeze defrauded funds - cyber fraud complaint " + incident.reference,
        "",
        "To the Nodal Officer,",
        f"A resident has reported an unauthorised debit (cyber fraud). Please hold the amount in the beneficiary",
        "account(s) below and share the transaction trail.",
        "",
        f"Reference number: {incident.reference}",
        f"Victim: {fields.get('name') or 'not stated'}",
        f"Victim's phone: {fields.get('callback') or contact.phone or 'not stated'}",
        f"Victim's bank / wallet: {fields.get('bank') or 'not stated'}",
        f"Account or card (last digits): {account}",
        f"Amount: {amount}",
        f"Date and time of the debit: {when}",
        f"Transaction id / UTR: {fields.get('utr') or 'not stated'}",
        f"Beneficiary (UPI id / account / IFSC / number / site): {', '.join(_ids(fields.get('target'))) or 'not stated'}",
        f"How it happened: {fields.get('method') or 'not stated'}",
        "",
        "Issued by the district cyber cell. Please acknowledge on receipt.",
    ]
    return "\n".join(lines)
