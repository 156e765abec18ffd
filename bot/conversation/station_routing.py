"""A turn and the police stations (README.md, "Several police stations"): which station the resident and their open
case belong to, kept up to date as the turn goes (the number written to, or the PIN code, locality or district
said), the resident told once which station has their request, a place said alone answered as a place, and the
first welcome naming a station's own number.

What takes a ``turn`` is here, in the conversation; the stations themselves (config, the jurisdiction map, the
lookups) and giving a case to one (``assign``, audited) are bot/cases/stations.py's.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .. import channel_registry as channels
from ..cases import cases as case_log
from ..cases.stations import Stations, assign, of, pins_said
from ..store.models.cases import Case
from ..store.models.residents import Incident

if TYPE_CHECKING:
    from .engine import Turn


def route(turn: "Turn", case: Case | None = None, hint: str | None = None) -> None:
    """Keep the resident's station and their open case's station up to date during a turn.

    Called when a case is escalated (so its SLA and alerts know the station), when a resident says where they
    are (``hint``: the station of that place) and when the turn finishes.

    A resident who writes to another station's number takes their open case along while nobody has claimed it
    (nor an officer placed it); a claimed case stays with its officer, the move is audited and the case page
    says from which station's number the resident now writes (replies leave from it)."""
    stations = of(turn.config)
    if not stations.on:
        return
    contact, inbound, session = turn.contact, turn.inbound, turn.session
    switched = channels.has_station_vias(inbound.channel) and contact.via != inbound.via
    if switched:
        contact.via = inbound.via
    entry = stations.station_of_via(inbound.channel, inbound.via)
    case = case or turn.case or case_log.open_case(session, contact.id)
    incident = session.get(Incident, case.incident_id) if case is not None and case.incident_id else None
    if entry is not None:
        contact.station = entry
    else:
        hint = hint or _answered(turn, stations, case, incident) or stations.locate(turn.text)
        if hint is not None:
            contact.station = hint
    if case is None or case.status == "closed":
        return
    if case.station is None and contact.station:
        assign(session, case, contact.station, "number" if entry else "jurisdiction", "bot", turn.now,
               stations.sla_minutes(contact.station))
        if entry is None:
            _say_routed(turn, stations, case.station)
    elif entry is not None and entry != case.station:
        if case.status != "claimed" and case.station_source != "officer":
            assign(session, case, entry, "number", "bot", turn.now, stations.sla_minutes(entry),
                   action="station_followed")  # the case follows the resident to the number they now write to
            _say_routed(turn, stations, entry, "station_followed")
        elif switched:
            case_log.record(session, case, "bot", "resident_writes_to_station", turn.now, station=entry,
                            case_station=case.station)
    elif hint is not None and hint != case.station and case.station_source != "officer" and case.status != "claimed":
        assign(session, case, hint, "jurisdiction", "bot", turn.now, stations.sla_minutes(hint))
        _say_routed(turn, stations, hint)


def _answered(turn: "Turn", stations: Stations, case: Case | None, incident: Incident | None) -> str | None:
    """The station of the report's PIN code or district answer, when it is news: given or changed during this
    turn, or the case has no station yet. An answer given earlier never pulls the case back from a place the
    resident named since ("my pin code is 700001", later "I live near Park Street": Park Street)."""
    found = stations.locate_fields(turn.conv.fields)
    if found is not None and (found != turn.answered_station or case is None or case.station is None):
        return found
    if incident is not None and case is not None and case.station is None:
        return stations.locate_fields(incident.fields)
    return None


def _say_routed(turn: "Turn", stations: Stations, station_id: str, key: str = "station_routed") -> None:
    """Tell the resident once which station has their request, before the next question (``kind="notice"``)."""
    if not turn.outcome.silent and turn.station_told != station_id:
        turn.say(key, kind="notice", station=stations.name(station_id, turn.lang))
        turn.station_told = station_id


def answered_station(turn: "Turn") -> str | None:
    """The station the report's answers point to as the turn starts (what ``_answered`` compares with)."""
    stations = of(turn.config)
    return stations.locate_fields(turn.conv.fields) if stations.on else None


def place_said(turn: "Turn") -> bool | None:
    """A resident who only says where they are ("my pin code is 700016", "700016 is my pin code", "I live near
    BBD Bagh", "Central"): told which station has their request (routed or re-routed on the common number as
    ``route`` says) and never read as the start of a report or as another question's answer.

    None: the message says more than a place (read as usual). Otherwise whether the place belongs in the report's
    district and PIN code: only when the case is with the place's station or with none, so the officer never sees
    a district that contradicts the case's station. On a station's own number the number decides: the case stays
    with that station ("You are writing to Lalbazar Police Station's number…"), as it does on a case an officer
    claimed or placed, and a PIN code none of the unit's keeps the case where it is."""
    stations = of(turn.config)
    if not stations.on:
        return None
    said = stations.statement(turn.text)
    if said is None:
        return None
    entry = stations.station_of_via(turn.inbound.channel, turn.inbound.via)
    case = turn.case or case_log.open_case(turn.session, turn.contact.id)
    if entry is not None and said != entry:  # another station's place, or none of the unit's, on a station's number
        _tell(turn, stations, "station_number_keeps", entry)
        return False
    if not said:
        holder = case.station if case is not None else None
        if holder is None:
            turn.say("station_area_unknown", kind="notice", pin=pins_said(turn.text)[0])
        else:
            turn.say("station_area_unknown_kept", kind="notice", pin=pins_said(turn.text)[0],
                     station=stations.name(holder, turn.lang))
            turn.station_told = holder
        return holder is None
    if entry is None:
        route(turn, hint=said)
    holder = case.station if case is not None else None
    if case is None or (holder is None and entry is not None):
        _tell(turn, stations, "station_for_area" if case is None else "station_routed", said)
    elif holder == said:
        _tell(turn, stations, "station_routed", said)
    else:  # claimed, or placed by an officer: it stays, and the resident is never told another station has it
        _tell(turn, stations, "station_kept", holder)
    return holder in (None, said)


def place_told(turn: "Turn", text: str) -> tuple[str, str] | None:
    """The place a report's first message names among its story ("my pin code is 700016, 10 minutes ago 25000
    went"), as (what the district question reads, its station or ""), when it belongs in the report's district
    as ``place_said`` decides for a place said alone: not on another station's number, nor on a case an officer
    claimed or placed at another station. None otherwise, or when the message names no place."""
    stations = of(turn.config)
    found = stations.place_in(text) if stations.on else None
    if found is None:
        return None
    said = found[1]
    entry = stations.station_of_via(turn.inbound.channel, turn.inbound.via)
    case = turn.case or case_log.open_case(turn.session, turn.contact.id)
    holder = case.station if case is not None else None
    if entry is not None and said != entry:
        return None
    if holder in (None, said) or (said and case.status != "claimed" and case.station_source != "officer"):
        return found
    return None


def tell_area(turn: "Turn", station_id: str) -> None:
    """A report's first message named the resident's place and no case holds it yet (not urgent): told once
    which station is theirs, as a place said alone is (the case goes there when it is made). Called as the turn
    ends, after ``route``: a case made in this turn was told "Your request is with…" there."""
    stations = of(turn.config)
    case = turn.case or case_log.open_case(turn.session, turn.contact.id)
    if station_id and case is None and stations.station_of_via(turn.inbound.channel, turn.inbound.via) is None:
        turn.contact.station = station_id
        _tell(turn, stations, "station_for_area", station_id)


def _tell(turn: "Turn", stations: Stations, key: str, station_id: str) -> None:
    """Say once in a turn which station helps the resident, before the next question."""
    if turn.station_told is None:
        turn.say(key, kind="notice", station=stations.name(station_id, turn.lang))
        turn.station_told = station_id


def welcome(turn: "Turn") -> str:
    """The first welcome: on a station's own number or bot it names that station, in the resident's language."""
    stations = of(turn.config)
    station = stations.station_of_via(turn.inbound.channel, turn.inbound.via) if stations.on else None
    if station is None:
        return turn.texts.get("welcome", turn.lang)
    return turn.texts.get("welcome_station", turn.lang, station=stations.name(station, turn.lang))
