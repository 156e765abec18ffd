"""Sharing the registry with other units: CSV export, the phone list for blocking, and CSV import.

Export (:func:`export_csv`), one row per identifier, UTF-8, comma-separated, with this header::

    kind,value,status,report_count,first_seen,last_seen,districts,status_detail,source

* ``kind``: phone, upi, account, url, domain, email, handle, app, imei; ``value``: the canonical value
  (bot/registry/records.py); ``status``: reported, verified_scam, sent_for_blocking, blocked, cleared.
* ``report_count``: reports that named it in the unit named by ``source`` (a resident who only checked it is
  not a report; an identifier only ever checked is not exported at all).
* ``first_seen``, ``last_seen``: ISO 8601 UTC (``2026-11-27T04:30:00Z``).
* ``districts``: semicolon-separated; ``status_detail``: JSON (``{"sent_for_blocking": {"where":
  "CyberSafe", "date": "2026-11-27"}}``) or empty.
* ``source``: the unit whose reports the row counts: this unit's name for identifiers reported here;
  for one known only from another unit's file, that unit (its count, its districts).

The blocking list (:func:`export_blocking_list`) holds phone numbers only, by default those whose
status is ``verified_scam``: one E.164 number a line, no header (``fmt="e164"``); or, for portals that
take a column of digits, a header ``mobile_number`` and the number without its ``+`` (``fmt="digits"``,
``919876543210``).

Import (:func:`plan_import`, :func:`apply_import`) reads that layout (only ``kind`` and ``value`` are
required; a file with a single ``number``/``phone``/``mobile`` column is read as phone numbers). The
dry run lists new rows, rows matching identifiers already here, duplicates within the file and refused
rows with their row number and reason. Applying is all or nothing: a file with any refused row is not
applied at all; otherwise every row is written in the caller's one transaction. It is idempotent twice
over: the file's SHA-256 is recorded, so the same file again is a no-op; and each row *sets* what that
unit says about the identifier (``identifier_sources``: count, status, dates), it never adds to a count,
so a later, overlapping file from the same unit does not count anything twice. A file never changes the
status officers here gave an identifier; a new identifier takes the file's status.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone
from typing import Any, Collection, Iterable, Sequence, TextIO

from sqlalchemy import func, insert, or_, select
from sqlalchemy.orm import Session

from .. import edge
from . import normalising, records
from ..store.models.registry import Identifier, IdentifierImport, IdentifierSource, IdentifierStatusEvent
from .records import STATUSES
from .normalising import RefusedIdentifier


COLUMNS = ("kind", "value", "status", "report_count", "first_seen", "last_seen", "districts", "status_detail",
           "source")
PHONE_COLUMNS = ("number", "phone", "mobile", "mobile_number", "msisdn", "phone_number")
BLOCKING_STATUSES = ("verified_scam",)
MAX_ROWS = 1_000_000
_CHUNK = 500


# --------------------------------------------------------------------------
# Export
# --------------------------------------------------------------------------

def _iso(value: datetime | None, tz=None) -> str:
    """ISO 8601 with its zone: UTC as ``Z``, or (``tz``: an officer's download) the unit's time with its offset
    (``2026-11-27T10:00:00+05:30``); the import reads both."""
    if value is None:
        return ""
    if tz is not None:
        return value.astimezone(tz).replace(microsecond=0).isoformat()
    return value.astimezone(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _as_list(value: str | Sequence[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _day_start(value: date | datetime | None) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, datetime):
        value = datetime.combine(value, time.min)
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def _filtered(since: date | datetime | None, status: str | Sequence[str] | None,
              kind: str | Sequence[str] | None, leave_out: Collection[int] = ()):
    # Reported here, given a status by an officer, or known from another unit: an identifier residents only
    # checked is not shared (a check is not a report).
    stmt = select(Identifier).where(or_(
        Identifier.report_count > 0, Identifier.status != "reported",
        select(IdentifierSource.id).where(IdentifierSource.identifier_id == Identifier.id).exists()))
    start = _day_start(since)
    if start is not None:
        stmt = stmt.where(or_(Identifier.last_seen_at >= start, Identifier.status_at >= start))
    statuses = _as_list(status)
    if statuses:
        unknown = set(statuses) - set(STATUSES)
        if unknown:
            raise ValueError(f"unknown status {sorted(unknown)[0]!r} (one of {', '.join(STATUSES)})")
        stmt = stmt.where(Identifier.status.in_(statuses))
    kinds = [normalising.kind_of(k) for k in _as_list(kind)]
    if kinds:
        stmt = stmt.where(Identifier.kind.in_(kinds))
    if leave_out:  # known only from reports the officer may not see (need-to-know)
        stmt = stmt.where(Identifier.id.not_in(list(leave_out)))
    return stmt


def export_rows(session: Session, unit: str, since: date | datetime | None = None,
                status: str | Sequence[str] | None = None, kind: str | Sequence[str] | None = None,
                leave_out: Collection[int] = (), tz=None) -> Iterable[dict[str, str]]:
    """The export's rows (dicts keyed by :data:`COLUMNS`), ordered by kind and value.

    ``since``: identifiers reported, or given a status, on or after that day (UTC); ``leave_out``: identifier
    ids not to export."""
    stmt = _filtered(since, status, kind, leave_out).order_by(Identifier.kind, Identifier.value)
    batch: list[Identifier] = []
    for identifier in session.scalars(stmt.execution_options(yield_per=2000)):
        batch.append(identifier)
        if len(batch) >= 2000:
            yield from _rows(session, unit, batch, tz)
            batch = []
    if batch:
        yield from _rows(session, unit, batch, tz)


def _cell(text: str) -> str:
    """Free text for a spreadsheet: a leading = + - @ would make it a formula in the receiving unit's Excel."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _rows(session: Session, unit: str, batch: list[Identifier], tz=None) -> Iterable[dict[str, str]]:
    imported_only = [i.id for i in batch if i.report_count == 0]
    best: dict[int, IdentifierSource] = {}
    for chunk in records._chunks(imported_only, _CHUNK):
        for src in session.scalars(select(IdentifierSource).where(IdentifierSource.identifier_id.in_(chunk))):
            if src.identifier_id not in best or src.report_count > best[src.identifier_id].report_count:
                best[src.identifier_id] = src
    for identifier in batch:
        src = best.get(identifier.id)
        if identifier.report_count == 0 and src is not None:
            count, districts, source = src.report_count, src.districts or [], src.source
            first, last = src.first_seen_at or identifier.first_seen_at, src.last_seen_at or identifier.last_seen_at
        else:
            count, districts, source = identifier.report_count, identifier.districts or [], unit
            first, last = identifier.first_seen_at, identifier.last_seen_at
        detail = identifier.status_detail or {}
        yield {
            "kind": identifier.kind,
            "value": _cell(identifier.value) if identifier.kind == "app" else identifier.value,
            "status": identifier.status,
            "report_count": str(count),
            "first_seen": _iso(first, tz),
            "last_seen": _iso(last, tz),
            "districts": _cell(";".join(districts)),
            "status_detail": _cell(json.dumps(detail, sort_keys=True, ensure_ascii=False)) if detail else "",
            "source": _cell(source),
        }


def export_csv(session: Session, out: TextIO, unit: str, since: date | datetime | None = None,
               status: str | Sequence[str] | None = None, kind: str | Sequence[str] | None = None,
               leave_out: Collection[int] = (), tz=None) -> int:
    """Write the identifiers (filtered) as CSV in the documented layout; return the number of rows (times in
    UTC, or with ``tz`` in that zone, each with its offset)."""
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for row in export_rows(session, unit, since, status, kind, leave_out, tz):
        writer.writerow(row)
        count += 1
    return count


def export_blocking_list(session: Session, out: TextIO, since: date | datetime | None = None,
                         status: str | Sequence[str] | None = BLOCKING_STATUSES, fmt: str = "e164",
                         leave_out: Collection[int] = ()) -> int:
    """Write the phone numbers to upload for blocking; return how many.

    ``fmt="e164"``: one ``+919876543210`` a line, no header. ``fmt="digits"``: a header
    ``mobile_number`` then ``919876543210`` (no +) a line. Cleared numbers are never listed."""
    if fmt not in ("e164", "digits"):
        raise ValueError("fmt is e164 or digits")
    statuses = [s for s in (_as_list(status) or STATUSES) if s != "cleared"]
    stmt = _filtered(since, statuses, "phone", leave_out).order_by(Identifier.value)
    if fmt == "digits":
        out.write("mobile_number\n")
    count = 0
    for identifier in session.scalars(stmt.execution_options(yield_per=5000)):
        out.write((identifier.value if fmt == "e164" else identifier.value.lstrip("+")) + "\n")
        count += 1
    return count


# --------------------------------------------------------------------------
# Import
# --------------------------------------------------------------------------

class ImportRefused(Exception):
    """The file cannot be applied: ``plan`` says why (refused rows, or a problem with the whole file)."""

    def __init__(self, plan: "ImportPlan"):
        reason = plan.error or f"{len(plan.refused)} row(s) refused"
        super().__init__(reason)
        self.plan = plan


@dataclass
class Row:
    """One row of an import file, checked and normalised."""

    number: int  # the line's row number in the file, header = 1
    kind: str
    value: str
    source: str
    status: str = "reported"
    report_count: int = 1
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    districts: list[str] = field(default_factory=list)
    status_detail: dict[str, Any] = field(default_factory=dict)


@dataclass
class ImportPlan:
    """A dry run: what applying the file would do. Nothing in it has been written."""

    filename: str
    sha256: str
    rows: int = 0
    new: list[Row] = field(default_factory=list)
    matching: list[tuple[Row, int, str]] = field(default_factory=list)  # row, our count, our status
    duplicates: list[tuple[int, int]] = field(default_factory=list)  # row number, first row number
    own: list[int] = field(default_factory=list)  # rows that are this unit's own data coming back
    refused: list[tuple[int, str]] = field(default_factory=list)  # row number, reason
    error: str | None = None  # a problem with the whole file
    already_imported_at: datetime | None = None
    applied: bool = False

    @property
    def ok(self) -> bool:
        return self.error is None and not self.refused

    def summary(self) -> str:
        if self.error:
            return f"{self.filename}: refused: {self.error}"
        if self.already_imported_at is not None:
            return (f"{self.filename}: already imported on {_iso(self.already_imported_at)} "
                    f"(sha256 {self.sha256[:12]}): nothing to do")
        parts = [f"{self.rows} rows", f"{len(self.new)} new", f"{len(self.matching)} matching",
                 f"{len(self.refused)} refused"]
        if self.duplicates:
            parts.append(f"{len(self.duplicates)} duplicates within the file")
        if self.own:
            parts.append(f"{len(self.own)} this unit's own")
        return f"{self.filename}: " + ", ".join(parts)


def _parse_time(text: str, what: str) -> datetime | None:
    text = text.strip()
    if not text:
        return None
    try:
        if len(text) == 10:
            value = datetime.combine(date.fromisoformat(text), time.min)
        else:
            value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise RefusedIdentifier(f"{what} {text!r} is not an ISO 8601 date") from None
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def _read_rows(text: str, filename: str, default_source: str, unit: str, plan: ImportPlan) -> list[Row]:
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        plan.error = "the file is empty"
        return []
    except csv.Error as exc:
        plan.error = f"not a CSV file ({exc})"
        return []
    names = [name.strip().lower().lstrip("\ufeff") for name in header]
    phone_only = None
    if "kind" not in names or "value" not in names:
        candidates = [name for name in names if name in PHONE_COLUMNS]
        if len(names) == 1 and candidates:
            phone_only = names[0]
        else:
            plan.error = "the header needs the columns kind and value (or a single number column)"
            return []
    if len(set(names)) != len(names):
        plan.error = "a column name is repeated in the header"
        return []
    rows: list[Row] = []
    own_unit = unit.strip().casefold()
    try:
        for number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) + len(plan.refused) >= MAX_ROWS:
                plan.error = f"more than {MAX_ROWS} rows"
                return []
            plan.rows += 1
            if len(cells) > len(names):
                plan.refused.append((number, f"{len(cells)} cells for {len(names)} columns"))
                continue
            record = dict(zip(names, cells))
            try:
                row = _row(number, record, phone_only, default_source)
            except RefusedIdentifier as exc:
                plan.refused.append((number, exc.reason))
                continue
            if own_unit and row.source.casefold() == own_unit:
                plan.own.append(number)
                continue
            rows.append(row)
    except csv.Error as exc:
        plan.error = f"not a valid CSV file near row {reader.line_num} ({exc})"
        return []
    return rows


def _row(number: int, record: dict[str, str], phone_only: str | None, default_source: str) -> Row:
    get = lambda name: (record.get(name) or "").strip()  # noqa: E731
    if phone_only:
        kind_name, value = "phone", get(phone_only)
    else:
        kind_name, value = get("kind"), get("value")
    if not kind_name:
        raise RefusedIdentifier("no kind")
    try:
        kind = normalising.kind_of(kind_name)
    except RefusedIdentifier as exc:
        raise RefusedIdentifier(exc.reason) from None
    if not value:
        raise RefusedIdentifier("no value")
    try:
        kind, canonical = normalising.primary_key(kind, value)
    except RefusedIdentifier as exc:
        raise RefusedIdentifier(f"{kind} {value!r}: {exc.reason}") from None
    status = get("status").lower() or "reported"
    if status not in STATUSES:
        raise RefusedIdentifier(f"unknown status {status!r} (one of {', '.join(STATUSES)})")
    count_text = get("report_count")
    if count_text:
        if not count_text.isdigit():
            raise RefusedIdentifier(f"report_count {count_text!r} is not a whole number")
        count = int(count_text)
        if count > 10_000_000:
            raise RefusedIdentifier(f"report_count {count} is not believable")
    else:
        count = 1
    first, last = _parse_time(get("first_seen"), "first_seen"), _parse_time(get("last_seen"), "last_seen")
    if first and last and first > last:
        raise RefusedIdentifier("first_seen is after last_seen")
    districts = [d.strip() for d in get("districts").split(";") if d.strip()]
    if any(len(d) > 64 for d in districts):
        raise RefusedIdentifier("a district name is longer than 64 characters")
    detail_text = get("status_detail")
    detail: dict[str, Any] = {}
    if detail_text:
        try:
            detail = json.loads(detail_text)
        except ValueError:
            raise RefusedIdentifier("status_detail is not JSON") from None
        if not isinstance(detail, dict):
            raise RefusedIdentifier("status_detail is not a JSON object")
    source = get("source") or default_source
    if not source:
        raise RefusedIdentifier("no source unit (give --source)")
    if len(source) > 120:
        raise RefusedIdentifier("the source unit's name is longer than 120 characters")
    return Row(number=number, kind=kind, value=canonical, source=source, status=status, report_count=count,
               first_seen=first, last_seen=last, districts=districts, status_detail=detail)


def _existing(session: Session, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Identifier]:
    by_kind: dict[str, list[str]] = {}
    for kind, value in keys:
        by_kind.setdefault(kind, []).append(value)
    found: dict[tuple[str, str], Identifier] = {}
    for kind, values in by_kind.items():
        for chunk in records._chunks(values, _CHUNK):
            for identifier in session.scalars(
                    select(Identifier).where(Identifier.kind == kind, Identifier.value.in_(chunk))):
                found[(kind, identifier.value)] = identifier
    return found


def plan_import(session: Session, data: bytes, filename: str, unit: str, source: str | None = None
                ) -> tuple[ImportPlan, list[Row], dict[tuple[str, str], Identifier]]:
    """Read an import file and say what applying it would do; writes nothing.

    ``unit``: this unit's name (rows from it are its own data coming back, and skipped); ``source``:
    the sending unit, for rows without a ``source`` cell (default: the file's name without extension)."""
    sha = hashlib.sha256(data).hexdigest()
    plan = ImportPlan(filename=filename, sha256=sha)
    previous = session.scalars(select(IdentifierImport).where(IdentifierImport.sha256 == sha)).first()
    if previous is not None:
        plan.already_imported_at = previous.imported_at
    try:
        text = edge.clean(data.decode("utf-8-sig"))  # no NUL reaches the database
    except UnicodeDecodeError as exc:
        plan.error = f"not UTF-8 text (byte {exc.start})"
        return plan, [], {}
    default_source = (source or filename.rsplit("/", 1)[-1].rsplit(".", 1)[0]).strip()
    rows = _read_rows(text, filename, default_source, unit, plan)
    if plan.error:
        return plan, [], {}
    merged: dict[tuple[str, str, str], Row] = {}
    for row in rows:
        key = (row.kind, row.value, row.source)
        first = merged.get(key)
        if first is None:
            merged[key] = row
            continue
        plan.duplicates.append((row.number, first.number))
        first.report_count = max(first.report_count, row.report_count)
        first.first_seen = min((d for d in (first.first_seen, row.first_seen) if d), default=None)
        first.last_seen = max((d for d in (first.last_seen, row.last_seen) if d), default=None)
        first.districts = sorted(set(first.districts) | set(row.districts))
    unique_rows = list(merged.values())
    existing = _existing(session, {(row.kind, row.value) for row in unique_rows})
    seen_new: set[tuple[str, str]] = set()
    for row in unique_rows:
        identifier = existing.get((row.kind, row.value))
        if identifier is not None:
            plan.matching.append((row, identifier.report_count, identifier.status))
        elif (row.kind, row.value) not in seen_new:
            seen_new.add((row.kind, row.value))
            plan.new.append(row)
        else:  # the same identifier from a second unit in the same file
            plan.matching.append((row, 0, row.status))
    return plan, unique_rows, existing


def dry_run(session: Session, data: bytes, filename: str, unit: str, source: str | None = None) -> ImportPlan:
    """:func:`plan_import` without the rows: the report shown before anything is applied."""
    return plan_import(session, data, filename, unit, source)[0]


def apply_import(session: Session, data: bytes, filename: str, unit: str, actor: str, now: datetime,
                 source: str | None = None) -> ImportPlan:
    """Apply an import file in the caller's transaction: everything or nothing.

    Raises :class:`ImportRefused` (having written nothing) when the file or any row is refused. The
    same file a second time (same SHA-256) is a no-op: the plan comes back with
    ``already_imported_at`` set and ``applied`` False."""
    plan, rows, existing = plan_import(session, data, filename, unit, source)
    if plan.already_imported_at is not None:
        return plan
    if not plan.ok:
        raise ImportRefused(plan)
    record = IdentifierImport(sha256=plan.sha256, filename=filename[:255], source=(source or None),
                              rows=plan.rows, new=len(plan.new), matched=len(plan.matching),
                              actor=str(actor)[:64], imported_at=now)
    session.add(record)
    session.flush()
    new_rows = {(row.kind, row.value): row for row in plan.new}
    if new_rows:
        values = []
        for (kind, value), row in new_rows.items():
            first = row.first_seen or row.last_seen or now
            last = row.last_seen or first
            values.append({"kind": kind, "value": value, "first_seen_at": first, "last_seen_at": last,
                           "report_count": 0, "status": row.status, "status_detail": row.status_detail,
                           "status_at": now if row.status != "reported" else None, "districts": [],
                           "source": f"imported:{row.source}"[:140]})
        for chunk in records._chunks(values, _CHUNK):
            session.execute(insert(Identifier), chunk)
        existing.update(_existing(session, new_rows))
        events = [{"identifier_id": existing[key].id, "actor": f"import:{row.source}"[:64],
                   "from_status": "reported", "to_status": row.status,
                   "detail": {"file": filename[:120], "sha256": plan.sha256, **row.status_detail}, "at": now}
                  for key, row in new_rows.items() if row.status != "reported"]
        for chunk in records._chunks(events, _CHUNK):
            session.execute(insert(IdentifierStatusEvent), chunk)
    _upsert_sources(session, rows, existing, record.id, now)
    _widen_dates(session, rows, existing)
    session.flush()
    plan.applied = True
    return plan


def _upsert_sources(session: Session, rows: list[Row], existing: dict[tuple[str, str], Identifier],
                    import_id: int, now: datetime) -> None:
    ids = sorted({existing[(row.kind, row.value)].id for row in rows})
    current: dict[tuple[int, str], IdentifierSource] = {}
    for chunk in records._chunks(ids, _CHUNK):
        for src in session.scalars(select(IdentifierSource).where(IdentifierSource.identifier_id.in_(chunk))):
            current[(src.identifier_id, src.source)] = src
    fresh = []
    for row in rows:
        identifier_id = existing[(row.kind, row.value)].id
        values = {"report_count": row.report_count, "status": row.status, "status_detail": row.status_detail,
                  "first_seen_at": row.first_seen, "last_seen_at": row.last_seen, "districts": row.districts}
        src = current.get((identifier_id, row.source))
        if src is None:
            fresh.append({"identifier_id": identifier_id, "source": row.source, "import_id": import_id,
                          "updated_at": now, **values})
            continue
        if any(getattr(src, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(src, name, value)
            src.import_id = import_id
            src.updated_at = now
    for chunk in records._chunks(fresh, _CHUNK):
        session.execute(insert(IdentifierSource), chunk)


def _widen_dates(session: Session, rows: list[Row], existing: dict[tuple[str, str], Identifier]) -> None:
    """First/last seen of identifiers already here take in the file's dates (min/max: idempotent)."""
    for row in rows:
        identifier = existing[(row.kind, row.value)]
        if row.first_seen and row.first_seen < identifier.first_seen_at:
            identifier.first_seen_at = row.first_seen
        if row.last_seen and row.last_seen > identifier.last_seen_at:
            identifier.last_seen_at = row.last_seen


def imports(session: Session, limit: int = 50) -> list[IdentifierImport]:
    """The files imported, newest first."""
    return list(session.scalars(select(IdentifierImport).order_by(IdentifierImport.imported_at.desc(),
                                                                  IdentifierImport.id.desc()).limit(limit)))


def count_identifiers(session: Session) -> int:
    return session.scalar(select(func.count(Identifier.id))) or 0
