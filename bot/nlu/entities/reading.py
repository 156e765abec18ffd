"""Every fact of one message at once (``read``, ``extract``): the message is prepared and its phone numbers
found once, and the amount and time kept parsed for the triage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from .amounts import amount_in
from .banks import bank_in
from .devices import imei_matches
from .links import email_matches, url_matches
from .payments import account_matches, payee_ifsc_matches, upi_matches, utr_matches, utrs_apart_from_accounts
from .phones import phone_matches
from .text import dedupe, prep
from .times import TimeAnswer, parse_time


def extract(text: str, now: datetime, tz: str = "Asia/Kolkata") -> dict:
    """Return every entity found in ``text`` as a JSON-ready dict with keys
    amount (float), time (UTC ISO-8601), time_label, phones, upi_ids, urls,
    emails, utrs, ifsc, accounts, bank and imeis.  Lists are empty and scalars
    None when absent; "I don't know when" gives time and time_label None here
    (use :func:`parse_time` to tell "unknown" from "not mentioned")."""
    return read(text, now, tz).found


@dataclass(frozen=True)
class Reading:
    """What :func:`read` found: the JSON-ready entities, and the amount and time as parsed (what
    :func:`parse_amount` and :func:`parse_time` give for the whole text), so that a caller needing
    them again (the triage) does not parse the message twice."""

    found: dict
    amount: Decimal | None
    when: TimeAnswer | None


def read(text: str, now: datetime, tz: str = "Asia/Kolkata") -> Reading:
    """:func:`extract`, keeping the parsed amount and time."""
    t = prep(text)
    phones_found = phone_matches(t)
    phone_spans = [(s, e) for s, e, _ in phones_found]
    ifsc = dedupe([m.group().upper() for m in payee_ifsc_matches(t)])
    amount = amount_in(t, phone_spans)
    when = parse_time(t, now, tz)
    accounts = account_matches(t, phone_spans, bool(ifsc))
    utrs = utrs_apart_from_accounts(t, utr_matches(t), accounts)
    return Reading(amount=amount, when=when, found={
        "amount": float(amount) if amount is not None else None,
        "time": when.at.isoformat() if when and when.at else None,
        "time_label": when.label if when and when.at else None,
        "phones": dedupe([p for _, _, p in phones_found]),
        "upi_ids": dedupe([m.group().lower() for m in upi_matches(t)]),
        "urls": dedupe([u for _, _, u in url_matches(t)]),
        "emails": dedupe([m.group().lower() for m in email_matches(t)]),
        "utrs": dedupe([u for _, _, u in utrs]),
        "ifsc": ifsc,
        "accounts": dedupe([a for _, _, a in accounts]),
        "bank": bank_in(t),
        "imeis": dedupe([i for _, _, i in imei_matches(t)]),
    })
