"""Every debit a report holds: the first loss (the report's amount and time) and each later one the resident told
("They took another 5000 just now", bot/conversation/golden.py), or several told in one message ("pehle 10000 fir
10000 fir 5000 kat gaye", ``amount_debits``: the report's amount is their total; ``amount_debit_utrs``: each one's UTRs
when the message placed them), so the officers' alert, the queue row, the bank
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
    utrs: tuple[str, ...] = ()  # the UTRs told with this debit (the first: those not told with a later one)


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


def utrs_of(value) -> list[str]:
    """The UTRs a report's ``utr`` holds: one, or several comma separated (a list too)."""
    items = value if isinstance(value, list) else str(value or "").split(",")
    return [str(item).strip() for item in items if str(item).strip()]


def _own_utrs(value, count: int) -> list[tuple[str, ...]]:
    """``amount_debit_utrs`` (a list of UTR lists, one per debit told together) for ``count`` debits; nothing placed
    when it does not fit them (the amount corrected since: one debit)."""
    if isinstance(value, list) and len(value) == count > 1 and all(isinstance(utrs, list) for utrs in value):
        return [tuple(str(u) for u in utrs) for utrs in value]
    return [() for _ in range(count)]


def debits(incident: Incident | None) -> list[Debit]:
    """The report's debits, the first one first (empty when no money left)."""
    if incident is None:
        return []
    return debits_of(incident.amount, incident.money_left_at, incident.fields)


def debits_of(amount, money_left_at: datetime | None, fields: dict | None) -> list[Debit]:
    """``debits`` from an incident's columns (a query's row: the supervisors' figures add every debit up)."""
    fields = fields or {}
    found: list[Debit] = []
    later = fields.get("later_losses")
    later = [item for item in later if isinstance(item, dict)] if isinstance(later, list) else []
    told_later = {str(u) for item in later for u in (item.get("utrs") or [])} | \
        {str(u) for u in fields.get("utrs_unplaced") or []}  # told after a further debit, with none of its own
    if amount is not None or money_left_at is not None:
        first = _first_told(amount, fields.get("amount_debits"))
        own = _own_utrs(fields.get("amount_debit_utrs"), len(first))  # each debit told together: its own UTRs
        placed = {u for utrs in own for u in utrs}
        first_utrs = tuple(u for u in utrs_of(fields.get("utr")) if u not in told_later and u not in placed)
        found += [Debit(told, _aware(money_left_at), True, approx=bool(fields.get("money_left_at_approx")),
                        utrs=(*own[number], *(first_utrs if number == 0 else ())))
                  for number, told in enumerate(first)]
    if later:
        for item in later:
            found.append(Debit(_money(item.get("amount")), _when(item.get("at")), False,
                               approx=bool(item.get("approx")), time_told=item.get("time_told", True) is not False,
                               utrs=tuple(str(u) for u in item.get("utrs") or [])))
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
    return added_up(debits(incident))


def added_up(found: list[Debit]) -> Decimal | None:
    amounts = [d.amount for d in found if d.amount is not None]
    return sum(amounts, Decimal(0)) if amounts else None


def several(incident: Incident | None) -> bool:
    return len(debits(incident)) > 1
