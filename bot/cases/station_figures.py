"""Supervisors' figures per police station (README.md, "Several police stations").

- cases by station (the unit's own row holds cases no station has yet) and by district (the district of the
  case's station: a case belongs to a station, the station has a district);
- claims and time to claim per station: minutes from the case to its first claim (the audit log's first
  ``claimed``), credited to the station that held the case when it was claimed (recorded on that row), so a
  later transfer does not move it;
- households per station: registered on a visit, and reached (a welcome, tip, campaign or officer's message
  delivered, or the resident wrote to the helpline);
- identifiers reported per district (the registry's figures).

Every per-station column adds up to the unit's total (``totals``). Counted in Python over the rows, the same on
SQLite and PostgreSQL.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from statistics import median
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import stations
from ..config import Config
from ..store.models.cases import AuditEvent, Case
from ..store.models.outreach import Household
from ..store.models.registry import IdentifierReport
from ..store.models.residents import Incident, Message
from ..store import outbox
from ..store.db import in_period
from ..store.models.operations import Outbox

UNIT = ""  # the key of cases that belong to no station yet (the unit's cyber cell)
NOT_KEPT = object()  # a claim recorded before the claiming station was kept on its audit row


def _district(config: Config, directory: stations.Stations, station: str | None, said: str | None) -> str:
    """The district a case or report counts in: the district the resident named; else the district of the station
    their PIN code or locality belongs to; else their case's station's; else what they said (or "unknown")."""
    if said and said in config.districts:
        return said
    if said:
        located = directory.locate_fields({"pin_code": said[4:]} if said.startswith("PIN ") else {"district": said})
        if directory.district_of(located):
            return directory.district_of(located)
    return directory.district_of(station) or said or "unknown"


def _case_district(config: Config, directory: stations.Stations, station: str | None, said: str | None) -> str:
    """The district a case counts in: its station's; a case no station has yet counts in the district the
    resident named, or the district of the station their PIN code or locality belongs to (the jurisdiction file);
    a PIN code the file does not know counts as itself ("PIN 110017": told, not guessed); else "unknown"."""
    if directory.district_of(station):
        return directory.district_of(station)
    if not said:
        return "unknown"
    named = _district(config, directory, None, said)
    return named if named in config.districts or named != said or said.startswith("PIN ") else "unknown"


def _first_claims(session: Session) -> dict[int, tuple[datetime, str | None]]:
    """case id -> (when it was first claimed, the station that held it then). Claims recorded before the
    station was kept on the row count for the case's station (``NOT_KEPT`` here, resolved by the caller)."""
    found: dict[int, tuple[datetime, Any]] = {}
    for case_id, at, detail in session.execute(select(AuditEvent.case_id, AuditEvent.at, AuditEvent.detail)
                                               .where(AuditEvent.action == "claimed")
                                               .order_by(AuditEvent.at, AuditEvent.id)):
        if case_id is not None and case_id not in found:
            found[case_id] = (at, (detail or {}).get("station", NOT_KEPT))
    return found


def compute(session: Session, config: Config, since: datetime | None = None,
            until: datetime | None = None) -> dict[str, Any]:
    """The figures of the cases opened in [since, until) (households: all; the supervisors' figures page shows
    this table for its period, bot/cases/unit_figures.py)."""
    directory = stations.of(config)
    query = select(Case.id, Case.station, Case.priority, Case.status, Case.created_at, Incident.district) \
        .outerjoin(Incident, Incident.id == Case.incident_id)
    query = in_period(query, Case.created_at, since, until)
    first_claim = _first_claims(session)
    rows: dict[str, dict[str, Any]] = {}
    waits: dict[str, list[float]] = defaultdict(list)
    by_district: dict[str, int] = defaultdict(int)

    def row(key: str) -> dict[str, Any]:
        if key not in rows:
            rows[key] = {"station": key, "name": directory.name(key or None), "district": directory.district_of(key)
                         or "", "cases": 0, "urgent": 0, "open": 0, "closed": 0, "claimed": 0,
                         "households": 0, "reached": 0}
        return rows[key]

    for station_id in directory.by_id:
        row(station_id)
    for case_id, station, priority, status, created_at, said in session.execute(query):
        item = row(station or UNIT)
        item["cases"] += 1
        item["urgent"] += priority == "urgent"
        item["closed" if status == "closed" else "open"] += 1
        if case_id in first_claim:
            claimed_at, held_by = first_claim[case_id]
            claimer = (station if held_by is NOT_KEPT else held_by) or UNIT
            row(claimer)["claimed"] += 1
            waits[claimer].append(max((claimed_at - created_at).total_seconds() / 60, 0.0))
        by_district[_case_district(config, directory, station, said)] += 1
    for key, minutes in waits.items():
        rows[key]["claim_median_minutes"] = round(median(minutes), 1)
        rows[key]["claim_mean_minutes"] = round(sum(minutes) / len(minutes), 1)
    reached = _reached_contacts(session)
    for station, contact_id in session.execute(select(Household.station, Household.contact_id)):
        key = stations.station_id_of(config, station) or UNIT
        item = row(key)
        item["households"] += 1
        item["reached"] += contact_id in reached
    gone = [r for key, r in rows.items() if key != UNIT and key not in directory.by_id]  # a station since removed
    ordered = [rows[s] for s in directory.by_id] + gone + ([rows[UNIT]] if UNIT in rows else [])
    all_waits = [m for minutes in waits.values() for m in minutes]
    totals = {key: sum(r[key] for r in ordered) for key in ("cases", "urgent", "open", "closed", "claimed",
                                                              "households", "reached")}
    if all_waits:
        totals["claim_median_minutes"] = round(median(all_waits), 1)
        totals["claim_mean_minutes"] = round(sum(all_waits) / len(all_waits), 1)
    return {"stations": ordered, "totals": totals,
            "by_district": sorted(({"district": d, "cases": n} for d, n in by_district.items()),
                                  key=lambda r: (-r["cases"], r["district"])),
            "identifiers_by_district": identifiers_by_district(session, config, since, until)}


def identifiers_by_district(session: Session, config: Config, since: datetime | None = None,
                            until: datetime | None = None) -> list[dict[str, Any]]:
    """Identifiers reported per district (Haryana's table): a report whose answer was a PIN code or a locality
    counts in the district of the station that PIN code or locality belongs to."""
    directory = stations.of(config)
    query = in_period(select(IdentifierReport.identifier_id, IdentifierReport.district), IdentifierReport.seen_at,
                      since, until)
    identifiers: dict[str, set[int]] = defaultdict(set)
    reports: dict[str, int] = defaultdict(int)
    for identifier_id, said in session.execute(query):
        name = _district(config, directory, None, said)
        identifiers[name].add(identifier_id)
        reports[name] += 1
    return [{"district": name, "identifiers": len(ids), "reports": reports[name]}
            for name, ids in sorted(identifiers.items(), key=lambda kv: (-len(kv[1]), kv[0]))]


def _reached_contacts(session: Session) -> set[int]:
    """Contacts of households that a message from us reached, or who wrote to the helpline."""
    households = select(Household.contact_id)
    reached = set(session.scalars(select(Message.contact_id).where(Message.direction == "in",
                                                                   Message.contact_id.in_(households)).distinct()))
    for contact_id, status, channel in session.execute(
            select(Outbox.contact_id, Outbox.status, Outbox.channel).where(Outbox.contact_id.in_(households))):
        if outbox.delivered(status, channel):
            reached.add(contact_id)
    return reached
