"""A report's fields as an officer reads them on the case page and in the audit log: "Time the money left", never
the stored key (``money_left_at``). The console is in English (README.md, "Officer console"); a field without a
label here is still shown as words ("Some new field"), and tests/test_console_trial_s15.py checks that every field
a flow saves has one."""
from __future__ import annotations

LABELS: dict[str, str] = {
    # what the money-loss report asks (flows/financial_fraud.yaml) and the bank freeze request uses
    "amount": "Amount lost (first debit)",
    "amount_debits": "Debits told together (amounts)",
    "amount_debit_utrs": "UTRs of the debits told together (each debit's)",
    "amount_demanded": "Amount demanded",
    "money_involved": "Money involved",
    "money_lost": "Money lost",
    "paid": "Paid the caller",
    "money_left_at": "Time the money left (first debit)",
    "money_left_at_by": "Money left by (latest possible time)",
    "money_left_at_approx": "Time of the first debit told roughly",
    "money_left_hour": "Hour the money left",
    "money_left_age": "How long ago the money left",
    "second_loss": "Further loss told later",
    "second_loss_amount": "Further losses (amount, added up)",
    "latest_loss_at": "Time of the latest loss",
    "later_losses": "Later debits (amount, time)",
    "method": "How the money was taken",
    "bank": "Victim's bank / wallet",
    "bank_told": "Bank told",
    "account_last_digits": "Victim's account (last digits)",
    "card_last_digits": "Victim's card (last digits)",
    "utr": "Transaction id / UTR",
    "target": "Where the money went (beneficiary)",
    "ack_1930": "1930 acknowledgement no.",
    "called_1930": "Called 1930",
    "portal_complaint": "NCRP complaint no.",
    "details_shared": "Typed card or bank details (nothing debited)",
    # who, where, how to reach the resident
    "name": "Victim's name",
    "district": "District",
    "place": "Place",
    "callback": "Number to call back",
    "wants_woman_officer": "Asks for a woman officer",
    # the other reports' questions
    "account": "Account",
    "account_id": "Account id / username",
    "platform": "Platform",
    "other_side": "The other person",
    "claimed_to_be": "Caller claimed to be",
    "official_contact": "Official contact",
    "happened_at": "When it happened",
    "crime": "What happened",
    "kind": "Kind",
    "targeted": "Who was targeted",
    "threat": "Threat",
    "life_threat": "Threat to life",
    "danger": "Danger",
    "ongoing": "Still happening",
    "stolen": "Stolen",
    "lost_number": "Number of the lost phone",
    "model": "Phone model",
    "imei": "IMEI",
    # what the bot and officers add
    "priority": "Priority",
    "priority_note": "Priority note",
    "report_state": "Report state",
}


def label(key: str) -> str:
    """The words for a field key ("money_left_at" -> "Time the money left (first debit)"); an unknown key as words."""
    text = str(key)
    return LABELS.get(text) or text.replace(".", " ").replace("_", " ").strip().capitalize()
