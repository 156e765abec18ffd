"""The banks' side of a case: whom a freeze request went to and when, the bank's reply and reference, the amount
held and later refunds. One row per case and bank; every change is an audit row. `money_lost_vs_held` is what the
supervisors' figures read."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from . import losses
from .cases import record
from ..store.db import in_period
from ..store.models.cases import BankAnswer, Case
from ..store.models.residents import Incident


class BankAnswerError(ValueError):
    """A bad value from the officer (the message says which)."""


def _row(session: Session, case: Case, bank: str, actor: str, now: datetime) -> BankAnswer:
    bank = " ".join(bank.split())[:120]
    if len(bank) < 2:
        raise BankAnswerError("name the bank")
    row = session.scalar(select(BankAnswer).where(BankAnswer.case_id == case.id, BankAnswer.bank == bank))
    if row is None:
        row = BankAnswer(case_id=case.id, bank=bank, updated_by=actor, updated_at=now)
        session.add(row)
    return row


def record_sent(session: Session, case: Case, bank: str, sent_to: str, how: str, actor: str, now: datetime,
                **detail) -> BankAnswer:
    row = _row(session, case, bank, actor, now)
    row.sent_to, row.sent_at, row.sent_how = sent_to.strip()[:200], now, how
    row.updated_by, row.updated_at = actor, now
    record(session, case, actor, "freeze_request_sent", now, bank=row.bank, sent_to=row.sent_to, how=how, **detail)
    return row


def amount(text: str | None) -> Decimal | None:
    """An officer's figure: "2,00,000", "200000.50", "₹ 5,000"; empty is None."""
    cleaned = (text or "").replace(",", "").replace("₹", "").replace("Rs", "").strip()
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise BankAnswerError(f"{text!r} is not an amount") from None
    if value < 0 or value >= Decimal("1e12"):
        raise BankAnswerError(f"{text!r} is not an amount")
    return value.quantize(Decimal("0.01"))


def record_answer(session: Session, case: Case, bank: str, actor: str, now: datetime, *, reply: str = "",
                  reference: str = "", held: str = "", refunded: str = "") -> BankAnswer:
    """The bank's reply as the officer records it; blank fields leave what was there."""
    row = _row(session, case, bank, actor, now)
    changed: dict[str, str] = {}
    if reply.strip():
        row.reply, row.replied_at = reply.strip()[:2000], row.replied_at or now
        changed["reply"] = row.reply[:200]
    if reference.strip():
        row.bank_reference = reference.strip()[:80]
        changed["reference"] = row.bank_reference
    if held.strip():
        row.amount_held = amount(held)
        changed["amount_held"] = str(row.amount_held)
    if refunded.strip():
        row.amount_refunded, row.refunded_at = amount(refunded), now
        changed["amount_refunded"] = str(row.amount_refunded)
    if not changed:
        raise BankAnswerError("write the bank's reply, reference, amount held or refund")
    row.updated_by, row.updated_at = actor, now
    record(session, case, actor, "bank_answer_recorded", now, bank=row.bank, **changed)
    return row


def of_case(session: Session, case_id: int) -> list[BankAnswer]:
    return list(session.scalars(select(BankAnswer).where(BankAnswer.case_id == case_id).order_by(BankAnswer.id)))


@dataclass
class MoneyFigures:
    lost: Decimal
    held: Decimal
    refunded: Decimal
    cases: int


def money_lost_vs_held(session: Session, since: datetime | None = None, until: datetime | None = None) -> MoneyFigures:
    """Money reported lost in the cases opened in [since, until), and what banks held and refunded of it."""
    cases = in_period(select(Case.id, Case.incident_id), Case.created_at, since, until).subquery()
    lost = sum((losses.added_up(losses.debits_of(*row)) or Decimal(0) for row in session.execute(  # every debit, as
        select(Incident.amount, Incident.money_left_at, Incident.fields)  # the queue's "in all" (session 16)
        .where(Incident.id.in_(select(cases.c.incident_id).distinct())))), Decimal(0))
    held, refunded = session.execute(
        select(func.coalesce(func.sum(BankAnswer.amount_held), 0), func.coalesce(func.sum(BankAnswer.amount_refunded), 0))
        .where(BankAnswer.case_id.in_(select(cases.c.id)))).one()
    count = session.scalar(select(func.count()).select_from(cases))
    return MoneyFigures(Decimal(lost), Decimal(held), Decimal(refunded), count)
