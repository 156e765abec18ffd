"""Every debit a report holds: the first loss (the report's amount and time) and each later one the resident told
("They took another 5000 just now", bot/conversation/golden.py), or several told in one message ("pehle 10000 fir
10000 fir 5000 kat gaye", ``amount_debits``: the report's amount is their total), so the officers' alert, the queue row, the bank
freeze request and the NCRP summary all show the freshest loss and the total, not only the first.

Later losses are read from ``later_losses`` (one ``{"amount", "at", "approx", "time_told"}`` per loss told; without a
time told, ``at`` is when the resident told it, and a bank is told the debit's time is not known); reports recorded before that
list existed have only ``second_loss_amount`` (the later losses added up) and ``latest_loss_at`` (the newest one's
time): they count as one later debit, said to be the later losses together.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal

from ..store.models.residents import Incident


@dataclass(frozen=True)
class Debit:
    amount: Decimal | None  # None: the resident did not say how much
    at: datetime | None     # None: not told when
    first: bool             # the report's own loss (the others were told later)
    together: bool = False  # older reports: several later losses recorded as one sum
    approx: bool = False    # its time was told roughly ("aaj subah", "around 9"): a bank reads "about"
    time_told: bool = True  # False: "another 5000 gone", no time said; ``at`` is when we were told (for priority)


def _when(value) -> datetime | None:
    if not value:
        return None
    try:
        at = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return at if at.tzinfo else at.replace(tzinfo=timezone.utc)


def _money(value) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        return None
    try:
        return Decimal(str(value))
    except ArithmeticError:
        return None


def _aware(at: datetime | None) -> datetime | None:
    return at if at is None or at.tzinfo else at.replace(tzinfo=timezone.utc)


def _first_told(amount, parts) -> list[Decimal | None]:
    """The report's own debits: the several told in one message ("pehle 10000 fir 10000 fir 5000 kat gaye",
    ``amount_debits``) while they still add up to its amount (a corrected amount is one debit), else its amount."""
    if isinstance(parts, list) and len(parts) > 1 and amount is not None:
        told = [_money(part) for part in parts]
        if None not in told and sum(told, Decimal(0)) == _money(amount):
            return told
    return [_money(amount)]


def debits(incident: Incident | None) -> list[Debit]:
    """The report's debits, the first one first (empty when no money left)."""
    if incident is None:
        return []
    fields = incident.fields or {}
    found: list[Debit] = []
    if incident.amount is not None or incident.money_left_at is not None:
        found += [Debit(amount, _aware(incident.money_left_at), True, approx=bool(fields.get("money_left_at_approx")))
                  for amount in _first_told(incident.amount, fields.get("amount_debits"))]
    later = fields.get("later_losses")
    if isinstance(later, list) and later:
        for item in later:
            if isinstance(item, dict):
                found.append(Debit(_money(item.get("amount")), _when(item.get("at")), False,
                                   approx=bool(item.get("approx")), time_told=item.get("time_told", True) is not False))
    elif fields.get("second_loss"):
        found.append(Debit(_money(fields.get("second_loss_amount")), _when(fields.get("latest_loss_at")), False,
                           together=True))
    return found


def latest(incident: Incident | None) -> Debit | None:
    """The freshest loss: the latest told with a time, else the last told."""
    found = debits(incident)
    if not found:
        return None
    timed = [d for d in found if d.at is not None]
    later = [d for d in found if not d.first]
    if later and later[-1].at is None:
        return later[-1]  # told after the first, "just now" without a time read: still the newest
    return max(reversed(timed), key=lambda d: d.at) if timed else found[-1]  # of one time, the last told


def total(incident: Incident | None) -> Decimal | None:
    """Every amount told, added up (None when no amount is known)."""
    amounts = [d.amount for d in debits(incident) if d.amount is not None]
    return sum(amounts, Decimal(0)) if amounts else None


def several(incident: Incident | None) -> bool:
    return len(debits(incident)) > 1
