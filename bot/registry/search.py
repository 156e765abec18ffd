"""The officers' search of the scam-identifier registry (the console's registry page): identifiers whose value holds
what was typed, in any of the forms it may be stored in, filtered by kind, status, district and period. A trigram
index serves "contains" on both databases (migration 0003: pg_trgm on PostgreSQL, FTS5 on SQLite). Cut from
bot/registry/records.py (session 20), which records and checks identifiers; searching them is this module's one idea.
"""
from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any, Sequence
from weakref import WeakKeyDictionary

from sqlalchemy import Integer, cast, column, or_, select, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Session

from ..store.models.registry import Identifier
from .normalising import RefusedIdentifier, expand, kind_of
from .records import STATUSES, _aware

__all__ = ["search", "search_fragments"]

_FTS_READY: "WeakKeyDictionary[Any, bool]" = WeakKeyDictionary()


def _sqlite_fts(session: Session) -> bool:
    """Whether the SQLite trigram index (identifiers_fts, made by migration 0003) is there."""
    bind = session.get_bind()
    engine = getattr(bind, "engine", bind)
    if engine not in _FTS_READY:
        _FTS_READY[engine] = session.scalar(
            text("SELECT count(*) FROM sqlite_master WHERE name = 'identifiers_fts'")) == 1
    return _FTS_READY[engine]


def search_fragments(query: str) -> list[str]:
    """What a search for ``query`` looks for inside stored values: the query as typed (lower-case,
    scheme and ``www.`` dropped), its digits when it is a number with spaces or dashes, and its
    canonical form as each kind that accepts it (``"098765 43210"`` -> ``"+919876543210"``)."""
    q = (query or "").strip()
    if not q:
        return []
    found: dict[str, None] = {}
    lowered = re.sub(r"^[a-z]+://", "", q.lower())
    lowered = lowered[4:] if lowered.startswith("www.") else lowered
    if re.fullmatch(r"[\d\s()+\-./]+", q):
        digits = re.sub(r"\D", "", q)
        if digits:
            found[("+" if q.startswith("+") else "") + digits] = None
            found[digits] = None
    else:
        found[lowered.rstrip("/")] = None
    for kind in ("phone", "upi", "email", "account", "imei", "url", "handle"):
        try:
            for _, value in expand(kind, q):
                found.setdefault(value, None)
        except RefusedIdentifier:
            pass
    # A fragment that contains another adds nothing to an OR of "contains": keep the shorter one.
    fragments = [f for f in found if f]
    return [f for f in fragments if not any(f != g and g in f for g in fragments)]


def _like_escape(fragment: str) -> str:
    return fragment.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _glob_escape(fragment: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", fragment)


def _contains(session: Session, fragment: str):
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":  # pg_trgm GIN index (migration 0003) serves ILIKE '%...%'
        return Identifier.value.ilike(f"%{_like_escape(fragment)}%", escape="\\")
    if dialect == "sqlite" and len(fragment) >= 3 and _sqlite_fts(session):
        if "_" in fragment or "%" in fragment:  # FTS5 can only index a LIKE without wildcards
            sub = text("SELECT rowid FROM identifiers_fts WHERE value GLOB :p").bindparams(
                p=f"*{_glob_escape(fragment)}*").columns(column("rowid", Integer))
        else:
            sub = text("SELECT rowid FROM identifiers_fts WHERE value LIKE :p").bindparams(
                p=f"%{fragment}%").columns(column("rowid", Integer))
        return Identifier.id.in_(sub)
    return Identifier.value.like(f"%{_like_escape(fragment)}%", escape="\\")


def _district_filter(session: Session, district: str):
    if session.get_bind().dialect.name == "postgresql":
        return cast(Identifier.districts, JSONB).contains([district])
    return text("EXISTS (SELECT 1 FROM json_each(identifiers.districts) WHERE json_each.value = :district)"
                ).bindparams(district=district)


def search(session: Session, query: str | None = None, kind: str | Sequence[str] | None = None,
           status: str | Sequence[str] | None = None, district: str | None = None,
           since: datetime | date | None = None, until: datetime | date | None = None,
           limit: int = 50, offset: int = 0) -> list[Identifier]:
    """Identifiers matching ``query`` anywhere in their value (see :func:`search_fragments`), filtered
    by kind, status, district and the period they were reported in (last seen on or after ``since``,
    first seen on or before ``until``), most-reported first, then most recently seen."""
    stmt = select(Identifier)
    fragments = search_fragments(query or "")
    if fragments:
        stmt = stmt.where(or_(*[_contains(session, f) for f in fragments]))
    if kind:
        kinds = [kind_of(k) for k in ([kind] if isinstance(kind, str) else kind)]
        stmt = stmt.where(Identifier.kind.in_(kinds))
    if status:
        statuses = [status] if isinstance(status, str) else list(status)
        unknown = set(statuses) - set(STATUSES)
        if unknown:
            raise ValueError(f"unknown status {sorted(unknown)[0]!r}")
        stmt = stmt.where(Identifier.status.in_(statuses))
    if district:
        stmt = stmt.where(_district_filter(session, district))
    if since is not None:
        stmt = stmt.where(Identifier.last_seen_at >= _aware(since))
    if until is not None:
        stmt = stmt.where(Identifier.first_seen_at <= _aware(until, end=True))
    stmt = stmt.order_by(Identifier.report_count.desc(), Identifier.last_seen_at.desc(), Identifier.id.desc())
    return list(session.scalars(stmt.limit(max(1, min(int(limit), 1000))).offset(max(0, int(offset)))))
