"""Find any case: by reference (CS-…), case number (#12), phone number in any format (phonenumbers), name, UPI id,
UTR, account, the 1930 / NCRP numbers, or a label; with filters (open / closed / all, mine, priority, status,
category, district, dates in the unit's zone). A fixed number of queries whatever the number of cases."""
from __future__ import annotations

import json
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import phonenumbers
from sqlalchemy import String, and_, cast, exists, func, or_, select
from sqlalchemy.orm import Session

from ..e164 import e164, whatsapp_address
from ..store.models.cases import OPEN, Case, CaseLabel
from ..store.models.residents import Contact, Incident

# A reference as written or read over the phone: "CS-261130-C0S4", "cs 261130 c0s4", "CS261130C0S4", "CS-26113O-COS4",
# and read out a letter at a time, "C S 261130 C 0 S 4": any spaces, dashes, dots between any two characters.
_SEPARATORS = re.compile(r"[\s\-_./]+")
_REFERENCE = re.compile(r"^((?:[A-Za-z][\s\-_./]*){2,4})((?:[0-9OoIiLl][\s\-_./]*){6})((?:[A-Za-z0-9][\s\-_./]*){3,8})$")
# References are made from Crockford's alphabet (bot/cases/incidents.py), which has no I, L or O: a letter that
# looks like a digit is that digit. U is not in it either, and nothing looks like it.
_LOOK_ALIKE = str.maketrans({"O": "0", "I": "1", "L": "1"})
_CASE_NUMBER = re.compile(r"^#?(\d{1,9})$")
STATUSES = {"open": OPEN, "closed": ("closed",), "waiting": ("waiting",),
            "claimed": ("claimed",), "returned": ("returned",)}


@dataclass
class Filters:
    status: str = "all"  # all, open, closed, waiting, claimed, returned
    mine: bool = False
    priority: str = ""
    category: str = ""
    district: str = ""
    label: str = ""
    since: date | None = None
    until: date | None = None  # inclusive


@dataclass
class Found:
    rows: list[tuple[Case, Incident | None, Contact]] = field(default_factory=list)
    total: int = 0
    exact: Case | None = None  # a reference or case number that names exactly one case: open it in one step
    phone: str | None = None  # the query read as a phone number (E.164)


def _like(text: str) -> str:
    """A LIKE pattern for ``text`` inside JSON as SQLAlchemy stores it (json.dumps writes non-ASCII as a \\u escape of four hex digits)."""
    escaped = json.dumps(text.lower())[1:-1]
    return "%" + escaped.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%"


def read_phone(query: str) -> str | None:
    digits = re.sub(r"[\s\-().]", "", query)
    if not re.fullmatch(r"\+?\d{8,15}", digits):
        return None
    return e164(query, "IN", valid=True)


def read_reference(query: str) -> str | None:
    """The reference ``query`` names, in the form references are stored (``CS-261130-C0S4``), or None."""
    match = _REFERENCE.match(query.strip())
    if not match:
        return None
    prefix, day, code = (_SEPARATORS.sub("", part).upper() for part in match.groups())
    return f"{prefix}-{day.translate(_LOOK_ALIKE)}-{code.translate(_LOOK_ALIKE)}"


def _conditions(query: str) -> tuple[list, str | None, bool]:
    """(OR-ed conditions, phone, exact) for the query."""
    query = " ".join(query.split())
    reference = read_reference(query)
    if reference:
        return [Incident.reference == reference], None, True
    number = _CASE_NUMBER.match(query)
    phone = read_phone(query)
    if phone:
        national = str(phonenumbers.parse(phone).national_number)
        return [Contact.phone == phone, Contact.sender.in_((phone, whatsapp_address(phone))),
                func.lower(cast(Incident.fields, String)).like(f"%{national}%")], phone, False
    if number and len(number.group(1)) <= 6:
        return [Case.id == int(number.group(1))], None, True
    pattern = _like(query)
    return [func.lower(Incident.reference).like(pattern, escape="!"),
            func.lower(cast(Incident.fields, String)).like(pattern, escape="!"),
            func.lower(Contact.display_name).like(pattern, escape="!"),
            exists().where(CaseLabel.case_id == Case.id, CaseLabel.label == query.lower())], None, False


def _local_day_start(day: date, tz) -> datetime:
    return datetime.combine(day, time(0), tz)


def find(session: Session, query: str, filters: Filters, actor: str, tz, limit: int = 50, offset: int = 0,
         hidden: Collection[int] = ()) -> Found:
    """The cases matching; ``hidden`` (cases the officer may not see) are neither listed nor counted, but a
    reference or case number that names one is still ``exact`` (its page refuses it, and audits the attempt)."""
    query = (query or "").strip()[:120]
    found = Found()
    where = []
    exact = False
    if query:
        conditions, found.phone, exact = _conditions(query)
        where.append(or_(*conditions))
    if hidden and not exact:
        where.append(Case.id.not_in(list(hidden)))
    if filters.status in STATUSES:
        where.append(Case.status.in_(STATUSES[filters.status]))
    if filters.mine:
        where.append(Case.claimed_by == actor)
    if filters.priority:
        where.append(Case.priority == filters.priority)
    if filters.category:
        where.append(or_(Incident.category == filters.category, and_(Incident.id.is_(None), Case.reason == filters.category)))
    if filters.district:
        where.append(func.lower(Incident.district) == filters.district.lower())
    if filters.label:
        where.append(exists().where(CaseLabel.case_id == Case.id, CaseLabel.label == filters.label.lower()))
    if filters.since:
        where.append(Case.created_at >= _local_day_start(filters.since, tz))
    if filters.until:
        where.append(Case.created_at < _local_day_start(filters.until + timedelta(days=1), tz))
    base = (select(Case, Incident, Contact).join(Contact, Contact.id == Case.contact_id)
            .outerjoin(Incident, Incident.id == Case.incident_id).where(*where))
    found.total = session.scalar(select(func.count()).select_from(base.subquery()))
    found.rows = [tuple(row) for row in session.execute(base.order_by(Case.created_at.desc(), Case.id.desc())
                                                        .limit(limit).offset(offset))]
    if exact and found.total == 1:
        found.exact = found.rows[0][0]
    return found


def choices(session: Session) -> dict[str, list[str]]:
    """The values the filters offer: categories and districts seen in cases."""
    categories = sorted({c for c in session.scalars(select(Incident.category).distinct()) if c}
                        | {r for r in session.scalars(select(Case.reason).where(Case.incident_id.is_(None)).distinct()) if r})
    districts = sorted({d for d in session.scalars(select(Incident.district).distinct()) if d})
    labels = sorted(set(session.scalars(select(CaseLabel.label).distinct())))
    return {"categories": categories, "districts": districts, "labels": labels}
