"""The scam-identifier registry's records: numbers, UPI ids, accounts, links, e-mails, handles, apps and IMEIs
that residents report, each linked to the incidents that named it, with a status an officer sets.

A SQLAlchemy ``Session`` and ``now`` in, no commit (the caller owns the transaction): :func:`record_incident`,
:func:`lookup`, :func:`check_text`, :func:`set_status`, :func:`link`, :func:`graph`, :func:`figures`
(the officers' search: bot/registry/search.py). Values are stored only in their canonical form (bot/registry/normalising.py).
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timezone
from functools import lru_cache
from typing import Any, Collection, Iterable, Sequence

from sqlalchemy import String, and_, bindparam, func, literal, or_, select, text, true, union_all
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..nlu import domains
from ..store.db import dialect_insert
from ..store.models.registry import (
    Identifier, IdentifierLink, IdentifierReport, IdentifierSource, IdentifierStatusEvent,
)
from ..store.models.residents import Incident
from .normalising import (
    RefusedIdentifier, _add, _add_accounts, _platform_name, identifiers_in, normalise,
    normalise_domain, normalise_phone, primary_key,
)

__all__ = [
    "STATUSES",
    "Check",
    "Graph",
    "Recorded",
    "check_text",
    "entry_kind",
    "exclusions",
    "figures",
    "graph",
    "identifiers_of_incident",
    "incidents_naming",
    "link",
    "lookup",
    "record_incident",
    "set_status",
]


STATUSES = ("reported", "verified_scam", "sent_for_blocking", "blocked", "cleared")


# --------------------------------------------------------------------------
# The registry
# --------------------------------------------------------------------------

#: Incident fields that hold what the other side used (dicts from the `target` answer, or text).
SUSPECT_FIELDS = ("target", "other_side", "initial_message", "description", "app", "app_name", "website")
#: Incident fields that hold the resident's own identifiers: never recorded, and removed from the rest.
OWN_FIELDS = ("callback", "lost_number", "account_id", "phone")
#: The dict keys `answers.target_of` gives, and the kind each holds.
TARGET_KEYS = {"phones": "phone", "upi_ids": "upi", "urls": "url", "emails": "email", "imeis": "imei",
               "handles": "handle", "apps": "app", "domains": "domain"}


#: How an incident names an identifier: a ``report`` counts; a ``check`` (a resident only asked) never does.
REPORT, CHECK = "report", "check"


def entry_kind(incident: Incident) -> str:
    """What a police unit counts (README.md, "A check is not a report"): every report names its
    identifiers as reports, except a suspicious-contact check where the resident did not say the number,
    link or message targeted them (``targeted``: a call, message or payment request they received)."""
    if incident.category == "suspicious_contact" and (incident.fields or {}).get("targeted") is not True:
        return CHECK
    return REPORT


@dataclass(frozen=True)
class Recorded:
    """One identifier an incident names, after recording: how many other incidents in this unit reported
    it (``others``), how many reports other units shared (``elsewhere``), its status, and whether this
    incident counted as a report of it (``counted``; False for a check or the same resident's repeat)."""

    identifier_id: int
    kind: str
    value: str
    others: int
    elsewhere: int
    status: str
    counted: bool = True


@dataclass(frozen=True)
class Check:
    """What a resident may be told about one identifier: never who reported it or where.

    ``report_count`` is the number of reports in this unit that named it (checks never count); 0 with
    ``status`` None means no reports yet (which does not mean it is safe). ``status`` is None too for an
    identifier only ever checked, never reported nor given a status by an officer."""

    kind: str
    value: str
    report_count: int
    status: str | None
    elsewhere: int = 0

    @property
    def known(self) -> bool:
        return self.status is not None


@dataclass
class Graph:
    """Identifiers around one identifier: ``nodes`` (dicts: id, kind, value, report_count, status,
    depth) and ``edges`` (dicts: a, b, reason)."""

    root: int
    nodes: list[dict[str, Any]] = field(default_factory=list)
    edges: list[dict[str, Any]] = field(default_factory=list)
    truncated: bool = False

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def _aware(value: datetime | date | None, end: bool = False) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, datetime):
        value = datetime.combine(value, time.max if end else time.min)
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value


def _target_pairs(value: Any, platform: str | None) -> list[tuple[str, str]]:
    out: dict[tuple[str, str], None] = {}
    if isinstance(value, str):
        return identifiers_in(value, platform)
    if not isinstance(value, dict):
        return []
    accounts = [str(a) for a in value.get("accounts") or []]
    _add_accounts(out, accounts, [str(i) for i in value.get("ifsc") or []])
    for key, kind in TARGET_KEYS.items():
        for item in value.get(key) or []:
            _add(out, kind, str(item), platform=platform)
    for key in ("description", "text"):
        if isinstance(value.get(key), str):
            for pair in identifiers_in(value[key], platform):
                out.setdefault(pair, None)
    return list(out)


def _own_pairs(incident: Incident, fields: dict[str, Any]) -> set[tuple[str, str]]:
    """The resident's own identifiers: their number, callback number, lost number, hacked account."""
    own: set[tuple[str, str]] = set()
    contact = incident.contact if incident.contact_id else None
    values: list[Any] = [fields.get(name) for name in OWN_FIELDS]
    if contact is not None:
        values += [contact.phone, contact.sender]
    for value in dict.fromkeys(values):  # the contact's number and sender are usually the same
        if isinstance(value, str) and value.strip():
            own |= _own_of(value)
    return own


@lru_cache(maxsize=1024)
def _own_of(value: str) -> frozenset[tuple[str, str]]:
    """What one of the resident's own values stands for (a pure function of the text: a resident's number is
    read again at every answer of their report, so it is kept)."""
    own = set(identifiers_in(value))
    for kind in ("phone", "email", "upi"):
        try:
            own.add((kind, normalise(kind, value)))
        except RefusedIdentifier:
            pass
    return frozenset(own)


def incident_identifiers(incident: Incident, exclude: Iterable[tuple[str, str]] = ()) -> list[tuple[str, str]]:
    """The (kind, canonical) pairs an incident names as the other side, in a stable order.

    Read from ``target``/``other_side`` (the dict `answers.target_of` gives, or text),
    ``initial_message`` and the IMEI of a lost or stolen phone. The resident's own identifiers
    (``callback``, ``lost_number``, ``account_id``, the contact's number) are never recorded: a victim's
    number must not turn up in a scam list or a blocking upload. ``exclude`` removes more (the unit's
    official numbers, the allowed link hosts)."""
    fields = incident.fields or {}
    platform = fields.get("platform") if isinstance(fields.get("platform"), str) else None
    platform = _platform_name(platform) if platform else None
    found: dict[tuple[str, str], None] = {}
    for name in SUSPECT_FIELDS:
        if name in fields:
            for pair in _target_pairs(fields[name], platform):
                found.setdefault(pair, None)
    imei = fields.get("imei")
    if isinstance(imei, str):
        _add(found, "imei", imei)
    drop = _own_pairs(incident, fields) | set(exclude)
    domains = {value for kind, value in drop if kind == "domain"}
    return [pair for pair in found if pair not in drop
            and not (pair[0] == "url" and domains and _domain_of_url(pair[1]) in domains)][:60]


def _domain_of_url(canonical: str) -> str:
    host = re.split(r"[/?:]", canonical, maxsplit=1)[0]
    return domains.registered_domain(host)


def exclusions(hosts: Iterable[str] = (), numbers: Iterable[str] = ()) -> set[tuple[str, str]]:
    """Pairs for ``record_incident(exclude=...)``: the unit's allowed link hosts (``config.allowed_link_hosts``:
    their domains and every URL on them) and official numbers, which a report may quote but which are
    never the scammer's."""
    return set(_exclusions(tuple(hosts), tuple(numbers)))


@lru_cache(maxsize=64)
def _exclusions(hosts: tuple[str, ...], numbers: tuple[str, ...]) -> frozenset[tuple[str, str]]:
    """:func:`exclusions`, kept per configuration (a unit's allowed hosts are normalised once, not at every
    answer of a report: 18 hosts cost ~2 ms)."""
    out: set[tuple[str, str]] = set()
    for host in hosts:
        try:
            out.add(("domain", normalise_domain(host)))
        except RefusedIdentifier:
            pass
    for number in numbers:
        try:
            out.add(("phone", normalise_phone(number)))
        except RefusedIdentifier:
            pass
    return frozenset(out)


def _lock(session: Session, kind: str, value: str) -> Identifier | None:
    return session.scalars(
        select(Identifier).where(Identifier.kind == kind, Identifier.value == value).with_for_update()
    ).first()


def _upsert(dialect: str):
    """``INSERT … ON CONFLICT (kind, value) DO UPDATE … RETURNING``: every identifier of a list, new or known, locked
    (the conflict's no-op update takes the row lock a ``SELECT … FOR UPDATE`` took) and returned in one statement
    (issue 17). The update leaves ``value`` alone, so SQLite's search index triggers do not fire."""
    statement = dialect_insert(dialect, Identifier)
    return statement.on_conflict_do_update(index_elements=["kind", "value"],
                                           set_={"kind": statement.excluded.kind}).returning(Identifier)


_UPSERT = {name: _upsert(name) for name in ("sqlite", "postgresql")}


def _get_or_create_all(session: Session, pairs: Sequence[tuple[str, str]], now: datetime) -> dict[tuple[str, str],
                                                                                                   Identifier]:
    """The identifiers of ``pairs`` (sorted: rows are locked in that order), made when new, locked, in one statement."""
    if not pairs:
        return {}
    rows = [dict(kind=kind, value=value, first_seen_at=now, last_seen_at=now, report_count=0, status="reported",
                 status_detail={}, districts=[], source="local") for kind, value in pairs]
    with session.no_autoflush:
        found = session.scalars(_UPSERT[session.get_bind().dialect.name], rows,
                                execution_options={"populate_existing": True}).all()
    return {(identifier.kind, identifier.value): identifier for identifier in found}


def _get_or_create(session: Session, kind: str, value: str, now: datetime) -> Identifier:
    return _get_or_create_all(session, [(kind, value)], now)[(kind, value)]


def refresh(session: Session, identifier: Identifier) -> None:
    """Recompute an identifier's count, first/last seen and districts from its reports (and the
    dates other units shared); idempotent."""
    count, first, last = session.execute(
        select(func.count(IdentifierReport.id).filter(IdentifierReport.kind == REPORT),
               func.min(IdentifierReport.seen_at), func.max(IdentifierReport.seen_at))
        .where(IdentifierReport.identifier_id == identifier.id)
    ).one()
    src_first, src_last = session.execute(
        select(func.min(IdentifierSource.first_seen_at), func.max(IdentifierSource.last_seen_at))
        .where(IdentifierSource.identifier_id == identifier.id)
    ).one()
    districts = sorted(d for d in session.scalars(
        select(IdentifierReport.district).where(IdentifierReport.identifier_id == identifier.id,
                                                IdentifierReport.kind == REPORT).distinct()
    ) if d)
    _set_figures(identifier, count, first, last, districts, src_first, src_last)


def _set_figures(identifier: Identifier, count: int, first, last, districts: list[str], src_first, src_last) -> None:
    """Write what ``refresh`` computed (only what differs, so an unchanged identifier is not updated)."""
    firsts = [d for d in (first, src_first) if d is not None]
    lasts = [d for d in (last, src_last) if d is not None]
    if identifier.report_count != count:
        identifier.report_count = count
    if firsts and identifier.first_seen_at != min(firsts):
        identifier.first_seen_at = min(firsts)
    if lasts and identifier.last_seen_at != max(lasts):
        identifier.last_seen_at = max(lasts)
    if list(identifier.districts or []) != districts:
        identifier.districts = districts


def _forget_if_orphan(session: Session, identifier: Identifier) -> bool:
    """Delete an identifier no report, check, file, officer or status names any more (a corrected typo)."""
    if identifier.report_count or identifier.status != "reported" or identifier.source != "local":
        return False
    for model, owner in ((IdentifierReport, IdentifierReport.identifier_id),
                         (IdentifierSource, IdentifierSource.identifier_id),
                         (IdentifierStatusEvent, IdentifierStatusEvent.identifier_id)):
        if session.scalar(select(func.count()).select_from(model).where(owner == identifier.id)):
            return False
    links = session.scalar(select(func.count()).select_from(IdentifierLink).where(
        or_(IdentifierLink.a_id == identifier.id, IdentifierLink.b_id == identifier.id)))
    if links:
        return False
    session.delete(identifier)
    return True


def _elsewhere(session: Session, ids: Sequence[int]) -> dict[int, int]:
    if not ids:
        return {}
    rows = session.execute(
        select(IdentifierSource.identifier_id, func.sum(IdentifierSource.report_count))
        .where(IdentifierSource.identifier_id.in_(list(ids))).group_by(IdentifierSource.identifier_id)
    )
    return {identifier_id: int(total or 0) for identifier_id, total in rows}


def record_incident(session: Session, incident: Incident, now: datetime,
                    exclude: Iterable[tuple[str, str]] = (), first: bool = False,
                    pairs: Sequence[tuple[str, str]] | None = None) -> list[Recorded]:
    """Record every identifier ``incident`` names and link it to the incident; return, per identifier,
    how many OTHER incidents reported it (and what other units shared).

    Each is recorded as a report or a check (:func:`entry_kind`); a resident's suspicious-contact report
    of an identifier they already reported (in any incident) is recorded as a check, so one resident
    counts once.

    Safe to call after every answer: it keeps the incident's identifiers in step with its fields
    (an identifier the resident corrected away is unlinked), and recording the same incident twice
    changes nothing. Identifiers named together are linked (``same_incident``). Rows are locked in a
    fixed order, so two workers recording incidents that share identifiers wait, never deadlock.

    ``first``: the caller knows nothing was recorded for this incident yet (no look-up of its reports). Usually
    four statements (issue 17): this incident's reports, one upsert of its identifiers, one read of their figures,
    then the new reports and figures written with the caller's other changes; an identifier no longer named
    takes the longer way. ``pairs``: :func:`incident_identifiers` of the incident with ``exclude``, when the
    caller has them already."""
    if incident.id is None or any(isinstance(item, (Identifier, IdentifierReport, IdentifierLink))
                                  for item in (*session.new, *session.dirty, *session.deleted)):
        session.flush()  # recorded before in this transaction: read what that wrote
    pairs = sorted(incident_identifiers(incident, exclude) if pairs is None else pairs)
    seen_at = incident.created_at or now
    district = (incident.district or None) and str(incident.district)[:64]
    with session.no_autoflush:
        reports: dict[int, IdentifierReport] = {}
        named_before: dict[tuple[str, str], int] = {}
        if not first:
            for report, kind, value in session.execute(
                    select(IdentifierReport, Identifier.kind, Identifier.value)
                    .join(Identifier, Identifier.id == IdentifierReport.identifier_id)
                    .where(IdentifierReport.incident_id == incident.id)):
                reports[report.identifier_id] = report
                named_before[(kind, value)] = report.identifier_id
        # Lock every identifier this call touches (named now, or no longer) in one order: no deadlocks.
        wanted = set(pairs)
        if set(named_before) <= wanted:
            locked = _get_or_create_all(session, pairs, seen_at)
        else:
            locked = {}
            for key in sorted(wanted | set(named_before)):
                if key in wanted:
                    locked[key] = _get_or_create(session, key[0], key[1], seen_at)
                elif (found := _lock(session, *key)) is not None:
                    locked[key] = found
        identifiers = [locked[key] for key in pairs]
        by_id = {identifier.id: identifier for identifier in identifiers}
        kinds = _entry_kinds(session, incident, list(by_id))
        changed: set[int] = set()
        for identifier in identifiers:
            report = reports.get(identifier.id)
            if report is None:
                report = IdentifierReport(identifier_id=identifier.id, incident_id=incident.id, seen_at=seen_at,
                                          district=district, kind=kinds[identifier.id])
                session.add(report)
                reports[identifier.id] = report
                changed.add(identifier.id)
            elif report.district != district or report.kind != kinds[identifier.id]:
                report.district, report.kind = district, kinds[identifier.id]
                changed.add(identifier.id)
        stale = [report for identifier_id, report in reports.items() if identifier_id not in by_id]
    if stale or len(by_id) > 1:  # the longer way: links between identifiers, or identifiers no longer named
        return _record_slowly(session, incident, now, identifiers, locked, kinds, changed, stale)
    elsewhere = _refresh_here(session, incident, [by_id[i] for i in sorted(changed)], list(by_id), reports)
    return _recorded(identifiers, kinds, elsewhere)


def _record_slowly(session: Session, incident: Incident, now: datetime, identifiers: list[Identifier],
                   locked: dict[tuple[str, str], Identifier], kinds: dict[int, str], changed: set[int],
                   stale: list[IdentifierReport]) -> list[Recorded]:
    by_id = {identifier.id: identifier for identifier in identifiers}
    stale_ids = [report.identifier_id for report in stale]
    for report in stale:
        session.delete(report)
    session.flush()
    _link_together(session, incident, sorted(by_id), now)
    if stale_ids:
        _unlink_stale(session, incident, stale_ids)
    for identifier_id in sorted(changed):
        refresh(session, by_id[identifier_id])
    for identifier in (i for i in locked.values() if i.id in set(stale_ids)):
        refresh(session, identifier)
        _forget_if_orphan(session, identifier)
    session.flush()
    return _recorded(identifiers, kinds, _elsewhere(session, list(by_id)))


def _recorded(identifiers: list[Identifier], kinds: dict[int, str], elsewhere: dict[int, int]) -> list[Recorded]:
    return [Recorded(identifier_id=i.id, kind=i.kind, value=i.value,
                     others=max(i.report_count - (kinds[i.id] == REPORT), 0), elsewhere=elsewhere.get(i.id, 0),
                     status=i.status, counted=kinds[i.id] == REPORT) for i in identifiers]


#: ``_refresh_here``'s one read, built once: the figures of other incidents' reports of the ``changed`` identifiers,
#: and other units' shares of all ``ids``.
_FIGURES = union_all(
    select(literal("r"), IdentifierReport.identifier_id, IdentifierReport.kind, IdentifierReport.district,
           func.count(), func.min(IdentifierReport.seen_at), func.max(IdentifierReport.seen_at))
    .where(IdentifierReport.identifier_id.in_(bindparam("changed", expanding=True)),
           IdentifierReport.incident_id != bindparam("incident"))
    .group_by(IdentifierReport.identifier_id, IdentifierReport.kind, IdentifierReport.district),
    select(literal("s"), IdentifierSource.identifier_id, literal(None, String), literal(None, String),
           func.sum(IdentifierSource.report_count), func.min(IdentifierSource.first_seen_at),
           func.max(IdentifierSource.last_seen_at))
    .where(IdentifierSource.identifier_id.in_(bindparam("ids", expanding=True)))
    .group_by(IdentifierSource.identifier_id))


def _refresh_here(session: Session, incident: Incident, changed: list[Identifier], ids: list[int],
                  mine: dict[int, IdentifierReport]) -> dict[int, int]:
    """``refresh`` for the ``changed`` identifiers, and ``_elsewhere`` for ``ids``, in one read and with nothing
    flushed: the figures of every other incident's reports and of other units' shares from the database, this
    incident's own reports (``mine``, pending or changed) as they are in the session. The rows are locked, so
    nobody else changes these figures meanwhile."""
    if not ids:
        return {}
    figures: dict[int, list] = defaultdict(list)
    sources: dict[int, tuple] = {}
    with session.no_autoflush:
        for what, identifier_id, kind, district, count, first, last in session.execute(
                _FIGURES, {"changed": [i.id for i in changed] or [-1], "incident": incident.id, "ids": ids}):
            if what == "s":
                sources[identifier_id] = (int(count or 0), _when(first), _when(last))
            else:
                figures[identifier_id].append((kind, district, int(count), _when(first), _when(last)))
    for identifier in changed:
        own = mine[identifier.id]
        rows = [*figures[identifier.id], (own.kind, own.district, 1, own.seen_at, own.seen_at)]
        count = sum(n for kind, _d, n, _f, _l in rows if kind == REPORT)
        districts = sorted({d for kind, d, _n, _f, _l in rows if kind == REPORT and d})
        _total, src_first, src_last = sources.get(identifier.id, (0, None, None))
        _set_figures(identifier, count, min(f for *_x, f, _l in rows), max(l for *_x, l in rows), districts,
                     src_first, src_last)
    return {identifier_id: total for identifier_id, (total, _f, _l) in sources.items()}


def _when(value):
    """A time read through a UNION (SQLite hands back text there): a datetime in UTC like the model's columns."""
    if value is None or isinstance(value, datetime):
        return value if value is None or value.tzinfo else value.replace(tzinfo=timezone.utc)
    parsed = datetime.fromisoformat(str(value))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


_REPORTED_BY_CONTACT = (
    select(IdentifierReport.identifier_id).join(Incident, Incident.id == IdentifierReport.incident_id)
    .where(Incident.contact_id == bindparam("contact"), Incident.id != bindparam("incident"),
           IdentifierReport.kind == REPORT, IdentifierReport.identifier_id.in_(bindparam("ids", expanding=True))))


def _entry_kinds(session: Session, incident: Incident, ids: list[int]) -> dict[int, str]:
    """Report or check, per identifier, for this incident (a suspicious-contact report by a resident who
    already reported the identifier is a check)."""
    kind = entry_kind(incident)
    kinds = dict.fromkeys(ids, kind)
    if kind == REPORT and incident.category == "suspicious_contact" and incident.contact_id and ids:
        for identifier_id in session.scalars(
                _REPORTED_BY_CONTACT, {"contact": incident.contact_id, "incident": incident.id, "ids": ids}):
            kinds[identifier_id] = CHECK
    return kinds


def _link_together(session: Session, incident: Incident, ids: list[int], now: datetime) -> None:
    if len(ids) < 2:
        return
    wanted = {(a, b) for i, a in enumerate(ids) for b in ids[i + 1:]}
    existing = set(session.execute(
        select(IdentifierLink.a_id, IdentifierLink.b_id)
        .where(IdentifierLink.a_id.in_(ids), IdentifierLink.b_id.in_(ids))
    ).all())
    actor = f"incident:{incident.reference}" if incident.reference else "bot"
    for a, b in sorted(wanted - existing):
        session.add(IdentifierLink(a_id=a, b_id=b, reason="same_incident", incident_id=incident.id,
                                   created_by=actor, created_at=now))
    session.flush()


def _unlink_stale(session: Session, incident: Incident, stale_ids: list[int]) -> None:
    """Links this incident made for identifiers it no longer names: handed to another incident that
    names both, or removed."""
    links = session.scalars(select(IdentifierLink).where(
        IdentifierLink.reason == "same_incident", IdentifierLink.incident_id == incident.id,
        or_(IdentifierLink.a_id.in_(stale_ids), IdentifierLink.b_id.in_(stale_ids))))
    for item in list(links):
        ra, rb = IdentifierReport.__table__.alias("ra"), IdentifierReport.__table__.alias("rb")
        other = session.scalar(
            select(ra.c.incident_id).join(rb, ra.c.incident_id == rb.c.incident_id)
            .where(ra.c.identifier_id == item.a_id, rb.c.identifier_id == item.b_id).limit(1))
        if other is not None:
            item.incident_id = other
            reference = session.scalar(select(Incident.reference).where(Incident.id == other))
            item.created_by = f"incident:{reference}"
        else:
            session.delete(item)
    session.flush()


def lookup(session: Session, kind: str, value: str, **options) -> Identifier | None:
    """The identifier ``value`` of ``kind`` (normalised first; :class:`RefusedIdentifier` when it
    cannot be), or None when nobody reported it. One indexed look-up on (kind, value)."""
    kind, canonical = primary_key(kind, value, **options)
    return session.scalars(select(Identifier).where(Identifier.kind == kind, Identifier.value == canonical)).first()


def _account_prefix(value: str):
    """Accounts stored with an IFSC (``"123...@SBIN..."``) that a bare account number matches."""
    return and_(Identifier.kind == "account", Identifier.value > value + "@", Identifier.value < value + "A")


_STATUS_RANK = {"cleared": 0, "reported": 1, "verified_scam": 2, "sent_for_blocking": 3, "blocked": 4}


def check_text(session: Session, text: str, platform: str | None = None) -> list[Check]:
    """For every identifier in ``text``, what a resident may be told: how many reports in this unit,
    its status, and how many reports other units shared. Never a victim's detail.

    A bare account number also counts reports of the same number given with an IFSC."""
    pairs = identifiers_in(text, platform)
    return check_pairs(session, pairs)


def check_pairs(session: Session, pairs: Sequence[tuple[str, str]]) -> list[Check]:
    """:func:`check_text` for (kind, canonical) pairs already found."""
    if not pairs:
        return []
    by_kind: dict[str, list[str]] = defaultdict(list)
    for kind, value in pairs:
        by_kind[kind].append(value)
    conditions = [and_(Identifier.kind == kind, Identifier.value.in_(values)) for kind, values in by_kind.items()]
    bare_accounts = [value for value in by_kind.get("account", []) if "@" not in value]
    conditions += [_account_prefix(value) for value in bare_accounts]
    rows: dict[tuple[str, str], list[Identifier]] = defaultdict(list)
    for identifier in session.scalars(select(Identifier).where(or_(*conditions))):  # one query, each arm indexed
        rows[(identifier.kind, identifier.value)].append(identifier)
        if identifier.kind == "account" and "@" in identifier.value:
            bare = identifier.value.split("@", 1)[0]
            if bare in bare_accounts:
                rows[("account", bare)].append(identifier)
    elsewhere = _elsewhere(session, [i.id for found in rows.values() for i in found])
    checks = []
    for kind, value in pairs:
        found = [i for i in rows.get((kind, value), [])  # only ever checked: nothing a resident may be told
                 if i.report_count or i.status != "reported" or elsewhere.get(i.id)]
        if not found:
            checks.append(Check(kind, value, 0, None, 0))
            continue
        status = max((i.status for i in found), key=lambda s: _STATUS_RANK.get(s, 1))
        checks.append(Check(kind, value, sum(i.report_count for i in found), status,
                            sum(elsewhere.get(i.id, 0) for i in found)))
    return checks


#: Details each status needs (set_status refuses without them).
_REQUIRED_DETAIL = {"sent_for_blocking": ("where",), "cleared": ("reason",)}
_STATUS_PATH = ("reported", "verified_scam", "sent_for_blocking", "blocked")


def set_status(session: Session, identifier_id: int, status: str, actor: str, now: datetime,
               **detail: Any) -> IdentifierStatusEvent | None:
    """Set an identifier's status and write an append-only :class:`IdentifierStatusEvent`.

    ``sent_for_blocking`` needs ``where`` (CyberSafe, Chakshu, the bank, ...; ``date`` defaults to
    today); ``cleared`` needs ``reason``. ``status_detail`` keeps the details of the steps that led to
    the current status (sent where and when, while blocked) and drops the rest. Setting the same
    status with the same details again writes nothing and returns None."""
    if status not in STATUSES:
        raise ValueError(f"unknown status {status!r} (one of {', '.join(STATUSES)})")
    if not actor or not str(actor).strip():
        raise ValueError("an actor is required")
    for key in _REQUIRED_DETAIL.get(status, ()):
        if not str(detail.get(key) or "").strip():
            raise ValueError(f"status {status} needs {key}")
    detail = {key: (value.isoformat() if isinstance(value, (date, datetime)) else value)
              for key, value in detail.items() if value is not None}
    if status == "sent_for_blocking":
        detail.setdefault("date", now.date().isoformat())
    identifier = session.get(Identifier, identifier_id, with_for_update=True)
    if identifier is None:
        raise LookupError(f"no identifier {identifier_id}")
    before = dict(identifier.status_detail or {})
    if status == "cleared":
        kept = {}
    else:
        keep = _STATUS_PATH[: _STATUS_PATH.index(status)]
        kept = {key: value for key, value in before.items() if key in keep}
    after = {**kept, status: detail} if (detail or status != "reported") else kept
    if identifier.status == status and before == after:
        return None
    event = IdentifierStatusEvent(identifier_id=identifier.id, actor=str(actor)[:64], from_status=identifier.status,
                                  to_status=status, detail=detail, at=now)
    identifier.status = status
    identifier.status_detail = after
    identifier.status_at = now
    session.add(event)
    session.flush()
    return event


def link(session: Session, a: int, b: int, actor: str, now: datetime, reason: str = "officer") -> IdentifierLink:
    """Link two identifiers (an officer's finding: this number used this UPI id; this IMEI these
    numbers). The pair is stored once, smaller id first; linking it again returns the link, and an
    officer's confirmation of a ``same_incident`` link makes it ``officer``."""
    if reason not in ("officer", "same_incident"):
        raise ValueError(f"unknown link reason {reason!r}")
    if a == b:
        raise ValueError("an identifier cannot be linked to itself")
    a, b = sorted((int(a), int(b)))
    for identifier_id in (a, b):
        if session.get(Identifier, identifier_id) is None:
            raise LookupError(f"no identifier {identifier_id}")
    existing = session.scalars(select(IdentifierLink).where(IdentifierLink.a_id == a, IdentifierLink.b_id == b)).first()
    if existing is not None:
        if reason == "officer" and existing.reason != "officer":
            existing.reason = "officer"
            existing.created_by = str(actor)[:64]
            existing.created_at = now
            session.flush()
        return existing
    item = IdentifierLink(a_id=a, b_id=b, reason=reason, created_by=str(actor)[:64], created_at=now)
    try:
        with session.begin_nested():
            session.add(item)
    except IntegrityError:
        return session.scalars(select(IdentifierLink).where(IdentifierLink.a_id == a, IdentifierLink.b_id == b)).one()
    return item


def graph(session: Session, identifier_id: int, depth: int = 2, max_nodes: int = 200,
          hidden_incidents: Collection[int] = ()) -> Graph:
    """The identifiers linked to one identifier, up to ``depth`` links away (breadth first, at most
    ``max_nodes``; ``truncated`` says when more were left out), and the links between them. Links made by
    ``hidden_incidents`` (reports the officer may not see: need-to-know) are left out."""
    root = session.get(Identifier, identifier_id)
    if root is None:
        raise LookupError(f"no identifier {identifier_id}")
    shown = or_(IdentifierLink.incident_id.is_(None), IdentifierLink.incident_id.not_in(list(hidden_incidents))) \
        if hidden_incidents else true()
    level = {root.id: 0}
    frontier = [root.id]
    truncated = False
    for step in range(1, max(depth, 0) + 1):
        if not frontier:
            break
        neighbours: set[int] = set()
        for chunk in _chunks(frontier, 500):
            for a, b in session.execute(select(IdentifierLink.a_id, IdentifierLink.b_id).where(
                    or_(IdentifierLink.a_id.in_(chunk), IdentifierLink.b_id.in_(chunk)), shown)):
                neighbours.update((a, b))
        fresh = sorted(n for n in neighbours if n not in level)
        if len(level) + len(fresh) > max_nodes:
            fresh, truncated = fresh[: max_nodes - len(level)], True
        for n in fresh:
            level[n] = step
        frontier = fresh
    ids = list(level)
    nodes, edges = [], []
    for chunk in _chunks(ids, 500):
        for identifier in session.scalars(select(Identifier).where(Identifier.id.in_(chunk))):
            nodes.append({"id": identifier.id, "kind": identifier.kind, "value": identifier.value,
                          "report_count": identifier.report_count, "status": identifier.status,
                          "depth": level[identifier.id]})
        for item in session.scalars(select(IdentifierLink).where(IdentifierLink.a_id.in_(chunk), shown)):
            if item.b_id in level:
                edges.append({"a": item.a_id, "b": item.b_id, "reason": item.reason})
    nodes.sort(key=lambda node: (node["depth"], -node["report_count"], node["id"]))
    edges.sort(key=lambda edge: (edge["a"], edge["b"]))
    return Graph(root=root.id, nodes=nodes, edges=edges, truncated=truncated)


def _chunks(items: Sequence, size: int):
    for start in range(0, len(items), size):
        yield list(items[start:start + size])


def figures(session: Session, since: datetime | date | None = None, until: datetime | date | None = None,
            tz=timezone.utc) -> dict[str, list[dict[str, Any]]]:
    """Identifiers reported per district and per ISO week (in ``tz``), from this unit's reports.

    ``{"by_district": [{"district", "identifiers", "reports"}], "by_week": [{"week": "2026-W48",
    "identifiers", "reports"}]}``; ``identifiers`` counts distinct identifiers, ``reports`` the
    incident-identifier pairs. A report with no district counts under ``"unknown"``; checks never count."""
    stmt = select(IdentifierReport.identifier_id, IdentifierReport.seen_at, IdentifierReport.district) \
        .where(IdentifierReport.kind == REPORT)
    if since is not None:
        stmt = stmt.where(IdentifierReport.seen_at >= _aware(since))
    if until is not None:
        stmt = stmt.where(IdentifierReport.seen_at <= _aware(until, end=True))
    districts: dict[str, set[int]] = defaultdict(set)
    weeks: dict[str, set[int]] = defaultdict(set)
    district_reports: dict[str, int] = defaultdict(int)
    week_reports: dict[str, int] = defaultdict(int)
    for identifier_id, seen_at, district in session.execute(stmt.execution_options(yield_per=5000)):
        name = district or "unknown"
        year, week, _ = seen_at.astimezone(tz).isocalendar()
        label = f"{year}-W{week:02d}"
        districts[name].add(identifier_id)
        weeks[label].add(identifier_id)
        district_reports[name] += 1
        week_reports[label] += 1
    return {
        "by_district": [{"district": name, "identifiers": len(ids), "reports": district_reports[name]}
                        for name, ids in sorted(districts.items(), key=lambda kv: (-len(kv[1]), kv[0]))],
        "by_week": [{"week": label, "identifiers": len(ids), "reports": week_reports[label]}
                    for label, ids in sorted(weeks.items())],
    }


def identifiers_of_incident(session: Session, incident_id: int) -> list[tuple[Identifier, list[int]]]:
    """For an officer: the identifiers an incident names, each with the ids of the other incidents
    that name it (most-reported identifier first)."""
    identifiers = list(session.scalars(
        select(Identifier).join(IdentifierReport, IdentifierReport.identifier_id == Identifier.id)
        .where(IdentifierReport.incident_id == incident_id)
        .order_by(Identifier.report_count.desc(), Identifier.kind, Identifier.value)))
    others: dict[int, list[int]] = defaultdict(list)
    if identifiers:
        for identifier_id, other in session.execute(
                select(IdentifierReport.identifier_id, IdentifierReport.incident_id)
                .where(IdentifierReport.identifier_id.in_([i.id for i in identifiers]),
                       IdentifierReport.incident_id != incident_id)
                .order_by(IdentifierReport.seen_at.desc())):
            others[identifier_id].append(other)
    return [(identifier, others.get(identifier.id, [])) for identifier in identifiers]


def identifiers_only_in(session: Session, incident_ids: Collection[int]) -> set[int]:
    """The identifiers every report (or check) of which is one of ``incident_ids``: known here only through
    them (need-to-know: what an officer who may not see those reports is not shown)."""
    if not incident_ids:
        return set()
    ids = list(incident_ids)
    named = set(session.scalars(select(IdentifierReport.identifier_id).where(IdentifierReport.incident_id.in_(ids))))
    if not named:
        return set()
    elsewhere = set(session.scalars(select(IdentifierReport.identifier_id).where(
        IdentifierReport.identifier_id.in_(list(named)), IdentifierReport.incident_id.not_in(ids))))
    sourced = set(session.scalars(select(IdentifierSource.identifier_id).where(
        IdentifierSource.identifier_id.in_(list(named)))))
    return named - elsewhere - sourced


def incidents_naming(session: Session, identifier_id: int, limit: int = 200) -> list[Incident]:
    """For an officer: the incidents that named an identifier, newest first."""
    return list(session.scalars(
        select(Incident).join(IdentifierReport, IdentifierReport.incident_id == Incident.id)
        .where(IdentifierReport.identifier_id == identifier_id)
        .order_by(IdentifierReport.seen_at.desc()).limit(limit)))


def entry_kinds_of(session: Session, identifier_id: int) -> dict[int, str]:
    """For an officer: incident id -> ``report`` or ``check``, for the incidents naming an identifier."""
    return dict(session.execute(select(IdentifierReport.incident_id, IdentifierReport.kind)
                                .where(IdentifierReport.identifier_id == identifier_id)).all())


def history(session: Session, identifier_id: int) -> list[IdentifierStatusEvent]:
    """The status events of one identifier, oldest first."""
    return list(session.scalars(select(IdentifierStatusEvent).where(
        IdentifierStatusEvent.identifier_id == identifier_id).order_by(IdentifierStatusEvent.at,
                                                                       IdentifierStatusEvent.id)))
